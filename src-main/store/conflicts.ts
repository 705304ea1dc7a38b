import type { JsonValue } from '../../src-shared/db/column-types';
import { isHlc, parseHlc } from '../../src-shared/sync/hlc';
import type { ConflictNotice, OutboxChange, PushRejection } from '../../src-shared/sync/protocol';
import { sql } from 'kysely';
import type { StoreContext } from './context';
import { first, query } from './read';

/** The server's conflicts and rejections, kept on the workstation for the nurse to review. */

const nodeOf = (h: string | null): string | null => (h !== null && isHlc(h) ? parseHlc(h).node : null);

/** The school a row belongs to, if that school is on this workstation. */
export function schoolOf(ctx: StoreContext, table: string, rowId: string, hint?: JsonValue): string | null {
  const candidates: unknown[] = [];
  if (ctx.tables.get(table)?.hasSchoolId) {
    candidates.push(
      // the table is named at run time (any synced table): its row type is not known here, hence the cast
      (
        ctx.stmt(`SELECT school_id FROM "${table}" WHERE id = ?`).get(rowId) as
          { school_id: unknown } | undefined
      )?.school_id,
    );
  }
  candidates.push(hint);
  for (const c of candidates) {
    if (
      typeof c === 'string' &&
      first(ctx.sqlite, query.selectFrom('schools').select(sql.lit(1).as('x')).where('id', '=', c))
    )
      return c;
  }
  return null;
}

/**
 * Inserts or refreshes conflict notices by id (a notice arrives with the push that lost and again with pulls). A
 * resolution is final: a notice still saying OPEN (sent before the district recorded the nurse's resolution, and
 * delivered after it) never reopens a conflict resolved here or on the district server.
 */
export function recordConflicts(ctx: StoreContext, notices: readonly ConflictNotice[]): void {
  const now = ctx.nowIso();
  const upsert = ctx.stmt(
    `INSERT INTO sync_conflicts (id, table_name, row_id, school_id, column_name, conflict_type, winning_value, losing_value,
       winning_hlc, losing_hlc, winning_device_id, losing_device_id, status, resolution, resolution_reason, resolved_at,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       status = CASE WHEN sync_conflicts.status = 'RESOLVED' THEN 'RESOLVED' ELSE excluded.status END,
       resolution = coalesce(sync_conflicts.resolution, excluded.resolution),
       resolution_reason = coalesce(sync_conflicts.resolution_reason, excluded.resolution_reason),
       resolved_at = coalesce(sync_conflicts.resolved_at, excluded.resolved_at),
       winning_value = excluded.winning_value,
       winning_hlc = excluded.winning_hlc,
       winning_device_id = excluded.winning_device_id,
       updated_at = excluded.updated_at
     WHERE sync_conflicts.status IS NOT excluded.status OR sync_conflicts.winning_hlc IS NOT excluded.winning_hlc`,
  );
  for (const n of notices) {
    const resolved = n.status === 'RESOLVED';
    upsert.run(
      n.id,
      n.table,
      n.rowId,
      schoolOf(ctx, n.table, n.rowId),
      n.column,
      n.type,
      JSON.stringify(n.winningValue),
      JSON.stringify(n.losingValue),
      n.winningHlc,
      n.losingHlc,
      nodeOf(n.winningHlc),
      nodeOf(n.losingHlc),
      n.status,
      resolved ? 'KEPT_WINNER' : null,
      resolved ? 'resolved on the district server' : null,
      resolved ? now : null,
      now,
      now,
    );
  }
}

/** True when the losing side of a conflict is a write of this device. */
export function lostByThisDevice(ctx: StoreContext, n: ConflictNotice): boolean {
  return nodeOf(n.losingHlc) === ctx.deviceId;
}

/**
 * Stores the push's per-row rejections (idempotent by device and seq). Returns the rejections that could not be
 * filed because no school of theirs is on this workstation (the caller reports them).
 */
export function recordRejections(
  ctx: StoreContext,
  batch: readonly OutboxChange[],
  rejections: readonly PushRejection[],
): PushRejection[] {
  const now = ctx.nowIso();
  const unfiled: PushRejection[] = [];
  const insert = ctx.stmt(
    `INSERT INTO sync_rejections (id, device_id, device_seq, school_id, table_name, row_id, reason_code, reason, payload, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, device_seq) DO NOTHING`,
  );
  const anySchool =
    first(ctx.sqlite, query.selectFrom('schools').select('id').orderBy('id').limit(1))?.id ?? null;
  for (const r of rejections) {
    const change = batch.find((c) => c.seq === r.seq);
    const school = schoolOf(ctx, r.table, r.rowId, change?.columns.school_id) ?? anySchool;
    if (school === null) {
      unfiled.push(r);
      continue;
    }
    const payload = change
      ? JSON.stringify({ op: change.op, columns: change.columns, hlc: change.hlc })
      : null;
    insert.run(
      `${ctx.deviceId}:${r.seq}`,
      ctx.deviceId,
      r.seq,
      school,
      r.table,
      r.rowId,
      r.code,
      r.reason,
      payload,
      now,
      now,
    );
  }
  return unfiled;
}
