import { InvalidArgumentError, type Command } from 'commander';
import {
  JOB_LIST_DEFAULT,
  JOB_LIST_MAX,
  JOB_STATES,
  type JobState,
  type JobSummary,
} from '../../src-shared/api/jobs';
import { appendAudit } from '../audit';
import type { ServerDb, ServerDbHandle } from '../db/connect';
import { cancelJob, listJobs, retryJob, type JobActionResult } from './admin';

export type WithDb = <T>(fn: (h: ServerDbHandle) => Promise<T>) => Promise<T>;

const stateArg = (v: string): JobState => {
  if ((JOB_STATES as readonly string[]).includes(v)) return v as JobState;
  throw new InvalidArgumentError(`--state must be one of ${JOB_STATES.join(', ')}, got "${v}"`);
};
const limitArg = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > JOB_LIST_MAX)
    throw new InvalidArgumentError(`--limit must be a whole number from 1 to ${JOB_LIST_MAX}, got "${v}"`);
  return n;
};

function line(j: JobSummary): string {
  const when = j.finishedAt ?? j.startedAt ?? j.createdAt;
  const parts = [
    j.id,
    j.state.padEnd(9),
    j.name,
    `attempts ${j.attempts}/${j.maxAttempts}`,
    when,
    j.dataSummary ? `{${j.dataSummary}}` : '',
  ];
  return parts.filter(Boolean).join('  ') + (j.error ? `\n    error: ${j.error}` : '');
}

function report(r: JobActionResult, done: string): void {
  if (r.ok) {
    console.log(`${done}: ${line(r.job)}`);
    return;
  }
  console.error(
    r.reason === 'not-found'
      ? `${r.message} (white-cross jobs list shows the jobs and their ids)`
      : r.message,
  );
  process.exitCode = 1;
}

/** Runs a retry or cancel and its audit row (ADMIN, by the command line: no user) in one transaction. */
const audited = (
  h: ServerDbHandle,
  verb: 'retry' | 'cancel',
  run: (db: ServerDb) => Promise<JobActionResult>,
): Promise<JobActionResult> =>
  h.db.transaction().execute(async (trx) => {
    const r = await run(trx);
    if (r.ok)
      await appendAudit(trx, {
        action: 'ADMIN',
        userId: null,
        deviceId: null,
        schoolId: null,
        tableName: 'pgboss.job',
        recordId: r.job.id,
        ip: null,
        userAgent: 'white-cross jobs',
        details: { event: `job_${verb}`, job: r.job.name },
        at: new Date(),
      });
    return r;
  });

/** `white-cross jobs list|retry|cancel`: the durable jobs of the district server (server-sync/jobs). */
export function registerJobCommands(program: Command, withDb: WithDb): void {
  const jobs = program
    .command('jobs')
    .description('the durable jobs (queued, running, failed, finished, cancelled)');
  jobs
    .command('list')
    .description('list jobs, newest first; a failed job shows its error')
    .option('--state <state>', `only jobs in this state: ${JOB_STATES.join('|')}`, stateArg)
    .option('--name <name>', 'only jobs of this name (e.g. platform.refresh-analytics-views)')
    .option('--limit <n>', `at most n jobs (1 to ${JOB_LIST_MAX})`, limitArg, JOB_LIST_DEFAULT)
    .option('--json', 'print {"jobs":[...]} as JSON', false)
    .action((opts: { state?: JobState; name?: string; limit: number; json: boolean }) =>
      withDb(async (h) => {
        const list = await listJobs(h.db, { state: opts.state, name: opts.name, limit: opts.limit });
        if (opts.json) console.log(JSON.stringify({ jobs: list }, null, 2));
        else if (list.length === 0) console.log('no jobs');
        else for (const j of list) console.log(line(j));
      }),
    );
  jobs
    .command('retry <id>')
    .description('run a failed job again (one more attempt), or a cancelled one')
    .action((id: string) =>
      withDb(async (h) => report(await audited(h, 'retry', (db) => retryJob(db, id)), 'retried')),
    );
  jobs
    .command('cancel <id>')
    .description('cancel a queued or running job')
    .action((id: string) =>
      withDb(async (h) => report(await audited(h, 'cancel', (db) => cancelJob(db, id)), 'cancelled')),
    );
}
