import type { Transaction } from 'kysely';
import { alertInstanceId, canTransition, renderTemplate } from '../../src-shared/alerts';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import type { AlertPriority, AlertStatus } from '../../src-shared/enums';
import { appendAudit, type AuditEntryInput } from '../audit';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { ensureDefinition } from './definitions';
import type { JobSender } from '../jobs';
import { instanceInfo, planDeliveries, scheduleEscalation, type InstanceInfo } from './plan';

export interface RaiseAlertInput {
  readonly code: string;
  readonly schoolId: string | null;
  readonly target?: { readonly type: 'STUDENT' | 'USER' | 'SCHOOL'; readonly id: string };
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly dedupeKey: string;
  readonly priority?: AlertPriority;
  readonly triggeredBy?: string | null;
}

/** Runs fn in the caller's transaction, or in a new one. */
export function inTransaction<T>(
  db: ServerDb | Transaction<ServerDatabase>,
  fn: (trx: Transaction<ServerDatabase>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<ServerDatabase>) : db.transaction().execute(fn);
}

/** An audit entry of the alert machinery itself (jobs, triggers): no user, no address. */
export function systemAudit(
  at: Date,
  what: Pick<AuditEntryInput, 'action' | 'tableName' | 'recordId' | 'schoolId' | 'details'> & {
    userId?: string | null;
  },
): AuditEntryInput {
  return { ...what, userId: what.userId ?? null, deviceId: null, ip: null, userAgent: null, at };
}

/**
 * The title of an instance: its definition's template rendered from its data (missing placeholders stay visible),
 * instants shown in the school's time zone.
 */
export function titleOf(i: Pick<InstanceInfo, 'definition' | 'data' | 'schoolName' | 'timeZone'>): string {
  const data = { school: i.schoolName ?? undefined, ...i.data };
  return i.definition.template
    ? renderTemplate(i.definition.template, data, i.timeZone ? { timeZone: i.timeZone } : {})
    : i.definition.name;
}

/**
 * Raises an alert: one alert_instances row whose id is alertInstanceId(dedupeKey), so raising the same thing twice
 * (here, or on a workstation whose row arrives by sync) is one alert: the second raise inserts nothing and answers
 * created false. A new alert is audited and, given a job sender, its deliveries planned and its delivery and
 * escalation jobs enqueued (without one, e.g. from a composition root with no sender, the minute's sweep does it). A code without a stored definition gets
 * the built-in one; an unknown or inactive code raises nothing.
 */
export async function raiseAlert(
  db: ServerDb | Transaction<ServerDatabase>,
  clock: Clock,
  input: RaiseAlertInput,
  jobs?: JobSender,
): Promise<{ id: string; created: boolean }> {
  const id = alertInstanceId(input.dedupeKey);
  const now = clock.now();
  return inTransaction(db, async (trx) => {
    const def = await ensureDefinition(trx, input.code, now);
    if (!def) throw new Error(`no alert definition ${input.code}`);
    if (!def.isActive) return { id, created: false };
    const inserted = await trx
      .insertInto('alert_instances')
      .values({
        id,
        alert_definition_id: def.id,
        triggered_at: now,
        triggered_by_user_id: input.triggeredBy ?? null,
        triggered_by_event: input.event.slice(0, 100),
        target_entity_type: input.target?.type ?? null,
        target_entity_id: input.target?.id ?? null,
        priority_override: input.priority && input.priority !== def.priority ? input.priority : null,
        alert_data: JSON.stringify({ ...input.data, dedupe_key: input.dedupeKey }),
        alert_status: 'ACTIVE',
        expires_at: def.expirationMinutes ? new Date(now.getTime() + def.expirationMinutes * 60_000) : null,
        school_id: input.schoolId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    if (inserted.length === 0) return { id, created: false };
    const info = await instanceInfo(trx, id);
    if (!info) throw new Error(`alert ${id} vanished while being raised`);
    // without a job sender the minute's sweep plans the deliveries and enqueues them (planning here would leave
    // rows no job knows of)
    const planned = jobs ? await planDeliveries(trx, now, info, { jobs }) : [];
    if (jobs) await scheduleEscalation(jobs, info);
    await appendAudit(
      trx,
      systemAudit(now, {
        action: 'CREATE',
        userId: input.triggeredBy ?? null,
        tableName: 'alert_instances',
        recordId: id,
        schoolId: input.schoolId,
        details: { event: 'alert_raised', code: input.code, deliveries: planned.length },
      }),
    );
    return { id, created: true };
  });
}

export class AlertTransitionError extends Error {
  override readonly name = 'AlertTransitionError';
  constructor(
    readonly from: AlertStatus,
    readonly to: AlertStatus,
  ) {
    super(`an alert ${from} cannot become ${to}`);
  }
}

/**
 * Moves an instance to ACKNOWLEDGED or RESOLVED (by a user) or EXPIRED (by the job), if the status allows; audited
 * with the caller's entry. The row is locked, so two acknowledgements at once make one. Returns the new state, or
 * null when there is no such alert.
 */
export async function transitionAlert(
  trx: Transaction<ServerDatabase>,
  now: Date,
  id: string,
  to: 'ACKNOWLEDGED' | 'RESOLVED' | 'EXPIRED',
  by: { readonly userId: string | null; readonly notes?: string | null },
  audit: (schoolId: string | null) => AuditEntryInput,
): Promise<{ id: string; status: AlertStatus; schoolId: string | null } | null> {
  const row = await trx
    .selectFrom('alert_instances')
    .select(['id', 'alert_status', 'school_id'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  if (!canTransition(row.alert_status, to)) throw new AlertTransitionError(row.alert_status, to);
  await trx
    .updateTable('alert_instances')
    .set({
      alert_status: to,
      updated_at: now,
      ...(to === 'ACKNOWLEDGED' ? { acknowledged_at: now, acknowledged_by: by.userId } : {}),
      ...(to === 'RESOLVED'
        ? { resolved_at: now, resolved_by: by.userId, resolution_notes: by.notes ?? null }
        : {}),
      ...(to !== 'EXPIRED' && by.notes && to === 'ACKNOWLEDGED' ? { resolution_notes: by.notes } : {}),
    })
    .where('id', '=', id)
    .execute();
  await appendAudit(trx, audit(row.school_id));
  return { id, status: to, schoolId: row.school_id };
}

/** Instances past their expires_at, still open, become EXPIRED (audited). Returns their ids. */
export async function expireDue(db: ServerDb, clock: Clock): Promise<string[]> {
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('alert_instances')
      .set({ alert_status: 'EXPIRED', updated_at: now })
      .where('expires_at', '<=', now)
      .where('alert_status', 'in', ['ACTIVE', 'ESCALATED', 'ACKNOWLEDGED'])
      .where('deleted_at', 'is', null)
      .returning(['id', 'school_id'])
      .execute();
    if (rows.length > 0) {
      await appendAudit(
        trx,
        ...rows.map((r) =>
          systemAudit(now, {
            action: 'UPDATE',
            tableName: 'alert_instances',
            recordId: r.id,
            schoolId: r.school_id,
            details: { event: 'alert_expired' },
          }),
        ),
      );
    }
    return rows.map((r) => r.id);
  });
}
