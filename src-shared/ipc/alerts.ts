import { z } from 'zod';
import { AlertPriority, AlertStatus } from '../enums';
import { empty, id, instant, method, requiredText, slice, text } from './slice';

/**
 * The alerts slice (feature 26) on the workstation: the open alerts of the nurse's school, acknowledge, resolve and
 * dismiss (src-main/workstation/alerts/ipc.ts). Alerts raised on this workstation and those pulled from the district
 * server are the same rows (alert_instances, synced both ways).
 */

export const AlertRow = z.object({
  id,
  /** the definition's code (EMERGENCY_HEALTH, MEDICATION_MISSED...) */
  code: z.string(),
  title: z.string(),
  /** the instance's priority (its override, else the definition's) */
  priority: z.enum(AlertPriority),
  status: z.enum(AlertStatus),
  category: z.string().optional(),
  triggeredAt: instant,
  studentId: id.optional(),
  studentName: z.string().optional(),
  /** the definition's message with the instance's data filled in */
  message: z.string().optional(),
  acknowledgedAt: instant.optional(),
  acknowledgedBy: z.string().optional(),
  resolvedAt: instant.optional(),
  resolvedBy: z.string().optional(),
  resolutionNotes: z.string().optional(),
  /** the definition lets a nurse dismiss it without resolving */
  canDismiss: z.boolean(),
  requiresAcknowledgment: z.boolean(),
});
export type AlertRow = z.infer<typeof AlertRow>;

export const AlertsSummary = z.object({
  /** open alerts of the school (active or escalated) */
  open: z.number().int().min(0),
  /** changes whenever an alert of the school is raised or changes (the UI reloads its lists) */
  revision: z.string(),
});
export type AlertsSummary = z.infer<typeof AlertsSummary>;

const alertId = z.object({ id });

export const alertsSlice = slice('alerts', {
  /** Active and escalated alerts of the school, and those acknowledged today (school time), most urgent first. */
  'alerts.list': method({ args: empty, result: z.array(AlertRow), access: 'emergencyRead', polling: true }),
  'alerts.summary': method({ args: empty, result: AlertsSummary, access: 'emergencyRead', polling: true }),
  /** One alert with its message and resolution (audited as a view). */
  'alerts.get': method({ args: alertId, result: AlertRow, access: 'emergencyRead' }),
  'alerts.acknowledge': method({ args: alertId, result: AlertRow, access: 'session' }),
  'alerts.resolve': method({
    args: z.object({ id, notes: requiredText(2000) }),
    result: AlertRow,
    access: 'session',
  }),
  /** Only where the definition allows it (can_user_dismiss): closes it as resolved, saying it was dismissed. */
  'alerts.dismiss': method({
    args: z.object({ id, reason: text(500).optional() }),
    result: AlertRow,
    access: 'session',
  }),
});
