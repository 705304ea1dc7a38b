import { INTERACTION_SEVERITIES, type InteractionSeverity } from './dataset';
import type { SafetySeverityLevel } from './reference';
import type { SafetyIndex } from './index-build';

/** MINOR 1, MODERATE 2, MAJOR 3, CONTRAINDICATED 4: the higher, the worse. */
export const severityRank = (s: InteractionSeverity): number => INTERACTION_SEVERITIES.indexOf(s) + 1;

/** The worse of two severities (null when both are null). */
export const worseSeverity = (
  a: InteractionSeverity | null,
  b: InteractionSeverity | null,
): InteractionSeverity | null =>
  a === null ? b : b === null ? a : severityRank(b) > severityRank(a) ? b : a;

/**
 * The policy when a reference has no row for a severity (interaction_severity_levels emptied or not yet pulled):
 * the shipped levels' policy, so a missing row never makes a check less strict (MAJOR and CONTRAINDICATED alert,
 * CONTRAINDICATED needs a physician's approval and prevents giving without it).
 */
const FALLBACK: Readonly<Record<InteractionSeverity, Omit<SafetySeverityLevel, 'severity' | 'rank'>>> = {
  MINOR: {
    displayName: 'Minor',
    color: '#1D5A8C',
    guidance: 'Limited clinical effect.',
    alertThreshold: false,
    requirePhysicianApproval: false,
    preventPrescribing: false,
  },
  MODERATE: {
    displayName: 'Moderate',
    color: '#8A4B00',
    guidance: 'May need monitoring or a change of timing.',
    alertThreshold: false,
    requirePhysicianApproval: false,
    preventPrescribing: false,
  },
  MAJOR: {
    displayName: 'Major',
    color: '#B3261E',
    guidance: 'Serious harm is possible: check with the prescriber before giving.',
    alertThreshold: true,
    requirePhysicianApproval: false,
    preventPrescribing: false,
  },
  CONTRAINDICATED: {
    displayName: 'Contraindicated',
    color: '#6A1B1B',
    guidance: 'Do not give without a physician’s approval.',
    alertThreshold: true,
    requirePhysicianApproval: true,
    preventPrescribing: true,
  },
};

/** The reference's level for a severity (colours, guidance, whether it alerts or needs a physician's approval). */
export function severityLevel(index: SafetyIndex, s: InteractionSeverity): SafetySeverityLevel {
  return index.severityLevels.get(s) ?? { severity: s, rank: severityRank(s), ...FALLBACK[s] };
}
