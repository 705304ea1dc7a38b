import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { readDataset } from '../../../server-sync/medication-safety';
import { seedDemo } from '../../../server-sync/seed/demo';
import { SAFETY_SCENARIOS } from '../../../server-sync/seed/medication-safety/scenarios';
import {
  buildSafetyIndex,
  checkMedication,
  referenceFromDataset,
  type AllergyInput,
  type SafetyIndex,
} from '../../../src-shared/medication-safety';

/**
 * The demo's medication-safety scenarios (PGlite): every planted allergy has its student_drug_allergies_xref link
 * (the drug and/or class it is to: the rows the workstation pulls with the student's data), the check on the
 * shipped reference flags each planted allergy's school order through the allergy and its links, the allergy known
 * only by its link flags nothing without it, and the off-catalog order is unknown to the check.
 */
describe('the demo seed’s medication-safety scenarios', () => {
  let h: ServerDbHandle;
  let idx: SafetyIndex;

  beforeAll(async () => {
    idx = buildSafetyIndex(referenceFromDataset(await readDataset()));
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    await seedDemo(h.db, {
      seed: 11,
      students: 60,
      years: 1,
      schools: 1,
      asOf: new Date('2026-11-20T12:00:00Z'),
    });
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  /** the planted allergy of a scenario (its reaction text is the scenario's own), its links and its school order */
  const planted = async (reaction: string) => {
    const allergy = await h.db
      .selectFrom('allergies')
      .select(['id', 'student_id', 'allergen', 'severity'])
      .where('reaction', '=', reaction)
      .executeTakeFirstOrThrow();
    const links = await h.db
      .selectFrom('student_drug_allergies_xref')
      .select(['drug_id', 'drug_class', 'student_id', 'school_id'])
      .where('allergy_id', '=', allergy.id)
      .where('deleted_at', 'is', null)
      .execute();
    const order = await h.db
      .selectFrom('student_medications as sm')
      .innerJoin('medications as m', 'm.id', 'sm.medication_id')
      .select(['m.name', 'm.generic_name', 'm.rxnorm_code'])
      .where('sm.student_id', '=', allergy.student_id)
      .where('sm.administration_location', '=', 'SCHOOL')
      .executeTakeFirstOrThrow();
    return { allergy, links, order };
  };
  const check = (order: { generic_name: string | null; name: string }, allergies: AllergyInput[]) =>
    checkMedication(idx, { drug: { text: order.generic_name ?? order.name }, others: [], allergies });

  it('links every planted allergy to its drug or class, and the check flags the school order through them', async () => {
    const withAllergy = SAFETY_SCENARIOS.filter((s) => s.allergy);
    expect(withAllergy.length).toBeGreaterThan(0);
    for (const s of withAllergy) {
      const { allergy, links, order } = await planted(s.allergy!.reaction);
      expect(links, s.warning).toHaveLength(1);
      expect(links[0]!.student_id).toBe(allergy.student_id);
      expect(links[0]!.drug_class, s.warning).toBe(s.allergy!.link.drugClass ?? null);
      expect(links[0]!.drug_id !== null, s.warning).toBe(s.allergy!.link.drug !== undefined);
      const r = check(order, [
        {
          allergen: allergy.allergen,
          links: links.map((l) => ({ drugId: l.drug_id, drugClass: l.drug_class })),
        },
      ]);
      expect(r.unknown, s.warning).toEqual([]);
      expect(r.allergyConflicts, s.warning).toHaveLength(1);
    }
  });

  it('the allergy known by its link only flags the order with the link and nothing without it', async () => {
    const s = SAFETY_SCENARIOS.find((x) => x.allergy && !x.allergy.link.drug)!;
    const { allergy, links, order } = await planted(s.allergy!.reaction);
    const linked = check(order, [
      { allergen: allergy.allergen, links: [{ drugClass: links[0]!.drug_class }] },
    ]);
    expect(linked.allergyConflicts[0]).toMatchObject({ kind: 'CLASS', severity: 'MAJOR' });
    const textOnly = check(order, [{ allergen: allergy.allergen }]);
    expect(textOnly.allergyConflicts).toEqual([]);
    expect(textOnly.unknown).toEqual([`allergy: ${allergy.allergen}`]);
  });

  it('the off-catalog order is unknown to the check', async () => {
    const s = SAFETY_SCENARIOS.find((x) => /does not have/.test(x.warning))!;
    const rows = await h.db
      .selectFrom('student_medications as sm')
      .innerJoin('medications as m', 'm.id', 'sm.medication_id')
      .select(['m.name', 'm.generic_name', 'm.rxnorm_code'])
      .where('m.name', 'like', 'Sodium Chloride%')
      .where('sm.administration_location', '=', 'SCHOOL')
      .execute();
    expect(rows, s.warning).toHaveLength(1);
    const r = check(rows[0]!, []);
    expect(r.drug).toBeNull();
    expect(r.unknown).toEqual([rows[0]!.generic_name]);
  });
});
