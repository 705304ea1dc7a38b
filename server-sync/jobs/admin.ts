import { sql, type RawBuilder } from 'kysely';
import type { JobState, JobSummary } from '../../src-shared/api/jobs';
import type { ServerDb } from '../db/connect';
import { PGBOSS_SCHEMA } from './queue';

/**
 * The jobs as an administrator sees them (`white-cross jobs`, GET /jobs), and retry / cancel by hand: plain SQL on
 * pg-boss's tables (pgboss.job; finished jobs move to pgboss.archive after 12 hours and are deleted after 7 days;
 * failed jobs are never archived: server-sync/jobs/queue.ts).
 */

const PG_STATES: Readonly<Record<JobState, readonly string[]>> = {
  queued: ['created', 'retry'],
  running: ['active'],
  failed: ['failed'],
  finished: ['completed'],
  cancelled: ['cancelled'],
};
const toState = (pg: string): JobState =>
  (Object.keys(PG_STATES) as JobState[]).find((s) => PG_STATES[s].includes(pg)) ?? 'queued';

export interface JobListFilter {
  readonly state?: JobState | undefined;
  readonly name?: string | undefined;
  readonly limit: number;
  /** Only jobs of this district, or of none (data without districtId): the console's caller's. */
  readonly districtId?: string | undefined;
}

interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  data: unknown;
  error: string | null;
}

const COLUMNS =
  sql.raw(`id::text AS id, name, state::text AS state, retry_count, retry_limit, created_on, start_after,
  started_on, completed_on, data,
  COALESCE(output->>'message', output->'value'->>'message', output->>'value') AS error`);

const table = (t: 'job' | 'archive') => sql.table(`${PGBOSS_SCHEMA}.${t}`);

/** Whether pg-boss made its tables yet (a runner started once on this database). */
async function installed(db: ServerDb): Promise<boolean> {
  const r = await sql<{
    t: string | null;
  }>`SELECT to_regclass(${`${PGBOSS_SCHEMA}.archive`})::text AS t`.execute(db);
  return r.rows[0]?.t != null;
}

const SUMMARY_MAX = 200;

/** A job's data, shortened: scalar values kept (ids, codes, dates), nested values counted. */
export function summarizeData(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object' || Array.isArray(data)) return JSON.stringify(data).slice(0, SUMMARY_MAX);
  const parts = Object.entries(data as Record<string, unknown>).map(([k, v]) => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      return `${k}=${s.length > 64 ? `${s.slice(0, 61)}...` : s}`;
    }
    return `${k}=${Array.isArray(v) ? `[${v.length}]` : '{...}'}`;
  });
  const s = parts.join(' ');
  return s.length > SUMMARY_MAX ? `${s.slice(0, SUMMARY_MAX - 3)}...` : s;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toSummary(r: JobRow): JobSummary {
  return {
    id: r.id,
    name: r.name,
    state: toState(r.state),
    attempts: r.started_on ? r.retry_count + 1 : 0,
    maxAttempts: r.retry_limit + 1,
    createdAt: r.created_on.toISOString(),
    startAfter: r.start_after.toISOString(),
    startedAt: iso(r.started_on),
    finishedAt: iso(r.completed_on),
    error: r.state === 'failed' || r.state === 'retry' ? r.error : null,
    dataSummary: summarizeData(r.data),
  };
}

function where(filter: Omit<JobListFilter, 'limit'>): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`name NOT LIKE '\\_\\_pgboss%'`];
  if (filter.state) conditions.push(sql`state::text IN (${sql.join(PG_STATES[filter.state])})`);
  if (filter.name) conditions.push(sql`name = ${filter.name}`);
  if (filter.districtId !== undefined)
    conditions.push(sql`(data->>'districtId' IS NULL OR data->>'districtId' = ${filter.districtId})`);
  return sql.join(conditions, sql` AND `);
}

/** The newest jobs first (queued ones by when they were sent), with the archive's. */
export async function listJobs(db: ServerDb, filter: JobListFilter): Promise<JobSummary[]> {
  if (!(await installed(db))) return [];
  const w = where(filter);
  const r = await sql<JobRow>`
    SELECT * FROM (
      SELECT ${COLUMNS} FROM ${table('job')} WHERE ${w}
      UNION ALL
      SELECT ${COLUMNS} FROM ${table('archive')} WHERE ${w}
    ) j ORDER BY created_on DESC, id DESC LIMIT ${filter.limit}`.execute(db);
  return r.rows.map(toSummary);
}

/** One job by id (also archived), within the district filter; null when there is none. */
export async function getJob(
  db: ServerDb,
  id: string,
  filter: Pick<JobListFilter, 'districtId'> = {},
): Promise<JobSummary | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  if (!(await installed(db))) return null;
  const w = where(filter);
  const r = await sql<JobRow>`
    SELECT ${COLUMNS} FROM ${table('job')} WHERE id = ${id}::uuid AND ${w}
    UNION ALL
    SELECT ${COLUMNS} FROM ${table('archive')} WHERE id = ${id}::uuid AND ${w}
    LIMIT 1`.execute(db);
  const row = r.rows[0];
  return row ? toSummary(row) : null;
}

export type JobActionResult =
  | { readonly ok: true; readonly job: JobSummary }
  | { readonly ok: false; readonly reason: 'not-found' | 'conflict'; readonly message: string };

/**
 * Runs a failed job again (one more attempt: its retry limit grows by one), or a cancelled one that never finished
 * (back to queued). Any other state is a conflict, said why.
 */
export async function retryJob(
  db: ServerDb,
  id: string,
  filter: Pick<JobListFilter, 'districtId'> = {},
): Promise<JobActionResult> {
  const job = await getJob(db, id, filter);
  if (!job) return { ok: false, reason: 'not-found', message: `no job ${id}` };
  const r = await sql`
    UPDATE ${table('job')} SET
      state = CASE WHEN state = 'failed' THEN 'retry' ELSE 'created' END::${sql.raw(`${PGBOSS_SCHEMA}.job_state`)},
      retry_limit = CASE WHEN state = 'failed' THEN retry_limit + 1 ELSE retry_limit END,
      completed_on = NULL,
      start_after = now()
    WHERE id = ${id}::uuid AND state IN ('failed', 'cancelled')`.execute(db);
  if (Number(r.numAffectedRows ?? 0) !== 1)
    return {
      ok: false,
      reason: 'conflict',
      message: `job ${id} is ${job.state}: only a failed or cancelled job can be retried`,
    };
  const after = await getJob(db, id, filter);
  return after ? { ok: true, job: after } : { ok: false, reason: 'not-found', message: `no job ${id}` };
}

/**
 * Cancels a queued or running job: it will not start (again). A running handler is not interrupted; its end is
 * not recorded (the job stays cancelled).
 */
export async function cancelJob(
  db: ServerDb,
  id: string,
  filter: Pick<JobListFilter, 'districtId'> = {},
): Promise<JobActionResult> {
  const job = await getJob(db, id, filter);
  if (!job) return { ok: false, reason: 'not-found', message: `no job ${id}` };
  const r = await sql`
    UPDATE ${table('job')} SET state = 'cancelled', completed_on = now()
    WHERE id = ${id}::uuid AND state < 'completed'`.execute(db);
  if (Number(r.numAffectedRows ?? 0) !== 1)
    return {
      ok: false,
      reason: 'conflict',
      message: `job ${id} is ${job.state}: only a queued or running job can be cancelled`,
    };
  const after = await getJob(db, id, filter);
  return after ? { ok: true, job: after } : { ok: false, reason: 'not-found', message: `no job ${id}` };
}
