import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInstanceView } from '../../../src-shared/api/reports';
import { buildServer } from '../../../server-sync/app';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  ensureSupportingData,
  loadShippedSchoolEntry,
  refreshSchoolDashboard,
} from '../../../server-sync/immunizations';
import { reportOptions } from '../../../server-sync/reports';
import { serverTargets } from '../../support/db';
import { pdfPages, qpdfCheck, writePdf } from '../../support/pdf-tools';
import { bearer, login, makeDistrict, testConfig, TestClock, type TestDistrict } from '../server/support';

/**
 * The printable compliance dashboard: the immunization-compliance district report (the report engine) of school A in
 * California, where one kindergartner has a single MMR dose. The PDF passes `qpdf --check` and says what the page
 * says: the counts by grade, the student needing action and what she needs.
 */
describe.each(serverTargets())('the immunization compliance PDF on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let app: FastifyInstance;
  const clock = new TestClock('2026-11-20T15:00:00.000Z');
  const dataDir = mkdtempSync(join(tmpdir(), 'wc-compliance-report-'));

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    await ensureSupportingData(h.db);
    await loadShippedSchoolEntry(h.db);
    await h.db.updateTable('schools').set({ state: 'CA' }).where('id', '=', d.schoolA).execute();
    await h.db
      .updateTable('students')
      .set({ enrollment_status: 'WITHDRAWN' })
      .where('id', '=', d.studentA)
      .execute();
    const kim = uuidv7();
    await h.db
      .insertInto('students')
      .values({
        id: kim,
        district_id: d.districtId,
        school_id: d.schoolA,
        student_number: 'K-1',
        first_name: 'Kim',
        last_name: 'Kinder',
        date_of_birth: '2021-09-01',
        sex: 'F',
        grade_level: 'K',
        enrollment_date: '2026-08-20',
      })
      .execute();
    await h.db
      .insertInto('vaccinations')
      .values({
        id: uuidv7(),
        student_id: kim,
        school_id: d.schoolA,
        vaccine_type: 'MMR',
        cvx_code: '03',
        administration_date: '2022-09-06',
        source: 'HISTORICAL',
      })
      .execute();
    await refreshSchoolDashboard(h.db, clock, d.schoolA);
    app = buildServer({
      db: h,
      config: testConfig(),
      clock,
      reports: reportOptions({ dataDir, keyEncryptionKey: undefined, production: false }),
    });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the dashboard of a school: counts, the trend, the students needing action (qpdf --check passes)', async () => {
    const t = await login(app, d.nurseA.email);
    const r = await app.inject({
      method: 'POST',
      url: '/reports/immunization-compliance/runs',
      headers: bearer(t),
      payload: { parameters: { schoolId: d.schoolA } },
    });
    expect(r.statusCode, r.body).toBe(201);
    const inst = r.json<ReportInstanceView>();
    expect(inst).toMatchObject({ status: 'COMPLETED', error: null });
    const pdf = await app.inject({ url: `/reports/instances/${inst.id}/pdf`, headers: bearer(t) });
    expect(pdf.statusCode).toBe(200);
    const file = writePdf(pdf.rawPayload, 'immunization-compliance');
    expect(qpdfCheck(file).ok).toBe(true);
    const text = pdfPages(file).join('\n');
    expect(text).toContain('Alpha Elementary, as of Nov 20, 2026');
    expect(text).toMatch(/Kindergarten\s+1\s+0\s+0\s+1\s+0\s+0\s+0\.0%/);
    expect(text).toContain('Kinder, Kim');
    expect(text).toMatch(/needs MMR dose 2/);
    // a school the nurse does not work at is refused naming the parameter
    const other = await app.inject({
      method: 'POST',
      url: '/reports/immunization-compliance/runs',
      headers: bearer(t),
      payload: { parameters: { schoolId: d.schoolB } },
    });
    expect(other.statusCode).toBe(404);
    expect(other.body).toContain('schoolId');
  });
});
