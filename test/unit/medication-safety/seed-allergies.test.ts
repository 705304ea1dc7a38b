import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../server-sync/medication-safety';
import { antibioticFor } from '../../../server-sync/seed/mar/orders';
import { ALLERGENS, allergicTo, type AllergyPick } from '../../../server-sync/seed/students/health';
import {
  buildSafetyIndex,
  referenceFromDataset,
  type SafetyIndex,
} from '../../../src-shared/medication-safety';

/** The demo seed's allergy decisions, made by the medication-safety check on the shipped reference. */

let safety: SafetyIndex;
beforeAll(async () => {
  safety = buildSafetyIndex(referenceFromDataset(await readDataset()));
});

const allergy = (allergen: string): AllergyPick => {
  const def = Object.values(ALLERGENS)
    .flat()
    .find((d) => d.allergen === allergen);
  if (!def) throw new Error(`no seed allergen ${allergen}`);
  return { def, severity: 'MODERATE', reaction: 'Hives', epinephrine: false };
};

describe('the demo seed under the medication-safety check', () => {
  it('holds back stock ibuprofen only for an ibuprofen (NSAID) allergy', () => {
    const allergic = Object.values(ALLERGENS)
      .flat()
      .filter((d) => allergicTo(safety, [allergy(d.allergen)], 'ibuprofen'))
      .map((d) => d.allergen);
    expect(allergic).toEqual(['Ibuprofen']);
    expect(allergicTo(safety, [], 'ibuprofen')).toBe(false);
  });

  it('orders amoxicillin, else cephalexin, never an antibiotic the check warns about', () => {
    const course = (allergens: string[], weightKg = 25) =>
      antibioticFor({ safety }, { weightKg, allergies: allergens.map(allergy) })?.[0] ?? null;
    expect(course([])).toBe('amox-400-susp');
    expect(course([], 40)).toBe('amox-500');
    expect(course(['Peanut', 'Sulfa drugs (sulfamethoxazole/trimethoprim)', 'Azithromycin'])).toBe(
      'amox-400-susp',
    );
    // a penicillin or amoxicillin allergy reaches cephalexin (cross-reactive), a cephalexin allergy amoxicillin
    expect(course(['Penicillin'])).toBeNull();
    expect(course(['Amoxicillin'])).toBeNull();
    expect(course(['Cephalexin'])).toBeNull();
    expect(antibioticFor({ safety }, { weightKg: 25, allergies: [] })).toEqual([
      'amox-400-susp',
      '360 mg (4.5 mL)',
    ]);
  });

  it('refuses a drug the reference does not know rather than finding no conflict', () => {
    expect(() => allergicTo(safety, [allergy('Penicillin')], 'no-such-drug')).toThrow(/not in the/);
  });
});
