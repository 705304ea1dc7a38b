import type { FastifyInstance } from 'fastify';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertDetail,
  alertView,
  outbreakEndpoints,
  patternView,
  scanResponse,
} from '../../../src-shared/api/outbreaks';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { auditRows, bearer, login, makeApp, TestClock, type Tokens } from '../server/support';
import { addSymptoms, makeOutbreakDistrict, type OutbreakDistrict } from './fixture';

describe.each(serverTargets())('outbreak routes ($name)', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: OutbreakDistrict;
  let nurseA: Tokens;
  let nurseB: Tokens;
  let adminA: Tokens;
  let district: Tokens;
  const clock = new TestClock('2026-03-05T17:00:00.000Z');
  const detected: string[] = [];

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeOutbreakDistrict(h.db);
    await addSymptoms(
      h.db,
      [0, 1, 2, 3, 4].map((i) => ({
        studentId: d.studentsA[i] ?? '',
        schoolId: d.schoolA,
        onset: '2026-03-05',
        symptoms: { vomiting: true, diarrhea: i % 2 === 0 },
        grade: '3' as const,
        location: 'Cafeteria',
      })),
    );
    app = makeApp(h, clock);
    await app.ready();
    [nurseA, nurseB, adminA, district] = await Promise.all([
      login(app, d.nurseA.email),
      login(app, d.nurseB.email),
      login(app, d.adminA.email),
      login(app, d.districtAdmin.email),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const call = (t: Tokens, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: bearer(t),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('serves every route of the contract', () => {
    for (const e of Object.values(outbreakEndpoints))
      expect(app.hasRoute({ method: e.method, url: e.path }), `${e.method} ${e.path}`).toBe(true);
  });

  it('patterns: everyone reads, the district admin writes, an invalid expression is refused with the reason', async () => {
    const list = await call(nurseA, 'GET', '/outbreaks/patterns');
    expect(list.statusCode).toBe(200);
    const names = list.json<{ patterns: unknown[] }>().patterns.map((p) => patternView.parse(p).name);
    expect(names).toContain('Acute gastrointestinal illness');
    expect(
      (await call(nurseA, 'POST', '/outbreaks/patterns', { name: 'X', symptoms: { cough: true } }))
        .statusCode,
    ).toBe(403);
    const bad = await call(district, 'POST', '/outbreaks/patterns', {
      name: 'Pertussis',
      symptoms: { cough: true, whoop: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toBe(
      "invalid body: body.symptoms: symptoms.whoop: unknown symptom key or operator 'whoop'",
    );
    const empty = await call(district, 'POST', '/outbreaks/patterns', { name: 'Nothing', symptoms: {} });
    expect(empty.json<{ message: string }>().message).toContain('body.symptoms: symptoms: empty combination');
    const ok = await call(district, 'POST', '/outbreaks/patterns', {
      name: 'Pertussis-like cough',
      category: 'RESPIRATORY',
      symptoms: { cough: true, any_of: ['vomiting', 'fatigue'] },
      thresholdStudents: 2,
      windowDays: 14,
      reportable: true,
    });
    expect(ok.statusCode).toBe(201);
    const p = patternView.parse(ok.json());
    expect(p).toMatchObject({
      thresholdStudents: 2,
      thresholdPercent: 0,
      windowDays: 14,
      reportable: true,
      invalidReason: null,
    });
    const dup = await call(district, 'POST', '/outbreaks/patterns', {
      name: 'Pertussis-like cough',
      symptoms: { cough: true },
    });
    expect(dup.statusCode).toBe(409);
    const patchBad = await call(district, 'PATCH', `/outbreaks/patterns/${p.id}`, {
      symptoms: { any_of: [] },
    });
    expect(patchBad.json<{ message: string }>().message).toContain(
      'body.symptoms: symptoms.any_of: empty list',
    );
    const patched = await call(district, 'PATCH', `/outbreaks/patterns/${p.id}`, { active: false });
    expect(patternView.parse(patched.json()).active).toBe(false);
    expect((await call(district, 'PATCH', '/outbreaks/patterns/nope', { active: false })).statusCode).toBe(
      404,
    );
  });

  it("an on-demand scan of the caller's schools creates the alert; another school is refused", async () => {
    expect((await call(nurseA, 'POST', '/outbreaks/scan', {})).statusCode).toBe(403);
    const other = await call(adminA, 'POST', '/outbreaks/scan', { schoolIds: [d.schoolB] });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ message: string }>().message).toMatch(/^schoolIds: not your school/);
    const bad = await call(adminA, 'POST', '/outbreaks/scan', { asOf: '5 March' });
    expect(bad.json<{ message: string }>().message).toContain('body.asOf');
    const r = await call(adminA, 'POST', '/outbreaks/scan', {});
    expect(r.statusCode).toBe(200);
    const s = scanResponse.parse(r.json());
    expect(s.districts[0]?.asOf).toBe('2026-03-05');
    expect(s.evaluated).toBe(4);
    expect(s.created).toEqual([
      expect.objectContaining({
        schoolId: d.schoolA,
        patternName: 'Acute gastrointestinal illness',
        method: 'threshold',
      }),
    ]);
    detected.push(...s.created.map((c) => c.alertId));
    // the composition root raises the alert that reaches people, in the scan's transaction (server-sync/outbreak-alerts.ts)
    const raised = await h.db
      .selectFrom('alert_instances as i')
      .innerJoin('alert_definitions as ad', 'ad.id', 'i.alert_definition_id')
      .select(['i.id', 'ad.alert_code', 'i.school_id', 'i.alert_data', 'i.alert_status'])
      .execute();
    expect(raised).toEqual([
      expect.objectContaining({
        id: alertInstanceId(alertKey.outbreak(detected[0] ?? '')),
        alert_code: 'OUTBREAK_DETECTED',
        school_id: d.schoolA,
        alert_status: 'ACTIVE',
      }),
    ]);
    expect(raised[0]?.alert_data).toMatchObject({
      pattern: 'Acute gastrointestinal illness',
      count: 5,
      method: 'threshold',
      outbreak_alert_id: detected[0],
    });
    expect(
      (await auditRows(h.db, 'ADMIN')).some(
        (a) => (a.details as { event?: string } | null)?.event === 'outbreak_scan',
      ),
    ).toBe(true);
  });

  it('alerts: the school reads its own with the curve and cases; names only for its staff', async () => {
    const id = detected[0] ?? '';
    const mine = await call(nurseA, 'GET', '/outbreaks/alerts');
    const alerts = mine.json<{ alerts: unknown[] }>().alerts.map((a) => alertView.parse(a));
    expect(alerts.map((a) => a.id)).toEqual([id]);
    const a = alerts[0];
    expect(a?.epidemicCurve.at(-1)).toMatchObject({ date: '2026-03-05', cases: 5 });
    expect(a?.detection?.method).toBe('threshold');
    expect(a?.healthDepartment).toMatchObject({ reportable: true, notified: false });
    expect(a?.healthDepartment.prompt).toMatch(/notify the local health department/);
    expect(a?.grades).toEqual([{ grade: '3', cases: 5 }]);
    expect((await call(nurseB, 'GET', '/outbreaks/alerts')).json<{ alerts: unknown[] }>().alerts).toEqual([]);
    expect((await call(nurseB, 'GET', `/outbreaks/alerts/${id}`)).statusCode).toBe(404);
    const detail = alertDetail.parse((await call(nurseA, 'GET', `/outbreaks/alerts/${id}`)).json());
    expect(detail.cases).toHaveLength(5);
    expect(detail.cases[0]?.studentName).toMatch(/^Kid A\d$/);
    expect(detail.cases[0]).toMatchObject({
      grade: '3',
      location: 'Cafeteria',
      linkStrength: 'STRONG',
      temporalDistanceDays: 0,
    });
    expect(detail.cases[0]?.symptoms).toContain('vomiting');
    const deid = alertDetail.parse((await call(district, 'GET', `/outbreaks/alerts/${id}`)).json());
    expect(deid.cases.every((c) => c.studentName === null)).toBe(true);
    const reads = (await auditRows(h.db, 'READ')).filter(
      (r) => r.table_name === 'outbreak_alerts' && r.record_id === id,
    );
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(
      await call(nurseA, 'GET', '/outbreaks/alerts?status=OPEN').then(
        (r) => r.json<{ message: string }>().message,
      ),
    ).toContain('querystring.status');
  });

  it('workflow: refuses skipping a step, needs a note to resolve; the notification is recorded once', async () => {
    const id = detected[0] ?? '';
    const url = `/outbreaks/alerts/${id}/status`;
    expect((await call(nurseA, 'POST', url, { status: 'CONFIRMED' })).statusCode).toBe(403);
    const skip = await call(adminA, 'POST', url, { status: 'CONTAINED' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json<{ message: string }>().message).toBe(
      'status: an outbreak INVESTIGATING cannot become CONTAINED (it can become CONFIRMED or RESOLVED)',
    );
    expect(alertView.parse((await call(adminA, 'POST', url, { status: 'CONFIRMED' })).json()).status).toBe(
      'CONFIRMED',
    );
    const contained = alertView.parse(
      (
        await call(district, 'POST', url, {
          status: 'CONTAINED',
          containmentMeasures: ['Cafeteria closed for disinfection'],
        })
      ).json(),
    );
    expect(contained.containmentMeasures).toMatchObject({
      actions_taken: ['Cafeteria closed for disinfection'],
    });
    expect(contained.allowedTransitions).toEqual(['RESOLVED', 'CONFIRMED']);
    const noNote = await call(adminA, 'POST', url, { status: 'RESOLVED' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<{ message: string }>().message).toMatch(/^note:/);

    const n = `/outbreaks/alerts/${id}/health-department-notification`;
    expect(
      (await call(adminA, 'POST', n, { agency: 'County', method: 'PIGEON' })).json<{ message: string }>()
        .message,
    ).toContain('body.method');
    const sent = alertView.parse(
      (
        await call(adminA, 'POST', n, {
          agency: 'County Health Department',
          method: 'PHONE',
          reference: 'CHD-7',
        })
      ).json(),
    );
    expect(sent.healthDepartment).toMatchObject({
      notified: true,
      notifiedAt: '2026-03-05T17:00:00.000Z',
      prompt: null,
    });
    expect(sent.containmentMeasures).toMatchObject({
      health_department_notification: { status: 'SENT', agency: 'County Health Department' },
    });
    expect((await call(adminA, 'POST', n, { agency: 'County', method: 'PHONE' })).statusCode).toBe(409);

    const resolved = alertView.parse(
      (await call(adminA, 'POST', url, { status: 'RESOLVED', note: 'No new case for a week' })).json(),
    );
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolutionNotes: 'No new case for a week',
      allowedTransitions: [],
    });
    expect(
      (await call(adminA, 'POST', url, { status: 'CONFIRMED' })).json<{ message: string }>().message,
    ).toMatch(/RESOLVED is final/);
  });
});
