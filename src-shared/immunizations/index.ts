/** Immunizations: CVX reference data and the school-entry compliance rules (pure). */
export { CVX_SERIES, cvxName, seriesOfCvx } from './cvx';
export {
  addDays,
  addMonths,
  gradeRank,
  immunizationStatus,
  missingDoses,
  requiredByVaccine,
  sameDayDuplicates,
  vaccineStatus,
  type ComplianceStatus,
  type ScheduleRule,
  type StatusInput,
  type VaccineStatus,
} from './status';
export { dosesText, duplicatesText, nextDueText, sameDayDuplicateIds } from './labels';
export * from './supporting-data';
