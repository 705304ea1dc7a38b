/**
 * Immunization reminders to guardians (pure): the need a source reports, the day's plan (create, escalate, complete,
 * dismiss) and the words of the e-mail, SMS and letter in the guardian's language. The job that runs them is
 * server-sync/immunizations/reminders/.
 */
export {
  reminderNeedSchema,
  REMINDER_TYPES,
  UPCOMING_WINDOW_DAYS,
  URGENT_AFTER_DAYS,
  type ExemptionInForce,
  type ExistingReminder,
  type RecordedDose,
  type ReminderNeed,
  type ReminderStatus,
  type ReminderType,
} from './types';
export {
  isEmptyPlan,
  planReminders,
  reminderKey,
  reminderTypeOn,
  type PlanInput,
  type PlannedCompletion,
  type PlannedCreate,
  type PlannedDismissal,
  type PlannedEscalation,
  type ReminderPlan,
} from './plan';
export {
  doseSentence,
  formatDate,
  letterContent,
  reminderLanguage,
  reminderMessage,
  REMINDER_LANGUAGES,
  type DoseLine,
  type LetterContent,
  type ReminderLanguage,
  type ReminderMessageInput,
} from './messages';
