import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../server-sync/medication-safety';
import {
  buildSafetyIndex,
  checkDrugList,
  checkMedication,
  crossReactivityKey,
  referenceFromDataset,
  referenceId,
  type AllergyInput,
  type SafetyIndex,
} from '../../../src-shared/medication-safety';
import { cls, cross, drug, drugId, index } from './fixture';

/**
 * An allergy's links to the catalog (student_drug_allergies_xref: a drug id and/or a class) count as much as its
 * text: a linked drug flags the drug, products containing it and its pharmacologic classes' members; a linked
 * class flags its members; both carry the documented cross-reactive classes. A text that names nothing is no longer
 * unknown when a link names something; a link the reference does not know is listed unknown, never guessed.
 */

let shipped: SafetyIndex;
const catalogId = (key: string) => referenceId('drug', key);
beforeAll(async () => {
  shipped = buildSafetyIndex(referenceFromDataset(await readDataset()));
});

const check = (idx: SafetyIndex, text: string, allergies: AllergyInput[]) => {
  const r = checkMedication(idx, { drug: { text }, others: [], allergies });
  expect(r.drug, text).not.toBeNull();
  return r;
};
const brief = (r: ReturnType<typeof check>) =>
  r.allergyConflicts.map((f) => [
    f.kind,
    f.severity,
    f.evidence,
    f.allergyClass ?? null,
    f.drugClass ?? null,
  ]);

// a text the reference cannot read: only the links say what it is
const vague = 'Hives at age 3 (details in the previous school records)';

describe('allergy links on the shipped dataset', () => {
  it('without a link, a vague text is unknown and flags nothing', () => {
    const r = check(shipped, 'amoxicillin', [{ allergen: vague }]);
    expect(r.allergyConflicts).toEqual([]);
    expect(r.unknown).toEqual([`allergy: ${vague}`]);
  });

  it('a linked drug flags the drug, a product containing it, its class and the cross-reactive classes', () => {
    const a: AllergyInput = { allergen: vague, links: [{ drugId: catalogId('amoxicillin') }] };
    const amox = check(shipped, 'amoxicillin', [a]);
    expect(brief(amox)).toEqual([['DRUG', 'CONTRAINDICATED', 'HIGH', null, null]]);
    expect(amox.unknown).toEqual([]);
    expect(brief(check(shipped, 'Augmentin', [a]))[0]?.slice(0, 2)).toEqual(['DRUG', 'CONTRAINDICATED']);
    expect(brief(check(shipped, 'penicillin v', [a]))).toEqual([
      ['CLASS', 'MAJOR', 'HIGH', 'PENICILLINS', 'PENICILLINS'],
    ]);
    const keflex = check(shipped, 'Keflex', [a]).allergyConflicts[0]!;
    expect([keflex.kind, keflex.evidence, keflex.drugClass]).toEqual([
      'CROSS_REACTIVE',
      'MODERATE',
      'CEPHALOSPORINS_AMINOPENICILLIN_SIDE_CHAIN',
    ]);
    expect(check(shipped, 'azithromycin', [a]).allergyConflicts).toEqual([]);
  });

  it('a linked class (by code, or by its name or alias) flags its members and its cross-reactive classes', () => {
    for (const drugClass of ['PENICILLINS', 'penicillins', 'PCN']) {
      const a: AllergyInput = { allergen: vague, links: [{ drugClass }] };
      expect(brief(check(shipped, 'amoxicillin', [a])), drugClass).toEqual([
        ['CLASS', 'MAJOR', 'HIGH', 'PENICILLINS', 'PENICILLINS'],
      ]);
      const ceph = check(shipped, 'cefdinir', [a]).allergyConflicts[0]!;
      expect([ceph.kind, ceph.severity, ceph.evidence], drugClass).toEqual([
        'CROSS_REACTIVE',
        'MODERATE',
        'LOW',
      ]);
      expect(ceph.ruleId).toBe(
        referenceId('cross-reactivity', crossReactivityKey('PENICILLINS', 'CEPHALOSPORINS')),
      );
    }
    const macrolide: AllergyInput = { allergen: vague, links: [{ drugClass: 'MACROLIDES' }] };
    expect(brief(check(shipped, 'clarithromycin', [macrolide]))[0]?.slice(0, 2)).toEqual(['CLASS', 'MAJOR']);
    expect(check(shipped, 'amoxicillin', [macrolide]).allergyConflicts).toEqual([]);
  });

  it('the links add to what the text names: a drug named in the text and a class linked both flag', () => {
    const a: AllergyInput = { allergen: 'Ibuprofen', links: [{ drugClass: 'MACROLIDES' }] };
    expect(check(shipped, 'naproxen', [a]).allergyConflicts).toHaveLength(1);
    expect(check(shipped, 'azithromycin', [a]).allergyConflicts).toHaveLength(1);
  });

  it('a link the reference does not know is unknown, never guessed; the allergy still counts what it knows', () => {
    const a: AllergyInput = {
      allergen: 'Penicillin',
      links: [{ drugId: 'no-such-drug' }, { drugClass: 'PENICILINS' }],
    };
    const r = check(shipped, 'amoxicillin', [a]);
    expect(r.unknown).toEqual(['allergy link: drug no-such-drug', 'allergy link: class PENICILINS']);
    expect(brief(r)[0]?.slice(0, 2)).toEqual(['CLASS', 'MAJOR']);
    const nothing = check(shipped, 'amoxicillin', [
      { allergen: vague, links: [{ drugClass: 'PENICILINS' }] },
    ]);
    expect(nothing.unknown).toEqual(['allergy link: class PENICILINS', `allergy: ${vague}`]);
    expect(nothing.allergyConflicts).toEqual([]);
  });
});

describe('allergy links on a hand-made reference', () => {
  const idx = index({
    drugs: [drug('alpha', ['A']), drug('beta', ['A']), drug('gamma', ['B']), drug('delta', ['C'])],
    classes: [cls('A'), cls('B'), cls('C')],
    cross: [cross('A', 'B', 'LOW', 'MINOR')],
  });

  it('a linked drug reaches its class and the class it cross-reacts with; an unrelated class stays clear', () => {
    const a: AllergyInput = { allergen: 'unreadable', links: [{ drugId: drugId('alpha') }] };
    expect(brief(check(idx, 'alpha', [a]))).toEqual([['DRUG', 'CONTRAINDICATED', 'HIGH', null, null]]);
    expect(brief(check(idx, 'beta', [a]))).toEqual([['CLASS', 'MAJOR', 'HIGH', 'A', 'A']]);
    expect(brief(check(idx, 'gamma', [a]))).toEqual([['CROSS_REACTIVE', 'MINOR', 'LOW', 'A', 'B']]);
    expect(check(idx, 'delta', [a]).allergyConflicts).toEqual([]);
  });

  it('the CLI list check reads plain texts (no links): a vague text stays unknown there', () => {
    expect(checkDrugList(idx, ['alpha'], ['unreadable']).unknown).toEqual(['allergy: unreadable']);
  });
});
