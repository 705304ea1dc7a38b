/** Medication safety (spec feature 48): the shipped dataset's schemas, the reference the rules read, the check (pure). */
export * from './dataset';
export type * from './reference';
export type * from './check-types';
export * from './ids';
export { normalizeText, catalogName, ingredientsOf } from './text';
export { referenceFromDataset, sourceCitation } from './reference-from-dataset';
export { buildSafetyIndex, type SafetyIndex } from './index-build';
export { resolveDrug, resolveAllergen, resolveAllergyLinks, type AllergenMatch } from './resolve';
export { severityRank, severityLevel, worseSeverity } from './severity';
export { allergyFinding, strongerAllergyFinding } from './allergy';
export {
  interactionFindings,
  matchingClassRules,
  DUPLICATE_THERAPY_SOURCE,
  DUPLICATE_THERAPY_SOURCE_DATE,
} from './interactions';
export { checkMedication, checkDrugList } from './check';
