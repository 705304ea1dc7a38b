import type { InteractionSeverity } from './dataset';
import type { SafetyDrug } from './reference';

/**
 * What the medication-safety check reads and what it answers (pure). The workstation fills the input from its
 * local tables (the student's allergies, active orders, doses given in the last 24 hours, home medications); the
 * CLI fills it from the names it is given. The rules live in check.ts; this file is the contract between them.
 */

/** A drug as the caller names it: a catalog id when it has one, else the text it was written as. */
export interface DrugRef {
  /** drug_catalog.id when the caller already resolved it (a formulary medication linked by RxNorm) */
  readonly catalogId?: string | null;
  /** the name or RxNorm code as written (a medication name, "Adderall", "6901") */
  readonly text: string;
}

/** Why another medication is part of the check. */
export type OtherMedicationKind = 'ACTIVE_ORDER' | 'GIVEN_LAST_24H' | 'HOME_MEDICATION' | 'LISTED';

export interface OtherMedication {
  readonly drug: DrugRef;
  readonly kind: OtherMedicationKind;
  /** what the nurse reads: "Sertraline 50 mg (home medication)", "Ibuprofen given 09:12" */
  readonly label: string;
  /** the row it came from (student_medications.id, medication_administrations.id), if any */
  readonly sourceId?: string | null;
}

/**
 * A link of a recorded allergy to the catalog (a row of student_drug_allergies_xref): the drug it is to
 * (drug_catalog.id) and/or the class (a class code such as PENICILLINS, or a class name or alias).
 */
export interface AllergyLink {
  readonly drugId?: string | null;
  readonly drugClass?: string | null;
}

export interface AllergyInput {
  /** allergies.id, when it is a recorded allergy */
  readonly id?: string | null;
  /** the allergen as recorded ("Penicillin", "sulfa drugs", "amoxicillin") */
  readonly allergen: string;
  /** the recorded reaction severity (MILD..LIFE_THREATENING), shown beside a conflict */
  readonly reactionSeverity?: string | null;
  /**
   * The allergy's links to drugs and classes (student_drug_allergies_xref): each flags what the same drug or class
   * named in the text would, added to what the text names. A link the reference does not know is listed unknown.
   */
  readonly links?: readonly AllergyLink[];
}

export interface SafetyCheckInput {
  /** the drug about to be given (or, for a list check, each drug in turn) */
  readonly drug: DrugRef;
  readonly others: readonly OtherMedication[];
  readonly allergies: readonly AllergyInput[];
}

/** A drug-drug finding: a stored pair, a class rule, or the same therapy twice. */
export interface InteractionFinding {
  readonly kind: 'PAIR' | 'CLASS_RULE' | 'DUPLICATE_THERAPY';
  readonly severity: InteractionSeverity;
  /** the drug being checked and the other one, catalog names */
  readonly drugs: readonly [string, string];
  readonly other: OtherMedication;
  /** one line for the nurse: the clinical effect */
  readonly description: string;
  readonly mechanism: string;
  readonly management: string;
  readonly evidence: string;
  /** the citation ("Phansalkar et al. 2012, JAMIA", a label) and the date it was read */
  readonly source: string;
  readonly sourceDate: string;
  /** the row behind it: drug_interactions.id or drug_class_interactions.id (null for duplicate therapy) */
  readonly ruleId: string | null;
  /** the classes a class rule or duplicate therapy matched on */
  readonly classes?: readonly string[];
}

/** How an allergy matched: the drug itself, a class it belongs to, or a documented cross-reactive class. */
export type AllergyConflictKind = 'DRUG' | 'CLASS' | 'CROSS_REACTIVE';

export interface AllergyFinding {
  readonly kind: AllergyConflictKind;
  readonly severity: InteractionSeverity;
  readonly drug: string;
  readonly allergy: AllergyInput;
  /** the class the allergy names or implies, and the class of the drug it reached (CLASS, CROSS_REACTIVE) */
  readonly allergyClass?: string | null;
  readonly drugClass?: string | null;
  /** HIGH, MODERATE, LOW for a cross-reactive class; HIGH for the drug or its own class */
  readonly evidence: 'HIGH' | 'MODERATE' | 'LOW';
  readonly description: string;
  readonly source: string | null;
  /** drug_class_cross_reactivity.id for a cross-reactive match */
  readonly ruleId: string | null;
}

export interface SafetyCheckResult {
  /** the drug resolved in the catalog, or null when unknown */
  readonly drug: SafetyDrug | null;
  /** every name that could not be found in the catalog (the checked drug or others); never guessed */
  readonly unknown: readonly string[];
  readonly interactions: readonly InteractionFinding[];
  readonly allergyConflicts: readonly AllergyFinding[];
  /** the worst severity found, or null when nothing was found */
  readonly highest: InteractionSeverity | null;
  /** the reference version the check read */
  readonly version: string;
}

/** The CLI's JSON (white-cross interactions). */
export interface DrugListCheck {
  readonly unknown: readonly string[];
  readonly interactions: readonly {
    readonly drugs: readonly [string, string];
    readonly severity: InteractionSeverity;
    readonly description: string;
    readonly source: string;
  }[];
  readonly allergyConflicts: readonly {
    readonly drug: string;
    readonly allergy: string;
    readonly kind: AllergyConflictKind;
    readonly severity: InteractionSeverity;
  }[];
}
