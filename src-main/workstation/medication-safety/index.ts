/**
 * Medication safety on the workstation (spec feature 48): the reference read from the local tables
 * (./reference.ts), what the check reads about a student (./input.ts), the check and its policy (./check.ts), the
 * enforcement before every administration (./enforce.ts) and the medicationSafety.* handlers (./ipc.ts).
 */
export { medicationSafetyHandlers } from './ipc';
export { loadSafetyReference, readSafetyReference, type LoadedReference } from './reference';
export { safetyInputFor, drugRefOf, type FormularyDrug } from './input';
export { decideSafety, checkView, type SafetyDecision } from './check';
export {
  enforceSafety,
  overrideNote,
  recordSafetyOverride,
  safetyAudit,
  type AdministrationRef,
} from './enforce';
export { requireMedication, type MedicationInfo } from './medication';
