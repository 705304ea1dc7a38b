import { describe, expect, it } from 'vitest';
import { checkMedication, referenceId, pairKey } from '../../../src-shared/medication-safety';
import { cls, cross, drug, index, other, pair, rule } from './fixture';

/**
 * The drug-drug rules on a small hand-made reference: stored pairs, class rules through parent classes, the same
 * class twice, a pair beating a class rule no worse than it, duplicate therapy, unknown names, order and highest.
 */

const classes = [
  cls('SEROTONERGIC', 'EFFECT'),
  cls('ANTIDEPRESSANTS', 'THERAPEUTIC'),
  cls('SSRI', 'PHARMACOLOGIC', 'ANTIDEPRESSANTS'),
  cls('MAOI', 'EFFECT', 'ANTIDEPRESSANTS'),
  cls('NSAIDS'),
  cls('NSAIDS_NONSELECTIVE', 'PHARMACOLOGIC', 'NSAIDS'),
  cls('OPIOIDS'),
];
const drugs = [
  drug('sertraline', ['SSRI', 'SEROTONERGIC'], { brandNames: ['Zoloft'] }),
  drug('fluoxetine', ['SSRI', 'SEROTONERGIC']),
  drug('phenelzine', ['MAOI']),
  drug('ibuprofen', ['NSAIDS_NONSELECTIVE'], { brandNames: ['Advil', 'Motrin'] }),
  drug('naproxen', ['NSAIDS_NONSELECTIVE']),
  drug('tramadol', ['OPIOIDS', 'SEROTONERGIC']),
  drug('acetaminophen', ['NSAIDS'], { brandNames: ['Tylenol'] }),
  drug('hydrocodone / acetaminophen', ['OPIOIDS']),
];

const idx = index({
  drugs,
  classes,
  pairs: [pair('sertraline', 'tramadol', 'MAJOR'), pair('fluoxetine', 'phenelzine', 'MODERATE')],
  rules: [
    rule('SEROTONERGIC', 'SEROTONERGIC', 'MAJOR'),
    rule('ANTIDEPRESSANTS', 'NSAIDS', 'MINOR'),
    rule('MAOI', 'SSRI', 'CONTRAINDICATED'),
    rule('NSAIDS', 'NSAIDS', 'MODERATE'),
  ],
  cross: [cross('SSRI', 'SSRI', 'LOW', 'MINOR')],
});

const check = (text: string, others: ReturnType<typeof other>[]) =>
  checkMedication(idx, { drug: { text }, others, allergies: [] });

describe('drug-drug rules', () => {
  it('a stored pair is a PAIR finding with its facts and the row id, whichever drug is checked', () => {
    for (const [a, b] of [
      ['sertraline', 'tramadol'],
      ['tramadol', 'sertraline'],
    ] as const) {
      const r = check(a, [other(b, 'HOME_MEDICATION')]);
      const p = r.interactions.filter((f) => f.kind === 'PAIR');
      expect(p).toHaveLength(1);
      expect(p[0]).toMatchObject({
        severity: 'MAJOR',
        description: 'effect of sertraline+tramadol',
        mechanism: 'mechanism of sertraline+tramadol',
        management: 'management of sertraline+tramadol',
        source: 'source of sertraline+tramadol',
        sourceDate: '2026-12-07',
        ruleId: referenceId('interaction', pairKey('sertraline', 'tramadol')),
      });
      expect(p[0]!.drugs).toEqual([
        a.charAt(0).toUpperCase() + a.slice(1),
        b.charAt(0).toUpperCase() + b.slice(1),
      ]);
      expect(p[0]!.other.kind).toBe('HOME_MEDICATION');
    }
  });

  it('a class rule covers the members of the class and of its descendants (parent chain)', () => {
    // ANTIDEPRESSANTS is SSRI's parent, NSAIDS is NSAIDS_NONSELECTIVE's: sertraline + naproxen matches the rule
    const r = check('sertraline', [other('naproxen')]);
    expect(r.interactions.map((f) => [f.kind, f.severity, f.classes])).toEqual([
      ['CLASS_RULE', 'MINOR', ['ANTIDEPRESSANTS', 'NSAIDS']],
    ]);
    expect(r.interactions[0]!.ruleId).toBe(referenceId('class-rule', pairKey('NSAIDS', 'ANTIDEPRESSANTS')));
    expect(check('naproxen', [other('sertraline')]).interactions).toHaveLength(1);
    // a class named by the rule with no link to the other drug's classes: nothing
    expect(check('tramadol', [other('naproxen')]).interactions).toEqual([]);
  });

  it('a rule naming one class twice needs two different drugs, both members', () => {
    const two = check('ibuprofen', [other('naproxen')]);
    expect(two.interactions.map((f) => [f.kind, f.severity])).toEqual([['CLASS_RULE', 'MODERATE']]);
    // the same drug twice is duplicate therapy, not the NSAID + NSAID rule
    const same = check('ibuprofen', [other('Advil')]);
    expect(same.interactions.map((f) => f.kind)).toEqual(['DUPLICATE_THERAPY']);
    // serotonergic + serotonergic between two SSRIs
    expect(check('sertraline', [other('fluoxetine')]).interactions.map((f) => f.severity)).toEqual(['MAJOR']);
  });

  it('a stored pair beats class rules no worse than it for the same two drugs; a worse rule is still shown', () => {
    // sertraline + tramadol: pair MAJOR; SEROTONERGIC x2 MAJOR (equal): not repeated
    const r = check('sertraline', [other('tramadol')]);
    expect(r.interactions.map((f) => f.kind)).toEqual(['PAIR']);
    // fluoxetine + phenelzine: pair MODERATE; MAOI + SSRI is CONTRAINDICATED: shown, first
    const w = check('fluoxetine', [other('phenelzine')]);
    expect(w.interactions.map((f) => [f.kind, f.severity])).toEqual([
      ['CLASS_RULE', 'CONTRAINDICATED'],
      ['PAIR', 'MODERATE'],
    ]);
    expect(w.highest).toBe('CONTRAINDICATED');
    // without the pair, the equal rule is there
    expect(check('fluoxetine', [other('tramadol')]).interactions.map((f) => f.kind)).toEqual(['CLASS_RULE']);
  });

  it('the same drug as an order, a home medication, a dose in the last 24 h is duplicate therapy, said plainly', () => {
    const r = check('Tylenol', [
      other('acetaminophen', 'HOME_MEDICATION'),
      other('ACETAMINOPHEN', 'ACTIVE_ORDER'),
      other('tylenol', 'GIVEN_LAST_24H'),
    ]);
    // one finding per other drug and rule: an order and its dose today are the same drug
    expect(r.interactions.map((f) => [f.kind, f.severity, f.description])).toEqual([
      ['DUPLICATE_THERAPY', 'MODERATE', 'Acetaminophen is also a home medication: duplicate therapy'],
    ]);
    expect(check('acetaminophen', [other('Tylenol', 'GIVEN_LAST_24H')]).interactions[0]!.description).toBe(
      'Acetaminophen was also given in the last 24 hours: duplicate therapy',
    );
    expect(check('acetaminophen', [other('Tylenol', 'ACTIVE_ORDER')]).interactions[0]!.description).toBe(
      'Acetaminophen is also an active order: duplicate therapy',
    );
    // a combination product sharing an ingredient
    const combo = check('acetaminophen', [other('hydrocodone / acetaminophen', 'HOME_MEDICATION')]);
    expect(combo.interactions.map((f) => [f.kind, f.description])).toEqual([
      [
        'DUPLICATE_THERAPY',
        'Acetaminophen is in both Acetaminophen and Hydrocodone / acetaminophen (a home medication): duplicate therapy',
      ],
    ]);
    expect(combo.interactions[0]!.ruleId).toBeNull();
  });

  it('lists an unknown checked drug or other medication, and still checks everything known', () => {
    const r = check('sertraline', [
      other('xyzzamine'),
      other('tramadol'),
      other('xyzzamine', 'HOME_MEDICATION'),
    ]);
    expect(r.unknown).toEqual(['xyzzamine']);
    expect(r.interactions.map((f) => f.kind)).toEqual(['PAIR']);
    const u = check('Zoloftish', [other('tramadol')]);
    expect(u.drug).toBeNull();
    expect(u.unknown).toEqual(['Zoloftish']);
    expect(u.interactions).toEqual([]);
    expect(u.highest).toBeNull();
  });

  it('sorts findings by severity then name; highest is the worst; nothing found is null', () => {
    const r = check('sertraline', [
      other('naproxen'),
      other('tramadol'),
      other('fluoxetine'),
      other('ibuprofen'),
    ]);
    expect(r.interactions.map((f) => [f.severity, f.drugs[1]])).toEqual([
      ['MAJOR', 'Fluoxetine'],
      ['MAJOR', 'Tramadol'],
      ['MINOR', 'Ibuprofen'],
      ['MINOR', 'Naproxen'],
    ]);
    expect(r.highest).toBe('MAJOR');
    expect(r.version).toBe('test');
    const reversed = check('sertraline', [
      other('ibuprofen'),
      other('fluoxetine'),
      other('tramadol'),
      other('naproxen'),
    ]);
    const brief = (fs: typeof r.interactions) => fs.map((f) => [f.kind, f.ruleId, f.drugs]);
    expect(brief(reversed.interactions)).toEqual(brief(r.interactions));
    expect(check('tramadol', [other('naproxen')]).highest).toBeNull();
  });
});
