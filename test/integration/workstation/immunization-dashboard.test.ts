import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import {
  ensureSupportingData,
  loadShippedSchoolEntry,
  readSchoolDashboard,
  refreshSchoolDashboard,
} from '../../../server-sync/immunizations';
import { systemClock } from '../../../server-sync/plugins/clock';
import { enrollAndSync, makeCore, startDistrict, tempDir, type District } from './support';

/**
 * immunizations.dashboard on a real workstation enrolled with a real district server (California's shipped rules,
 * CDC's stored release pulled): the school's compliance summary computed offline from the workstation's own
 * database, by grade and by vaccine, with the students needing action; the same numbers as the district's refresh
 * of the same school (the same pure code on both sides). Lily (kindergarten) has every series but one MMR dose; the
 * other students have no doses on record.
 */
let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };

const LILY: readonly [date: string, cvx: string, series: readonly string[]][] = [
  ['2018-02-12', '08', ['HepB']],
  ['2018-04-13', '110', ['DTaP', 'HepB', 'IPV']],
  ['2018-06-15', '110', ['DTaP', 'HepB', 'IPV']],
  ['2018-08-17', '110', ['DTaP', 'HepB', 'IPV']],
  ['2019-02-15', '03', ['MMR']],
  ['2019-02-15', '21', ['VAR']],
  ['2019-05-20', '20', ['DTaP']],
  ['2022-02-14', '130', ['DTaP', 'IPV']],
  ['2022-02-14', '21', ['VAR']],
];

beforeAll(async () => {
  d = await startDistrict();
  await ensureSupportingData(d.h.db);
  await loadShippedSchoolEntry(d.h.db);
  await d.h.db.updateTable('schools').set({ state: 'CA' }).where('id', '=', d.schoolId).execute();
  for (const [date, cvx, series] of LILY)
    for (const s of series)
      await d.h.db
        .insertInto('vaccinations')
        .values({
          id: uuidv7(),
          student_id: d.students.lily!,
          school_id: d.schoolId,
          vaccine_type: s,
          cvx_code: cvx,
          administration_date: date,
          lot_number: `L${date.replaceAll('-', '')}${cvx}`,
          source: 'HISTORICAL',
        })
        .execute();
  tmp = tempDir('wc-dashboard-');
  core = await makeCore(tmp.dir);
  await enrollAndSync(core, d);
}, 180_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('immunizations.dashboard: the school compliance summary, offline', () => {
  it('counts by grade and vaccine and lists the students needing action with what each needs', async () => {
    const v = await core.call('immunizations.dashboard', {});
    expect(v.school).toMatchObject({ id: d.schoolId, state: 'CA' });
    expect(v.supportingDataVersion).toBe('4.64');
    const k = v.byGrade.find((g) => g.key === 'K')!;
    expect(k).toMatchObject({ total: 1, compliant: 0 });
    expect(k.conditional + k.overdue).toBe(1);
    const mmr = v.byVaccine.find((x) => x.key === 'MMR')!;
    expect(mmr.total).toBeGreaterThanOrEqual(1);
    const lily = v.needingAction.find((s) => s.studentId === d.students.lily)!;
    expect(lily).toMatchObject({ name: 'Chen, Lily', gradeLevel: 'K' });
    expect(lily.needs.map((n) => n.vaccine)).toEqual(['MMR']);
    expect(lily.needs[0]!.reason).toMatch(/MMR dose 2/);
    expect(v.trend).toEqual([expect.objectContaining({ date: v.snapshotDate, total: v.totals.total })]);
  });

  it("gives the district's numbers for the same school", async () => {
    const ws = await core.call('immunizations.dashboard', {});
    await refreshSchoolDashboard(d.h.db, systemClock, d.schoolId);
    const server = await d.h.db
      .transaction()
      .execute((trx) => readSchoolDashboard(trx, d.schoolId, { withNames: true }));
    expect(server!.view.snapshotDate).toBe(ws.snapshotDate);
    expect(ws.byGrade).toEqual(server!.view.byGrade);
    expect(ws.byVaccine).toEqual(server!.view.byVaccine);
    expect(ws.needingAction).toEqual(server!.view.needingAction);
  });

  it('audits the view with the students it names', async () => {
    const v = await core.call('immunizations.dashboard', {});
    const audit = core.internals
      .context()!
      .sqlite.prepare(`SELECT action, table_name, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
      .get() as { action: string; table_name: string; details: string };
    expect(audit).toMatchObject({ action: 'VIEW', table_name: 'vaccinations' });
    expect(JSON.parse(audit.details)).toMatchObject({
      what: 'immunization compliance dashboard',
      student_ids: v.needingAction.map((s) => s.studentId),
    });
  });
});
