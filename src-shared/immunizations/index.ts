/**
 * Immunizations: CVX reference data and the school-entry compliance rules (pure). CDC's CDSi supporting data (its
 * model, XML parsing and CDSi date rules) is imported from './supporting-data' by the code that reads it, so the
 * renderer, which imports this index, does not carry the XML parser.
 */
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
export * from './compliance';
// the compliance dashboard's numbers, views and state report (not studentCompliance, which runs CDC's engine: the
// server and the workstation import it from './dashboard')
export * from './dashboard/summary';
export * from './dashboard/view';
export * from './dashboard/state-report';
