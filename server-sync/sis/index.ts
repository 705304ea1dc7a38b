/**
 * SIS integration on the district server (feature 42, issue 13). Sources (sources/): the OneRoster 1.2 REST client,
 * SFTP fetch, the watched folder, the per-district connection settings with encrypted credentials, their routes
 * (/sis/configs) and the sis.sync / sis.schedule jobs.
 */
export {
  fetchRosterRest,
  ONEROSTER_SCOPES,
  type RestFetchOptions,
  type RestFetchResult,
  type RestSourceSettings,
} from './sources/rest';
export { RosterSourceError, type RestCredentials, type RetryPolicy } from './sources/http';
export {
  fetchRosterSftp,
  listSftp,
  sshFingerprint,
  type SftpCredentials,
  type SftpSourceSettings,
} from './sources/sftp';
export {
  claimZip,
  finishZip,
  readyZips,
  type ClaimedZip,
  type WatchedFolderSettings,
} from './sources/watched-folder';
export { sisSourceRoutes, type SisSourceRoutesOptions } from './sources/routes';
export {
  makeSisSourceJobs,
  tickSisSchedules,
  SIS_SCHEDULE,
  SIS_SYNC,
  type SisSourceJobDeps,
  type SisSyncData,
} from './sources/jobs';
export { runSync, type SyncDeps, type SyncOutcome, type SyncRequest } from './sources/run';
export type { ApplyCounts, ApplyRoster, ReadRosterFile } from './sources/handoff';
export { sisKek, sisWorkDir } from './sources/kek';
/** The SIS feature's public face (docs/sis.md): OneRoster CSV import, its routes and CLI. */
export { sisRoutes, type SisRoutesOptions } from './routes';
export { registerSisCommands } from './cli';
export {
  applyFetchedRoster,
  readRosterBundle,
  runImport,
  type ImportRequest,
  type ImportResult,
} from './run';
export { readRosterPath, readRosterZip, RosterFileError } from './files';
export { decideWithdrawal, resolveReview } from './decisions';
