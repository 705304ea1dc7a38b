/** The workstation's reports (pure builders: rows in, a ReportDocument out), rendered by ../pdf on the workstation. */
export { type PrintContext, monthDays, monthTitle } from './common';
export { buildVisitLog, dispositionOf, visitLogTotals, type VisitLogInput, type VisitLogRow } from './visit-log';
export {
  buildEmergencyCard,
  buildHealthSummary,
  CARD_LIMITS,
  type HealthSummaryInput,
  type Severity,
  type SummaryAllergy,
  type SummaryCondition,
  type SummaryContact,
  type SummaryMedication,
} from './health-summary';
export {
  buildMarSheet,
  correctionText,
  initialsKey,
  marGrid,
  MAR_CODES,
  VOID_CODE,
  CORRECTED_MARK,
  NOT_ORDERED,
  type MarAdministration,
  type MarCorrection,
  type MarOrder,
  type MarSheetInput,
} from './mar-sheet';
export { buildExcuseNote, visitWhen, type ExcuseNoteInput } from './excuse-note';
export { buildImmunizationRecord, validDoseDates, type ImmunizationRecordInput } from './immunization-record';
export {
  WORKSTATION_REPORT_DEFINITIONS,
  workstationReportMeta,
  type WorkstationReportMeta,
  type WorkstationReportParameter,
} from './definitions';
