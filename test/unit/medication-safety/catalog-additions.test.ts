import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../server-sync/medication-safety';
import {
  buildSafetyIndex,
  checkDrugList,
  checkMedication,
  referenceFromDataset,
  type SafetyIndex,
} from '../../../src-shared/medication-safety';

/**
 * The catalog's pediatric additions on the shipped dataset (Adderall, Focalin, Symbicort, NPH insulin, cefadroxil):
 * they resolve by brand and RxNorm code, the class rules reach them through their classes (stimulant with an MAOI,
 * two stimulants, two long-acting beta agonists, a penicillin allergy with a cephalosporin), and the ONC pairs of
 * the new stimulants with the MAOIs are stored pairs.
 */

let idx: SafetyIndex;
beforeAll(async () => {
  idx = buildSafetyIndex(referenceFromDataset(await readDataset()));
});

const list = (drugs: string[], allergies: string[] = []) => checkDrugList(idx, drugs, allergies);
const one = (drugs: string[]) => {
  const r = list(drugs);
  expect(r.unknown, drugs.join(', ')).toEqual([]);
  return r.interactions.map((i) => i.severity);
};

describe('pediatric additions to the catalog', () => {
  it('resolve by brand and by RxNorm code', () => {
    for (const [brand, rxnorm] of [
      ['Adderall XR', '822929'],
      ['Focalin', '114491'],
      ['Symbicort', '389132'],
      ['Humulin N', '253181'],
      ['cefadroxil', '2176'],
    ] as const) {
      const r = checkMedication(idx, { drug: { text: brand }, others: [], allergies: [] });
      const byCode = checkMedication(idx, { drug: { text: rxnorm }, others: [], allergies: [] });
      expect(r.drug?.id, brand).toBeDefined();
      expect(byCode.drug?.id, rxnorm).toBe(r.drug?.id);
    }
  });

  it('a new stimulant with an MAOI is an ONC pair, CONTRAINDICATED, whichever way round', () => {
    for (const stimulant of ['Adderall', 'Focalin XR'])
      for (const maoi of ['phenelzine', 'Emsam']) {
        expect(one([stimulant, maoi]), `${stimulant} + ${maoi}`).toContain('CONTRAINDICATED');
        const r = list([maoi, stimulant]).interactions[0]!;
        expect(r.source).toMatch(/Phansalkar/);
      }
  });

  it('two stimulants are flagged by the class rules, and a combination with its own ingredient as duplicate therapy', () => {
    expect(one(['Adderall', 'Concerta']).length).toBeGreaterThan(0);
    expect(one(['Focalin', 'methylphenidate']).length).toBeGreaterThan(0);
    expect(one(['Symbicort', 'formoterol']).length).toBeGreaterThan(0);
    // and nothing where the catalog says nothing
    expect(one(['Humulin N', 'amoxicillin'])).toEqual([]);
  });

  it('cefadroxil: a penicillin allergy flags it (LOW), an amoxicillin allergy by the shared side chain (MODERATE)', () => {
    const pcn = checkMedication(idx, {
      drug: { text: 'cefadroxil' },
      others: [],
      allergies: [{ allergen: 'Penicillin' }],
    }).allergyConflicts[0]!;
    expect([pcn.kind, pcn.evidence]).toEqual(['CROSS_REACTIVE', 'LOW']);
    const amox = checkMedication(idx, {
      drug: { text: 'cefadroxil' },
      others: [],
      allergies: [{ allergen: 'amoxicillin' }],
    }).allergyConflicts[0]!;
    expect([amox.kind, amox.evidence, amox.drugClass]).toEqual([
      'CROSS_REACTIVE',
      'MODERATE',
      'CEPHALOSPORINS_AMINOPENICILLIN_SIDE_CHAIN',
    ]);
    expect(list(['Adderall'], ['amphetamines']).allergyConflicts).toEqual([
      expect.objectContaining({ kind: 'CLASS', severity: 'MAJOR' }),
    ]);
  });
});
