import type { IpcParsedArgs, IpcResult, SyncConflict } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { BOOKKEEPING_COLUMNS } from '../../../src-shared/sync/bookkeeping';
import { sql, type ExpressionBuilder } from 'kysely';
import type { WorkstationDatabase } from '../../../src-shared/db/workstation-schema.generated';
import { fullName, query, requireWriter, type Actor, type WorkstationContext } from '../context';

/** sync.conflicts, sync.rejections (reads) and the local half of sync.resolveConflict. */

const TABLE_LABEL: Record<string, string> = {
  allergies: 'Allergy',
  health_conditions: 'Condition',
  student_medications: 'Medication order',
  medication_administrations: 'Medication dose',
  vaccinations: 'Immunization',
  immunization_exemptions: 'Immunization exemption',
  clinic_visits: 'Clinic visit',
  class_time_missed: 'Class time missed',
  symptom_tracking: 'Symptoms',
  guardians: 'Guardian',
  alert_instances: 'Alert',
};
const COLUMN_LABEL: Record<string, string> = {
  allergen: 'allergen',
  reaction: 'reaction',
  severity: 'severity',
  presenting_complaint: 'complaint',
  treatment_provided: 'treatment',
  nurse_notes: 'notes',
  phone_primary: 'phone',
};

/**
 * A conflict a nurse reviews: on a whole row, or on a column that is not bookkeeping. Bookkeeping columns
 * (src-shared/sync/bookkeeping.ts) the server versions like any other but no nurse decides; the server no longer
 * records conflicts on them; one stored by an older server rides along with the row's real conflict (same row)
 * and is settled with it (the district's value is kept).
 */
const reviewable = (eb: ExpressionBuilder<WorkstationDatabase, 'sync_conflicts'>) =>
  eb.or([eb('column_name', 'is', null), eb('column_name', 'not in', [...BOOKKEEPING_COLUMNS])]);

/** How many open conflicts a nurse reviews (bookkeeping columns left out): run with `first`. */
export const openConflictsCount = query
  .selectFrom('sync_conflicts')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('status', '=', 'OPEN')
  .where(reviewable);

/** The open bookkeeping conflicts of a row (settled together with the row's real conflict). */
export function bookkeepingConflicts(ctx: WorkstationContext, table: string, rowId: string): string[] {
  return ctx
    .all(
      query
        .selectFrom('sync_conflicts')
        .select('id')
        .where('status', '=', 'OPEN')
        .where('table_name', '=', table)
        .where('row_id', '=', rowId)
        .where((eb) => eb.not(reviewable(eb))),
    )
    .map((r) => r.id);
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

function label(
  ctx: WorkstationContext,
  c: { table_name: string; column_name: string | null; row_id: string },
): string {
  const what = TABLE_LABEL[c.table_name] ?? c.table_name.replace(/_/g, ' ');
  const col = c.column_name ? ` ${COLUMN_LABEL[c.column_name] ?? c.column_name.replace(/_/g, ' ')}` : '';
  let who = '';
  const meta = ctx.store.tables.get(c.table_name);
  if (meta?.columns.has('student_id')) {
    // a table of the store's with a student_id column (checked above); its name comes from the conflict row
    const owned = sql<{ id: string; student_id: string }>`${sql.table(c.table_name)}`.as('t');
    const s = ctx.first(
      query
        .selectFrom(owned)
        .innerJoin('students as s', 's.id', 't.student_id')
        .select(['s.first_name', 's.last_name', 's.preferred_name'])
        .where('t.id', '=', c.row_id),
    );
    if (s) who = ` of ${fullName(s)}`;
  } else if (c.table_name === 'students') {
    const s = ctx.first(
      query
        .selectFrom('students')
        .select(['first_name', 'last_name', 'preferred_name'])
        .where('id', '=', c.row_id),
    );
    if (s) who = ` of ${fullName(s)}`;
  }
  return `${what}${col}${who}`;
}

export function openConflicts(ctx: WorkstationContext): SyncConflict[] {
  const rows = ctx.all(
    query
      .selectFrom('sync_conflicts')
      .select([
        'id',
        'table_name',
        'row_id',
        'column_name',
        'conflict_type',
        'winning_value',
        'losing_value',
        'winning_hlc',
        'losing_hlc',
        'winning_device_id',
        'losing_device_id',
        'created_at',
      ])
      .where('status', '=', 'OPEN')
      .where(reviewable)
      .orderBy('created_at')
      .orderBy('id'),
  );
  const me = ctx.store.deviceId;
  return rows.map((c) => {
    const yoursWon = c.winning_device_id === me && c.losing_device_id !== me;
    const yours = parseJson(yoursWon ? c.winning_value : c.losing_value);
    const theirs = parseJson(yoursWon ? c.losing_value : c.winning_value);
    const yourHlc = yoursWon ? c.winning_hlc : c.losing_hlc;
    const theirHlc = yoursWon ? c.losing_hlc : c.winning_hlc;
    return {
      id: c.id,
      table: c.table_name,
      rowId: c.row_id,
      ...(c.column_name ? { column: c.column_name } : {}),
      type: c.conflict_type,
      label: label(ctx, c),
      yours,
      theirs,
      yoursWon,
      ...(yourHlc ? { yourHlc } : {}),
      ...(theirHlc ? { theirHlc } : {}),
      at: c.created_at,
    };
  });
}

/** The server's resolution for the nurse's choice. */
export function resolutionFor(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'sync.resolveConflict'>,
): { resolution: 'KEPT_WINNER' | 'APPLIED_LOSER'; conflict: SyncConflict } {
  requireWriter(actor);
  const conflict = openConflicts(ctx).find((c) => c.id === args.id);
  if (!conflict) throw new IpcError('NOT_FOUND', `no open conflict ${args.id}`, 'id');
  // KEEP_SERVER: the value the district holds now (the winner), whichever workstation wrote it;
  // APPLY_OTHER: the value that lost (this workstation's, or the other one's when this workstation's won)
  const resolution = args.choice === 'KEEP_SERVER' ? ('KEPT_WINNER' as const) : ('APPLIED_LOSER' as const);
  if (resolution === 'APPLIED_LOSER' && conflict.type === 'CONSTRAINT')
    throw new IpcError(
      'VALIDATION',
      'this conflict has no other value to apply: keep the server’s',
      'choice',
    );
  return { resolution, conflict };
}

/** Marks the conflict resolved here (after the server accepted) and audits it. */
export function markResolved(
  ctx: WorkstationContext,
  actor: Actor & { userId: string },
  args: Pick<IpcParsedArgs<'sync.resolveConflict'>, 'id' | 'reason' | 'choice'>,
  resolution: 'KEPT_WINNER' | 'APPLIED_LOSER',
): void {
  ctx.store.sqlite.transaction(() => {
    const userKnown =
      ctx.first(query.selectFrom('users').select(sql.lit(1).as('x')).where('id', '=', actor.userId)) !==
      undefined;
    ctx
      .stmt(
        `UPDATE sync_conflicts SET status = 'RESOLVED', resolution = ?, resolution_reason = ?, resolved_by = ?,
           resolved_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(resolution, args.reason, userKnown ? actor.userId : null, ctx.nowIso(), ctx.nowIso(), args.id);
    ctx.audit(actor, 'CONFLICT_RESOLVED', 'sync_conflicts', args.id, {
      resolution,
      choice: args.choice,
      reason: args.reason,
    });
  })();
}

export function rejections(ctx: WorkstationContext): IpcResult<'sync.rejections'> {
  return ctx
    .all(
      query
        .selectFrom('sync_rejections')
        .select(['id', 'table_name', 'row_id', 'reason_code', 'reason', 'created_at'])
        .where('acknowledged_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('device_seq', 'desc')
        .limit(500),
    )
    .map((r) => ({
      id: r.id,
      table: r.table_name,
      rowId: r.row_id,
      code: r.reason_code,
      reason: r.reason,
      at: r.created_at,
    }));
}
