/** Students: the roster's filters, order and paging (pure). */
export { compareRoster, matchesRoster, rosterCountText, rosterPage } from './roster';
