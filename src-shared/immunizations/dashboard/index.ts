/**
 * The compliance dashboard (issue 12; pure, the same on the district server and the workstation): one student's
 * compliance from CDC's evaluation and the state's rules, the counts per grade and vaccine, and the state-report
 * table. docs/immunizations.md, "Compliance dashboard".
 */
export { studentCompliance, studentExemption, type ComplianceRecord, type ExemptionRecord } from './student';
export {
  ALL_VACCINES,
  EXEMPTION_KINDS,
  ZERO_COUNTS,
  byGrade,
  byVaccine,
  combineRows,
  compareGrades,
  compareVaccines,
  overallStatus,
  percentOf,
  sumCounts,
  summarizeCompliance,
  type DashboardCounts,
  type DashboardRow,
  type ExemptionKind,
  type StudentNeed,
  type StudentResults,
} from './summary';
export {
  GENERIC_LAYOUT,
  STATE_REPORT_LAYOUTS,
  schoolYearOf,
  schoolYearStart,
  stateReportLayout,
  stateReportTable,
  type StateReportLayout,
  type StateReportSchool,
} from './state-report';
export {
  ComplianceDashboardView,
  DashboardCountsSchema,
  DashboardNeed,
  DashboardSlice,
  DashboardStudent,
  DashboardTrendPoint,
  dashboardView,
  studentsNeedingAction,
  type DashboardViewInput,
} from './view';
export { groupBy } from './group';
