import { z } from 'zod';
import { INTERACTION_SEVERITIES } from '../medication-safety';
import { id, method, requiredText, slice } from './slice';

/**
 * The medication-safety slice (spec feature 48): the check a nurse sees before giving a dose
 * (src-main/workstation/medication-safety/ipc.ts), and the override a dose carries when the check asks for one
 * (mar.record, clinicVisits.create: each medication's `safetyOverride`).
 */

/**
 * What an administration must carry after the check found something: `acknowledgeUnknown` when the drug is not in
 * the catalog (it cannot be checked); a `reason` for an allergy conflict or an interaction at or above the alert
 * threshold; a `physicianName` too (and the reason) for a finding whose level requires physician approval.
 */
export const SafetyOverride = z.object({
  reason: requiredText(500).min(5, 'give a reason (at least 5 characters)').optional(),
  /** the physician who approved giving it (required for a contraindicated finding) */
  physicianName: requiredText(200).optional(),
  /** the nurse acknowledges the drug is not in the catalog and could not be checked */
  acknowledgeUnknown: z.boolean().optional(),
});
export type SafetyOverride = z.infer<typeof SafetyOverride>;

/** What the override must carry: nothing, an acknowledgement of an unknown drug, a reason, a physician's approval. */
export const SafetyRequirement = z.enum(['NONE', 'ACKNOWLEDGE_UNKNOWN', 'REASON', 'PHYSICIAN']);
export type SafetyRequirement = z.infer<typeof SafetyRequirement>;

export const SafetySeverityView = z.object({
  severity: z.enum(INTERACTION_SEVERITIES),
  displayName: z.string(),
  /** #RRGGBB from interaction_severity_levels (shown with the name, never alone) */
  color: z.string(),
  guidance: z.string(),
});
export type SafetySeverityView = z.infer<typeof SafetySeverityView>;

export const SafetyFindingView = z.object({
  /** INTERACTION: with another medication; ALLERGY: with a recorded allergy */
  kind: z.enum(['INTERACTION', 'ALLERGY']),
  /** PAIR, CLASS_RULE, DUPLICATE_THERAPY (interactions); DRUG, CLASS, CROSS_REACTIVE (allergies) */
  match: z.enum(['PAIR', 'CLASS_RULE', 'DUPLICATE_THERAPY', 'DRUG', 'CLASS', 'CROSS_REACTIVE']),
  level: SafetySeverityView,
  /** what it is with: "Sertraline 50 mg (home medication)", "Allergy: Penicillin (severe)" */
  with: z.string(),
  description: z.string(),
  management: z.string().optional(),
  source: z.string().optional(),
  sourceDate: z.string().optional(),
  evidence: z.string(),
  /** the reference row behind it (drug_interactions, drug_class_interactions, drug_class_cross_reactivity) */
  ruleId: id.optional(),
  /** this finding is why the override is needed */
  blocking: z.boolean(),
});
export type SafetyFindingView = z.infer<typeof SafetyFindingView>;

export const SafetyCheckView = z.object({
  /** the drug as the catalog names it; absent when it is not in the catalog */
  drug: z.object({ id, name: z.string() }).optional(),
  medication: z.string(),
  /** names that could not be found in the catalog (the drug itself or the student's other medications) */
  unknown: z.array(z.string()),
  findings: z.array(SafetyFindingView),
  highest: SafetySeverityView.optional(),
  requires: SafetyRequirement,
  /** the reference version the check read ("" when no reference is loaded yet) */
  version: z.string(),
});
export type SafetyCheckView = z.infer<typeof SafetyCheckView>;

export const SafetyCheckArgs = z.object({
  studentId: id,
  medicationId: id,
  /** the order the dose is given under: it is not compared with itself */
  studentMedicationId: id.optional(),
});

export const medicationSafetySlice = slice('medicationSafety', {
  'medicationSafety.check': method({
    args: SafetyCheckArgs,
    result: SafetyCheckView,
    access: 'emergencyRead',
  }),
});
