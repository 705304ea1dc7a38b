import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { ensureSupportingData, loadShippedSchoolEntry } from '../../../server-sync/immunizations';
import { enrollAndSync, makeCore, refusal, startDistrict, tempDir, type District } from './support';

/**
 * immunizations.forecast on a real workstation enrolled with a real district server: CDC's evaluation and forecast
 * from the release of CDC's supporting data the district stored (pulled, not the shipped folder), and the school's
 * state's school-entry requirements (the shipped California rules, loaded as `serve` loads them) from CDC's valid
 * doses. Lily (born 2018-02-11) has her infant series and the 4-year DTaP-IPV and varicella doses, but only one MMR:
 * CDC forecasts MMR dose 2 as due and California's kindergarten rule is not met for MMR, the rest is.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
const sqlite = () => core.internals.context()!.sqlite;

/** Each dose as the seed records it: one row per series it counts toward (a DTaP-HepB-IPV dose is three rows). */
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
  const lily = d.students.lily!;
  for (const [date, cvx, series] of LILY)
    for (const s of series)
      await d.h.db
        .insertInto('vaccinations')
        .values({
          id: uuidv7(),
          student_id: lily,
          school_id: d.schoolId,
          vaccine_type: s,
          cvx_code: cvx,
          administration_date: date,
          lot_number: `L${date.replaceAll('-', '')}${cvx}`,
          source: 'HISTORICAL',
        })
        .execute();
  tmp = tempDir('wc-forecast-');
  core = await makeCore(tmp.dir);
  await enrollAndSync(core, d);
}, 180_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe("immunizations.forecast: CDC's forecast and the state's school entry, offline", () => {
  it("evaluates with the district's release of CDC's data and forecasts the missing MMR dose", async () => {
    const f = await core.call('immunizations.forecast', { studentId: d.students.lily! });
    expect(f.supportingData).toEqual({ version: '4.64', source: 'database' });
    expect(f.problems).toEqual([]);
    const group = (name: string) => f.groups.find((g) => g.vaccineGroup === name);
    // the combination doses count once each in every group they belong to
    expect(group('HepB')).toMatchObject({ status: 'Complete', validDoses: 4, next: null });
    expect(group('Polio')).toMatchObject({ status: 'Complete', validDoses: 4 });
    expect(group('Varicella')).toMatchObject({ status: 'Complete', validDoses: 2 });
    const mmr = group('MMR')!;
    expect(mmr).toMatchObject({ status: 'Not Complete', validDoses: 1, next: { doseNumber: 2 } });
    expect(['DUE', 'PAST_DUE']).toContain(mmr.next!.state);
    expect(mmr.summary).toMatch(/^MMR dose 2 (due now|past due)/);
    // travel and adult vaccines are not a school nurse's list
    expect(f.groups.map((g) => g.vaccineGroup)).not.toContain('Yellow Fever');
    expect(f.groups.map((g) => g.vaccineGroup)).not.toContain('Zoster');
  });

  it("applies California's kindergarten rules to CDC's valid doses, with the reason in words", async () => {
    const f = await core.call('immunizations.forecast', { studentId: d.students.lily! });
    expect(f.schoolEntry?.state).toBe('CA');
    const v = (name: string) => f.schoolEntry!.vaccines.find((x) => x.vaccine === name);
    const mmr = v('MMR')!;
    expect(['OVERDUE', 'CONDITIONAL']).toContain(mmr.status);
    expect(mmr).toMatchObject({ validDoses: 1, dosesNeeded: 2, nextDose: 2 });
    expect(mmr.reason).toMatch(/MMR dose 2/);
    for (const met of ['DTaP', 'IPV', 'HepB', 'VAR']) expect(v(met)?.status, met).toBe('COMPLIANT');
  });

  it('audits every view', async () => {
    await core.call('immunizations.forecast', { studentId: d.students.lily! });
    const audit = sqlite()
      .prepare(`SELECT action, table_name, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
      .get() as { action: string; table_name: string; details: string };
    expect(audit).toMatchObject({ action: 'VIEW', table_name: 'vaccinations' });
    expect(JSON.parse(audit.details)).toMatchObject({ student_id: d.students.lily, supporting_data: '4.64' });
  });

  it('takes an exemption filed at the district into account, and says why one does not count', async () => {
    await d.h.db
      .insertInto('immunization_exemptions')
      .values({
        id: uuidv7(),
        student_id: d.students.lily!,
        school_id: d.schoolId,
        vaccine_type: 'MMR',
        exemption_type: 'RELIGIOUS',
        start_date: '2026-01-05',
      })
      .execute();
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const f = await core.call('immunizations.forecast', { studentId: d.students.lily! });
    const mmr = f.schoolEntry!.vaccines.find((x) => x.vaccine === 'MMR')!;
    // California accepts medical exemptions only: a religious one is not counted, and the reason says so
    expect(mmr.status).not.toBe('EXEMPT');
    expect(mmr.reason).toMatch(/religious exemption not counted/i);
  });

  it("reads laboratory evidence of immunity on file as CDC's observation: MMR immune, no dose forecast", async () => {
    const before = await core.call('immunizations.forecast', { studentId: d.students.lily! });
    expect(before.groups.find((g) => g.vaccineGroup === 'MMR')?.status).toBe('Not Complete');
    await d.h.db
      .insertInto('immunization_exemptions')
      .values({
        id: uuidv7(),
        student_id: d.students.lily!,
        school_id: d.schoolId,
        vaccine_type: 'MMR',
        exemption_type: 'LAB_EVIDENCE_OF_IMMUNITY',
        start_date: '2026-03-02',
      })
      .execute();
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const f = await core.call('immunizations.forecast', { studentId: d.students.lily! });
    const mmr = f.groups.find((g) => g.vaccineGroup === 'MMR')!;
    expect(mmr.status).toBe('Immune');
    expect(mmr.next).toBeNull();
    expect(mmr.summary).toMatch(
      /MMR: immune \(evidence of immunity: Laboratory Evidence of Immunity for Measles/,
    );
    // the state's rule counts the evidence too
    expect(f.schoolEntry!.vaccines.find((x) => x.vaccine === 'MMR')?.reason).toMatch(/laboratory evidence/i);
  });

  it("shows where the state registry stands with each dose, as the district's submission job left it", async () => {
    const mmr = await d.h.db
      .selectFrom('vaccinations')
      .select('id')
      .where('student_id', '=', d.students.lily!)
      .where('cvx_code', '=', '03')
      .executeTakeFirstOrThrow();
    const before = await core.call('students.chart', { studentId: d.students.lily! });
    expect(before.immunizations.doses.find((x) => x.id === mmr.id)?.registryStatus).toBe('NOT_SUBMITTED');
    await d.h.db
      .updateTable('vaccinations')
      .set({ registry_status: 'ACCEPTED' })
      .where('id', '=', mmr.id)
      .execute();
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const after = await core.call('students.chart', { studentId: d.students.lily! });
    expect(after.immunizations.doses.find((x) => x.id === mmr.id)?.registryStatus).toBe('ACCEPTED');
  });

  it("refuses a student who is not the school's, naming the field", async () => {
    const e = await refusal(core.call('immunizations.forecast', { studentId: uuidv7() }));
    expect(e).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
  });
});
