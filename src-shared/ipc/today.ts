import { z } from 'zod';
import { AlertPriority, AlertStatus } from '../enums';
import { empty, id, instant, isoDate, method, slice } from './slice';
import { Triage } from './clinic-visits';

/** The today slice: the clinic's day at a glance (src-main/workstation/today/ipc.ts). */

export const QueueEntry = z.object({
  visitId: id,
  studentId: id,
  studentName: z.string(),
  arrivedAt: instant,
  reason: z.string(),
  triage: Triage.optional(),
});
export const TodayVisit = QueueEntry.extend({
  complaint: z.string(),
  departedAt: instant.optional(),
  returnedToClassAt: instant.optional(),
  sentHome: z.boolean(),
  /** still in the clinic (neither returned to class, sent home nor departed) */
  inClinic: z.boolean(),
});
export const MedDue = z.object({
  studentMedicationId: id,
  studentId: id,
  studentName: z.string(),
  medication: z.string(),
  dose: z.string(),
  route: z.string(),
  dueAt: instant,
  /** where the dose stands (src-shared/mar: doseWindow) */
  status: z.enum(['DUE', 'OVERDUE', 'MISSED']),
});
export const AlertSummary = z.object({
  id,
  title: z.string(),
  severity: z.enum(AlertPriority),
  status: z.enum(AlertStatus),
  triggeredAt: instant,
  studentId: id.optional(),
  studentName: z.string().optional(),
});
export const TodayResult = z.object({
  /** the school's local date the lists are for */
  date: isoDate,
  queue: z.array(QueueEntry),
  visits: z.array(TodayVisit),
  medsDue: z.array(MedDue),
  alerts: z.array(AlertSummary),
});
export type TodayResult = z.infer<typeof TodayResult>;

export const todaySlice = slice('today', {
  'today.get': method({ args: empty, result: TodayResult, access: 'emergencyRead', polling: true }),
});
