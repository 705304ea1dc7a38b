/**
 * Immunizations on the district side: CDC's CDSi supporting data read from its folder, stored as releases in the
 * district database (the current one is what the evaluation and forecast read, and what workstations pull), and the
 * CLI.
 */
export {
  readSupportingData,
  shippedSupportingDataDir,
  supportingDataChecksum,
  versionOfDir,
  SHIPPED_CDSI_ROOT,
  type LoadedSupportingData,
} from './supporting-data';
export {
  ensureSupportingData,
  loadSupportingData,
  type SupportingDataLoadOptions,
  type SupportingDataLoadReport,
  type SupportingDataLoadStatus,
} from './load-supporting-data';
export { currentSupportingData, type CurrentSupportingData } from './current-supporting-data';
export { loadSupportingDataCommand, registerImmunizationCommands, supportingDataSummary } from './cli';
export {
  forecastCdsiCases,
  forecastCommand,
  forecastPatient,
  patientFileSchema,
  type ForecastOutput,
} from './forecast-cli';
export {
  canonicalJson,
  parseSchoolEntryDataset,
  readSchoolEntryDataset,
  schoolEntryChecksum,
  SchoolEntryDatasetError,
  SHIPPED_SCHOOL_ENTRY_DIR,
  type SchoolEntryDataset,
} from './school-entry';
export {
  loadSchoolEntry,
  loadShippedSchoolEntry,
  SCHOOL_ENTRY_DATASET,
  schoolEntryVersionId,
  type SchoolEntryCounts,
  type SchoolEntryLoadOptions,
  type SchoolEntryLoadReport,
} from './school-entry-load';
export {
  acknowledgeReminder,
  checkNeeds,
  complianceReminderSource,
  reminderAckKey,
  reminderAckRoutes,
  reminderAckUrl,
  makeReminderJobs,
  reminderJobsFromEnv,
  reminderDeliveryId,
  REMINDERS_JOB,
  runReminders,
  statusReminderSource,
  type ReminderDeps,
  type ReminderRunResult,
  type ReminderSource,
} from './reminders';
export {
  loadCompliance,
  type ComplianceLoad,
  type ComplianceScope,
  type LoadedCompliance,
} from './compliance-load';
export {
  dashboardJobs,
  dashboardRefreshAfterPush,
  dashboardRefreshId,
  snapshotValues,
  dashboardRoutes,
  DASHBOARD_JOB,
  DASHBOARD_SCHOOL_JOB,
  enqueueDashboardRefresh,
  readSchoolDashboard,
  refreshCacheView,
  refreshDistrictDashboard,
  refreshMissingDashboards,
  refreshSchoolDashboard,
  type SchoolDashboard,
  type SchoolRefreshResult,
} from './dashboard';
