import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { enrollAndSync, makeCore, refusal, startDistrict, tempDir, type District } from './support';

/**
 * An allergy's links to the catalog (student_drug_allergies_xref), written on the district server, reach the
 * workstation over sync and count in the check before a dose: a linked drug, a linked class and their cross-reactive
 * classes flag a medication the allergy's text alone does not name; a link deleted on the server stops flagging after
 * the next sync. Real district server, real core.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
let cephalexin: string;
const links: Record<string, string> = {};
// what the nurse wrote: no drug or class the reference can read
const VAGUE = 'Hives at age 3 (details in the previous school records)';

const sqlite = () => core.internals.context()!.sqlite;
const check = (student: string, medicationId: string) =>
  core.call('medicationSafety.check', { studentId: d.students[student]!, medicationId });

beforeAll(async () => {
  d = await startDistrict();
  const db = d.h.db;
  const catalogId = async (key: string) =>
    (
      await db
        .selectFrom('drug_catalog')
        .select('id')
        .where('dataset_key', '=', key)
        .executeTakeFirstOrThrow()
    ).id;
  cephalexin = uuidv7();
  await db
    .insertInto('medications')
    .values({
      id: cephalexin,
      name: 'Cephalexin 250 mg/5 mL suspension',
      generic_name: 'cephalexin',
      rxnorm_code: '2231',
      is_otc: false,
      route: 'oral',
    })
    .execute();
  const allergy = async (student: string, link: { drug?: string; drugClass?: string } | null) => {
    const id = uuidv7();
    await db
      .insertInto('allergies')
      .values({
        id,
        student_id: d.students[student]!,
        school_id: d.schoolId,
        allergen: VAGUE,
        allergen_type: 'DRUG',
        severity: 'MODERATE',
      })
      .execute();
    if (!link) return;
    links[student] = uuidv7();
    await db
      .insertInto('student_drug_allergies_xref')
      .values({
        id: links[student],
        student_id: d.students[student]!,
        allergy_id: id,
        drug_id: link.drug ? await catalogId(link.drug) : null,
        drug_class: link.drugClass ?? null,
        cross_reactive_drugs: JSON.stringify([]),
        school_id: d.schoolId,
      })
      .execute();
  };
  await allergy('sam', { drug: 'amoxicillin' }); // linked to the drug
  await allergy('sara', { drugClass: 'PENICILLINS' }); // linked to the class
  await allergy('maria', { drugClass: 'NSAIDs' }); // linked to a class by its alias
  await allergy('jonathan', null); // the same text, no link
  tmp = tempDir('wc-safety-xref-');
  core = await makeCore(tmp.dir, { alertCheckIntervalMs: 0, alertStream: false });
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('allergy links (student_drug_allergies_xref) in the check', () => {
  it('reach the workstation over sync', () => {
    const rows = sqlite()
      .prepare(`SELECT id, drug_id, drug_class FROM student_drug_allergies_xref WHERE id IN (?, ?)`)
      .all(links.sam, links.sara) as { id: string; drug_id: string | null; drug_class: string | null }[];
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === links.sara)).toMatchObject({ drug_id: null, drug_class: 'PENICILLINS' });
  });

  it('without a link the text names nothing: unknown, no conflict', async () => {
    const r = await check('jonathan', d.meds.amoxicillin);
    expect(r.findings.filter((f) => f.kind === 'ALLERGY')).toEqual([]);
    expect(r.unknown).toEqual([`allergy: ${VAGUE}`]);
  });

  it('a link to the drug flags it (and a cross-reactive class) and needs a reason to give it', async () => {
    const amox = await check('sam', d.meds.amoxicillin);
    expect(amox.unknown).toEqual([]);
    expect(amox.findings).toEqual([
      expect.objectContaining({
        kind: 'ALLERGY',
        match: 'DRUG',
        with: 'Allergy: Hives at age 3 (details in the previous school records) (moderate)',
        level: expect.objectContaining({ severity: 'CONTRAINDICATED' }) as unknown,
        blocking: true,
      }),
    ]);
    const ceph = await check('sam', cephalexin);
    expect(ceph.findings).toEqual([
      expect.objectContaining({
        kind: 'ALLERGY',
        match: 'CROSS_REACTIVE',
        evidence: 'MODERATE',
        blocking: true,
      }),
    ]);
    expect(ceph.requires).toBe('REASON');
  });

  it('a link to the class flags its members and its cross-reactive classes; a stock dose is refused without a reason', async () => {
    expect((await check('sara', d.meds.amoxicillin)).findings).toEqual([
      expect.objectContaining({ kind: 'ALLERGY', match: 'CLASS', blocking: true }),
    ]);
    expect((await check('sara', cephalexin)).findings).toEqual([
      expect.objectContaining({ kind: 'ALLERGY', match: 'CROSS_REACTIVE', evidence: 'LOW' }),
    ]);
    const e = await refusal(
      core.call('clinicVisits.create', {
        studentId: d.students.maria!,
        arrivedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
        reasonText: 'Sore throat',
        triage: 'ROUTINE',
        complaint: 'Sore throat since yesterday',
        medications: [
          {
            medicationId: d.meds.ibuprofen,
            dose: '200 mg',
            route: 'oral',
            givenAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          },
        ],
      }),
    );
    expect(e).toMatchObject({
      code: 'SAFETY_OVERRIDE_REQUIRED',
      field: 'medications.0.safetyOverride.reason',
    });
  });

  it('a link deleted on the server stops flagging after the next sync', async () => {
    await d.h.db
      .updateTable('student_drug_allergies_xref')
      .set({ deleted_at: new Date(), updated_at: new Date() })
      .where('id', '=', links.sara!)
      .execute();
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    const r = await check('sara', d.meds.amoxicillin);
    expect(r.findings.filter((f) => f.kind === 'ALLERGY')).toEqual([]);
    expect(r.unknown).toEqual([`allergy: ${VAGUE}`]);
  });
});
