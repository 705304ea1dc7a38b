import { z } from 'zod';
import { ALERT_CATEGORIES } from '../alerts';
import { AlertDeliveryChannel, AlertPriority, AlertStatus, UserRole } from '../enums';

/**
 * The HTTP contract of the alerts feature (server-sync/alerts/routes.ts): instances (list, acknowledge, resolve,
 * their deliveries), definitions (read; DISTRICT_ADMIN edits), the caller's subscriptions, and GET /alerts/stream
 * (server-sent events: `event: alert` with alertStreamEvent as data, `: ping` every 25 s).
 */

const id = z.string().min(1).max(64);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const alertIdParams = z.strictObject({ id });

/** GET /alerts/instances */
export const listInstancesQuery = z.strictObject({
  status: z.enum(AlertStatus).optional(),
  schoolId: id.optional(),
  code: z.string().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const alertInstance = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  title: z.string(),
  priority: z.enum(AlertPriority),
  status: z.enum(AlertStatus),
  schoolId: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  triggeredAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolutionNotes: z.string().nullable(),
  escalationLevel: z.number().int(),
  expiresAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type AlertInstance = z.infer<typeof alertInstance>;
export const listInstancesResponse = z.object({ alerts: z.array(alertInstance) });

/** POST /alerts/instances/:id/acknowledge and /resolve */
export const alertActionRequest = z.strictObject({ notes: z.string().trim().max(2000).optional() });
export const alertActionResponse = z.object({ id: z.string(), status: z.enum(AlertStatus) });

/** GET /alerts/instances/:id/deliveries */
export const alertDelivery = z.object({
  id: z.string(),
  recipientUserId: z.string(),
  channel: z.enum(AlertDeliveryChannel),
  status: z.string().nullable(),
  sentAt: z.string(),
  failureReason: z.string().nullable(),
  retryCount: z.number().int(),
  nextRetryAt: z.string().nullable(),
});
export const alertDeliveriesResponse = z.object({ deliveries: z.array(alertDelivery) });

// ---- Definitions
export const escalationRulesBody = z.strictObject({
  escalate_after_minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  escalate_to: z.array(z.enum(UserRole)).min(1),
});

export const alertDefinition = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.enum(ALERT_CATEGORIES).nullable(),
  priority: z.enum(AlertPriority),
  conditions: z.record(z.string(), z.unknown()),
  escalation: escalationRulesBody.nullable(),
  channels: z.array(z.enum(AlertDeliveryChannel)),
  template: z.string().nullable(),
  isActive: z.boolean(),
  canDismiss: z.boolean(),
  requireAck: z.boolean(),
  expirationMinutes: z.number().int().nullable(),
});
export const listDefinitionsResponse = z.object({ definitions: z.array(alertDefinition) });
export const definitionCodeParams = z.strictObject({ code: z.string().min(1).max(50) });

/** PUT /alerts/definitions/:code (DISTRICT_ADMIN): the fields given change. */
export const updateDefinitionRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    priority: z.enum(AlertPriority),
    conditions: z.record(z.string(), z.unknown()),
    escalation: escalationRulesBody.nullable(),
    channels: z.array(z.enum(AlertDeliveryChannel)).min(1),
    template: z.string().max(2000).nullable(),
    isActive: z.boolean(),
    requireAck: z.boolean(),
    canDismiss: z.boolean(),
    expirationMinutes: z.number().int().min(1).max(525_600).nullable(),
  })
  .partial();

// ---- Subscriptions
const subscriptionFields = {
  definitionCode: z.string().min(1).max(50).nullable(),
  category: z.enum(ALERT_CATEGORIES).nullable(),
  priorityThreshold: z.enum(AlertPriority).nullable(),
  channels: z.array(z.enum(AlertDeliveryChannel)).min(1),
  isActive: z.boolean(),
  quietHoursStart: hhmm.nullable(),
  quietHoursEnd: hhmm.nullable(),
  weekendDelivery: z.boolean(),
};

export const alertSubscription = z.object({
  id: z.string(),
  userId: z.string(),
  ...subscriptionFields,
});
export type AlertSubscription = z.infer<typeof alertSubscription>;
export const listSubscriptionsQuery = z.strictObject({ userId: id.optional() });
export const listSubscriptionsResponse = z.object({ subscriptions: z.array(alertSubscription) });

/** POST /alerts/subscriptions: for the caller, or (DISTRICT_ADMIN) for userId. */
export const createSubscriptionRequest = z
  .strictObject({
    userId: id.optional(),
    definitionCode: subscriptionFields.definitionCode.default(null),
    category: subscriptionFields.category.default(null),
    priorityThreshold: subscriptionFields.priorityThreshold.default(null),
    channels: subscriptionFields.channels.default(['IN_APP']),
    isActive: subscriptionFields.isActive.default(true),
    quietHoursStart: subscriptionFields.quietHoursStart.default(null),
    quietHoursEnd: subscriptionFields.quietHoursEnd.default(null),
    weekendDelivery: subscriptionFields.weekendDelivery.default(true),
  })
  .refine((s) => (s.quietHoursStart === null) === (s.quietHoursEnd === null), {
    path: ['quietHoursEnd'],
    message: 'quiet hours need both a start and an end',
  });
export const updateSubscriptionRequest = z.strictObject(subscriptionFields).partial();

/** data of an `event: alert` on GET /alerts/stream */
export const alertStreamEvent = z.object({
  id: z.string(),
  schoolId: z.string().nullable(),
  code: z.string(),
  priority: z.enum(AlertPriority),
  status: z.enum(AlertStatus),
  title: z.string(),
});
export type AlertStreamEvent = z.infer<typeof alertStreamEvent>;
