import { sql } from 'kysely';
import { alertInstanceId } from '../../../src-shared/alerts';
import { isClinicalRole } from '../../../src-shared/auth';
import type { AlertPriority } from '../../../src-shared/enums';
import type { AlertRow } from '../../../src-shared/ipc/alerts';
import { IpcError } from '../../../src-shared/ipc/errors';
import { query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { writing } from '../write-support';
import { findAlert } from './read';

/**
 * Writes of alert instances on the workstation, all through the store's write path (each with its outbox row, so
 * the next sync pushes it) and audited locally: raising one where its trigger happened (offline included),
 * acknowledge, resolve, dismiss.
 */

/** Who raises an alert found by the workstation's own checks (a missed dose, an overdue immunization). */
export const WORKSTATION_ACTOR: Actor = Object.freeze({
  userId: null,
  name: 'Workstation checks',
  role: null,
  breakGlass: false,
});

export interface LocalAlert {
  /** the definition's alert_code (EMERGENCY_HEALTH, MEDICATION_MISSED...) */
  readonly code: string;
  /** the dedupe key (src-shared/alerts alertKey): the instance id is alertInstanceId(key) */
  readonly key: string;
  readonly target?: { readonly type: 'STUDENT' | 'USER' | 'SCHOOL'; readonly id: string };
  /** what happened (triggered_by_event), e.g. clinic_visit.triage_emergency */
  readonly event: string;
  /** the values of the definition's message template (student_name, medication...) */
  readonly data: Record<string, unknown>;
  readonly priority?: AlertPriority;
}

export type RaiseOutcome =
  | { readonly id: string; readonly created: boolean }
  | { readonly id: null; readonly created: false; readonly reason: 'NO_DEFINITION' };

/**
 * Raises an alert on this workstation: one row per key (the id is alertInstanceId(key), so raising it again here,
 * on another workstation or on the district server is the same row and a second raise writes nothing). A code
 * without an active definition in the district's catalog raises nothing and says so in the core's log. Joins the
 * caller's transaction when there is one (the visit that triggered it is saved with its alert, or neither).
 */
export function raiseLocalAlert(ctx: WorkstationContext, actor: Actor, a: LocalAlert): RaiseOutcome {
  const id = alertInstanceId(a.key);
  return writing(ctx, () => {
    const existing = ctx.first(query.selectFrom('alert_instances').select('id').where('id', '=', id));
    if (existing) return { id, created: false };
    const def = ctx.first(
      query
        .selectFrom('alert_definitions')
        .select(['id', 'expiration_minutes'])
        .where('alert_code', '=', a.code)
        .where('is_active', '=', 1)
        .where('deleted_at', 'is', null),
    );
    if (!def) {
      ctx.log(`alert ${a.code} not raised (${a.key}): the district has no active definition with that code`);
      return { id: null, created: false, reason: 'NO_DEFINITION' as const };
    }
    const now = ctx.now();
    const byUser =
      actor.userId !== null &&
      ctx.first(query.selectFrom('users').select(sql.lit(1).as('x')).where('id', '=', actor.userId))
        ? actor.userId
        : null;
    ctx.store.insert('alert_instances', {
      id,
      alert_definition_id: def.id,
      triggered_at: new Date(now).toISOString(),
      triggered_by_user_id: byUser,
      triggered_by_event: a.event,
      target_entity_type: a.target?.type ?? null,
      target_entity_id: a.target?.id ?? null,
      priority_override: a.priority ?? null,
      alert_data: JSON.stringify({ ...a.data, dedupe_key: a.key }),
      alert_status: 'ACTIVE',
      expires_at:
        def.expiration_minutes !== null
          ? new Date(now + def.expiration_minutes * 60_000).toISOString()
          : null,
      school_id: ctx.schoolId,
    });
    ctx.audit(actor, 'CREATE', 'alert_instances', id, {
      code: a.code,
      event: a.event,
      ...(a.target ? { target: `${a.target.type}:${a.target.id}` } : {}),
    });
    return { id, created: true };
  });
}

/** A clinical account of this workstation, signed in (not emergency access) and known to the local roster. */
function requireResponder(
  ctx: WorkstationContext,
  actor: Actor,
): asserts actor is Actor & { userId: string } {
  requireWriter(actor);
  if (actor.role === null || !isClinicalRole(actor.role))
    throw new IpcError('FORBIDDEN', 'only nurses and school or district admins act on alerts');
  if (!ctx.first(query.selectFrom('users').select(sql.lit(1).as('x')).where('id', '=', actor.userId)))
    throw new IpcError(
      'SYNC_FAILED',
      'your account is not on this workstation yet: wait for the first sync to finish, then try again',
    );
}

const CLOSED = new Set<AlertRow['status']>(['RESOLVED', 'EXPIRED']);

/** alerts.acknowledge: an open alert (active or escalated) becomes ACKNOWLEDGED by this nurse, now. */
export function acknowledgeAlert(ctx: WorkstationContext, actor: Actor, id: string): AlertRow {
  requireResponder(ctx, actor);
  const a = findAlert(ctx, actor, id);
  if (a.status === 'ACKNOWLEDGED') return a;
  if (CLOSED.has(a.status))
    throw new IpcError('VALIDATION', `id: this alert is already ${a.status.toLowerCase()}`, 'id');
  writing(ctx, () => {
    ctx.store.update('alert_instances', id, {
      alert_status: 'ACKNOWLEDGED',
      acknowledged_at: ctx.nowIso(),
      acknowledged_by: actor.userId,
    });
    ctx.audit(actor, 'UPDATE', 'alert_instances', id, {
      action: 'ACKNOWLEDGE',
      code: a.code,
      from: a.status,
    });
  });
  return findAlert(ctx, actor, id);
}

function close(
  ctx: WorkstationContext,
  actor: Actor & { userId: string },
  a: AlertRow,
  notes: string,
  action: 'RESOLVE' | 'DISMISS',
): AlertRow {
  if (CLOSED.has(a.status))
    throw new IpcError('VALIDATION', `id: this alert is already ${a.status.toLowerCase()}`, 'id');
  const now = ctx.nowIso();
  writing(ctx, () => {
    ctx.store.update('alert_instances', a.id, {
      alert_status: 'RESOLVED',
      resolved_at: now,
      resolved_by: actor.userId,
      resolution_notes: notes,
      // resolving an alert nobody acknowledged acknowledges it too (escalation stops)
      ...(a.acknowledgedAt ? {} : { acknowledged_at: now, acknowledged_by: actor.userId }),
    });
    ctx.audit(actor, 'UPDATE', 'alert_instances', a.id, { action, code: a.code, from: a.status });
  });
  return findAlert(ctx, actor, a.id);
}

/** alerts.resolve: closes an open or acknowledged alert with the nurse's notes. */
export function resolveAlert(ctx: WorkstationContext, actor: Actor, id: string, notes: string): AlertRow {
  requireResponder(ctx, actor);
  return close(ctx, actor, findAlert(ctx, actor, id), notes, 'RESOLVE');
}

/** alerts.dismiss: only where the definition lets a user dismiss it; closed as resolved, saying it was dismissed. */
export function dismissAlert(
  ctx: WorkstationContext,
  actor: Actor,
  id: string,
  reason: string | undefined,
): AlertRow {
  requireResponder(ctx, actor);
  const a = findAlert(ctx, actor, id);
  if (!a.canDismiss)
    throw new IpcError('FORBIDDEN', `a "${a.title}" alert cannot be dismissed: resolve it with notes`);
  return close(ctx, actor, a, reason ? `Dismissed: ${reason}` : 'Dismissed', 'DISMISS');
}
