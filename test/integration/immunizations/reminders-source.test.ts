import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  complianceReminderSource,
  ensureSupportingData,
  loadShippedSchoolEntry,
  runReminders,
} from '../../../server-sync/immunizations';
import { pdfRenderer } from '../../../server-sync/reports';
import { serverTargets } from '../../support/db';
import { makeDistrict, TestClock, type TestDistrict } from '../server/support';

/**
 * The reminder job's needs from CDC's forecast and California's school-entry rules (complianceReminderSource), on a
 * district whose school is in California with the shipped rules and CDC's release loaded as `serve` loads them.
 * Three kindergartners (born 2021-09-01) with the infant series, the 4-year DTaP-IPV and both varicella doses:
 * Kim and Max have one MMR dose, Lou has both; Max has a medical exemption for MMR with its form on file.
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

describe.each(serverTargets())("immunization reminders from CDC's forecast and the state on $name", (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let dir: string;
  const ids: Record<string, string> = {};
  // Tuesday 2027-01-05 07:00 in New York (the district's time zone)
  const clock = new TestClock('2027-01-05T12:00:00.000Z');

  const kindergartner = async (key: string, doses: readonly (typeof BASE)[number][]) => {
    const id = uuidv7();
    ids[key] = id;
    await h.db
      .insertInto('students')
      .values({
        id,
        district_id: d.districtId,
        school_id: d.schoolA,
        student_number: `K-${key}`,
        first_name: key,
        last_name: 'Kinder',
        date_of_birth: '2021-09-01',
        sex: 'F',
        grade_level: 'K',
        enrollment_date: '2026-08-20',
      })
      .execute();
    for (const [date, cvx, series] of doses)
      for (const s of series)
        await h.db
          .insertInto('vaccinations')
          .values({
            id: uuidv7(),
            student_id: id,
            school_id: d.schoolA,
            vaccine_type: s,
            cvx_code: cvx,
            administration_date: date,
            lot_number: `L${date.replaceAll('-', '')}${cvx}`,
            source: 'HISTORICAL',
          })
          .execute();
    return id;
  };

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db); // NJ district; its two sixth graders are not part of this test
    await h.db
      .updateTable('students')
      .set({ enrollment_status: 'WITHDRAWN' })
      .where('id', 'in', [d.studentA, d.studentB])
      .execute();
    await ensureSupportingData(h.db);
    await loadShippedSchoolEntry(h.db);
    await h.db.updateTable('schools').set({ state: 'CA' }).where('id', '=', d.schoolA).execute();
    dir = mkdtempSync(join(tmpdir(), 'wc-reminders-source-'));
    await kindergartner('Kim', BASE);
    await kindergartner('Lou', [...BASE, MMR2]);
    const max = await kindergartner('Max', BASE);
    const form = uuidv7();
    await h.db
      .insertInto('documents')
      .values({
        id: form,
        school_id: d.schoolA,
        student_id: max,
        title: 'Medical exemption (MMR) - Kinder, Max',
        document_type: 'EXEMPTION_FORM',
        mime_type: 'application/pdf',
        file_size_bytes: 81_234,
        storage_path: `documents/ALPHA/${max}/${form}.pdf`,
        sha256: 'a'.repeat(64),
        uploaded_by: d.nurseA.id,
      })
      .execute();
    await h.db
      .insertInto('immunization_exemptions')
      .values({
        id: uuidv7(),
        student_id: max,
        school_id: d.schoolA,
        vaccine_type: 'MMR',
        exemption_type: 'MEDICAL',
        start_date: '2026-08-01',
        document_id: form,
      })
      .execute();
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives MMR dose 2 for the kindergartner missing it, nothing for the compliant or exempt one', async () => {
    const needs = await complianceReminderSource(h.db, '2027-01-05', { districtId: d.districtId });
    expect(needs).toHaveLength(1);
    const [need] = needs;
    expect(need).toMatchObject({
      studentId: ids.Kim,
      schoolId: d.schoolA,
      vaccine: 'MMR',
      doseNumber: 2,
      kind: 'STATE_DEADLINE',
    });
    expect(need!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(need!.dueDate <= '2027-01-05').toBe(true);
  });

  it('without the form, the medical exemption does not count in California: Max is reminded too', async () => {
    await h.db
      .updateTable('immunization_exemptions')
      .set({ document_id: null })
      .where('student_id', '=', ids.Max!)
      .execute();
    try {
      const needs = await complianceReminderSource(h.db, '2027-01-05', { districtId: d.districtId });
      expect(needs.map((n) => [n.studentId, n.vaccine, n.doseNumber]).sort()).toEqual(
        [
          [ids.Kim, 'MMR', 2],
          [ids.Max, 'MMR', 2],
        ].sort(),
      );
    } finally {
      const form = await h.db
        .selectFrom('documents')
        .select('id')
        .where('student_id', '=', ids.Max!)
        .executeTakeFirstOrThrow();
      await h.db
        .updateTable('immunization_exemptions')
        .set({ document_id: form.id })
        .where('student_id', '=', ids.Max!)
        .execute();
    }
  });

  it("the daily job plans the reminders from it: one, Kim's MMR dose 2", async () => {
    const r = await runReminders(
      h.db,
      clock,
      {
        source: complianceReminderSource,
        channels: () => ({ email: null, sms: null }),
        render: pdfRenderer(),
        lettersDir: () => dir,
      },
      d.districtId,
    );
    expect(r).toMatchObject({ date: '2027-01-05', created: 1 });
    const rows = await h.db
      .selectFrom('immunization_reminders')
      .select(['student_id', 'school_id', 'vaccine_type', 'dose_number'])
      .execute();
    expect(rows).toEqual([{ student_id: ids.Kim, school_id: d.schoolA, vaccine_type: 'MMR', dose_number: 2 }]);
  });

  it("a religious exemption California does not accept leaves Kim's reminder open", async () => {
    await h.db
      .insertInto('immunization_exemptions')
      .values({
        id: uuidv7(),
        student_id: ids.Kim!,
        school_id: d.schoolA,
        vaccine_type: 'MMR',
        exemption_type: 'RELIGIOUS',
        start_date: '2027-01-04',
      })
      .execute();
    await runReminders(
      h.db,
      clock,
      {
        source: complianceReminderSource,
        channels: () => ({ email: null, sms: null }),
        render: pdfRenderer(),
        lettersDir: () => dir,
      },
      d.districtId,
    );
    const kim = await h.db
      .selectFrom('immunization_reminders')
      .select(['reminder_status', 'notes'])
      .where('student_id', '=', ids.Kim!)
      .executeTakeFirstOrThrow();
    expect(kim.reminder_status).not.toBe('DISMISSED');
    expect(kim.notes ?? '').not.toContain('exemption is in force');
  });
});
