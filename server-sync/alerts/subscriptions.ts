import { v7 as uuidv7 } from 'uuid';
import type { AlertSubscription } from '../../src-shared/api/alerts';
import type { AlertDeliveryChannel } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';

type SubRow = {
  id: string;
  user_id: string;
  alert_definition_id: string | null;
  alert_category: AlertSubscription['category'];
  priority_threshold: AlertSubscription['priorityThreshold'];
  delivery_channels: unknown;
  is_active: boolean;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  weekend_delivery: boolean;
  code: string | null;
};

const hhmm = (t: string | null) => (t === null ? null : t.slice(0, 5));

function toSubscription(r: SubRow): AlertSubscription {
  return {
    id: r.id,
    userId: r.user_id,
    definitionCode: r.code,
    category: r.alert_category,
    priorityThreshold: r.priority_threshold,
    channels: Array.isArray(r.delivery_channels) ? (r.delivery_channels as AlertDeliveryChannel[]) : [],
    isActive: r.is_active,
    quietHoursStart: hhmm(r.quiet_hours_start),
    quietHoursEnd: hhmm(r.quiet_hours_end),
    weekendDelivery: r.weekend_delivery,
  };
}

function base(db: ServerDb) {
  return db
    .selectFrom('alert_subscriptions as s')
    .leftJoin('alert_definitions as d', 'd.id', 's.alert_definition_id')
    .select([
      's.id',
      's.user_id',
      's.alert_definition_id',
      's.alert_category',
      's.priority_threshold',
      's.delivery_channels',
      's.is_active',
      's.quiet_hours_start',
      's.quiet_hours_end',
      's.weekend_delivery',
      'd.alert_code as code',
    ]);
}

export async function listSubscriptions(db: ServerDb, userId: string | null): Promise<AlertSubscription[]> {
  let q = base(db).orderBy('s.created_at').orderBy('s.id');
  if (userId !== null) q = q.where('s.user_id', '=', userId);
  return (await q.execute()).map(toSubscription);
}

export async function subscriptionById(db: ServerDb, id: string): Promise<AlertSubscription | null> {
  const r = await base(db).where('s.id', '=', id).executeTakeFirst();
  return r ? toSubscription(r) : null;
}

export interface SubscriptionValues {
  readonly definitionId: string | null;
  readonly category: AlertSubscription['category'];
  readonly priorityThreshold: AlertSubscription['priorityThreshold'];
  readonly channels: readonly AlertDeliveryChannel[];
  readonly isActive: boolean;
  readonly quietHoursStart: string | null;
  readonly quietHoursEnd: string | null;
  readonly weekendDelivery: boolean;
}

export async function createSubscription(
  db: ServerDb,
  now: Date,
  userId: string,
  v: SubscriptionValues,
): Promise<string> {
  const id = uuidv7({ msecs: now.getTime() });
  await db
    .insertInto('alert_subscriptions')
    .values({
      id,
      user_id: userId,
      alert_definition_id: v.definitionId,
      alert_category: v.category,
      priority_threshold: v.priorityThreshold,
      delivery_channels: JSON.stringify([...new Set(v.channels)]),
      is_active: v.isActive,
      quiet_hours_start: v.quietHoursStart,
      quiet_hours_end: v.quietHoursEnd,
      weekend_delivery: v.weekendDelivery,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function updateSubscription(
  db: ServerDb,
  now: Date,
  id: string,
  v: SubscriptionValues,
): Promise<void> {
  await db
    .updateTable('alert_subscriptions')
    .set({
      alert_definition_id: v.definitionId,
      alert_category: v.category,
      priority_threshold: v.priorityThreshold,
      delivery_channels: JSON.stringify([...new Set(v.channels)]),
      is_active: v.isActive,
      quiet_hours_start: v.quietHoursStart,
      quiet_hours_end: v.quietHoursEnd,
      weekend_delivery: v.weekendDelivery,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSubscription(db: ServerDb, id: string): Promise<void> {
  await db.deleteFrom('alert_subscriptions').where('id', '=', id).execute();
}
