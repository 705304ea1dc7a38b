import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sisEndpoints } from '../../../src-shared/api/sis';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { rosterFiles, student, type RosterSet } from '../../support/oneroster';
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

/** /sis routes (server-sync/sis/routes.ts): upload, runs, errors, review queue, held withdrawals; DISTRICT_ADMIN only. */

const ORGS = [
  { sourcedId: 'org-a', name: 'Alpha Elementary', identifier: 'ALPHA' },
  { sourcedId: 'org-b', name: 'Beta Middle', identifier: 'BETA' },
];
const zip = (set: RosterSet, patch: (files: Map<string, string>) => void = () => undefined): Buffer => {
  const files = rosterFiles(set);
  patch(files);
  return Buffer.from(zipSync(Object.fromEntries([...files].map(([n, t]) => [`export/${n}`, strToU8(t)]))));
};

describe.each(serverTargets())('SIS routes ($name)', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let admin: Tokens;
  let nurse: Tokens;
  const clock = new TestClock('2026-12-07T15:00:00.000Z');
  const students = Array.from({ length: 10 }, (_, i) => student(i + 1, i < 5 ? 'org-a' : 'org-b'));
  const base: RosterSet = { orgs: ORGS, students };

  const upload = (t: Tokens, payload: Buffer, query = '') =>
    app.inject({
      method: 'POST',
      url: `/sis/imports${query}`,
      headers: { ...bearer(t), 'content-type': 'application/zip' },
      payload,
    });
  const call = (t: Tokens, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    payload === undefined
      ? app.inject({ method, url, headers: bearer(t) })
      : app.inject({ method, url, headers: bearer(t), payload });

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock);
    await app.ready();
    admin = await login(app, d.districtAdmin.email);
    nurse = await login(app, d.nurseA.email);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('serves every route of the contract, none without a signed-in user', async () => {
    for (const e of Object.values(sisEndpoints)) {
      expect(app.hasRoute({ method: e.method, url: e.path }), `${e.method} ${e.path}`).toBe(true);
      const r = await app.inject({ method: e.method, url: e.path.replace(':id', 'x') });
      expect(r.statusCode, `${e.method} ${e.path}`).toBe(401);
    }
  });

  it('is for district administrators only, and refuses what is not a readable OneRoster zip, naming the file', async () => {
    expect((await upload(nurse, zip(base))).statusCode).toBe(403);
    expect((await call(nurse, 'GET', '/sis/runs')).statusCode).toBe(403);
    const notZip = await upload(admin, Buffer.from('sourcedId,name\n'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json<{ message: string }>().message).toMatch(/^upload\.zip: not a readable zip archive/);
    const nul = await upload(
      admin,
      zip(base, (f) => f.set('users.csv', `${f.get('users.csv') ?? ''}x\u0000y,,,\n`)),
    );
    expect(nul.statusCode).toBe(400);
    expect(nul.json<{ message: string }>().message).toBe(
      'users.csv: line 12: contains a NUL character (U+0000), which cannot be stored',
    );
    expect((await upload(admin, zip(base), '?dryRun=maybe')).statusCode).toBe(400);
    expect((await h.db.selectFrom('sis_sync_jobs').select('id').execute()).length).toBe(0);
  });

  it('plans on a dry run, imports on a real one, and lists the run with its counts and its rejected records', async () => {
    const dry = await upload(admin, zip(base), '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ read: 10, created: 10, dryRun: true, jobId: null });
    const bad: RosterSet = {
      ...base,
      students: [...students, student(30, 'org-a', { birthDate: '15/06/2023' })],
    };
    const r = await upload(admin, zip(bad));
    expect(r.statusCode).toBe(200);
    const out = r.json<{ jobId: string; errors: unknown[] }>();
    expect(out).toMatchObject({
      read: 11,
      created: 10,
      updated: 0,
      transferred: 0,
      withdrawn: 0,
      unchanged: 0,
    });
    expect(out.errors).toEqual([
      {
        file: 'demographics.csv',
        line: 12,
        sourcedId: 'stu-30',
        field: 'birthDate',
        reason: 'bad date "15/06/2023": expected yyyy-MM-dd',
      },
    ]);
    const runs = await call(admin, 'GET', '/sis/runs');
    expect(runs.json<{ runs: unknown[] }>().runs).toEqual([
      expect.objectContaining({
        id: out.jobId,
        status: 'PARTIAL_SUCCESS',
        read: 11,
        created: 10,
        errors: 1,
        heldForApproval: 0,
      }),
    ]);
    const errs = await call(admin, 'GET', `/sis/runs/${out.jobId}/errors`);
    expect(errs.json<{ errors: unknown[] }>().errors).toEqual([
      expect.objectContaining({
        file: 'demographics.csv',
        line: 12,
        sourcedId: 'stu-30',
        field: 'birthDate',
        type: 'VALIDATION_ERROR',
        status: 'PENDING',
      }),
    ]);
    expect((await call(admin, 'GET', '/sis/runs/nope/errors')).statusCode).toBe(404);
    const reads = (await auditRows(h.db, 'READ')).filter((a) => a.details?.event === 'sis_run_errors');
    expect(reads).toEqual([expect.objectContaining({ user_id: d.districtAdmin.id, record_id: out.jobId })]);
  });

  it('holds a large withdrawal until approved; approving withdraws (a status), approving twice is refused', async () => {
    const r = await upload(
      admin,
      zip({ ...base, students: students.filter((s) => !['stu-1', 'stu-2'].includes(s.sourcedId)) }),
    );
    expect(r.json()).toMatchObject({ withdrawn: 0, heldForApproval: 2 });
    const list = await call(admin, 'GET', '/sis/withdrawals');
    const [held] = list.json<{ withdrawals: { id: string }[] }>().withdrawals;
    expect(held).toMatchObject({
      schoolId: d.schoolA,
      schoolName: 'Alpha Elementary',
      withdrawCount: 2,
      activeCount: 6,
      thresholdPercent: 10,
      status: 'PENDING',
    });
    const id = held?.id ?? '';
    expect((await call(nurse, 'POST', `/sis/withdrawals/${id}/approve`)).statusCode).toBe(403);
    const ok = await call(admin, 'POST', `/sis/withdrawals/${id}/approve`);
    expect(ok.json()).toEqual({ id, status: 'APPROVED', withdrawn: 2 });
    const rows = await h.db
      .selectFrom('students')
      .select(['enrollment_status', 'withdrawal_date', 'deleted_at'])
      .where('sis_id', 'in', ['stu-1', 'stu-2'])
      .execute();
    expect(rows).toEqual([
      { enrollment_status: 'WITHDRAWN', withdrawal_date: '2026-12-07', deleted_at: null },
      { enrollment_status: 'WITHDRAWN', withdrawal_date: '2026-12-07', deleted_at: null },
    ]);
    expect((await call(admin, 'POST', `/sis/withdrawals/${id}/approve`)).statusCode).toBe(409);
    expect(
      (await call(admin, 'GET', '/sis/withdrawals?status=APPROVED')).json<{ withdrawals: unknown[] }>()
        .withdrawals,
    ).toHaveLength(1);
  });

  it('queues a MANUAL_REVIEW field with both values once, and resolving it takes the SIS value', async () => {
    await h.db
      .updateTable('sis_sync_configs')
      .set({ field_group_strategies: JSON.stringify({ DEMOGRAPHICS: 'MANUAL_REVIEW' }) })
      .execute();
    const renamed = students.map((s) => (s.sourcedId === 'stu-6' ? { ...s, familyName: 'Newname' } : s));
    expect((await upload(admin, zip({ ...base, students: renamed }))).json()).toMatchObject({
      review: 1,
      updated: 2,
    });
    expect((await upload(admin, zip({ ...base, students: renamed }))).json()).toMatchObject({
      review: 0,
      updated: 0,
      unchanged: 10,
    });
    const q = await call(admin, 'GET', '/sis/reviews');
    const items = q.json<{ reviews: { id: string }[] }>().reviews;
    expect(items).toEqual([
      expect.objectContaining({
        field: 'last_name',
        whitecross: 'Family6',
        sis: 'Newname',
        studentName: 'Family6, Given6',
        schoolId: d.schoolB,
      }),
    ]);
    const id = items[0]?.id ?? '';
    expect((await call(admin, 'POST', `/sis/reviews/${id}/resolve`, { action: 'MERGE' })).statusCode).toBe(
      400,
    );
    expect((await call(admin, 'POST', `/sis/reviews/${id}/resolve`, { action: 'TAKE_SIS' })).json()).toEqual({
      id,
      action: 'UPDATED_WHITECROSS',
    });
    expect(
      await h.db.selectFrom('students').select('last_name').where('sis_id', '=', 'stu-6').executeTakeFirst(),
    ).toEqual({ last_name: 'Newname' });
    expect((await call(admin, 'GET', '/sis/reviews')).json()).toEqual({ reviews: [] });
    expect(
      (await call(admin, 'POST', `/sis/reviews/${id}/resolve`, { action: 'KEEP_WHITECROSS' })).statusCode,
    ).toBe(409);
    // a configuration the import cannot follow: 409 naming it, nothing written
    await h.db
      .updateTable('sis_sync_configs')
      .set({ field_group_strategies: JSON.stringify({ CONTACTS: 'ASK_LATER' }) })
      .execute();
    const jobs = (await call(admin, 'GET', '/sis/runs')).json<{ runs: unknown[] }>().runs.length;
    const bad = await upload(admin, zip(base));
    expect(bad.statusCode).toBe(409);
    expect(bad.json<{ message: string }>().message).toMatch(
      /field_group_strategies\.CONTACTS: "ASK_LATER" is not SIS_WINS/,
    );
    expect((await call(admin, 'GET', '/sis/runs')).json<{ runs: unknown[] }>().runs).toHaveLength(jobs);
  });
});
