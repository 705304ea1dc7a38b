import type { Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { ServerDbHandle } from '../db/connect';
import { systemClock, type Clock } from '../plugins/clock';
import { checkJobData, enqueueInTransaction } from './enqueue';
import { createBoss, sendOptions, type QueueTimings } from './queue';
import { tickSchedules } from './schedules';
import type { JobDefinition, JobRunContext, JobSender } from './types';

export interface StartJobsOptions {
  readonly db: ServerDbHandle;
  /** Every job this server knows (server-sync/jobs-catalog.ts). */
  readonly definitions: readonly JobDefinition[];
  readonly clock?: Clock;
  /** Run the jobs here (default true); false: only send them (and tick schedules). */
  readonly work?: boolean;
  /** Tick the schedules (default true). */
  readonly schedules?: boolean;
  /** Default: 2 s polling, 60 s maintenance. Tests go faster. */
  readonly timings?: Partial<QueueTimings>;
  /** Milliseconds between schedule ticks (default 30 000). */
  readonly tickIntervalMs?: number;
  /** How long stop() waits for running jobs before giving them back to the queue (default 10 000 ms). */
  readonly stopTimeoutMs?: number;
  /** Errors of the queue's background work (polling, maintenance, ticks). Default: stderr. */
  readonly onError?: (e: Error) => void;
}

export interface JobRunner extends JobSender {
  /** Enqueues the due scheduled jobs now; returns how many. (Runs at start and every tickIntervalMs too.) */
  tick(): Promise<number>;
  /** Stops taking jobs, waits for the running ones (up to stopTimeoutMs; the rest are retried later), stops. */
  stop(): Promise<void>;
}

const DEFAULT_TIMINGS: QueueTimings = { pollingIntervalSeconds: 2, maintenanceIntervalSeconds: 60 };

/**
 * Starts the durable job platform on the district database (PostgreSQL or PGlite, the same code): pg-boss's
 * schema (created or upgraded), one queue and one worker per definition, the schedule ticks. Several server
 * instances on one PostgreSQL each run this; a job runs on one of them (pg-boss fetches with SKIP LOCKED).
 */
export async function startJobs(options: StartJobsOptions): Promise<JobRunner> {
  const h = options.db;
  const clock = options.clock ?? systemClock;
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const onError = options.onError ?? ((e: Error) => process.stderr.write(`jobs: ${e.message}\n`));
  const defs = new Map<string, JobDefinition<unknown>>();
  for (const d of options.definitions) {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(d.name))
      throw new Error(`job name "${d.name}": letters, digits, . _ - only`);
    if (defs.has(d.name)) throw new Error(`two jobs are named "${d.name}"`);
    defs.set(d.name, d);
  }
  const definitionOf = (name: string): JobDefinition<unknown> => {
    const d = defs.get(name);
    if (!d) throw new Error(`no job is named "${name}" (server-sync/jobs-catalog.ts lists them)`);
    return d;
  };
  const checked = checkJobData;

  const boss: PgBoss = createBoss(h, timings);
  /** This instance's worker of each queue: woken when a job is sent here, and after each job (no idle wait between). */
  const workers = new Map<string, string>();
  const wake = (name: string): void => {
    const id = workers.get(name);
    if (id) boss.notifyWorker(id);
  };
  boss.on('error', (e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));

  /** Sends a keyed job inside trx: the key row and the job commit together, or neither. */
  const sendKeyed = (
    trx: Transaction<ServerDatabase>,
    def: JobDefinition<unknown>,
    data: unknown,
    key: string,
    startAfter?: Date,
  ): Promise<string | null> =>
    enqueueInTransaction(trx, def, data, { key, now: clock.now(), ...(startAfter ? { startAfter } : {}) });

  const send: JobSender['send'] = async (name, data, sendOpts = {}) => {
    const def = definitionOf(name);
    checked(def, data);
    const { key, startAfter } = sendOpts;
    if (key !== undefined) {
      const keyed = await h.db.transaction().execute((trx) => sendKeyed(trx, def, data, key, startAfter));
      if (keyed) wake(name);
      return keyed;
    }
    const id = await boss.send(name, data as object, sendOptions(def, { startAfter }));
    if (!id) throw new Error(`job ${name}: its queue does not exist (is the job in jobs-catalog.ts?)`);
    return id;
  };
  const sender: JobSender = { send };

  const tick = async (): Promise<number> => {
    const sent: string[] = [];
    const n = await tickSchedules(h.db, [...defs.values()], clock.now(), (trx, def, data, key) => {
      checked(def, data);
      sent.push(def.name);
      return sendKeyed(trx, def, data, key);
    });
    for (const name of sent) wake(name);
    return n;
  };

  await boss.start();
  for (const def of defs.values()) await boss.createQueue(def.name);

  if (options.work !== false) {
    for (const def of defs.values()) {
      const workerId = await boss.work<unknown>(
        def.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: timings.pollingIntervalSeconds },
        async ([job]) => {
          if (!job) return;
          const data = def.data.parse(job.data);
          const ctx: JobRunContext = {
            db: h.db,
            clock,
            jobs: sender,
            jobId: job.id,
            attempt: job.retryCount + 1,
          };
          try {
            await def.handler(data, ctx);
          } finally {
            wake(def.name); // the next job, if any, now rather than after the polling interval
          }
        },
      );
      workers.set(def.name, workerId);
    }
  }

  let ticking: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  if (options.schedules !== false) {
    ticking = tick().catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
    await ticking;
    timer = setInterval(() => {
      ticking = tick().catch((e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
    }, options.tickIntervalMs ?? 30_000);
    timer.unref();
  }

  let stopping: Promise<void> | null = null;
  return Object.freeze({
    send,
    tick,
    stop: () =>
      (stopping ??= (async () => {
        if (timer) clearInterval(timer);
        await ticking;
        await boss.stop({
          graceful: true,
          wait: true,
          close: false,
          timeout: options.stopTimeoutMs ?? 10_000,
        });
      })()),
  });
}
