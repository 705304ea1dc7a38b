import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../server-sync/medication-safety';
import {
  buildSafetyIndex,
  checkMedication,
  crossReactivityKey,
  referenceFromDataset,
  referenceId,
  resolveAllergen,
  type AllergyFinding,
  type SafetyIndex,
} from '../../../src-shared/medication-safety';
import { cls, cross, drug, index } from './fixture';

/**
 * Allergy conflicts: a drug allergy (the drug, its pharmacologic classes -- never its therapeutic or effect ones),
 * a class allergy, documented cross-reactivity with its evidence, the strongest finding once, and unknown
 * allergens; on the shipped dataset and on a small hand-made reference.
 */

let shipped: SafetyIndex;
beforeAll(async () => {
  shipped = buildSafetyIndex(referenceFromDataset(await readDataset()));
});

/** the check of a drug the reference knows (a misspelt drug would find nothing and prove nothing) */
function conflicts(idx: SafetyIndex, text: string, allergens: string[]) {
  const r = checkMedication(idx, {
    drug: { text },
    others: [],
    allergies: allergens.map((allergen) => ({ allergen })),
  });
  expect(r.drug, text).not.toBeNull();
  return r;
}
const one = (idx: SafetyIndex, text: string, allergen: string): AllergyFinding | undefined =>
  conflicts(idx, text, [allergen]).allergyConflicts[0];
const brief = (f: AllergyFinding | undefined) => f && [f.kind, f.severity, f.evidence];

describe('allergies on the shipped dataset', () => {
  it('penicillin allergy: amoxicillin CLASS, cephalexin CROSS_REACTIVE with LOW evidence (MODERATE), meropenem LOW', () => {
    expect(brief(one(shipped, 'amoxicillin', 'Penicillin'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(one(shipped, 'amoxicillin', 'penicillin')!.allergyClass).toBe('PENICILLINS');
    const ceph = one(shipped, 'cephalexin', 'penicillin')!;
    expect(brief(ceph)).toEqual(['CROSS_REACTIVE', 'MODERATE', 'LOW']);
    expect(ceph).toMatchObject({ allergyClass: 'PENICILLINS', drugClass: 'CEPHALOSPORINS' });
    expect(ceph.ruleId).toBe(
      referenceId('cross-reactivity', crossReactivityKey('PENICILLINS', 'CEPHALOSPORINS')),
    );
    expect(ceph.description).toMatch(/1-2%/);
    expect(ceph.source).toMatch(/Khan DA/);
    expect(brief(one(shipped, 'meropenem', 'PCN'))).toEqual(['CROSS_REACTIVE', 'MINOR', 'LOW']);
  });

  it('amoxicillin allergy: the drug, a product containing it, penicillins; cephalexin by side chain (MODERATE evidence)', () => {
    expect(brief(one(shipped, 'Amoxil', 'amoxicillin'))).toEqual(['DRUG', 'CONTRAINDICATED', 'HIGH']);
    const augmentin = one(shipped, 'Augmentin', 'amoxicillin')!;
    expect(brief(augmentin)).toEqual(['DRUG', 'CONTRAINDICATED', 'HIGH']);
    expect(augmentin.description).toContain('contains Amoxicillin');
    expect(brief(one(shipped, 'penicillin v', 'amoxicillin'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    const ceph = one(shipped, 'Keflex', 'amoxicillin')!;
    expect(brief(ceph)).toEqual(['CROSS_REACTIVE', 'MAJOR', 'MODERATE']);
    expect(ceph.drugClass).toBe('CEPHALOSPORINS_AMINOPENICILLIN_SIDE_CHAIN');
    expect(brief(one(shipped, 'cefdinir', 'amoxicillin'))).toEqual(['CROSS_REACTIVE', 'MODERATE', 'LOW']);
    // never through a therapeutic class (ANTIBACTERIALS) nor a family class above (BETA_LACTAMS)
    for (const d of ['azithromycin', 'ciprofloxacin', 'sulfamethoxazole / trimethoprim', 'vancomycin'])
      expect(one(shipped, d, 'amoxicillin'), d).toBeUndefined();
  });

  it('a class allergy flags the class and its descendants ("beta-lactams" covers cephalosporins)', () => {
    expect(brief(one(shipped, 'cephalexin', 'beta-lactams'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(brief(one(shipped, 'meropenem', 'Beta Lactam Antibiotics'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(one(shipped, 'azithromycin', 'beta-lactams')).toBeUndefined();
  });

  it('sulfonamide antibiotic allergy: Bactrim CLASS; non-antibiotic sulfonamides LOW, MINOR', () => {
    expect(brief(one(shipped, 'Bactrim', 'sulfa drugs'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(brief(one(shipped, 'sulfamethoxazole/trimethoprim', 'Sulfa'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    for (const d of ['furosemide', 'celecoxib'])
      expect(brief(one(shipped, d, 'sulfa')), d).toEqual(['CROSS_REACTIVE', 'MINOR', 'LOW']);
    expect(brief(one(shipped, 'Bactrim', 'Bactrim'))).toEqual(['DRUG', 'CONTRAINDICATED', 'HIGH']);
  });

  it('aspirin and NSAID allergies: COX-1 NSAIDs HIGH, meloxicam MODERATE, celecoxib LOW', () => {
    expect(brief(one(shipped, 'ibuprofen', 'aspirin'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(brief(one(shipped, 'Aleve', 'ASA'))).toEqual(['CROSS_REACTIVE', 'MAJOR', 'HIGH']);
    expect(brief(one(shipped, 'meloxicam', 'ibuprofen'))).toEqual(['CROSS_REACTIVE', 'MODERATE', 'MODERATE']);
    expect(brief(one(shipped, 'celecoxib', 'Motrin'))).toEqual(['CROSS_REACTIVE', 'MINOR', 'LOW']);
    expect(brief(one(shipped, 'aspirin', 'ibuprofen'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(brief(one(shipped, 'naproxen', 'NSAIDs'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(one(shipped, 'acetaminophen', 'NSAIDs')).toBeUndefined();
  });

  it('a class with a row naming it twice carries that note on its own CLASS flag (macrolides)', () => {
    const f = one(shipped, 'erythromycin', 'azithromycin')!;
    expect(brief(f)).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(f.description).toMatch(
      /^Erythromycin is in .*: the student is allergic to "azithromycin"\. Allergy to one macrolide/,
    );
    expect(f.ruleId).toBe(referenceId('cross-reactivity', crossReactivityKey('MACROLIDES', 'MACROLIDES')));
  });

  it('allergens in words: whole words only, the longest first; short aliases only as the whole allergen', () => {
    expect(resolveAllergen(shipped, 'Penicillin (hives, 2019)')?.classes.map((c) => c.code)).toEqual([
      'PENICILLINS',
    ]);
    expect(resolveAllergen(shipped, 'allergic to sulfa drugs')?.classes.map((c) => c.code)).toEqual([
      'SULFONAMIDE_ANTIBIOTICS',
    ]);
    expect(resolveAllergen(shipped, 'nonselective NSAIDs')?.classes.map((c) => c.code)).toEqual([
      'NSAIDS_NONSELECTIVE',
    ]);
    expect(resolveAllergen(shipped, 'pen')?.classes.map((c) => c.code)).toEqual(['PENICILLINS']);
    expect(resolveAllergen(shipped, 'ball pen ink')).toBeNull();
    expect(resolveAllergen(shipped, 'Amoxicillin - rash')?.drugs.map((d) => d.name)).toEqual(['Amoxicillin']);
    expect(resolveAllergen(shipped, 'penicillins')?.drugs).toEqual([]);
    // no partial words, no spelling correction
    expect(resolveAllergen(shipped, 'penicil')).toBeNull();
    expect(resolveAllergen(shipped, 'amoxicilin')).toBeNull();
  });

  it('an allergen that names nothing is listed in unknown, and the others are still checked', () => {
    const r = conflicts(shipped, 'amoxicillin', ['peanuts', 'penicillin', 'latex', 'peanuts']);
    expect(r.unknown).toEqual(['allergy: peanuts', 'allergy: latex']);
    expect(r.allergyConflicts.map((f) => f.allergy.allergen)).toEqual(['penicillin']);
    expect(r.highest).toBe('MAJOR');
  });

  it('several allergies: one finding each, strongest first', () => {
    const r = conflicts(shipped, 'cephalexin', ['penicillin', 'amoxicillin', 'Keflex']);
    expect(r.allergyConflicts.map((f) => [f.allergy.allergen, f.kind, f.severity])).toEqual([
      ['Keflex', 'DRUG', 'CONTRAINDICATED'],
      ['amoxicillin', 'CROSS_REACTIVE', 'MAJOR'],
      ['penicillin', 'CROSS_REACTIVE', 'MODERATE'],
    ]);
    expect(r.highest).toBe('CONTRAINDICATED');
  });
});

describe('allergies on a hand-made reference', () => {
  const idx = index({
    classes: [
      cls('FAMILY'),
      cls('A_CLASS', 'PHARMACOLOGIC', 'FAMILY', ['a words']),
      cls('B_CLASS', 'PHARMACOLOGIC', 'FAMILY'),
      cls('SUB_B', 'PHARMACOLOGIC', 'B_CLASS'),
      cls('THERAPY', 'THERAPEUTIC'),
      cls('EFFECT', 'EFFECT'),
    ],
    drugs: [
      drug('alpha', ['A_CLASS', 'THERAPY', 'EFFECT']),
      drug('alpha2', ['A_CLASS']),
      drug('beta', ['SUB_B', 'THERAPY']),
      drug('gamma', ['THERAPY', 'EFFECT']),
    ],
    cross: [cross('FAMILY', 'B_CLASS', 'LOW', 'MINOR'), cross('A_CLASS', 'SUB_B', 'MODERATE', 'MAJOR')],
  });

  it('a drug allergy: the drug, its pharmacologic class; not its therapeutic or effect class', () => {
    expect(brief(one(idx, 'alpha', 'alpha'))).toEqual(['DRUG', 'CONTRAINDICATED', 'HIGH']);
    expect(brief(one(idx, 'alpha2', 'alpha'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
    expect(one(idx, 'gamma', 'alpha')).toBeUndefined();
  });

  it('cross-reactivity from the allergy class and its ancestors reaches the class and its descendants; strongest once', () => {
    // A_CLASS > SUB_B (MODERATE, MAJOR) and FAMILY (A_CLASS's parent) > B_CLASS (SUB_B's parent) (LOW, MINOR)
    const f = one(idx, 'beta', 'alpha')!;
    expect(brief(f)).toEqual(['CROSS_REACTIVE', 'MAJOR', 'MODERATE']);
    expect(f.description).toBe('note A_CLASS>SUB_B');
    expect(conflicts(idx, 'beta', ['alpha']).allergyConflicts).toHaveLength(1);
    expect(brief(one(idx, 'beta', 'a words'))).toEqual(['CROSS_REACTIVE', 'MAJOR', 'MODERATE']);
    expect(brief(one(idx, 'beta', 'family'))).toEqual(['CLASS', 'MAJOR', 'HIGH']);
  });
});
