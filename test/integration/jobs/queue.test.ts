import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import {
  cancelJob,
  defineJob,
  enqueueInTransaction,
  getJob,
  jobIdForKey,
  listJobs,
  retryJob,
} from '../../../server-sync/jobs';
import { serverTargets } from '../../support/db';
import { prepare, recordRun, Runners, runsOf, secondHandle, until } from './support';

/**
 * The durable job platform on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set: a job runs and completes;
 * retries with backoff, then stays failed with its error and can be retried by hand; cancel; idempotency keys
 * (also after the job finished and pg-boss forgot it); two runners run 80 jobs each exactly once.
 */

const item = z.object({ n: z.number().int() });

describe.each(serverTargets())('jobs on $name', (target) => {
  let h: ServerDbHandle;
  const runners = new Runners();
  beforeAll(async () => {
    h = await target.open();
    await prepare(h);
  });
  afterEach(() => runners.stopAll());
  afterAll(async () => {
    await h?.close();
  });

  const finished = (id: string) =>
    until(
      () => getJob(h.db, id),
      (j) => j?.state === 'finished' || j?.state === 'failed',
    );

  it('runs a job once and marks it finished', async () => {
    const echo = defineJob({
      name: 'test.echo',
      data: item,
      async handler(data, ctx) {
        await recordRun(h, ctx.jobId, 'A', ctx.attempt, String(data.n));
      },
    });
    const r = await runners.start({ db: h, definitions: [echo] });
    const id = await r.send('test.echo', { n: 7 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const job = await finished(id ?? '');
    expect(job).toMatchObject({
      name: 'test.echo',
      state: 'finished',
      attempts: 1,
      error: null,
      dataSummary: 'n=7',
    });
    expect(await runsOf(h, id ?? '')).toEqual([{ runner: 'A', attempt: 1, tag: '7' }]);
    await expect(r.send('test.echo', { n: 'seven' })).rejects.toThrow(/test\.echo: invalid data: n:/);
    await expect(r.send('test.nope', {})).rejects.toThrow(/no job is named "test.nope"/);
  });

  it('retries with backoff, keeps the failure with its error, and runs again when retried by hand', async () => {
    let succeed = false;
    const flaky = defineJob({
      name: 'test.flaky',
      data: item,
      retryLimit: 2,
      retryDelaySeconds: 1,
      retryBackoff: true,
      async handler(_data, ctx) {
        await recordRun(h, ctx.jobId, 'A', ctx.attempt);
        if (!succeed) throw new Error(`boom on attempt ${ctx.attempt}`);
      },
    });
    const r = await runners.start({ db: h, definitions: [flaky] });
    const id = (await r.send('test.flaky', { n: 1 })) ?? '';
    const failed = await finished(id);
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 3,
      maxAttempts: 3,
      error: 'boom on attempt 3',
    });
    expect((await runsOf(h, id)).map((x) => x.attempt)).toEqual([1, 2, 3]);
    const row = await sql<{
      retry_backoff: boolean;
      retry_delay: number;
    }>`SELECT retry_backoff, retry_delay FROM pgboss.job WHERE id = ${id}::uuid`.execute(h.db);
    expect(row.rows[0]).toEqual({ retry_backoff: true, retry_delay: 1 });

    // kept: pg-boss's maintenance (every second here) does not archive or delete a failed job
    await new Promise((res) => setTimeout(res, 1500));
    expect((await getJob(h.db, id))?.state).toBe('failed');

    succeed = true;
    const retried = await retryJob(h.db, id);
    expect(retried).toMatchObject({ ok: true, job: { state: 'queued', maxAttempts: 4 } });
    expect(await finished(id)).toMatchObject({ state: 'finished', attempts: 4, error: null });
    expect(await retryJob(h.db, id)).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await retryJob(h.db, '00000000-0000-4000-8000-000000000000')).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });

  it('cancels a queued job (it never runs), and retries a cancelled one', async () => {
    const later = defineJob({
      name: 'test.later',
      data: item,
      async handler(_data, ctx) {
        await recordRun(h, ctx.jobId, 'A', ctx.attempt);
      },
    });
    const r = await runners.start({ db: h, definitions: [later] });
    const id = (await r.send('test.later', { n: 1 }, { startAfter: new Date(Date.now() + 3_600_000) })) ?? '';
    expect((await getJob(h.db, id))?.state).toBe('queued');
    expect(await cancelJob(h.db, id)).toMatchObject({ ok: true, job: { state: 'cancelled' } });
    expect(await cancelJob(h.db, id)).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await retryJob(h.db, id)).toMatchObject({ ok: true, job: { state: 'queued' } });
    expect(await finished(id)).toMatchObject({ state: 'finished', attempts: 1 });
    expect(await runsOf(h, id)).toHaveLength(1);
    expect(await cancelJob(h.db, 'not-a-uuid')).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('enqueues once per idempotency key, also after the job finished and pg-boss deleted it', async () => {
    const once = defineJob({
      name: 'test.once',
      data: item,
      async handler(_data, ctx) {
        await recordRun(h, ctx.jobId, 'A', ctx.attempt);
      },
    });
    const r = await runners.start({ db: h, definitions: [once] });
    const [a, b] = await Promise.all([
      r.send('test.once', { n: 1 }, { key: 'visit-42' }),
      r.send('test.once', { n: 1 }, { key: 'visit-42' }),
    ]);
    const id = a ?? b ?? '';
    expect([a, b].filter((x) => x !== null)).toEqual([jobIdForKey('test.once', 'visit-42')]);
    expect(await finished(id)).toMatchObject({ state: 'finished' });
    expect(await r.send('test.once', { n: 2 }, { key: 'visit-42' })).toBeNull();
    // pg-boss archives finished jobs and deletes them after 7 days: the key still holds
    await sql`DELETE FROM pgboss.job WHERE id = ${id}::uuid`.execute(h.db);
    expect(await r.send('test.once', { n: 3 }, { key: 'visit-42' })).toBeNull();
    expect(await runsOf(h, id)).toHaveLength(1);
    const other = await r.send('test.once', { n: 4 }, { key: 'visit-43' });
    expect(other).not.toBeNull();
  });

  it("enqueues inside the caller's transaction: the job exists if and only if it commits", async () => {
    const withTx = defineJob({
      name: 'test.in-tx',
      data: item,
      async handler(data, ctx) {
        await recordRun(h, ctx.jobId, 'A', ctx.attempt, String(data.n));
      },
    });
    await runners.start({ db: h, definitions: [withTx] });
    await expect(
      h.db.transaction().execute(async (trx) => {
        await enqueueInTransaction(trx, withTx, { n: 1 }, { key: 'alert-1' });
        throw new Error('the alert could not be stored');
      }),
    ).rejects.toThrow('the alert could not be stored');
    expect(await listJobs(h.db, { name: 'test.in-tx', limit: 10 })).toEqual([]);
    const id = await h.db
      .transaction()
      .execute((trx) => enqueueInTransaction(trx, withTx, { n: 2 }, { key: 'alert-1' }));
    expect(id).toBe(jobIdForKey('test.in-tx', 'alert-1')); // the rolled-back send did not use up the key
    expect(await finished(id ?? '')).toMatchObject({ state: 'finished', dataSummary: 'n=2' });
    expect(
      await h.db
        .transaction()
        .execute((trx) => enqueueInTransaction(trx, withTx, { n: 3 }, { key: 'alert-1' })),
    ).toBeNull();
  });

  it('two runners on the same database run 80 jobs, each exactly once', async () => {
    const second = await secondHandle(h);
    try {
      const def = (runner: string) =>
        defineJob({
          name: 'test.many',
          data: item,
          async handler(data, ctx) {
            await recordRun(h, ctx.jobId, runner, ctx.attempt, String(data.n));
          },
        });
      const a = await runners.start({ db: h, definitions: [def('A')] });
      const b = await runners.start({ db: second.h, definitions: [def('B')] });
      const ids = await Promise.all(
        Array.from({ length: 80 }, (_, n) => (n % 2 === 0 ? a : b).send('test.many', { n })),
      );
      expect(new Set(ids).size).toBe(80);
      const count = () =>
        sql<{ runs: number; jobs: number }>`
          SELECT count(*)::int AS runs, count(DISTINCT job_id)::int AS jobs FROM test_job_runs
          WHERE job_id IN (${sql.join(ids)})`.execute(h.db);
      const done = await until(
        async () =>
          (
            await sql<{
              n: number;
            }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.many' AND state = 'completed'`.execute(
              h.db,
            )
          ).rows[0]?.n ?? 0,
        (n) => n === 80,
      );
      expect(done).toBe(80);
      expect((await count()).rows[0]).toEqual({ runs: 80, jobs: 80 });
      const by = await sql<{
        runner: string;
        n: number;
      }>`SELECT runner, count(*)::int AS n FROM test_job_runs WHERE job_id IN (${sql.join(ids)}) GROUP BY runner ORDER BY runner`.execute(
        h.db,
      );
      console.log(`${target.name}: jobs run by runner ${JSON.stringify(by.rows)}`);
    } finally {
      await runners.stopAll();
      await second.close();
    }
  });
});
