import {
  isOpen,
  nextDeliveryInstant,
  nextRetryAt,
  escalationNotice,
  escapeHtml,
  renderTemplateHtml,
  type DeliveryWindow,
} from '../../src-shared/alerts';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { e164 } from './adapters/sms-twilio';
import type { DeliveryChannels } from './channels';
import type { JobSender } from '../jobs';
import { enqueueDelivery, instanceInfo } from './plan';
import { titleOf } from './service';

/** How long a claimed delivery is left alone by the sweep (a crash mid-send is retried after it). */
export const CLAIM_MS = 5 * 60_000;

export type DeliveryOutcome = 'SENT' | 'RETRY' | 'DEFERRED' | 'CLOSED' | 'NOT_DUE' | 'DONE' | 'FAILED';

function windowOf(response: unknown): { window: DeliveryWindow | null; timeZone: string | null } {
  if (!response || typeof response !== 'object') return { window: null, timeZone: null };
  const r = response as { window?: DeliveryWindow | null; timeZone?: string };
  return { window: r.window ?? null, timeZone: typeof r.timeZone === 'string' ? r.timeZone : null };
}

/**
 * One delivery attempt of one alert_delivery_log row (the alerts.deliver job):
 * - not PENDING any more: nothing (a job run twice sends once);
 * - the alert closed (RESOLVED, EXPIRED): FAILED, "alert closed before delivery";
 * - in the recipient's quiet hours or weekend (EMERGENCY excepted): re-enqueued for the first allowed instant;
 * - otherwise claimed (next_retry_at moved CLAIM_MS ahead, so the sweep leaves it alone while it is sent), sent, and
 *   SENT with the provider's answer; a failure (SMTP or provider down, refused) keeps it PENDING with the reason,
 *   retry_count + 1 and next_retry_at by the backoff schedule, and enqueues that retry: delayed, never dropped.
 * A recipient without an address for the channel is FAILED with the reason (nothing to retry).
 */
export async function deliverOne(
  db: ServerDb,
  clock: Clock,
  jobs: JobSender,
  channels: DeliveryChannels,
  deliveryId: string,
): Promise<DeliveryOutcome> {
  const now = clock.now();
  const row = await db
    .selectFrom('alert_delivery_log as l')
    .innerJoin('users as u', 'u.id', 'l.recipient_user_id')
    .select([
      'l.id',
      'l.alert_instance_id',
      'l.delivery_channel',
      'l.delivery_status',
      'l.escalation_level',
      'l.retry_count',
      'l.next_retry_at',
      'l.channel_response',
      'u.email',
      'u.phone',
    ])
    .where('l.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) throw new Error(`no alert delivery ${deliveryId} (not committed yet?)`);
  if (row.delivery_status !== 'PENDING') return 'DONE';
  const info = await instanceInfo(db, row.alert_instance_id);
  const fail = async (reason: string, outcome: DeliveryOutcome) => {
    await db
      .updateTable('alert_delivery_log')
      .set({ delivery_status: 'FAILED', failure_reason: reason, next_retry_at: null, updated_at: now })
      .where('id', '=', row.id)
      .where('delivery_status', '=', 'PENDING')
      .execute();
    return outcome;
  };
  if (!info || !isOpen(info.status))
    return fail(`alert ${info?.status ?? 'deleted'} before delivery`, 'CLOSED');
  if (row.next_retry_at && row.next_retry_at.getTime() > now.getTime()) {
    await enqueueDelivery(jobs, row.id, row.retry_count, row.next_retry_at);
    return 'NOT_DUE';
  }
  const { window, timeZone } = windowOf(row.channel_response);
  if (window && timeZone) {
    const allowed = nextDeliveryInstant(now.getTime(), info.priority, window, timeZone);
    if (allowed > now.getTime()) {
      const at = new Date(allowed);
      await db
        .updateTable('alert_delivery_log')
        .set({ next_retry_at: at, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await enqueueDelivery(jobs, row.id, row.retry_count, at);
      return 'DEFERRED';
    }
  }
  // claim: another run of the same job (or the sweep) finds it not due
  const claimed = await db
    .updateTable('alert_delivery_log')
    .set({ next_retry_at: new Date(now.getTime() + CLAIM_MS), updated_at: now })
    .where('id', '=', row.id)
    .where('delivery_status', '=', 'PENDING')
    .where((eb) => eb.or([eb('next_retry_at', 'is', null), eb('next_retry_at', '<=', now)]))
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return 'DONE';

  // an escalation level's delivery is that level's notice, a message of its own
  const notice = row.escalation_level > 0 ? `${escalationNotice(row.escalation_level)}: ` : '';
  const title = `${notice}${titleOf(info)}`;
  const subject = `${notice}[${info.priority}] ${info.definition.name}${info.schoolName ? ` - ${info.schoolName}` : ''}`;
  let response: Record<string, unknown>;
  try {
    switch (row.delivery_channel) {
      case 'EMAIL': {
        if (!channels.email) throw new Error('no SMTP server configured (WHITE_CROSS_SMTP_URL)');
        const data = { school: info.schoolName ?? undefined, ...info.data };
        const html = `${notice ? `<p><strong>${escapeHtml(notice.slice(0, -2))}</strong></p>` : ''}<p>${info.definition.template ? renderTemplateHtml(info.definition.template, data, info.timeZone ? { timeZone: info.timeZone } : {}) : ''}</p>`;
        const r = await channels.email.send({
          to: row.email,
          subject,
          text: title,
          html,
          deliveryId: row.id,
        });
        response = { messageId: r.messageId, response: r.response };
        break;
      }
      case 'SMS':
      case 'VOICE': {
        const to = e164(row.phone);
        if (!to) return await fail('the recipient has no phone number in E.164 form (users.phone)', 'FAILED');
        if (!channels.sms) throw new Error('no SMS provider configured (WHITE_CROSS_SMS_PROVIDER)');
        const r =
          row.delivery_channel === 'SMS'
            ? await channels.sms.sendSms(to, `${subject}: ${title}`)
            : await channels.sms.call(to, `White Cross alert. ${info.definition.name}. ${title}`);
        response = { sid: r.sid, status: r.status };
        break;
      }
      case 'IN_APP':
        response = { via: 'sync and console stream' };
        break;
      default:
        return await fail(`no provider for ${row.delivery_channel}`, 'FAILED');
    }
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    const retryAt = nextRetryAt(now, row.retry_count);
    await db
      .updateTable('alert_delivery_log')
      .set({
        failure_reason: reason,
        retry_count: row.retry_count + 1,
        next_retry_at: retryAt,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .where('delivery_status', '=', 'PENDING')
      .execute();
    await enqueueDelivery(jobs, row.id, row.retry_count + 1, retryAt);
    return 'RETRY';
  }
  const done = clock.now();
  await db
    .updateTable('alert_delivery_log')
    .set({
      delivery_status: 'SENT',
      sent_at: done,
      delivery_confirmation_at: done,
      next_retry_at: null,
      channel_response: JSON.stringify(response),
      updated_at: done,
    })
    .where('id', '=', row.id)
    .where('delivery_status', '=', 'PENDING')
    .execute();
  return 'SENT';
}
