import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { defineJob, getJob, type JobRunner } from '../../../server-sync/jobs';
import type { JobListResponse, JobActionResponse } from '../../../src-shared/api/jobs';
import { serverTargets } from '../../support/db';
import {
  auditRows,
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';
import { prepare, Runners, until } from './support';

/**
 * GET /jobs, POST /jobs/:id/retry, POST /jobs/:id/cancel: DISTRICT_ADMIN only, 400 naming the field, 404 for a
 * job that is not there (or of another district), 409 for a state it cannot leave; retry and cancel audited.
 */

const districtJob = z.object({ districtId: z.string() });

describe.each(serverTargets())('jobs routes on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let admin: Tokens;
  let nurse: Tokens;
  let runner: JobRunner;
  const runners = new Runners();
  let shouldFail = true;
  let failedId = '';
  let laterId = '';
  let otherDistrictId = '';

  beforeAll(async () => {
    h = await target.open();
    await prepare(h);
    d = await makeDistrict(h.db); // in the database's one district (prepare made it)
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d-other', 'Other Test', 'NJ')`.execute(
      h.db,
    );
    app = makeApp(h, new TestClock());
    await app.ready();
    admin = await login(app, d.districtAdmin.email);
    nurse = await login(app, d.nurseA.email);
    runner = await runners.start({
      db: h,
      schedules: false,
      definitions: [
        defineJob({
          name: 'test.fragile',
          data: districtJob,
          retryLimit: 0,
          handler: () =>
            shouldFail
              ? Promise.reject(new Error('the SMTP server refused the connection'))
              : Promise.resolve(),
        }),
        defineJob({ name: 'test.later', data: districtJob, handler: () => Promise.resolve() }),
      ],
    });
    failedId = (await runner.send('test.fragile', { districtId: d.districtId })) ?? '';
    laterId =
      (await runner.send(
        'test.later',
        { districtId: d.districtId },
        { startAfter: new Date(Date.now() + 3_600_000) },
      )) ?? '';
    otherDistrictId =
      (await runner.send(
        'test.later',
        { districtId: 'd-other' },
        { startAfter: new Date(Date.now() + 3_600_000) },
      )) ?? '';
    await until(
      () => getJob(h.db, failedId),
      (j) => j?.state === 'failed',
    );
  });
  afterAll(async () => {
    await runners.stopAll();
    await app?.close();
    await h?.close();
  });

  const get = (url: string, t?: Tokens) => app.inject({ method: 'GET', url, headers: t ? bearer(t) : {} });
  const post = (url: string, t?: Tokens) => app.inject({ method: 'POST', url, headers: t ? bearer(t) : {} });

  it('lists the jobs of the district, newest first, a failed one with its error', async () => {
    const r = await get('/jobs', admin);
    expect(r.statusCode).toBe(200);
    const { jobs } = r.json<JobListResponse>();
    expect(jobs.map((j) => j.id)).toEqual([laterId, failedId]); // not the other district's
    expect(jobs[1]).toMatchObject({
      name: 'test.fragile',
      state: 'failed',
      attempts: 1,
      maxAttempts: 1,
      error: 'the SMTP server refused the connection',
      dataSummary: `districtId=${d.districtId}`,
    });
    expect(jobs[1]?.finishedAt).not.toBeNull();
    const failed = (await get('/jobs?state=failed&limit=5', admin)).json<JobListResponse>();
    expect(failed.jobs.map((j) => j.id)).toEqual([failedId]);
    const byName = (await get('/jobs?name=test.later', admin)).json<JobListResponse>();
    expect(byName.jobs.map((j) => j.id)).toEqual([laterId]);
  });

  it('refuses bad queries and ids with a 400 naming the field', async () => {
    for (const [url, field] of [
      ['/jobs?state=done', 'state'],
      ['/jobs?limit=0', 'limit'],
      ['/jobs?limit=501', 'limit'],
      ['/jobs?name=a%20b', 'name'],
      ['/jobs?color=red', 'color'],
    ] as const) {
      const r = await get(url, admin);
      expect(r.statusCode, url).toBe(400);
      expect(r.json<{ message: string }>().message, url).toContain(field);
    }
    const r = await post('/jobs/not-a-uuid/retry', admin);
    expect(r.statusCode).toBe(400);
    expect(r.json<{ message: string }>().message).toContain('id');
  });

  it('is for district administrators only', async () => {
    expect((await get('/jobs')).statusCode).toBe(401);
    expect((await post(`/jobs/${failedId}/retry`)).statusCode).toBe(401);
    expect((await get('/jobs', nurse)).statusCode).toBe(403);
    expect((await post(`/jobs/${failedId}/retry`, nurse)).statusCode).toBe(403);
    expect((await post(`/jobs/${laterId}/cancel`, nurse)).statusCode).toBe(403);
  });

  it('retries a failed job (audited), which then runs', async () => {
    shouldFail = false;
    const r = await post(`/jobs/${failedId}/retry`, admin);
    expect(r.statusCode).toBe(200);
    expect(r.json<JobActionResponse>().job).toMatchObject({ id: failedId, state: 'queued', maxAttempts: 2 });
    const done = await until(
      () => getJob(h.db, failedId),
      (j) => j?.state === 'finished',
    );
    expect(done).toMatchObject({ state: 'finished', attempts: 2 });
    expect((await post(`/jobs/${failedId}/retry`, admin)).statusCode).toBe(409);
    const audit = (await auditRows(h.db, 'ADMIN')).filter((a) => a.record_id === failedId);
    expect(audit).toEqual([
      expect.objectContaining({
        user_id: d.districtAdmin.id,
        table_name: 'pgboss.job',
        details: { event: 'job_retry', job: 'test.fragile' },
      }),
    ]);
  });

  it('cancels a queued job (audited); 409 when it cannot, 404 for no job or another district`s', async () => {
    const r = await post(`/jobs/${laterId}/cancel`, admin);
    expect(r.statusCode).toBe(200);
    expect(r.json<JobActionResponse>().job).toMatchObject({ id: laterId, state: 'cancelled' });
    const again = await post(`/jobs/${laterId}/cancel`, admin);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toContain('cancelled');
    expect((await post('/jobs/00000000-0000-4000-8000-000000000000/cancel', admin)).statusCode).toBe(404);
    expect((await post(`/jobs/${otherDistrictId}/cancel`, admin)).statusCode).toBe(404);
    expect((await getJob(h.db, otherDistrictId))?.state).toBe('queued');
    const audit = (await auditRows(h.db, 'ADMIN')).filter((a) => a.record_id === laterId);
    expect(audit.map((a) => a.details)).toEqual([{ event: 'job_cancel', job: 'test.later' }]);
  });
});
