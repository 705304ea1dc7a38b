import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  nextDeliveryInstant,
  nextEscalation,
  subscriptionMatches,
  type DeliveryWindow,
} from '../../src-shared/alerts';
import { isClinicalRole, isDistrictWide } from '../../src-shared/auth';
import type { AlertDeliveryChannel } from '../../src-shared/enums';
import { type AlertPriority, type AlertStatus, type UserRole } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';
import { definitionById, type Definition } from './definitions';
import type { JobSender } from '../jobs';

/** Channels this server delivers on (PUSH has no provider: a subscription asking for it gets the others). */
const DELIVERED: readonly AlertDeliveryChannel[] = ['IN_APP', 'EMAIL', 'SMS', 'VOICE'];

export const JOB = Object.freeze({
  deliver: 'alerts.deliver',
  escalate: 'alerts.escalate',
  expire: 'alerts.expire',
  sweep: 'alerts.sweep',
  triggers: 'alerts.triggers',
  immunizations: 'alerts.immunization-overdue',
});

/** An instance with what planning and delivery need of it. */
export interface InstanceInfo {
  readonly id: string;
  readonly definition: Definition;
  readonly priority: AlertPriority;
  readonly status: AlertStatus;
  readonly schoolId: string | null;
  readonly schoolName: string | null;
  /** the school's time zone (the district's when the school has none, or for a district-wide alert) */
  readonly timeZone: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly data: Record<string, unknown>;
  readonly triggeredAt: Date;
  readonly escalationLevel: number;
  readonly lastEscalatedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly updatedAt: Date;
}

export async function instanceInfo(db: ServerDb, id: string): Promise<InstanceInfo | null> {
  const r = await db
    .selectFrom('alert_instances as i')
    .leftJoin('schools as s', 's.id', 'i.school_id')
    .leftJoin('districts as dz', 'dz.id', 's.district_id')
    .select([
      'i.id',
      'i.alert_definition_id',
      's.timezone as school_tz',
      'dz.timezone as district_tz',
      'i.priority_override',
      'i.alert_status',
      'i.school_id',
      's.name as school_name',
      'i.target_entity_type',
      'i.target_entity_id',
      'i.alert_data',
      'i.triggered_at',
      'i.escalation_level',
      'i.last_escalated_at',
      'i.expires_at',
      'i.updated_at',
    ])
    .where('i.id', '=', id)
    .where('i.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) return null;
  const definition = await definitionById(db, r.alert_definition_id);
  if (!definition) return null;
  const data =
    r.alert_data && typeof r.alert_data === 'object' && !Array.isArray(r.alert_data)
      ? (r.alert_data as Record<string, unknown>)
      : {};
  return {
    id: r.id,
    definition,
    priority: r.priority_override ?? definition.priority,
    status: r.alert_status,
    schoolId: r.school_id,
    schoolName: r.school_name,
    timeZone: r.school_tz ?? r.district_tz,
    targetType: r.target_entity_type,
    targetId: r.target_entity_id,
    data,
    triggeredAt: r.triggered_at,
    escalationLevel: r.escalation_level,
    lastEscalatedAt: r.last_escalated_at,
    expiresAt: r.expires_at,
    updatedAt: r.updated_at,
  };
}

interface Recipient {
  readonly userId: string;
  readonly channels: readonly AlertDeliveryChannel[];
  readonly window: DeliveryWindow | null;
  readonly timeZone: string;
}

/** Users of the district who may see the alert's school (district-wide roles: every school; NULL school: only them). */
async function eligibleUsers(db: ServerDb, schoolId: string | null) {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('districts as d', 'd.id', 'u.district_id')
    .leftJoin('schools as s', (j) =>
      j.on('s.district_id', '=', sql.ref('u.district_id')).on('s.id', '=', schoolId ?? ''),
    )
    .leftJoin('user_schools as us', (j) =>
      j.onRef('us.user_id', '=', 'u.id').onRef('us.school_id', '=', 's.id'),
    )
    .select([
      'u.id',
      'u.role',
      's.id as school_id',
      'us.school_id as granted',
      's.timezone as school_tz',
      'd.timezone as district_tz',
    ])
    .where('u.is_active', '=', true)
    .where('u.deleted_at', 'is', null)
    .execute();
  return rows
    .filter((r) => isClinicalRole(r.role))
    .filter((r) =>
      schoolId === null
        ? isDistrictWide(r.role)
        : r.school_id !== null && (isDistrictWide(r.role) || r.granted !== null),
    )
    .map((r) => ({ id: r.id, role: r.role, timeZone: r.school_tz ?? r.district_tz }));
}

async function subscribers(db: ServerDb, i: InstanceInfo): Promise<Recipient[]> {
  const users = new Map((await eligibleUsers(db, i.schoolId)).map((u) => [u.id, u]));
  const subs = await db
    .selectFrom('alert_subscriptions')
    .selectAll()
    .where('is_active', '=', true)
    .orderBy('created_at')
    .execute();
  const out = new Map<string, Recipient>();
  for (const s of subs) {
    const u = users.get(s.user_id);
    if (!u) continue;
    const matches = subscriptionMatches(
      {
        isActive: s.is_active,
        definitionId: s.alert_definition_id,
        category: s.alert_category,
        priorityThreshold: s.priority_threshold,
      },
      { definitionId: i.definition.id, category: i.definition.category, priority: i.priority },
    );
    if (!matches) continue;
    const channels = Array.isArray(s.delivery_channels)
      ? s.delivery_channels.filter((c): c is AlertDeliveryChannel =>
          DELIVERED.includes(c as AlertDeliveryChannel),
        )
      : [];
    const prev = out.get(u.id);
    // several subscriptions of one user: the union of their channels, the first one's quiet hours
    out.set(u.id, {
      userId: u.id,
      channels: [...new Set([...(prev?.channels ?? []), ...channels])],
      window: prev?.window ?? {
        quietStart: s.quiet_hours_start,
        quietEnd: s.quiet_hours_end,
        weekendDelivery: s.weekend_delivery,
      },
      timeZone: u.timeZone,
    });
  }
  return [...out.values()];
}

async function roleRecipients(
  db: ServerDb,
  i: InstanceInfo,
  roles: readonly UserRole[],
): Promise<Recipient[]> {
  const channels = i.definition.channels.filter((c) => DELIVERED.includes(c));
  return (await eligibleUsers(db, i.schoolId))
    .filter((u) => roles.includes(u.role))
    .map((u) => ({
      userId: u.id,
      channels: channels.length ? channels : ['IN_APP'],
      window: null,
      timeZone: u.timeZone,
    }));
}

/**
 * Plans an instance's deliveries: one alert_delivery_log row per recipient and channel (the subscribers whose
 * subscriptions match, or at an escalation level the users of the configured roles), PENDING until the first instant
 * the recipient's quiet hours and weekends allow (EMERGENCY: now). IN_APP rows are SENT at once: the alert is in the
 * app (the workstation gets it by sync, the console by the SSE stream). A row that exists is left alone (UNIQUE
 * instance, recipient, channel): a recipient never gets the same alert twice on one channel. Enqueues a delivery job
 * per new PENDING row when a sender is given (the sweep enqueues the others). Returns the new rows.
 */
export async function planDeliveries(
  db: ServerDb,
  now: Date,
  i: InstanceInfo,
  opts: { readonly roles?: readonly UserRole[]; readonly level?: number; readonly jobs?: JobSender } = {},
): Promise<{ id: string; channel: AlertDeliveryChannel; recipient: string; at: Date; pending: boolean }[]> {
  const recipients = opts.roles ? await roleRecipients(db, i, opts.roles) : await subscribers(db, i);
  const rows = recipients.flatMap((r) =>
    r.channels.map((channel) => {
      const at =
        channel === 'IN_APP' || !r.window
          ? now.getTime()
          : nextDeliveryInstant(now.getTime(), i.priority, r.window, r.timeZone);
      const pending = channel !== 'IN_APP';
      return {
        id: uuidv7({ msecs: now.getTime() }),
        alert_instance_id: i.id,
        recipient_user_id: r.userId,
        delivery_channel: channel,
        escalation_level: opts.level ?? 0,
        sent_at: new Date(at),
        delivery_status: pending ? ('PENDING' as const) : ('SENT' as const),
        delivery_confirmation_at: pending ? null : now,
        next_retry_at: pending ? new Date(at) : null,
        channel_response: JSON.stringify(
          pending ? { window: r.window, timeZone: r.timeZone } : { via: 'sync and console stream' },
        ),
        created_at: now,
        updated_at: now,
      };
    }),
  );
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('alert_delivery_log')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['alert_instance_id', 'recipient_user_id', 'delivery_channel', 'escalation_level'])
        .doNothing(),
    )
    .returning(['id', 'delivery_channel', 'recipient_user_id', 'next_retry_at', 'delivery_status'])
    .execute();
  const out = inserted.map((r) => ({
    id: r.id,
    channel: r.delivery_channel,
    recipient: r.recipient_user_id,
    at: r.next_retry_at ?? now,
    pending: r.delivery_status === 'PENDING',
  }));
  if (opts.jobs) {
    for (const r of out) if (r.pending) await enqueueDelivery(opts.jobs, r.id, 0, r.at);
  }
  return out;
}

export function enqueueDelivery(jobs: JobSender, deliveryId: string, attempt: number, at: Date) {
  return jobs.send(
    JOB.deliver,
    { deliveryId },
    { key: `${JOB.deliver}:${deliveryId}:${attempt}`, startAfter: at },
  );
}

/** Schedules the instance's next escalation, if its definition escalates and it is not acknowledged. */
export async function scheduleEscalation(jobs: JobSender, i: InstanceInfo): Promise<void> {
  const next = nextEscalation(i.definition.escalation, {
    status: i.status,
    level: i.escalationLevel,
    triggeredAt: i.triggeredAt,
    lastEscalatedAt: i.lastEscalatedAt,
  });
  if (!next) return;
  await jobs.send(
    JOB.escalate,
    { instanceId: i.id, level: next.level },
    { key: `${JOB.escalate}:${i.id}:${next.level}`, startAfter: next.at },
  );
}
