import type { RosterArgs, RosterFilters, RosterRow, RosterSort } from '../ipc/students-roster';
import { gradeRank } from '../immunizations';

/**
 * The roster's filters, order and page (pure): the core reads every enrolled student of the school with their flags
 * once, and these decide what the nurse sees. Names sort by last name, then first, ignoring case and accents;
 * grades PK, K, 1..12; homerooms in natural order (2 before 10), students without one last. Ties fall back to the
 * name, then the student number, so paging is stable.
 */

const collator = new Intl.Collator('en-US', { sensitivity: 'base', numeric: true });

export function matchesRoster(row: RosterRow, f: RosterFilters): boolean {
  if (f.grade !== undefined && row.grade !== f.grade) return false;
  if (f.homeroom !== undefined && collator.compare(row.homeroom ?? '', f.homeroom) !== 0) return false;
  const flag = (want: boolean | undefined, has: boolean) => want === undefined || want === has;
  return (
    flag(f.hasAllergy, row.allergies > 0) &&
    flag(f.hasCondition, row.conditions > 0) &&
    flag(f.hasActiveOrder, row.activeOrders > 0) &&
    flag(f.immunizationOverdue, row.immunizationOverdue)
  );
}

const byName = (a: RosterRow, b: RosterRow): number =>
  collator.compare(a.lastName, b.lastName) ||
  collator.compare(a.firstName, b.firstName) ||
  a.studentNumber.localeCompare(b.studentNumber);

export function compareRoster(sort: RosterSort, direction: 'asc' | 'desc') {
  const sign = direction === 'asc' ? 1 : -1;
  return (a: RosterRow, b: RosterRow): number => {
    if (sort === 'grade') {
      const d = gradeRank(a.grade) - gradeRank(b.grade);
      if (d !== 0) return sign * d;
    } else if (sort === 'homeroom') {
      // students without a homeroom stay last in either direction
      if (!a.homeroom !== !b.homeroom) return a.homeroom ? -1 : 1;
      const d = collator.compare(a.homeroom ?? '', b.homeroom ?? '');
      if (d !== 0) return sign * d;
    } else return sign * byName(a, b);
    return byName(a, b);
  };
}

/** The page the nurse asked for, the number matching, and the choices the filters offer. */
export function rosterPage(all: readonly RosterRow[], args: RosterArgs) {
  const matching = all
    .filter((r) => matchesRoster(r, args.filters))
    .sort(compareRoster(args.sort, args.direction));
  // one choice per homeroom however it is capitalized (the filter ignores case)
  const homerooms: string[] = [];
  for (const h of all
    .map((r) => r.homeroom)
    .filter((h): h is string => !!h)
    .sort(collator.compare))
    if (homerooms.length === 0 || collator.compare(homerooms[homerooms.length - 1]!, h) !== 0)
      homerooms.push(h);
  const grades = [...new Set(all.map((r) => r.grade))].sort((a, b) => gradeRank(a) - gradeRank(b));
  return {
    rows: matching.slice(args.offset, args.offset + args.limit),
    total: matching.length,
    schoolTotal: all.length,
    offset: args.offset,
    homerooms,
    grades,
  };
}

/** "25 of 312", "1–25 of 312" for a page that starts later. */
export function rosterCountText(shown: number, offset: number, total: number): string {
  if (shown === 0) return `0 of ${total}`;
  return offset === 0 ? `${shown} of ${total}` : `${offset + 1}–${offset + shown} of ${total}`;
}
