import type { z } from 'zod';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';

/** What a job's handler gets besides its data. */
export interface JobRunContext {
  readonly db: ServerDb;
  readonly clock: Clock;
  /** Enqueue follow-up jobs. */
  readonly jobs: JobSender;
  readonly jobId: string;
  /** 1 on the first run, 2 on the first retry, ... */
  readonly attempt: number;
}

export interface JobSender {
  /**
   * Enqueues a job; returns its id. `key` is an idempotency key: the same (name, key) enqueues once, the second
   * send returns null (also after the first job finished). `startAfter`: not before then.
   */
  send(name: string, data: unknown, options?: { key?: string; startAfter?: Date }): Promise<string | null>;
}

export interface JobDefinition<T = unknown> {
  /** The queue's name: letters, digits, '.', '_' and '-' (e.g. 'alerts.deliver'). */
  readonly name: string;
  /** The job's data, checked when it is sent and again when it runs. Ids and codes only: never health data. */
  readonly data: z.ZodType<T>;
  // method syntax (not a function-typed property) on purpose: a JobDefinition<{ id: string }> is then a
  // JobDefinition (of unknown), so the catalog can list every feature's jobs in one array
  handler(data: T, ctx: JobRunContext): Promise<void>;
  /** Retries after the first run (default 3); a job that has used them stays `failed`, with its error. */
  readonly retryLimit?: number;
  /** Seconds before a retry (default 30); with retryBackoff, doubled at each attempt (with jitter). */
  readonly retryDelaySeconds?: number;
  /** Default true. */
  readonly retryBackoff?: boolean;
  /**
   * How long a run may take (default 900 s). A run past it fails (and is retried); a job whose server died
   * mid-run is taken back after it and run again by another (or the next) server instance.
   */
  readonly expireInSeconds?: number;
  /**
   * Runs on this cron (5 fields, or 6 with seconds), in the district's time zone (districts.timezone), once per
   * district, with data `{ ...data, districtId }`. A run missed while every server was down runs once when one
   * comes back.
   */
  readonly schedule?: { readonly cron: string; readonly data?: T };
}

export const defineJob = <T>(d: JobDefinition<T>): JobDefinition<T> => Object.freeze(d);
