export { makeReminderJobs, reminderJobsFromEnv, REMINDERS_JOB } from './jobs';
export { runReminders, checkNeeds, type ReminderDeps, type ReminderRunResult } from './run';
export { statusReminderSource, type ReminderSource } from './source';
export { complianceReminderSource } from './cdsi-source';
export { reminderDeliveryId } from './deliver';
export { letterFamilies, lettersDocument } from './letters';
export {
  acknowledgeReminder,
  reminderAckKey,
  reminderAckRoutes,
  reminderAckToken,
  reminderAckUrl,
  type AckResult,
} from './ack';
