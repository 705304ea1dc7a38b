/**
 * The durable job platform (docs/architecture.md, "Jobs"): pg-boss on the district database (PostgreSQL, or the
 * embedded PGlite), our schedules with catch-up in the district's time zone, idempotency keys, and the admin's
 * list / retry / cancel (CLI and GET /jobs). A feature's jobs live in server-sync/<feature>/jobs.ts as
 * JobDefinitions and are listed in server-sync/jobs-catalog.ts.
 */
export { defineJob, type JobDefinition, type JobRunContext, type JobSender } from './types';
export { startJobs, type JobRunner, type StartJobsOptions } from './runner';
export { enqueueInTransaction } from './enqueue';
export {
  listJobs,
  getJob,
  retryJob,
  cancelJob,
  summarizeData,
  type JobListFilter,
  type JobActionResult,
} from './admin';
export { latestSlot } from './schedules';
export { jobIdForKey, PGBOSS_SCHEMA, JOB_DEFAULTS } from './queue';
export { platformJobs, refreshAnalyticsViews, pruneJobKeys, ANALYTICS_VIEWS } from './jobs';
export { jobRoutes } from './routes';
export { registerJobCommands } from './cli';
