/** The SIS feature's public face (docs/sis.md): OneRoster CSV import, its routes and CLI. */
export { sisRoutes, type SisRoutesOptions } from './routes';
export { registerSisCommands } from './cli';
export { runImport, type ImportRequest, type ImportResult } from './run';
export { readRosterPath, readRosterZip, RosterFileError } from './files';
export { decideWithdrawal, resolveReview } from './decisions';
