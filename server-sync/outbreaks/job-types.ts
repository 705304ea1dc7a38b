import type { z } from 'zod';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';

/**
 * The job contract of server-sync/jobs/index.ts (the jobs helper's branch), copied here verbatim until that branch
 * is merged; the integrator switches the import of jobs.ts to '../jobs' and deletes this file.
 */
export interface JobSender {
  send(name: string, data: unknown, options?: { key?: string; startAfter?: Date }): Promise<string | null>;
}

export interface JobRunContext {
  readonly db: ServerDb;
  readonly clock: Clock;
  readonly jobs: JobSender;
  readonly jobId: string;
  readonly attempt: number;
}

export interface JobDefinition<T = unknown> {
  readonly name: string;
  readonly data: z.ZodType<T>;
  readonly handler: (data: T, ctx: JobRunContext) => Promise<void>;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  readonly retryBackoff?: boolean;
  readonly expireInSeconds?: number;
  /** cron in the district's time zone */
  readonly schedule?: { readonly cron: string; readonly data?: T };
}

export const defineJob = <T>(d: JobDefinition<T>): JobDefinition<T> => Object.freeze(d);
