import { allergyFinding } from './allergy';
import type {
  AllergyFinding,
  AllergyInput,
  DrugListCheck,
  InteractionFinding,
  OtherMedication,
  SafetyCheckInput,
  SafetyCheckResult,
} from './check-types';
import type { InteractionSeverity } from './dataset';
import type { SafetyIndex } from './index-build';
import { interactionFindings } from './interactions';
import type { SafetyDrug } from './reference';
import {
  mergeMatches,
  resolveAllergen,
  resolveAllergyLinks,
  resolveDrug,
  type AllergenMatch,
} from './resolve';
import { severityRank, worseSeverity } from './severity';

/**
 * The medication-safety check (pure, deterministic): the drug about to be given against the student's other
 * medications (active orders, doses given in the last 24 hours, home medications) and recorded allergies. Every
 * name the reference does not know is listed in `unknown` (an allergen as "allergy: <text>"); the check still runs
 * for everything known. Findings are sorted by severity (worst first), then names.
 */

const bySeverityThen =
  <T extends { severity: InteractionSeverity }>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    severityRank(b.severity) - severityRank(a.severity) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

const interactionKey = (f: InteractionFinding): string =>
  `${f.drugs[0]}\u0000${f.drugs[1]}\u0000${f.kind}\u0000${f.ruleId ?? ''}\u0000${f.other.label}`;
const allergyKey = (f: AllergyFinding): string => `${f.drug}\u0000${f.allergy.allergen}\u0000${f.kind}`;

interface ResolvedAllergy {
  readonly allergy: AllergyInput;
  readonly match: AllergenMatch;
}

/**
 * Resolves the allergies once: what the text names and what the allergy's links (student_drug_allergies_xref) name,
 * together. An allergy whose text names nothing is unknown ("allergy: <text>") unless a link names something; a
 * link the reference does not know is unknown too.
 */
function resolveAllergies(
  index: SafetyIndex,
  allergies: readonly AllergyInput[],
  unknown: string[],
): ResolvedAllergy[] {
  const out: ResolvedAllergy[] = [];
  for (const allergy of allergies) {
    const text = resolveAllergen(index, allergy.allergen);
    const links = resolveAllergyLinks(index, allergy.links ?? []);
    for (const u of links.unknown) addOnce(unknown, u);
    const match = mergeMatches(text, links.match);
    if (match) out.push({ allergy, match });
    else addOnce(unknown, `allergy: ${allergy.allergen}`);
  }
  return out;
}

const addOnce = (list: string[], s: string): void => {
  if (!list.includes(s)) list.push(s);
};

function allergyConflicts(index: SafetyIndex, drug: SafetyDrug, allergies: readonly ResolvedAllergy[]) {
  const out: AllergyFinding[] = [];
  for (const { allergy, match } of allergies) {
    const f = allergyFinding(index, drug, allergy, match);
    if (f) out.push(f);
  }
  return out;
}

export function checkMedication(index: SafetyIndex, input: SafetyCheckInput): SafetyCheckResult {
  const unknown: string[] = [];
  const drug = resolveDrug(index, input.drug);
  if (!drug) addOnce(unknown, input.drug.text);
  const interactions: InteractionFinding[] = [];
  const seen = new Set<string>(); // one finding per rule and other drug (an order and its dose today are one drug)
  for (const other of input.others) {
    const otherDrug = resolveDrug(index, other.drug);
    if (!otherDrug) {
      addOnce(unknown, other.drug.text);
      continue;
    }
    if (!drug) continue;
    for (const f of interactionFindings(index, drug, otherDrug, other)) {
      const k = `${f.kind}\u0000${f.ruleId ?? ''}\u0000${otherDrug.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      interactions.push(f);
    }
  }
  const allergies = resolveAllergies(index, input.allergies, unknown);
  const conflicts = drug ? allergyConflicts(index, drug, allergies) : [];
  interactions.sort(bySeverityThen(interactionKey));
  conflicts.sort(bySeverityThen(allergyKey));
  let highest: InteractionSeverity | null = null;
  for (const f of [...interactions, ...conflicts]) highest = worseSeverity(highest, f.severity);
  return { drug, unknown, interactions, allergyConflicts: conflicts, highest, version: index.version };
}

/**
 * A list of drugs checked together (the CLI): each pair of listed drugs once (the description is the clinical
 * effect), each drug against each allergy. Names are catalog names; unknown names are listed as given.
 */
export function checkDrugList(
  index: SafetyIndex,
  drugs: readonly string[],
  allergies: readonly string[],
): DrugListCheck {
  const unknown: string[] = [];
  const known: { text: string; drug: SafetyDrug }[] = [];
  for (const text of drugs) {
    const drug = resolveDrug(index, { text });
    if (drug) known.push({ text, drug });
    else addOnce(unknown, text);
  }
  const resolved = resolveAllergies(
    index,
    allergies.map((allergen) => ({ allergen })),
    unknown,
  );
  const interactions: InteractionFinding[] = [];
  const seen = new Set<string>(); // a drug named twice ("ibuprofen, Advil") gives its findings once
  for (let i = 0; i < known.length; i++)
    for (let j = i + 1; j < known.length; j++) {
      const a = known[i]!;
      const b = known[j]!;
      const other: OtherMedication = { drug: { text: b.text }, kind: 'LISTED', label: b.text };
      for (const f of interactionFindings(index, a.drug, b.drug, other)) {
        const k = `${[a.drug.id, b.drug.id].sort().join('+')}\u0000${f.kind}\u0000${f.ruleId ?? ''}`;
        if (seen.has(k)) continue;
        seen.add(k);
        interactions.push(f);
      }
    }
  const conflicts: AllergyFinding[] = [];
  const checked = new Set<string>();
  for (const { drug } of known) {
    if (checked.has(drug.id)) continue;
    checked.add(drug.id);
    conflicts.push(...allergyConflicts(index, drug, resolved));
  }
  interactions.sort(bySeverityThen(interactionKey));
  conflicts.sort(bySeverityThen(allergyKey));
  return {
    unknown,
    interactions: interactions.map((f) => ({
      drugs: f.drugs,
      severity: f.severity,
      description: f.description,
      source: f.source,
    })),
    allergyConflicts: conflicts.map((f) => ({
      drug: f.drug,
      allergy: f.allergy.allergen,
      kind: f.kind,
      severity: f.severity,
    })),
  };
}
