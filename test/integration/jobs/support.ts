import { sql } from 'kysely';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { openServerDb } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { startJobs, type JobRunner, type StartJobsOptions } from '../../../server-sync/jobs';

/** Fast queue timings for tests: an idle worker polls every 0.5 s (pg-boss's minimum), maintenance every second. */
export const FAST = { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 } as const;

/** A migrated database with the tables the test handlers record their side effects in. */
export async function prepare(h: ServerDbHandle): Promise<void> {
  await migrateServerToLatest(h.db);
  await sql`CREATE TABLE test_job_runs (job_id text NOT NULL, runner text NOT NULL, attempt int NOT NULL, tag text)`.execute(
    h.db,
  );
  await sql`CREATE TABLE test_job_once (key text PRIMARY KEY, job_id text NOT NULL)`.execute(h.db);
  await sql`INSERT INTO districts (id, name, state_code, timezone) VALUES ('d-la', 'Los Angeles Test', 'CA', 'America/Los_Angeles')`.execute(
    h.db,
  );
}

/** A second handle on the same database: a second server instance on PostgreSQL; PGlite is one process, so the same. */
export async function secondHandle(
  h: ServerDbHandle,
): Promise<{ h: ServerDbHandle; close(): Promise<void> }> {
  const url = (h as { url?: string }).url;
  if (h.kind === 'postgres' && url) {
    const other = await openServerDb({ databaseUrl: url });
    return { h: other, close: () => other.close() };
  }
  return { h, close: () => Promise.resolve() };
}

/** Starts a runner that the test stops in its `finally` (runners.stopAll). */
export class Runners {
  readonly #all: JobRunner[] = [];
  async start(options: StartJobsOptions): Promise<JobRunner> {
    const r = await startJobs({ timings: FAST, onError: () => undefined, ...options });
    this.#all.push(r);
    return r;
  }
  async stopAll(): Promise<void> {
    await Promise.all(this.#all.splice(0).map((r) => r.stop()));
  }
}

/** Polls fn until it returns a value `done` accepts (every 50 ms; gives up after `max` ms with the last value). */
export async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, max = 30_000): Promise<T> {
  const end = Date.now() + max;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runsOf(h: ServerDbHandle, jobId: string) {
  const r = await sql<{
    runner: string;
    attempt: number;
    tag: string | null;
  }>`SELECT runner, attempt, tag FROM test_job_runs WHERE job_id = ${jobId} ORDER BY attempt, runner`.execute(
    h.db,
  );
  return r.rows;
}

export async function recordRun(
  h: ServerDbHandle,
  jobId: string,
  runner: string,
  attempt: number,
  tag: string | null = null,
): Promise<void> {
  await sql`INSERT INTO test_job_runs (job_id, runner, attempt, tag) VALUES (${jobId}, ${runner}, ${attempt}, ${tag})`.execute(
    h.db,
  );
}
