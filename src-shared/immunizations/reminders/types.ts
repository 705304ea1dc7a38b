import { z } from 'zod';

/**
 * Immunization reminders to guardians (issue 12, "Reminders"): what is due, as the forecast (CDSi) or the state's
 * school-entry deadlines say it. Pure types and their zod schemas: the job checks every need its source returns.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a calendar date',
  );

/** One dose a student needs, from the forecast or a state deadline. */
export const reminderNeedSchema = z
  .object({
    studentId: z.string().min(1).max(64),
    schoolId: z.string().min(1).max(64),
    /** the vaccine group (vaccination_schedules.vaccine_type, vaccinations.vaccine_type) */
    vaccine: z.string().min(1).max(50),
    doseNumber: z.number().int().min(1).max(20),
    dueDate: isoDate,
    kind: z.enum(['FORECAST', 'STATE_DEADLINE']),
    /** the state's deadline for the dose (school entry, end of grace): past it the reminder is URGENT */
    deadline: isoDate.optional(),
  })
  .strict();
export type ReminderNeed = z.infer<typeof reminderNeedSchema>;

export const REMINDER_TYPES = ['UPCOMING', 'OVERDUE', 'URGENT'] as const;
export type ReminderType = (typeof REMINDER_TYPES)[number];
export type ReminderStatus = 'PENDING' | 'SENT' | 'ACKNOWLEDGED' | 'DISMISSED' | 'COMPLETED';

/** A reminder is created this many days before its due date (UPCOMING). */
export const UPCOMING_WINDOW_DAYS = 30;
/** Past due by more than this many days, a reminder is URGENT even without a state deadline. */
export const URGENT_AFTER_DAYS = 30;

/** A stored reminder as planning sees it (immunization_reminders, not deleted). */
export interface ExistingReminder {
  readonly id: string;
  readonly studentId: string;
  readonly vaccine: string;
  readonly doseNumber: number | null;
  readonly dueDate: string;
  readonly type: ReminderType;
  readonly status: ReminderStatus;
}

/** A recorded dose (vaccinations, not deleted). */
export interface RecordedDose {
  readonly studentId: string;
  readonly vaccine: string;
  readonly administeredOn: string;
}

/** An exemption in force today; vaccine null = from every vaccine. */
export interface ExemptionInForce {
  readonly studentId: string;
  readonly vaccine: string | null;
}
