import { z } from 'zod';
import { loadConfig } from '../config';
import { channelsFromConfig, type DeliveryChannels } from './channels';
import { deliverOne } from './delivery';
import { escalateAlert } from './escalate';
import { defineJob, type JobDefinition } from '../jobs';
import { JOB } from './plan';
import { expireDue } from './service';
import { sweepAlerts } from './sweep';
import {
  raiseImmunizationOverdueAlerts,
  raiseSyncConflictAlerts,
  raiseWorkstationSilentAlerts,
} from './triggers';

/** A definition of some data type as an element of the catalog's list (JobDefinition's handler is a method: bivariant). */
const anyJob = <T>(d: JobDefinition<T>): JobDefinition => d;

/**
 * The alerts feature's jobs, delivering through the given channels:
 * - alerts.deliver {deliveryId}: one delivery row (server-sync/alerts/delivery.ts); its own retry schedule (backoff,
 *   until the alert closes) is in the row, so the platform's retries are only for the unexpected (a database error);
 * - alerts.escalate {instanceId, level}: one escalation level (escalate.ts);
 * - alerts.expire (every minute): alerts past expires_at become EXPIRED;
 * - alerts.sweep (every minute): deliveries of alerts pushed by workstations, lost delivery jobs (sweep.ts);
 * - alerts.triggers (every 5 minutes): SYNC_CONFLICT and SYNC_FAILURE;
 * - alerts.immunization-overdue (daily at 06:00): IMMUNIZATION_OVERDUE.
 */
export function alertJobsWith(channels: () => DeliveryChannels): readonly JobDefinition[] {
  return Object.freeze([
    anyJob(
      defineJob({
        name: JOB.deliver,
        data: z.object({ deliveryId: z.string().min(1) }),
        retryLimit: 10,
        retryDelaySeconds: 30,
        retryBackoff: true,
        expireInSeconds: 300,
        handler: async ({ deliveryId }, ctx) => {
          await deliverOne(ctx.db, ctx.clock, ctx.jobs, channels(), deliveryId);
        },
      }),
    ),
    anyJob(
      defineJob({
        name: JOB.escalate,
        data: z.object({ instanceId: z.string().min(1), level: z.number().int().min(1) }),
        retryLimit: 10,
        retryDelaySeconds: 30,
        retryBackoff: true,
        handler: async ({ instanceId, level }, ctx) => {
          await escalateAlert(ctx.db, ctx.clock, ctx.jobs, instanceId, level);
        },
      }),
    ),
    anyJob(
      defineJob({
        name: JOB.expire,
        data: z.object({}).passthrough(),
        schedule: { cron: '* * * * *' },
        handler: async (_d, ctx) => {
          await expireDue(ctx.db, ctx.clock);
        },
      }),
    ),
    anyJob(
      defineJob({
        name: JOB.sweep,
        data: z.object({}).passthrough(),
        schedule: { cron: '* * * * *' },
        handler: async (_d, ctx) => {
          await sweepAlerts(ctx.db, ctx.clock, ctx.jobs);
        },
      }),
    ),
    anyJob(
      defineJob({
        name: JOB.triggers,
        data: z.object({}).passthrough(),
        schedule: { cron: '*/5 * * * *' },
        handler: async (_d, ctx) => {
          await raiseSyncConflictAlerts(ctx.db, ctx.clock, ctx.jobs);
          await raiseWorkstationSilentAlerts(ctx.db, ctx.clock, ctx.jobs);
        },
      }),
    ),
    anyJob(
      defineJob({
        name: JOB.immunizations,
        data: z.object({}).passthrough(),
        schedule: { cron: '0 6 * * *' },
        expireInSeconds: 3600,
        handler: async (_d, ctx) => {
          await raiseImmunizationOverdueAlerts(ctx.db, ctx.clock, ctx.jobs);
        },
      }),
    ),
  ]);
}

let envChannels: DeliveryChannels | null = null;

/** The channels of this process's environment (WHITE_CROSS_SMTP_URL, WHITE_CROSS_SMS_PROVIDER...), made on first use. */
function channelsFromEnv(): DeliveryChannels {
  envChannels ??= channelsFromConfig(loadConfig().alertDelivery);
  return envChannels;
}

/** The jobs the composition root (server-sync/jobs-catalog.ts) registers. */
export const alertJobs: readonly JobDefinition[] = alertJobsWith(channelsFromEnv);
