/** Medication safety (feature 48) in the workstation UI: the check's findings and the override's fields. */
export { SafetyFindings, SeverityBadge } from './SafetyFindings';
export {
  SafetyOverrideFields,
  emptyOverride,
  overrideArgs,
  type OverrideState,
} from './SafetyOverrideFields';
