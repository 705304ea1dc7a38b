import type { InteractionFinding, OtherMedication, OtherMedicationKind } from './check-types';
import { pairKey } from './ids';
import type { SafetyIndex } from './index-build';
import type { SafetyClassRule, SafetyDrug, SafetyInteractionFacts } from './reference';
import { severityRank } from './severity';
import { catalogName } from './text';

/**
 * Drug-drug findings of the drug checked with one other medication (pure): the stored pair (PAIR); every class
 * rule one drug's classes and the other's match (CLASS_RULE; the same class twice needs two different drugs); a
 * class rule no worse than the stored pair for the same two drugs is not repeated (the pair is the more specific
 * fact). The same drug twice -- or two products sharing an ingredient -- is DUPLICATE_THERAPY (MODERATE); the same
 * drug is not checked against itself for interactions.
 */

/** The duplicate-therapy rule is White Cross's own, not a dataset fact. */
export const DUPLICATE_THERAPY_SOURCE =
  'White Cross duplicate-therapy rule (the same drug or ingredient twice)';
export const DUPLICATE_THERAPY_SOURCE_DATE = '2026-12-07';

const ALSO: Readonly<Record<OtherMedicationKind, string>> = {
  ACTIVE_ORDER: 'is also an active order',
  GIVEN_LAST_24H: 'was also given in the last 24 hours',
  HOME_MEDICATION: 'is also a home medication',
  LISTED: 'is listed twice',
};
const IN_OTHER: Readonly<Record<OtherMedicationKind, string>> = {
  ACTIVE_ORDER: 'an active order',
  GIVEN_LAST_24H: 'given in the last 24 hours',
  HOME_MEDICATION: 'a home medication',
  LISTED: 'also listed',
};

function duplicate(
  drug: SafetyDrug,
  otherDrug: SafetyDrug,
  other: OtherMedication,
  shared: readonly string[],
): InteractionFinding {
  const description =
    drug.id === otherDrug.id
      ? `${drug.name} ${ALSO[other.kind]}: duplicate therapy`
      : `${shared.map(catalogName).join(', ')} is in both ${drug.name} and ${otherDrug.name} (${IN_OTHER[other.kind]}): duplicate therapy`;
  return {
    kind: 'DUPLICATE_THERAPY',
    severity: 'MODERATE',
    drugs: [drug.name, otherDrug.name],
    other,
    description,
    mechanism: 'The same drug twice: the doses add up.',
    management:
      'Check the total dose over the day against the maximum before giving; confirm with the prescriber or the family which order stands.',
    evidence: 'WELL_DOCUMENTED',
    source: DUPLICATE_THERAPY_SOURCE,
    sourceDate: DUPLICATE_THERAPY_SOURCE_DATE,
    ruleId: null,
  };
}

function finding(
  kind: 'PAIR' | 'CLASS_RULE',
  facts: SafetyInteractionFacts,
  drug: SafetyDrug,
  otherDrug: SafetyDrug,
  other: OtherMedication,
): InteractionFinding {
  return {
    kind,
    severity: facts.severity,
    drugs: [drug.name, otherDrug.name],
    other,
    description: facts.clinicalEffect,
    mechanism: facts.mechanism,
    management: facts.management,
    evidence: facts.evidence,
    source: facts.source,
    sourceDate: facts.sourceDate,
    ruleId: facts.id,
  };
}

/** The class rules a pair of different drugs matches (one drug in one class, the other in the other). */
export function matchingClassRules(index: SafetyIndex, a: SafetyDrug, b: SafetyDrug): SafetyClassRule[] {
  const ma = index.memberships.get(a.id);
  const mb = index.memberships.get(b.id);
  if (!ma || !mb || a.id === b.id) return [];
  const seen = new Set<string>();
  const out: SafetyClassRule[] = [];
  for (const c of ma)
    for (const r of index.rulesByClass.get(c) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      if ((ma.has(r.classA) && mb.has(r.classB)) || (ma.has(r.classB) && mb.has(r.classA))) out.push(r);
    }
  return out;
}

export function interactionFindings(
  index: SafetyIndex,
  drug: SafetyDrug,
  otherDrug: SafetyDrug,
  other: OtherMedication,
): InteractionFinding[] {
  const mine = index.ingredients.get(drug.id) ?? [];
  const shared = (index.ingredients.get(otherDrug.id) ?? []).filter((i) => mine.includes(i));
  const out: InteractionFinding[] = [];
  if (drug.id === otherDrug.id || shared.length > 0) out.push(duplicate(drug, otherDrug, other, shared));
  if (drug.id === otherDrug.id) return out;
  const pair = index.pairs.get(pairKey(drug.id, otherDrug.id));
  if (pair) out.push(finding('PAIR', pair, drug, otherDrug, other));
  for (const r of matchingClassRules(index, drug, otherDrug)) {
    if (pair && severityRank(r.severity) <= severityRank(pair.severity)) continue;
    out.push({ ...finding('CLASS_RULE', r, drug, otherDrug, other), classes: [r.classA, r.classB] });
  }
  return out;
}
