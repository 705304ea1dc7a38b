import type { AllergyFinding, AllergyInput } from './check-types';
import type { SafetyIndex } from './index-build';
import type { SafetyDrug } from './reference';
import type { AllergenMatch } from './resolve';
import { severityRank } from './severity';

/**
 * Allergy conflicts of one drug with one allergy (pure). An allergy to a drug flags that drug, and a product that
 * contains it, as DRUG (CONTRAINDICATED, HIGH), and every drug sharing one of its own PHARMACOLOGIC classes as
 * CLASS (MAJOR, HIGH) -- never through its THERAPEUTIC or EFFECT classes, nor through a family class above it
 * (an amoxicillin allergy flags penicillins, not every beta-lactam or antibiotic). An allergy to a class flags
 * the class's members (CLASS, MAJOR). Then the cross-reactivity rows from the allergy's classes (the class named,
 * or the allergen drug's pharmacologic classes, with their ancestors) flag the members of the class they reach
 * (CROSS_REACTIVE, the row's severity, evidence, note and source). A row naming the same class twice is the note
 * of that class's own CLASS flag. The drug gets the strongest finding once.
 */

const KIND_ORDER = { CROSS_REACTIVE: 1, CLASS: 2, DRUG: 3 } as const;
const EVIDENCE_ORDER = { LOW: 1, MODERATE: 2, HIGH: 3 } as const;

/** a before b: the worse severity, then the more direct kind, then the stronger evidence. */
export const strongerAllergyFinding = (a: AllergyFinding, b: AllergyFinding): boolean =>
  severityRank(a.severity) !== severityRank(b.severity)
    ? severityRank(a.severity) > severityRank(b.severity)
    : KIND_ORDER[a.kind] !== KIND_ORDER[b.kind]
      ? KIND_ORDER[a.kind] > KIND_ORDER[b.kind]
      : EVIDENCE_ORDER[a.evidence] > EVIDENCE_ORDER[b.evidence];

const contains = (whole: readonly string[], part: readonly string[]): boolean =>
  part.length > 0 && part.every((p) => whole.includes(p));

export function allergyFinding(
  index: SafetyIndex,
  drug: SafetyDrug,
  allergy: AllergyInput,
  match: AllergenMatch,
): AllergyFinding | null {
  const member = index.memberships.get(drug.id) ?? new Set<string>();
  const recorded = `the student is allergic to "${allergy.allergen}"`;
  let best: AllergyFinding | null = null;
  const consider = (f: AllergyFinding): void => {
    if (best === null || strongerAllergyFinding(f, best)) best = f;
  };
  const classFlag = (code: string): void => {
    if (!member.has(code)) return;
    const own = index.crossByClass.get(code)?.find((r) => r.reactsWith === code);
    const name = index.classes.get(code)?.name ?? code;
    consider({
      kind: 'CLASS',
      severity: 'MAJOR',
      drug: drug.name,
      allergy,
      allergyClass: code,
      drugClass: code,
      evidence: 'HIGH',
      description: `${drug.name} is in ${name}: ${recorded}.${own ? ` ${own.note}` : ''}`,
      source: own?.source ?? null,
      ruleId: own?.id ?? null,
    });
  };

  const crossFrom = new Set<string>();
  for (const a of match.drugs) {
    if (a.id === drug.id || contains(index.ingredients.get(drug.id) ?? [], index.ingredients.get(a.id) ?? []))
      consider({
        kind: 'DRUG',
        severity: 'CONTRAINDICATED',
        drug: drug.name,
        allergy,
        allergyClass: null,
        drugClass: null,
        evidence: 'HIGH',
        description:
          a.id === drug.id ? `${drug.name}: ${recorded}.` : `${drug.name} contains ${a.name}: ${recorded}.`,
        source: null,
        ruleId: null,
      });
    for (const c of index.pharmacologic.get(a.id) ?? []) {
      classFlag(c);
      for (const up of index.lineage.get(c) ?? [c]) crossFrom.add(up);
    }
  }
  for (const k of match.classes) {
    classFlag(k.code);
    for (const up of index.lineage.get(k.code) ?? [k.code]) crossFrom.add(up);
  }
  for (const from of crossFrom)
    for (const row of index.crossByClass.get(from) ?? [])
      if (member.has(row.reactsWith))
        consider({
          kind: 'CROSS_REACTIVE',
          severity: row.severity,
          drug: drug.name,
          allergy,
          allergyClass: row.allergyClass,
          drugClass: row.reactsWith,
          evidence: row.evidence,
          description: row.note,
          source: row.source,
          ruleId: row.id,
        });
  return best;
}
