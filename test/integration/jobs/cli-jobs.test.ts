import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { defineJob, getJob } from '../../../server-sync/jobs';
import type { JobListResponse } from '../../../src-shared/api/jobs';
import { openFreshPostgres } from '../../support/db';
import { prepare, Runners, until } from './support';

/**
 * `white-cross jobs list|retry|cancel` on the built command (dist/white-cross.mjs), on a PGlite data folder, or on
 * PostgreSQL when TEST_DATABASE_URL is set: the list with its filters and JSON, retry and cancel (audited), and
 * clear errors for an unknown id or a state the job cannot leave.
 */

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const dir = mkdtempSync(join(tmpdir(), 'wc-cli-jobs-'));
const env = { ...process.env, DATABASE_URL: undefined, NODE_ENV: undefined, WHITE_CROSS_DATA_DIR: dir };
const pgUrl = process.env.TEST_DATABASE_URL;
let pg: (ServerDbHandle & { url: string }) | undefined;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: pg ? { ...env, DATABASE_URL: pg.url } : env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDb<T>(fn: (h: ServerDbHandle) => Promise<T>): Promise<T> {
  if (pg) return fn(pg);
  const h = await openServerDb({ pgliteDir: join(dir, 'server') });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

const data = z.object({ visitId: z.string() });

describe(`white-cross jobs on ${pgUrl ? 'postgres' : 'pglite'}`, () => {
  let failedId = '';
  let laterId = '';

  beforeAll(async () => {
    if (pgUrl) pg = await openFreshPostgres(pgUrl);
    await withDb(async (h) => {
      await prepare(h);
      const runners = new Runners();
      try {
        const r = await runners.start({
          db: h,
          schedules: false,
          definitions: [
            defineJob({
              name: 'test.deliver',
              data,
              retryLimit: 0,
              handler: () => Promise.reject(new Error('SMTP 421: service not available')),
            }),
            defineJob({ name: 'test.later', data, handler: () => Promise.resolve() }),
          ],
        });
        failedId = (await r.send('test.deliver', { visitId: 'v-1' })) ?? '';
        laterId =
          (await r.send(
            'test.later',
            { visitId: 'v-2' },
            { startAfter: new Date(Date.now() + 3_600_000) },
          )) ?? '';
        await until(
          () => getJob(h.db, failedId),
          (j) => j?.state === 'failed',
        );
      } finally {
        await runners.stopAll();
      }
    });
  });
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the jobs, newest first, a failed one with its error; filters; JSON', () => {
    const all = cli(['jobs', 'list']);
    expect(all.code, all.err).toBe(0);
    const lines = all.out.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^${laterId}  queued +test.later  attempts 0/4 .* \\{visitId=v-2\\}$`),
    );
    expect(lines[1]).toMatch(new RegExp(`^${failedId}  failed +test.deliver  attempts 1/1 `));
    expect(lines[2]).toBe('    error: SMTP 421: service not available');

    const failed = cli(['jobs', 'list', '--state', 'failed', '--json']);
    expect(failed.code, failed.err).toBe(0);
    const parsed = JSON.parse(failed.out) as JobListResponse;
    expect(parsed.jobs.map((j) => [j.id, j.state, j.error])).toEqual([
      [failedId, 'failed', 'SMTP 421: service not available'],
    ]);
    expect(cli(['jobs', 'list', '--name', 'test.later', '--limit', '1']).out).toContain(laterId);
    expect(cli(['jobs', 'list', '--state', 'finished']).out.trim()).toBe('no jobs');
  });

  it('refuses a bad option, naming it', () => {
    const bad = cli(['jobs', 'list', '--state', 'done']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain(
      '--state must be one of queued, running, failed, finished, cancelled, got "done"',
    );
    const limit = cli(['jobs', 'list', '--limit', '0']);
    expect(limit.code).not.toBe(0);
    expect(limit.err).toContain('--limit must be a whole number from 1 to 500');
  });

  it('retries a failed job and cancels a queued one; says why it cannot, and when there is no such job', () => {
    const retried = cli(['jobs', 'retry', failedId]);
    expect(retried.code, retried.err).toBe(0);
    expect(retried.out).toMatch(new RegExp(`^retried: ${failedId}  queued +test.deliver  attempts 1/2`));
    const again = cli(['jobs', 'retry', failedId]);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`job ${failedId} is queued: only a failed or cancelled job can be retried`);

    const cancelled = cli(['jobs', 'cancel', laterId]);
    expect(cancelled.code, cancelled.err).toBe(0);
    expect(cancelled.out).toMatch(new RegExp(`^cancelled: ${laterId}  cancelled`));
    expect(cli(['jobs', 'cancel', laterId]).err).toContain('only a queued or running job can be cancelled');

    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const missing = cli(['jobs', 'cancel', id]);
      expect(missing.code).toBe(1);
      expect(missing.err).toContain(`no job ${id} (white-cross jobs list shows the jobs and their ids)`);
    }
  });

  it('audits retry and cancel by the command line', async () => {
    const rows = await withDb((h) =>
      h.db
        .selectFrom('audit_logs')
        .select(['record_id', 'user_id', 'user_agent', 'details'])
        .where('action', '=', 'ADMIN')
        .orderBy('chain_seq')
        .execute(),
    );
    expect(rows).toEqual([
      {
        record_id: failedId,
        user_id: null,
        user_agent: 'white-cross jobs',
        details: { event: 'job_retry', job: 'test.deliver' },
      },
      {
        record_id: laterId,
        user_id: null,
        user_agent: 'white-cross jobs',
        details: { event: 'job_cancel', job: 'test.later' },
      },
    ]);
  });
});
