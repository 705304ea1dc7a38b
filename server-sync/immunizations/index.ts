/** Immunizations on the district side: reading CDC's CDSi supporting data from its folder, and the CLI. */
export {
  readSupportingData,
  shippedSupportingDataDir,
  supportingDataChecksum,
  versionOfDir,
  SHIPPED_CDSI_ROOT,
  type LoadedSupportingData,
} from './supporting-data';
export { registerImmunizationCommands, supportingDataSummary } from './cli';
export {
  acknowledgeReminder,
  checkNeeds,
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
