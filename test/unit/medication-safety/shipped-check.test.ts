import { beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../server-sync/medication-safety';
import {
  buildSafetyIndex,
  checkDrugList,
  checkMedication,
  crossReactivityKey,
  pairKey,
  referenceFromDataset,
  referenceId,
  resolveDrug,
  severityLevel,
  severityRank,
  type MedicationSafetyDataset,
  type SafetyIndex,
  type SafetyReference,
} from '../../../src-shared/medication-safety';

/**
 * The check on the shipped dataset: the reference made from the files carries the tables' ids, drugs resolve by
 * RxNorm, name and brand (case and spacing aside, never guessed), every stored pair -- the ONC high-priority ones
 * among them -- is found with its severity whichever way round, class rules fire on real drugs, and a check is
 * fast (measured and printed, never asserted).
 */

let ds: MedicationSafetyDataset;
let ref: SafetyReference;
let idx: SafetyIndex;
beforeAll(async () => {
  ds = await readDataset();
  ref = referenceFromDataset(ds);
  idx = buildSafetyIndex(ref);
});

describe('the reference made from the shipped dataset', () => {
  it('has every row with the id the tables give it', () => {
    expect(ref.version).toBe(ds.manifest.version);
    expect(ref.drugs).toHaveLength(ds.drugs.length);
    ds.drugs.forEach((d, i) => {
      expect(ref.drugs[i]!.id).toBe(referenceId('drug', d.key));
      expect(ref.drugs[i]!.name).toBe(d.genericName.charAt(0).toUpperCase() + d.genericName.slice(1));
    });
    expect(ref.interactions).toHaveLength(ds.interactions.length);
    ds.interactions.forEach((x, i) => {
      const r = ref.interactions[i]!;
      const ids = x.drugs.map((k) => referenceId('drug', k)).sort();
      expect(r.id).toBe(referenceId('interaction', pairKey(x.drugs[0], x.drugs[1])));
      expect([r.drugA, r.drugB]).toEqual(ids);
      expect(r.drugA < r.drugB).toBe(true);
      expect(r.oncHighPriority).toBe(x.oncHighPriority);
      expect(r.sourceDate).toBe(x.source.date);
      expect(r.source).toBe(ds.manifest.sources.find((s) => s.id === x.source.source)!.title);
    });
    ds.classRules.forEach((x, i) => {
      const r = ref.classRules[i]!;
      expect(r.id).toBe(referenceId('class-rule', pairKey(x.classes[0], x.classes[1])));
      expect(r.classA <= r.classB).toBe(true);
    });
    ds.crossReactivity.forEach((x, i) =>
      expect(ref.crossReactivity[i]!.id).toBe(
        referenceId('cross-reactivity', crossReactivityKey(x.allergyClass, x.reactsWith)),
      ),
    );
    expect(ref.severityLevels.map((l) => l.severity)).toEqual([
      'MINOR',
      'MODERATE',
      'MAJOR',
      'CONTRAINDICATED',
    ]);
  });

  it('severity: rank and level (policy of the dataset; a missing level falls back to the same policy)', () => {
    expect(['MINOR', 'MODERATE', 'MAJOR', 'CONTRAINDICATED'].map((s) => severityRank(s as 'MINOR'))).toEqual([
      1, 2, 3, 4,
    ]);
    expect(severityLevel(idx, 'CONTRAINDICATED')).toMatchObject({
      requirePhysicianApproval: true,
      color: '#6A1B1B',
    });
    expect(severityLevel(idx, 'MAJOR')).toMatchObject({
      alertThreshold: true,
      requirePhysicianApproval: false,
    });
    const empty = buildSafetyIndex({ ...ref, severityLevels: [] });
    for (const s of ['MINOR', 'MODERATE', 'MAJOR', 'CONTRAINDICATED'] as const) {
      const { alertThreshold, requirePhysicianApproval, rank } = severityLevel(idx, s);
      expect(severityLevel(empty, s)).toMatchObject({ alertThreshold, requirePhysicianApproval, rank });
    }
  });
});

describe('resolving drugs', () => {
  const name = (text: string, catalogId?: string) => resolveDrug(idx, { text, catalogId })?.name ?? null;
  it('by brand, RxNorm, generic name, case, spacing and punctuation; catalog id first', () => {
    expect(name('Concerta')).toBe('Methylphenidate');
    expect(name('  ritalin   LA ')).toBe('Methylphenidate');
    expect(name('6901')).toBe('Methylphenidate');
    expect(name('METHYLPHENIDATE')).toBe('Methylphenidate');
    expect(name('Amoxicillin/Clavulanate')).toBe('Amoxicillin / clavulanate');
    expect(name('augmentin')).toBe('Amoxicillin / clavulanate');
    expect(name("children's tylenol")).toBe('Acetaminophen');
    expect(name('whatever', referenceId('drug', 'sertraline'))).toBe('Sertraline');
    expect(name('Zoloft', 'not-an-id')).toBe('Sertraline');
  });
  it('never guesses: no prefix, no misspelling, no ingredient inside a name', () => {
    for (const t of [
      'Concert',
      'methylphenidat',
      'Concerta 36 mg',
      '690',
      'amoxicillin 500',
      'Aderall',
      'amphetamine salts',
      '',
      '  ',
    ])
      expect(name(t), t).toBeNull();
  });
  it('a text two entries answer to is ambiguous; a shipped entry wins over a local one', () => {
    const local = (id: string, n: string) => ({
      ...ref.drugs[0]!,
      id,
      name: n,
      genericName: n,
      brandNames: ['Shared'],
      rxnorm: null,
      local: true,
    });
    const two = buildSafetyIndex({
      ...ref,
      drugs: [...ref.drugs, local('l1', 'Local one'), local('l2', 'Local two'), local('l3', 'Sertraline')],
    });
    expect(resolveDrug(two, { text: 'shared' })).toBeNull();
    expect(resolveDrug(two, { text: 'Local one' })?.id).toBe('l1');
    expect(resolveDrug(two, { text: 'sertraline' })?.id).toBe(referenceId('drug', 'sertraline'));
  });
});

describe('interactions on the shipped dataset', () => {
  it('every stored pair is a PAIR finding of its severity, both ways round (the ONC pairs among them)', () => {
    const byId = new Map(ref.drugs.map((d) => [d.id, d]));
    let onc = 0;
    for (const x of ref.interactions) {
      const [a, b] = [byId.get(x.drugA)!, byId.get(x.drugB)!];
      for (const [p, q] of [
        [a, b],
        [b, a],
      ]) {
        const r = checkMedication(idx, {
          drug: { text: p!.name },
          others: [{ drug: { text: q!.rxnorm ?? q!.name }, kind: 'ACTIVE_ORDER', label: q!.name }],
          allergies: [],
        });
        const pair = r.interactions.find((f) => f.kind === 'PAIR');
        expect(pair, `${p!.name} + ${q!.name}`).toMatchObject({ severity: x.severity, ruleId: x.id });
        expect(severityRank(r.highest!)).toBeGreaterThanOrEqual(severityRank(x.severity));
      }
      if (x.oncHighPriority) onc++;
    }
    expect(onc).toBe(ds.interactions.filter((x) => x.oncHighPriority).length);
    expect(onc).toBeGreaterThan(0);
  });

  it('class rules on real drugs: opioid + benzodiazepine, two QT drugs, SSRI + NSAID', () => {
    const list = checkDrugList(idx, ['oxycodone', 'lorazepam'], []);
    expect(list.interactions.map((f) => f.severity)).toContain('MAJOR');
    const qt = checkDrugList(idx, ['ondansetron', 'azithromycin'], []);
    expect(qt.interactions[0]).toMatchObject({ drugs: ['Ondansetron', 'Azithromycin'], severity: 'MAJOR' });
    expect(qt.interactions[0]!.source).toMatch(/CredibleMeds/);
  });

  it('the list check: each pair once, catalog names, unknowns as given, allergy conflicts by drug', () => {
    const r = checkDrugList(idx, ['Concerta', 'phenelzine', 'Nardil', 'Frobnicol'], ['penicillin', 'gluten']);
    expect(r.unknown).toEqual(['Frobnicol', 'allergy: gluten']);
    expect(r.interactions.filter((f) => f.drugs.join('+') === 'Methylphenidate+Phenelzine')).toHaveLength(1);
    expect(r.interactions[0]).toMatchObject({
      drugs: ['Methylphenidate', 'Phenelzine'],
      severity: 'CONTRAINDICATED',
    });
    expect(r.interactions.map((f) => f.description)).toContain(
      'Phenelzine is listed twice: duplicate therapy',
    );
    expect(r.allergyConflicts).toEqual([]);
    expect(checkDrugList(idx, ['amoxicillin', 'Keflex'], ['penicillin']).allergyConflicts).toEqual([
      { drug: 'Amoxicillin', allergy: 'penicillin', kind: 'CLASS', severity: 'MAJOR' },
      { drug: 'Cephalexin', allergy: 'penicillin', kind: 'CROSS_REACTIVE', severity: 'MODERATE' },
    ]);
  });

  it('is fast: a check with 5 other medications and 3 allergies (printed, not asserted)', () => {
    const input = {
      drug: { text: 'ibuprofen' },
      others: ['sertraline', 'Concerta', 'albuterol', 'fluticasone', 'cetirizine'].map((t) => ({
        drug: { text: t },
        kind: 'HOME_MEDICATION' as const,
        label: t,
      })),
      allergies: [{ allergen: 'penicillin' }, { allergen: 'sulfa drugs' }, { allergen: 'amoxicillin' }],
    };
    const first = checkMedication(idx, input);
    expect(first.unknown).toEqual([]);
    const n = 5000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) checkMedication(idx, input);
    const perCheck = ((performance.now() - t0) * 1000) / n;
    const t1 = performance.now();
    buildSafetyIndex(referenceFromDataset(ds));
    console.log(
      `medication-safety check: ${perCheck.toFixed(1)} µs per check (5 others, 3 allergies); index built in ${(performance.now() - t1).toFixed(1)} ms`,
    );
  });
});
