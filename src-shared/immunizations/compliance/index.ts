/**
 * State school-entry immunization requirements and a student's compliance with them (issue 12; pure): the
 * requirements as data (reference-data/school-entry, schema StateRequirements), their vaccination_schedules rows, and
 * the per-vaccine status with its plain-language reason. docs/immunizations.md, "State school-entry requirements".
 */
export {
  COMPLIANCE_STATUSES,
  conditionalWindowEnd,
  schoolEntryCompliance,
  vaccineCompliance,
  type ComplianceInput,
  type ComplianceStudent,
  type SchoolEntryStatus,
  type VaccineCompliance,
} from './evaluate';
export {
  ConditionalAdmission,
  DoseRule,
  EVIDENCE_TYPES,
  ExemptionRule,
  RequirementOption,
  RequirementSource,
  SCHOOL_GRADES,
  schoolGradeIndex,
  SchoolEntryManifest,
  StateRequirements,
  StateSource,
  StudentExemption,
  VaccineRequirement,
  WAIVER_TYPES,
  issueLines,
  type WaiverType,
} from './requirements';
export {
  RequirementRowError,
  requirementsFromRows,
  scheduleRowId,
  scheduleRows,
  vaccineRule,
  type ScheduleRow,
  type StoredScheduleRow,
} from './rows';
export { exemptionText, gradePhrase } from './text';
