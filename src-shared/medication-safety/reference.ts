import type { InteractionSeverity } from './dataset';

/**
 * The medication-safety reference as the rules read it: the same shape whether it comes from the shipped files
 * (the CLI, tests) or from the reference tables a workstation pulled from its district (drug_catalog with the
 * district's local formulary entries, drug_classes, drug_interactions, drug_class_interactions,
 * drug_class_cross_reactivity, interaction_severity_levels). Ids are the tables' ids; a drug's classes are class
 * codes. `source` is the citation a nurse or pharmacist reads ("Phansalkar et al. 2012, JAMIA"), `sourceDate`
 * the date the fact was read.
 */

export interface SafetyDrug {
  readonly id: string;
  /** the catalog's name (the generic name, capitalized, for a shipped entry) */
  readonly name: string;
  readonly genericName: string;
  readonly brandNames: readonly string[];
  readonly rxnorm: string | null;
  readonly classes: readonly string[];
  readonly schedule: 'II' | 'III' | 'IV' | 'V' | null;
  /** a district's local formulary entry, not the shipped catalog */
  readonly local: boolean;
}

export interface SafetyClass {
  readonly code: string;
  readonly name: string;
  readonly kind: 'PHARMACOLOGIC' | 'THERAPEUTIC' | 'EFFECT';
  readonly parent: string | null;
  readonly aliases: readonly string[];
}

export interface SafetyInteractionFacts {
  readonly id: string;
  readonly severity: InteractionSeverity;
  readonly type: 'PHARMACOKINETIC' | 'PHARMACODYNAMIC' | 'ADDITIVE_TOXICITY';
  readonly mechanism: string;
  readonly clinicalEffect: string;
  readonly management: string;
  readonly evidence: 'THEORETICAL' | 'CASE_REPORT' | 'CLINICAL_STUDY' | 'WELL_DOCUMENTED';
  readonly source: string;
  readonly sourceDate: string;
}

/** A drug-drug interaction: drugA < drugB (ids, bytewise), stored once per pair. */
export interface SafetyInteraction extends SafetyInteractionFacts {
  readonly drugA: string;
  readonly drugB: string;
  readonly oncHighPriority: boolean;
}

/** A class rule: any drug of classA with any drug of classB (classA = classB: two different drugs of it). */
export interface SafetyClassRule extends SafetyInteractionFacts {
  readonly classA: string;
  readonly classB: string;
}

export interface SafetyCrossReactivity {
  readonly id: string;
  readonly allergyClass: string;
  readonly reactsWith: string;
  readonly evidence: 'HIGH' | 'MODERATE' | 'LOW';
  readonly note: string;
  readonly severity: InteractionSeverity;
  readonly source: string;
  readonly sourceDate: string;
}

export interface SafetySeverityLevel {
  readonly severity: InteractionSeverity;
  readonly rank: number;
  readonly displayName: string;
  readonly color: string;
  readonly guidance: string;
  readonly alertThreshold: boolean;
  readonly requirePhysicianApproval: boolean;
  readonly preventPrescribing: boolean;
}

export interface SafetyReference {
  /** the dataset version the district loaded (reference_data_versions), e.g. "2026.12.1" */
  readonly version: string;
  readonly drugs: readonly SafetyDrug[];
  readonly classes: readonly SafetyClass[];
  readonly interactions: readonly SafetyInteraction[];
  readonly classRules: readonly SafetyClassRule[];
  readonly crossReactivity: readonly SafetyCrossReactivity[];
  readonly severityLevels: readonly SafetySeverityLevel[];
}
