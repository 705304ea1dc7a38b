import { z } from 'zod';
import { DrugClass } from '../enums';

/**
 * The medication-safety reference dataset the project ships (reference-data/medication-safety/*.json): the drug
 * catalog, the drug classes, drug-drug interactions stored once per pair, class rules, allergy cross-reactivity and
 * the severity levels. Written here from public facts; every fact names its source (manifest.json `sources`) and
 * the date it was read. The district server loads it into its reference tables (versioned) and syncs it to every
 * workstation; a district adds local formulary entries beside it. These schemas are the files' boundary: a file
 * that does not parse is refused naming the file, the entry and the field.
 */

export const INTERACTION_SEVERITIES = ['MINOR', 'MODERATE', 'MAJOR', 'CONTRAINDICATED'] as const;
export type InteractionSeverity = (typeof INTERACTION_SEVERITIES)[number];

/** How well an interaction or a cross-reactivity is documented (drug_interactions.evidence_level). */
export const EVIDENCE_LEVELS = ['THEORETICAL', 'CASE_REPORT', 'CLINICAL_STUDY', 'WELL_DOCUMENTED'] as const;
/** The strength of the evidence for an allergy's cross-reactivity. */
export const CROSS_REACTIVITY_EVIDENCE = ['HIGH', 'MODERATE', 'LOW'] as const;

const key = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'a lower-case key: letters, digits and hyphens (e.g. "methylphenidate")',
  );
const classCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'an upper-case class code (e.g. "PENICILLINS", "SEROTONERGIC")');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const sourceId = z.string().regex(/^[a-z0-9-]+$/, 'a source id from manifest.json');
const nonEmpty = z.string().trim().min(1);

/** Where a fact comes from: a source of manifest.json and the date it was read. */
export const FactSource = z.object({ source: sourceId, date: isoDate }).strict();
export type FactSource = z.infer<typeof FactSource>;

export const DatasetSource = z
  .object({
    id: sourceId,
    title: nonEmpty,
    publisher: nonEmpty,
    url: z.string().url(),
  })
  .strict();

export const Manifest = z
  .object({
    dataset: z.literal('white-cross-medication-safety'),
    /** e.g. "2026.12.1": a district's workstations record which version they checked against */
    version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, 'a version YYYY.M.N'),
    published: isoDate,
    sources: z.array(DatasetSource).min(1),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

/**
 * A drug class. PHARMACOLOGIC classes are what allergies name and cross-react (PENICILLINS, CEPHALOSPORINS,
 * SULFONAMIDE_ANTIBIOTICS...); EFFECT classes are what class rules name (SEROTONERGIC, QT_PROLONGING,
 * CNS_DEPRESSANT, MAOI, STIMULANT, ANTICOAGULANT...). `aliases` are the words a nurse writes in an allergy ("sulfa",
 * "NSAIDs", "penicillin"), matched as whole words, case-insensitively.
 */
export const DrugClassEntry = z
  .object({
    code: classCode,
    name: nonEmpty,
    kind: z.enum(['PHARMACOLOGIC', 'THERAPEUTIC', 'EFFECT']),
    /** a broader class this one belongs to (CEPHALOSPORINS -> BETA_LACTAMS); membership is inherited */
    parent: classCode.optional(),
    aliases: z.array(nonEmpty).default([]),
    source: FactSource,
  })
  .strict();
export type DrugClassEntry = z.infer<typeof DrugClassEntry>;

/** The facts of a drug entry that each carry a source (DrugEntry.sources covers every one of them exactly once). */
export const DRUG_FACTS = [
  'genericName',
  'brandNames',
  'rxnorm',
  'classes',
  'schedule',
  'forms',
  'strengths',
  'routes',
] as const;
export type DrugFact = (typeof DRUG_FACTS)[number];

/** How a drug is given (drug_catalog.administration_routes). */
export const DRUG_ROUTES = [
  'ORAL',
  'SUBLINGUAL',
  'BUCCAL',
  'INHALED',
  'NASAL',
  'TOPICAL',
  'TRANSDERMAL',
  'OPHTHALMIC',
  'OTIC',
  'RECTAL',
  'VAGINAL',
  'SUBCUTANEOUS',
  'INTRAMUSCULAR',
  'INTRAVENOUS',
] as const;

export const DrugEntry = z
  .object({
    key,
    /** lower case, the ingredient(s) as RxNorm names them ("amoxicillin / clavulanate") */
    genericName: nonEmpty,
    brandNames: z.array(nonEmpty),
    /** the RxNorm concept unique identifier (RxCUI) of the ingredient (IN) or multi-ingredient (MIN) */
    rxnorm: z.string().regex(/^\d{1,8}$/, 'an RxCUI: digits'),
    /** the coarse class of the schema's drug_catalog.drug_class */
    drugClass: z.enum(DrugClass),
    /** every class code it belongs to (classes.json), pharmacologic and effect */
    classes: z.array(classCode).min(1),
    /** DEA controlled-substance schedule */
    schedule: z.enum(['II', 'III', 'IV', 'V']).optional(),
    forms: z.array(nonEmpty).min(1),
    strengths: z.array(nonEmpty).min(1),
    routes: z.array(z.enum(DRUG_ROUTES)).min(1),
    otc: z.boolean(),
    /** why a school sees it: GIVEN_AT_SCHOOL (a nurse gives it), HOME (taken at home, on record), BOTH */
    setting: z.enum(['GIVEN_AT_SCHOOL', 'HOME', 'BOTH']),
    sources: z
      .array(
        z.object({ facts: z.array(z.enum(DRUG_FACTS)).min(1), source: sourceId, date: isoDate }).strict(),
      )
      .min(1),
  })
  .strict();
export type DrugEntry = z.infer<typeof DrugEntry>;

const interactionFacts = {
  severity: z.enum(INTERACTION_SEVERITIES),
  type: z.enum(['PHARMACOKINETIC', 'PHARMACODYNAMIC', 'ADDITIVE_TOXICITY']),
  /** the mechanism, one or two sentences */
  mechanism: nonEmpty,
  clinicalEffect: nonEmpty,
  management: nonEmpty,
  evidence: z.enum(EVIDENCE_LEVELS),
  onset: z.enum(['RAPID', 'DELAYED']).optional(),
  source: FactSource,
};

/** A drug-drug interaction, once per pair (the two keys in any order; the loader orders them). */
export const InteractionEntry = z
  .object({
    drugs: z.tuple([key, key]),
    ...interactionFacts,
    /** one of the high-priority pairs of Phansalkar et al. 2012 (the ONC list) */
    oncHighPriority: z.boolean(),
  })
  .strict();
export type InteractionEntry = z.infer<typeof InteractionEntry>;

/** A class rule: any drug of one class with any drug of the other (the same class twice: two drugs of it). */
export const ClassRuleEntry = z
  .object({
    classes: z.tuple([classCode, classCode]),
    ...interactionFacts,
  })
  .strict();
export type ClassRuleEntry = z.infer<typeof ClassRuleEntry>;

/**
 * Allergy cross-reactivity: an allergy to a drug of `allergyClass` (or to the class) flags every drug of
 * `reactsWith`, with the strength of the evidence and what the nurse should know. An allergy always flags its own
 * class; these rows are the documented cross-reactive classes.
 */
export const CrossReactivityEntry = z
  .object({
    allergyClass: classCode,
    reactsWith: classCode,
    evidence: z.enum(CROSS_REACTIVITY_EVIDENCE),
    /** the risk in words, e.g. "about 1-2% of penicillin-allergic patients react to a first-generation cephalosporin" */
    note: nonEmpty,
    severity: z.enum(INTERACTION_SEVERITIES),
    source: FactSource,
  })
  .strict();
export type CrossReactivityEntry = z.infer<typeof CrossReactivityEntry>;

export const SeverityLevelEntry = z
  .object({
    severity: z.enum(INTERACTION_SEVERITIES),
    rank: z.number().int().min(1).max(4),
    displayName: nonEmpty,
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
    icon: nonEmpty,
    guidance: nonEmpty,
    alertThreshold: z.boolean(),
    requirePhysicianApproval: z.boolean(),
    preventPrescribing: z.boolean(),
  })
  .strict();
export type SeverityLevelEntry = z.infer<typeof SeverityLevelEntry>;

/** The files of reference-data/medication-safety/ and their schemas. */
export const DATASET_FILES = {
  'manifest.json': Manifest,
  'classes.json': z.array(DrugClassEntry),
  'drugs.json': z.array(DrugEntry),
  'interactions.json': z.array(InteractionEntry),
  'class-rules.json': z.array(ClassRuleEntry),
  'cross-reactivity.json': z.array(CrossReactivityEntry),
  'severity-levels.json': z.array(SeverityLevelEntry),
} as const;

export interface MedicationSafetyDataset {
  readonly manifest: Manifest;
  readonly classes: readonly DrugClassEntry[];
  readonly drugs: readonly DrugEntry[];
  readonly interactions: readonly InteractionEntry[];
  readonly classRules: readonly ClassRuleEntry[];
  readonly crossReactivity: readonly CrossReactivityEntry[];
  readonly severityLevels: readonly SeverityLevelEntry[];
}
