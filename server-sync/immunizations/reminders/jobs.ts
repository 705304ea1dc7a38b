import { z } from 'zod';
import { channelsFromConfig, type DeliveryChannels } from '../../alerts';
import { loadConfig } from '../../config';
import { defineJob, type JobDefinition } from '../../jobs';
import type { ReportRenderer } from '../../../src-shared/reports';
import { resolveJwtSecret } from '../../auth/secret';
import { reminderAckKey, reminderAckUrl } from './ack';
import { complianceReminderSource } from './cdsi-source';
import { runReminders, type ReminderDeps } from './run';

export const REMINDERS_JOB = 'immunizations.reminders';

/**
 * immunizations.reminders: every day at 07:00 in the district's time zone, the district's immunization reminders
 * (server-sync/immunizations/reminders/run.ts). Failed e-mails and SMS wait for the next run (or a retry of this
 * one): a retry redoes nothing that was done.
 */
export function makeReminderJobs(deps: ReminderDeps): readonly JobDefinition[] {
  const job = defineJob({
    name: REMINDERS_JOB,
    data: z.object({ districtId: z.string().min(1).max(64) }),
    schedule: { cron: '0 7 * * *' },
    retryLimit: 3,
    retryDelaySeconds: 600,
    expireInSeconds: 3600,
    async handler({ districtId }, ctx) {
      await runReminders(ctx.db, ctx.clock, deps, districtId);
    },
  });
  return [job];
}

let envChannels: DeliveryChannels | null = null;

/**
 * The reminder job of this server: needs from CDC's forecast and the state's school-entry compliance
 * (complianceReminderSource), e-mail and SMS through the alerts' channels of this process's environment
 * (WHITE_CROSS_SMTP_URL, WHITE_CROSS_SMS_PROVIDER...), letters under the server's data folder.
 */
export const reminderJobsFromEnv = (o: {
  readonly dataDir: () => string;
  /** the report engine's renderer (server-sync/reports pdfRenderer; given by the catalog, so this room does not import it) */
  readonly render: ReportRenderer;
}): readonly JobDefinition[] =>
  makeReminderJobs({
    source: complianceReminderSource,
    channels: () => (envChannels ??= channelsFromConfig(loadConfig().alertDelivery)),
    render: o.render,
    lettersDir: o.dataDir,
    ackUrl: ackUrlFromEnv,
  });

const publicUrl = z
  .string()
  .url()
  .startsWith('http', 'WHITE_CROSS_PUBLIC_URL: an http(s) address')
  .optional();
let ackKey: Buffer | null = null;

/**
 * The e-mail's acknowledgment link: WHITE_CROSS_PUBLIC_URL (the address guardians reach this server at) and a key
 * derived from the server's JWT secret. Without WHITE_CROSS_PUBLIC_URL the e-mails carry no link.
 */
function ackUrlFromEnv(deliveryId: string): string | null {
  const parsed = publicUrl.safeParse(process.env.WHITE_CROSS_PUBLIC_URL || undefined);
  if (!parsed.success)
    throw new Error(`WHITE_CROSS_PUBLIC_URL: ${parsed.error.issues[0]?.message ?? 'not an address'}`);
  const base = parsed.data;
  if (!base) return null;
  ackKey ??= reminderAckKey(resolveJwtSecret(loadConfig()).secret);
  return reminderAckUrl(base, ackKey, deliveryId);
}
