import type { SafetyCheckView, SafetyFindingView, SafetyRequirement } from '../../../src-shared/ipc/contract';
import {
  checkMedication,
  severityLevel,
  severityRank,
  type AllergyFinding,
  type InteractionFinding,
  type InteractionSeverity,
  type SafetyCheckResult,
  type SafetyIndex,
} from '../../../src-shared/medication-safety';
import type { WorkstationContext } from '../context';
import { safetyInputFor, type FormularyDrug, type SafetyInputOptions } from './input';
import { loadSafetyReference } from './reference';

/**
 * The check before a dose and its policy, from interaction_severity_levels: a finding whose level requires a
 * physician's approval (CONTRAINDICATED) needs the physician's name and the nurse's reason; a finding at a level
 * that alerts (MAJOR) and every allergy conflict need a reason; MINOR and MODERATE interactions are shown and
 * recorded but do not stop the dose; a drug not in the catalog cannot be checked and must be acknowledged.
 */

export type Finding =
  | { readonly kind: 'INTERACTION'; readonly f: InteractionFinding }
  | { readonly kind: 'ALLERGY'; readonly f: AllergyFinding };

export interface SafetyDecision {
  readonly medication: FormularyDrug;
  readonly result: SafetyCheckResult;
  readonly index: SafetyIndex;
  /** the findings the override is for (empty: nothing to override) */
  readonly blocking: readonly Finding[];
  /** the worst of the blocking findings */
  readonly blockingHighest: InteractionSeverity | null;
  readonly requires: SafetyRequirement;
  readonly needsPhysician: boolean;
  readonly unknownDrug: boolean;
}

export function findingsOf(result: SafetyCheckResult): Finding[] {
  return [
    ...result.allergyConflicts.map((f) => ({ kind: 'ALLERGY' as const, f })),
    ...result.interactions.map((f) => ({ kind: 'INTERACTION' as const, f })),
  ];
}

/** Runs the check for one student and one formulary medication, and decides what an override needs. */
export function decideSafety(
  ctx: WorkstationContext,
  studentId: string,
  medication: FormularyDrug,
  options: SafetyInputOptions = {},
): SafetyDecision {
  const { index } = loadSafetyReference(ctx);
  const result = checkMedication(index, safetyInputFor(ctx, index, studentId, medication, options));
  let needsPhysician = false;
  let blockingHighest: InteractionSeverity | null = null;
  const blocking = findingsOf(result).filter((x) => {
    const level = severityLevel(index, x.f.severity);
    const blocks = x.kind === 'ALLERGY' || level.alertThreshold || level.requirePhysicianApproval;
    if (!blocks) return false;
    if (level.requirePhysicianApproval) needsPhysician = true;
    if (blockingHighest === null || severityRank(x.f.severity) > severityRank(blockingHighest))
      blockingHighest = x.f.severity;
    return true;
  });
  const unknownDrug = result.drug === null;
  const requires: SafetyRequirement = needsPhysician
    ? 'PHYSICIAN'
    : blocking.length > 0
      ? 'REASON'
      : unknownDrug
        ? 'ACKNOWLEDGE_UNKNOWN'
        : 'NONE';
  return { medication, result, index, blocking, blockingHighest, requires, needsPhysician, unknownDrug };
}

/** One line for a message or a note: "MAJOR interaction with Sertraline 50 mg (home medication)". */
export function findingLine(x: Finding): string {
  const sev = x.f.severity.toLowerCase();
  if (x.kind === 'ALLERGY') {
    const how =
      x.f.kind === 'DRUG' ? 'the drug' : x.f.kind === 'CLASS' ? `its class` : 'a cross-reactive class';
    return `${sev} allergy conflict: recorded allergy to ${x.f.allergy.allergen} (matched on ${how})`;
  }
  const what = x.f.kind === 'DUPLICATE_THERAPY' ? 'duplicate therapy' : 'interaction';
  return `${sev} ${what} with ${x.f.other.label}`;
}

const present = (s: string | null | undefined): string | undefined => (s ? s : undefined);

/** The check as the renderer shows it: every finding with its level's name, colour and guidance. */
export function checkView(d: SafetyDecision): SafetyCheckView {
  const level = (s: InteractionSeverity) => {
    const l = severityLevel(d.index, s);
    return { severity: s, displayName: l.displayName, color: l.color, guidance: l.guidance };
  };
  const blocking = new Set(d.blocking.map((x) => x.f));
  const findings: SafetyFindingView[] = findingsOf(d.result).map((x) =>
    x.kind === 'ALLERGY'
      ? {
          kind: 'ALLERGY',
          match: x.f.kind,
          level: level(x.f.severity),
          with: `Allergy: ${x.f.allergy.allergen}${x.f.allergy.reactionSeverity ? ` (${x.f.allergy.reactionSeverity.toLowerCase().replace('_', '-')})` : ''}`,
          description: x.f.description,
          source: present(x.f.source),
          evidence: x.f.evidence,
          ruleId: present(x.f.ruleId),
          blocking: blocking.has(x.f),
        }
      : {
          kind: 'INTERACTION',
          match: x.f.kind,
          level: level(x.f.severity),
          with: x.f.other.label,
          description: x.f.description,
          management: present(x.f.management),
          source: present(x.f.source),
          sourceDate: present(x.f.sourceDate),
          evidence: x.f.evidence,
          ruleId: present(x.f.ruleId),
          blocking: blocking.has(x.f),
        },
  );
  findings.sort((a, b) => severityRank(b.level.severity) - severityRank(a.level.severity));
  return {
    ...(d.result.drug ? { drug: { id: d.result.drug.id, name: d.result.drug.name } } : {}),
    medication: d.medication.name,
    unknown: [...d.result.unknown],
    findings,
    ...(d.result.highest ? { highest: level(d.result.highest) } : {}),
    requires: d.requires,
    version: d.result.version,
  };
}
