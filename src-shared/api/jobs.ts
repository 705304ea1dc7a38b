import { z } from 'zod';

/**
 * The HTTP contract of the durable jobs (server-sync/jobs): the district console's jobs page lists queued, running,
 * failed (with the error) and finished jobs, and retries or cancels one. DISTRICT_ADMIN only.
 */

/** The states a job is listed in: pg-boss's created and retry are `queued`, active is `running`, completed `finished`. */
export const JOB_STATES = ['queued', 'running', 'failed', 'finished', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_LIST_MAX = 500;
export const JOB_LIST_DEFAULT = 100;

/** A job's name: what JobDefinition.name allows. */
export const jobName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only');

/** GET /jobs */
export const jobListQuery = z.strictObject({
  state: z.enum(JOB_STATES).optional(),
  name: jobName.optional(),
  limit: z.coerce.number().int().min(1).max(JOB_LIST_MAX).default(JOB_LIST_DEFAULT),
});
export type JobListQuery = z.input<typeof jobListQuery>;

/** One job as listed. Times are ISO instants (the console shows them in the school's time zone). */
export const jobSummary = z.object({
  id: z.string().uuid(),
  name: z.string(),
  state: z.enum(JOB_STATES),
  /** Runs started so far (0 while it waits for its first). */
  attempts: z.number().int().min(0),
  /** Runs allowed in all (the first and its retries). */
  maxAttempts: z.number().int().min(1),
  createdAt: z.string(),
  /** Not before: when a queued job (or its next retry) may start. */
  startAfter: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The last run's error (a failed job, or a queued one waiting for its retry). */
  error: z.string().nullable(),
  /** Its data, shortened: ids and codes (job data never carries health data). */
  dataSummary: z.string(),
});
export type JobSummary = z.infer<typeof jobSummary>;

export const jobListResponse = z.object({ jobs: z.array(jobSummary) });
export type JobListResponse = z.infer<typeof jobListResponse>;

/** POST /jobs/:id/retry and /jobs/:id/cancel */
export const jobIdParams = z.strictObject({ id: z.string().uuid() });
export const jobActionResponse = z.object({ job: jobSummary });
export type JobActionResponse = z.infer<typeof jobActionResponse>;
