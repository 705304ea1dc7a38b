import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dashboardJobs,
  DASHBOARD_SCHOOL_JOB,
  ensureSupportingData,
  loadShippedSchoolEntry,
  refreshMissingDashboards,
  refreshSchoolDashboard,
} from '../../../server-sync/immunizations';
import { startJobs, type JobRunner } from '../../../server-sync/jobs';
import type { ComplianceDashboardView } from '../../../src-shared/immunizations/dashboard';
import type { PushResponse } from '../../../src-shared/sync/protocol';
import { serverTargets } from '../../support/db';
import { auditRows, bearer } from '../server/support';
import { startSyncApp, type SyncApp } from '../sync-server/http';
import { SCHEMA } from '../sync-server/support';

/**
 * The compliance dashboard on the district server (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): school A
 * in California with the shipped rules and CDC's release loaded; three kindergartners (born 2021-09-01, entered
 * 2026-08-20): Kim has one MMR dose, Lou both, Max one and a medical exemption for MMR with its form. Today is
 * 2026-11-20 in New York, past California's 30 days of conditional admission.
 */
const BASE: readonly [date: string, cvx: string, series: readonly string[]][] = [
  ['2021-09-02', '08', ['HepB']],
  ['2021-11-01', '110', ['DTaP', 'HepB', 'IPV']],
  ['2022-01-03', '110', ['DTaP', 'HepB', 'IPV']],
  ['2022-03-01', '110', ['DTaP', 'HepB', 'IPV']],
  ['2022-09-06', '03', ['MMR']],
  ['2022-09-06', '21', ['VAR']],
  ['2022-12-05', '20', ['DTaP']],
  ['2025-09-02', '130', ['DTaP', 'IPV']],
  ['2025-09-02', '21', ['VAR']],
];
const MMR2: (typeof BASE)[number] = ['2025-09-02', '03', ['MMR']];

describe.each(serverTargets())('the compliance dashboard on $name', (target) => {
  let s: SyncApp;
  const ids: Record<string, string> = {};

  const dose = (studentId: string, schoolId: string, [date, cvx]: (typeof BASE)[number], series: string) => ({
    id: uuidv7(),
    student_id: studentId,
    school_id: schoolId,
    vaccine_type: series,
    cvx_code: cvx,
    administration_date: date,
    lot_number: `L${date.replaceAll('-', '')}${cvx}`,
    source: 'HISTORICAL' as const,
  });
  const kindergartner = async (key: string, doses: readonly (typeof BASE)[number][]) => {
    const id = uuidv7();
    ids[key] = id;
    await s.h.db
      .insertInto('students')
      .values({
        id,
        district_id: s.d.districtId,
        school_id: s.d.schoolA,
        student_number: `K-${key}`,
        first_name: key,
        last_name: 'Kinder',
        date_of_birth: '2021-09-01',
        sex: 'F',
        grade_level: 'K',
        enrollment_date: '2026-08-20',
      })
      .execute();
    for (const d of doses)
      for (const series of d[2])
        await s.h.db
          .insertInto('vaccinations')
          .values(dose(id, s.d.schoolA, d, series))
          .execute();
    return id;
  };
  const cacheRow = async (vaccine: string) =>
    (
      await sql<Record<string, unknown>>`SELECT total_students, compliant_count, overdue_count, exempt_count,
        conditional_count, exempt_medical_count, compliance_percentage, snapshot_date::text AS snapshot_date
        FROM compliance_dashboard_cache WHERE id = ${`${s.d.schoolA}:K:${vaccine}`}`.execute(s.h.db)
    ).rows[0];
  const get = async (email: string, url: string) =>
    s.app.inject({ method: 'GET', url, headers: bearer(await s.signIn(email)) });

  beforeAll(async () => {
    s = await startSyncApp(target);
    await s.h.db
      .updateTable('students')
      .set({ enrollment_status: 'WITHDRAWN' })
      .where('id', 'in', [s.d.studentA, s.d.studentB])
      .execute();
    await ensureSupportingData(s.h.db);
    await loadShippedSchoolEntry(s.h.db);
    await s.h.db.updateTable('schools').set({ state: 'CA' }).where('id', '=', s.d.schoolA).execute();
    await kindergartner('Kim', BASE);
    await kindergartner('Lou', [...BASE, MMR2]);
    const max = await kindergartner('Max', BASE);
    const form = uuidv7();
    await s.h.db
      .insertInto('documents')
      .values({
        id: form,
        school_id: s.d.schoolA,
        student_id: max,
        title: 'Medical exemption (MMR)',
        document_type: 'EXEMPTION_FORM',
        mime_type: 'application/pdf',
        file_size_bytes: 81_234,
        storage_path: `documents/ALPHA/${max}/${form}.pdf`,
        sha256: 'a'.repeat(64),
        uploaded_by: s.d.nurseA.id,
      })
      .execute();
    await s.h.db
      .insertInto('immunization_exemptions')
      .values({
        id: uuidv7(),
        student_id: max,
        school_id: s.d.schoolA,
        vaccine_type: 'MMR',
        exemption_type: 'MEDICAL',
        start_date: '2026-08-01',
        document_id: form,
      })
      .execute();
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('refreshes from the compliance engine: counts by status and exemption type, the students needing action', async () => {
    // the schools never computed are computed once (the demo's first start); then none is missing
    expect((await refreshMissingDashboards(s.h.db, s.clock)).map((x) => x.schoolId).sort()).toEqual(
      [s.d.schoolA, s.d.schoolB].sort(),
    );
    expect(await refreshMissingDashboards(s.h.db, s.clock)).toEqual([]);
    const r = await refreshSchoolDashboard(s.h.db, s.clock, s.d.schoolA);
    expect(r).toMatchObject({ snapshotDate: '2026-11-20', state: 'CA', studentsEvaluated: 3 });
    expect(await cacheRow('MMR')).toEqual({
      total_students: 3,
      compliant_count: 1,
      overdue_count: 1,
      exempt_count: 1,
      conditional_count: 0,
      exempt_medical_count: 1,
      compliance_percentage: '33.33',
      snapshot_date: '2026-11-20',
    });
    expect(await cacheRow('ALL')).toMatchObject({
      total_students: 3,
      compliant_count: 1,
      overdue_count: 1,
      exempt_count: 1,
    });
    const list = await sql<{ l: { studentId: string; reason: string }[] }>`SELECT non_compliance_list AS l
      FROM compliance_dashboard_cache WHERE id = ${`${s.d.schoolA}:K:MMR`}`.execute(s.h.db);
    expect(list.rows[0]!.l).toEqual([
      expect.objectContaining({ studentId: ids.Kim, vaccine: 'MMR', status: 'OVERDUE', nextDose: 2 }),
    ]);
    expect(list.rows[0]!.l[0]!.reason).toMatch(/^needs MMR dose 2 before kindergarten entry; due now/);
    // the other school (no state rules: New Jersey has none on record) has a refresh with no rows
    const b = await refreshSchoolDashboard(s.h.db, s.clock, s.d.schoolB);
    expect(b).toMatchObject({ state: null, studentsEvaluated: 0, rows: 0 });
  });

  it('swaps a refresh in atomically: a reader sees the old counts or the new ones, never a mix', async () => {
    const before = await cacheRow('MMR');
    await s.h.db
      .insertInto('vaccinations')
      .values(dose(ids.Kim!, s.d.schoolA, MMR2, 'MMR'))
      .execute();
    const seen: unknown[] = [];
    let done = false;
    const reader = (async () => {
      while (!done) {
        const r = await sql<{
          n: number;
          compliant: number;
        }>`SELECT count(*)::int AS n, sum(compliant_count)::int AS compliant
          FROM compliance_dashboard_cache WHERE school_id = ${s.d.schoolA}`.execute(s.h.db);
        seen.push(r.rows[0]);
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    await refreshSchoolDashboard(s.h.db, s.clock, s.d.schoolA);
    done = true;
    await reader;
    const after = await cacheRow('MMR');
    expect(before).toMatchObject({ compliant_count: 1 });
    expect(after).toMatchObject({ compliant_count: 2, overdue_count: 0 });
    const n = (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM compliance_dashboard_cache WHERE school_id = ${s.d.schoolA}`.execute(
        s.h.db,
      )
    ).rows[0]!.n;
    const totals = new Set(seen.map((x) => JSON.stringify(x)));
    expect(seen.length).toBeGreaterThan(0);
    for (const t of totals) expect((JSON.parse(t) as { n: number }).n).toBe(n);
    expect(totals.size).toBeLessThanOrEqual(2);
    // the day's snapshot was replaced, not added to
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM compliance_dashboard_snapshots
      WHERE school_id = ${s.d.schoolA} AND snapshot_date = '2026-11-20'`.execute(s.h.db);
    expect(rows.rows[0]!.n).toBe(n);
  });

  it('keeps one snapshot per day for the trend; the view shows the newest day', async () => {
    s.clock.advance(24 * 3_600_000);
    await s.h.db
      .updateTable('immunization_exemptions')
      .set({ end_date: '2026-11-20' })
      .where('student_id', '=', ids.Max!)
      .execute();
    await refreshSchoolDashboard(s.h.db, s.clock, s.d.schoolA);
    expect(await cacheRow('MMR')).toMatchObject({
      snapshot_date: '2026-11-21',
      exempt_count: 0,
      overdue_count: 1,
    });
    const r = await get(s.d.nurseA.email, `/immunizations/dashboard?schoolId=${s.d.schoolA}`);
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json<ComplianceDashboardView>();
    expect(v.trend.map((p) => [p.date, p.compliant, p.exempt, p.overdue])).toEqual([
      ['2026-11-20', 2, 1, 0],
      ['2026-11-21', 2, 0, 1],
    ]);
    expect(v.byGrade).toEqual([expect.objectContaining({ key: 'K', total: 3, compliant: 2, overdue: 1 })]);
    expect(v.byVaccine.map((x) => x.key)).toEqual(
      expect.arrayContaining(['DTaP', 'HepB', 'IPV', 'MMR', 'VAR']),
    );
    expect(v.needingAction).toEqual([
      expect.objectContaining({
        studentId: ids.Max,
        name: 'Kinder, Max',
        gradeLevel: 'K',
        needs: [
          expect.objectContaining({
            vaccine: 'MMR',
            status: 'OVERDUE',
            reason: expect.stringContaining('medical exemption not counted: expired 2026-11-20') as string,
          }),
        ],
      }),
    ]);
    expect(v.computedAt).toBe('Nov 21, 2026, 7:00 AM');
    const audit = (await auditRows(s.h.db, 'READ')).filter(
      (a) => a.table_name === 'compliance_dashboard_snapshots',
    );
    expect(audit.at(-1)).toMatchObject({
      user_id: s.d.nurseA.id,
      school_id: s.d.schoolA,
      details: expect.objectContaining({ recordIds: [ids.Max] }) as unknown,
    });
  });

  it('a dose pushed by a workstation enqueues the school refresh once per minute; the job shows it', async () => {
    let runner: JobRunner | null = await startJobs({
      db: s.h,
      definitions: dashboardJobs,
      clock: s.clock,
      work: false,
      schedules: false,
    });
    await runner.stop();
    runner = null;
    const ws = await s.enroll('A');
    const nurse = await s.signIn(s.d.nurseA.email, ws);
    const push = (seq: number, d: ReturnType<typeof dose>) =>
      s.app.inject({
        method: 'POST',
        url: '/sync/push',
        headers: s.headers(nurse),
        payload: {
          schemaVersion: SCHEMA,
          changes: [
            {
              seq,
              table: 'vaccinations',
              rowId: d.id,
              op: 'UPSERT',
              columns: { ...d, id: undefined },
              hlc: s.hlc(ws.deviceId, seq),
            },
          ],
        },
      });
    const mmr = dose(ids.Max!, s.d.schoolA, ['2026-11-21', '03', ['MMR']], 'MMR');
    const r1 = await push(1, mmr);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json<PushResponse>()).toMatchObject({ applied: 1, rejections: [] });
    const again = await push(2, { ...mmr, lot_number: 'CORRECTED' });
    expect(again.json<PushResponse>()).toMatchObject({ applied: 1 });
    const jobs = await sql<{
      data: { schoolId: string };
    }>`SELECT data FROM pgboss.job WHERE name = ${DASHBOARD_SCHOOL_JOB}`.execute(s.h.db);
    expect(jobs.rows.map((j) => j.data)).toEqual([{ schoolId: s.d.schoolA }]);
    runner = await startJobs({
      db: s.h,
      definitions: dashboardJobs,
      clock: s.clock,
      schedules: false,
      timings: { pollingIntervalSeconds: 0.5 },
    });
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const row = await cacheRow('MMR');
        if (row?.compliant_count === 3) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      expect(await cacheRow('MMR')).toMatchObject({ compliant_count: 3, overdue_count: 0 });
    } finally {
      await runner.stop();
    }
  }, 120_000);

  it('shows names only to the school roles, each school only to its own people, and refuses other roles', async () => {
    const url = `/immunizations/dashboard?schoolId=${s.d.schoolA}`;
    await sql`UPDATE immunization_exemptions SET end_date = NULL`.execute(s.h.db);
    await s.h.db
      .deleteFrom('vaccinations')
      .where('student_id', '=', ids.Kim!)
      .where('administration_date', '=', '2025-09-02')
      .where('vaccine_type', '=', 'MMR')
      .execute();
    await refreshSchoolDashboard(s.h.db, s.clock, s.d.schoolA);
    const admin = (await get(s.d.adminA.email, url)).json<ComplianceDashboardView>();
    expect(admin.needingAction.map((n) => n.name)).toEqual(['Kinder, Kim']);
    const district = await get(s.d.districtAdmin.email, url);
    expect(district.statusCode).toBe(200);
    expect(district.json<ComplianceDashboardView>().needingAction.map((n) => [n.studentId, n.name])).toEqual([
      [ids.Kim, null],
    ]);
    expect((await get(s.d.nurseB.email, url)).statusCode).toBe(404);
    expect((await get(s.d.auditor.email, url)).statusCode).toBe(403);
    expect((await get(s.d.nurseA.email, `/immunizations/dashboard?schoolId=a%00b`)).statusCode).toBe(400);
    const schools = (await get(s.d.nurseA.email, '/immunizations/dashboard/schools')).json<{
      schools: { id: string; snapshotDate: string | null }[];
    }>();
    expect(schools.schools).toEqual([
      { id: s.d.schoolA, name: 'Alpha Elementary', snapshotDate: '2026-11-21' },
    ]);
  });

  it("exports the state report as CSV in California's layout (administrators only, audited)", async () => {
    const url = `/immunizations/dashboard/state-report.csv?schoolId=${s.d.schoolA}`;
    expect((await get(s.d.nurseA.email, url)).statusCode).toBe(403);
    const r = await get(s.d.adminA.email, url);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toBe(
      'attachment; filename="immunization-state-report_ALPHA_2026-11-21.csv"',
    );
    const rows: string[][] = parse(r.body, {});
    expect(rows[0]).toEqual([
      'School Year',
      'School Code',
      'School Name',
      'Grade',
      'As Of',
      'Enrollment',
      'All Required Immunizations',
      'Conditional Entrants',
      'Overdue (Not Up To Date)',
      'Medical Exemptions',
      'Other Exemptions (not accepted since 2016)',
      'Percent Complete',
    ]);
    // Lou complete, Max complete with the pushed dose (his exemption no longer needed), Kim without her 2nd MMR
    expect(rows[1]).toEqual([
      '2026-2027',
      'ALPHA',
      'Alpha Elementary',
      'Kindergarten',
      '2026-11-21',
      '3',
      '2',
      '0',
      '1',
      '0',
      '0',
      '66.7',
    ]);
    expect(rows[2]!.slice(3, 6)).toEqual(['Grade 7', '2026-11-21', '0']);
    expect((await auditRows(s.h.db, 'EXPORT')).at(-1)).toMatchObject({
      user_id: s.d.adminA.id,
      school_id: s.d.schoolA,
    });
  });

  it('refreshes on demand for an administrator of the school only', async () => {
    const admin = await s.signIn(s.d.adminA.email);
    const ok = await s.app.inject({
      method: 'POST',
      url: '/immunizations/dashboard/refresh',
      headers: bearer(admin),
      payload: { schoolId: s.d.schoolA },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ schoolId: s.d.schoolA, studentsEvaluated: 3 });
    const other = await s.app.inject({
      method: 'POST',
      url: '/immunizations/dashboard/refresh',
      headers: bearer(admin),
      payload: { schoolId: s.d.schoolB },
    });
    expect(other.statusCode).toBe(404);
    const nurse = await s.signIn(s.d.nurseA.email);
    const refused = await s.app.inject({
      method: 'POST',
      url: '/immunizations/dashboard/refresh',
      headers: bearer(nurse),
      payload: { schoolId: s.d.schoolA },
    });
    expect(refused.statusCode).toBe(403);
  });
});
