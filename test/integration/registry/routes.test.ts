import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server-sync/app';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import type { JobSender } from '../../../server-sync/jobs';
import { submitSubmission, sweepRegistry } from '../../../server-sync/registry';
import type { SubmissionView } from '../../../src-shared/api/registry';
import { serverTargets } from '../../support/db';
import { HL7_DIR, HL7_SKIP_REASON } from '../../support/hl7-conformance';
import { startLoopbackRegistry, type LoopbackRegistry } from '../../support/loopback-registry';
import { auditRows, bearer, login, MINUTE, testConfig, TestClock, type Tokens } from '../server/support';
import { giveDose, makeRegistryDistrict, type RegistryDistrict } from './fixture';

if (!HL7_DIR) console.warn(`skipping the registry route tests: ${HL7_SKIP_REASON}`);

describe.skipIf(!HL7_DIR).each(serverTargets())('registry routes on $name', (target) => {
  let h: ServerDbHandle;
  let reg: LoopbackRegistry;
  let d: RegistryDistrict;
  let app: FastifyInstance;
  let admin: Tokens;
  let nurseA: Tokens;
  let nurseB: Tokens;
  let schoolAdmin: Tokens;
  const clock = new TestClock('2026-11-20T15:00:00.000Z');
  const ids = { good: '', held: '', rejected: '' };
  const cycle = async () => {
    const jobs: { id: string }[] = [];
    const sender: JobSender = {
      send: (_n, data) => {
        jobs.push({ id: (data as { submissionId: string }).submissionId });
        return Promise.resolve('j');
      },
    };
    await sweepRegistry(h.db, clock.now(), sender);
    for (const j of jobs)
      await submitSubmission(h.db, () => clock.now(), j.id, { kek: () => d.kek, caPem: reg.pki.caPem });
  };
  const get = <T>(url: string, t: Tokens) =>
    app
      .inject({ method: 'GET', url, headers: bearer(t) })
      .then((r) => ({ code: r.statusCode, body: r.json<T>() }));
  const post = <T>(url: string, t: Tokens) =>
    app
      .inject({ method: 'POST', url, headers: bearer(t) })
      .then((r) => ({ code: r.statusCode, body: r.json<T>() }));

  beforeAll(async () => {
    reg = await startLoopbackRegistry();
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeRegistryDistrict(h.db, reg, clock.now());
    app = buildServer({
      db: h,
      config: testConfig(),
      clock,
      registry: { kek: () => d.kek, caPem: reg.pki.caPem },
    });
    await app.ready();
    ids.good = await giveDose(h.db, d, clock.now());
    ids.held = await giveDose(h.db, d, clock.now(), { lot_number: null });
    await cycle();
    reg.mode = {
      kind: 'reject-field',
      errors: [
        {
          location: 'RXA^1^15',
          hl7Code: '103^Table value not found^HL70357',
          severity: 'E',
          appCode: '5^^HL70533',
          message: 'Unknown lot',
        },
      ],
    };
    clock.advance(MINUTE);
    ids.rejected = await giveDose(h.db, d, clock.now(), { lot_number: 'ZZZ' });
    await cycle();
    reg.mode = { kind: 'accept' };
    admin = await login(app, d.districtAdmin.email);
    nurseA = await login(app, d.nurseA.email);
    nurseB = await login(app, d.nurseB.email);
    schoolAdmin = await login(app, d.adminA.email);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
    await reg?.close();
  });

  it("the queue by state, the student's name for the school's people only, another school's queue invisible", async () => {
    const all = await get<{ submissions: SubmissionView[] }>('/registry/submissions', admin);
    expect(all.code).toBe(200);
    const byDose = new Map(all.body.submissions.map((s) => [s.vaccinationId, s]));
    expect(byDose.get(ids.good)).toMatchObject({
      state: 'ACCEPTED',
      action: 'A',
      studentName: null,
      schoolName: 'Alpha Elementary',
    });
    expect(byDose.get(ids.held)?.state).toBe('HELD');
    expect(byDose.get(ids.rejected)).toMatchObject({ state: 'REJECTED', openErrors: 1 });
    // 15:00 UTC on November 20 is 10:00 AM in the district's zone (America/New_York)
    expect(byDose.get(ids.good)?.submittedAtLocal).toContain('10:00 AM');
    const held = await get<{ submissions: SubmissionView[] }>('/registry/submissions?state=HELD', nurseA);
    expect(held.body.submissions.map((s) => s.vaccinationId)).toEqual([ids.held]);
    expect(held.body.submissions[0]?.studentName).toBe('Sam Alvarez');
    const b = await get<{ submissions: SubmissionView[] }>('/registry/submissions', nurseB);
    expect(b.body.submissions.some((s) => s.schoolName === 'Alpha Elementary')).toBe(false);
    const bad = await get<{ error: unknown }>('/registry/submissions?state=NOPE', admin);
    expect(bad.code).toBe(400);
    expect((await auditRows(h.db, 'READ')).some((r) => r.table_name === 'registry_submissions')).toBe(true);
  });

  it('a submission with its errors: the field, the value sent, the plain words', async () => {
    const list = await get<{ submissions: SubmissionView[] }>(
      '/registry/submissions?state=REJECTED',
      schoolAdmin,
    );
    const id = list.body.submissions.find((s) => s.vaccinationId === ids.rejected)?.id ?? '';
    const r = await get<{
      errors: { field: string; valueSent: string; message: string }[];
      hl7Response: string;
    }>(`/registry/submissions/${id}`, schoolAdmin);
    expect(r.code).toBe(200);
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        field: 'RXA-15',
        valueSent: 'ZZZ',
        message: expect.stringMatching(/^Error in the lot number \(RXA-15\)/) as unknown,
      }),
    ]);
    expect(r.body.hl7Response).toMatch(/^MSH/);
    expect((await get(`/registry/submissions/${id}`, nurseB)).code).toBe(404);
  });

  it('resubmit: nurses may not, a school admin sends a rejected dose again; an accepted one is refused', async () => {
    const list = await get<{ submissions: SubmissionView[] }>('/registry/submissions', admin);
    const rejected = list.body.submissions.find((s) => s.vaccinationId === ids.rejected)?.id ?? '';
    const accepted = list.body.submissions.find((s) => s.vaccinationId === ids.good)?.id ?? '';
    expect((await post(`/registry/submissions/${rejected}/resubmit`, nurseA)).code).toBe(403);
    clock.advance(MINUTE);
    const r = await post<{ submissionId: string; held: boolean }>(
      `/registry/submissions/${rejected}/resubmit`,
      schoolAdmin,
    );
    expect(r.code).toBe(200);
    expect(r.body.held).toBe(false);
    expect(r.body.submissionId).not.toBe(rejected);
    const again = await post<{ code: string; message: string }>(
      `/registry/submissions/${accepted}/resubmit`,
      schoolAdmin,
    );
    expect(again.code).toBe(409);
    await cycle();
    const now = await get<{ submissions: SubmissionView[] }>('/registry/submissions', admin);
    expect(now.body.submissions.find((s) => s.id === r.body.submissionId)?.state).toBe('ACCEPTED');
  });

  it('statistics per school', async () => {
    const r = await get<{ schools: { schoolName: string; counts: Record<string, number> }[] }>(
      '/registry/statistics',
      admin,
    );
    expect(r.code).toBe(200);
    const a = r.body.schools.find((s) => s.schoolName === 'Alpha Elementary');
    expect(a?.counts).toMatchObject({ HELD: 1, REJECTED: 1 });
    expect(a?.counts.ACCEPTED).toBeGreaterThanOrEqual(3);
    expect((await get('/registry/statistics', nurseA)).code).toBe(403);
  });

  it("query the registry for a student: the RSP's doses reconciled with the record, nothing added; kept and audited", async () => {
    const r = await app.inject({
      method: 'POST',
      url: `/registry/students/${d.studentA}/query`,
      headers: bearer(nurseA),
      payload: { profile: 'Z34' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{
      outcome: string;
      registryId: string;
      added: { date: string; cvx: string }[];
      matched: unknown[];
      submissionId: string;
    }>();
    // the loopback answers with the conformance RSP 59: one MMR dose on 2005-07-25, registry id 987633
    expect(body).toMatchObject({ outcome: 'HISTORY', registryId: '987633', matched: [] });
    expect(body.added).toEqual([expect.objectContaining({ date: '2005-07-25', cvx: '03' })]);
    const sub = await h.db
      .selectFrom('registry_submissions')
      .select(['message_type', 'submission_type', 'submission_status'])
      .where('id', '=', body.submissionId)
      .executeTakeFirstOrThrow();
    expect(sub).toEqual({
      message_type: 'QBP',
      submission_type: 'QUERY_HISTORY',
      submission_status: 'ACKNOWLEDGED',
    });
    const resp = await h.db
      .selectFrom('registry_responses')
      .select(['response_type', 'patient_registry_id', 'last_immunization_date'])
      .where('submission_id', '=', body.submissionId)
      .executeTakeFirstOrThrow();
    expect(resp).toEqual({
      response_type: 'IMMUNIZATION_HISTORY',
      patient_registry_id: '987633',
      last_immunization_date: '2005-07-25',
    });
    const n = await h.db
      .selectFrom('vaccinations')
      .select('id')
      .where('student_id', '=', d.studentA)
      .execute();
    expect(
      (await auditRows(h.db, 'EXPORT')).some(
        (a) => a.table_name === 'students' && a.record_id === d.studentA,
      ),
    ).toBe(true);
    // another school's student: 404; the registry down: 502 with the reason, nothing added
    const other = await app.inject({
      method: 'POST',
      url: `/registry/students/${d.studentB}/query`,
      headers: bearer(nurseA),
      payload: {},
    });
    expect(other.statusCode).toBe(404);
    reg.mode = { kind: 'down' };
    const down = await app.inject({
      method: 'POST',
      url: `/registry/students/${d.studentA}/query`,
      headers: bearer(nurseA),
      payload: {},
    });
    expect(down.statusCode).toBe(502);
    expect(down.json<{ message: string }>().message).toMatch(/No answer from the registry: NETWORK/);
    reg.mode = { kind: 'accept' };
    expect(
      await h.db.selectFrom('vaccinations').select('id').where('student_id', '=', d.studentA).execute(),
    ).toHaveLength(n.length);
  });

  it('connections and their test, for the district admin only', async () => {
    const c = await get<{
      connections: { id: string; credentialsStored: boolean; receivingFacility: string }[];
    }>('/registry/connections', admin);
    expect(c.body.connections).toEqual([
      expect.objectContaining({ id: d.connectionId, credentialsStored: true, receivingFacility: 'NJDOH' }),
    ]);
    expect(JSON.stringify(c.body)).not.toContain(reg.password);
    expect((await get('/registry/connections', nurseA)).code).toBe(403);
    const ok = await post<{ ok: boolean; message: string }>(
      `/registry/connections/${d.connectionId}/test`,
      admin,
    );
    expect(ok.body).toEqual({ ok: true, message: expect.stringMatching(/^End-point is ready/) as unknown });
    reg.mode = { kind: 'down' };
    const down = await post<{ ok: boolean; message: string }>(
      `/registry/connections/${d.connectionId}/test`,
      admin,
    );
    expect(down.body.ok).toBe(false);
    expect(down.body.message).toMatch(/^NETWORK/);
    reg.mode = { kind: 'accept' };
  });
});
