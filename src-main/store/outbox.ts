import type { JsonValue } from '../../src-shared/db/column-types';
import type { OutboxChange } from '../../src-shared/sync/protocol';
import { STATE_KEYS, type StoreContext } from './context';

/**
 * The outbox: one row per local write, seq gapless and increasing per device. The last seq ever assigned is also
 * kept in sync_state, so pruning acknowledged rows can never make a seq be handed out twice.
 */

export function lastAssignedSeq(ctx: StoreContext): number {
  const inTable = (ctx.stmt(`SELECT coalesce(max(seq), 0) AS m FROM outbox`).get() as { m: number }).m;
  return Math.max(inTable, Number(ctx.getState(STATE_KEYS.lastSeq) ?? 0));
}

/** Appends the outbox row of a write (call inside the write's transaction). */
export function appendOutbox(
  ctx: StoreContext,
  table: string,
  rowId: string,
  op: 'UPSERT' | 'DELETE',
  columns: Record<string, JsonValue>,
): { seq: number; hlc: string } {
  const seq = lastAssignedSeq(ctx) + 1;
  const hlc = ctx.tickHlc();
  ctx
    .stmt(
      `INSERT INTO outbox (seq, table_name, row_id, operation, changed_columns, hlc, schema_version, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(seq, table, rowId, op, JSON.stringify(columns), hlc, ctx.schemaVersion, ctx.nowIso());
  ctx.setState(STATE_KEYS.lastSeq, String(seq));
  return { seq, hlc };
}

interface OutboxRowData {
  seq: number;
  table_name: string;
  row_id: string;
  operation: 'UPSERT' | 'DELETE';
  changed_columns: string;
  hlc: string;
}

/** Unacknowledged outbox rows in seq order, as the push sends them. */
export function unackedChanges(ctx: StoreContext, limit: number): OutboxChange[] {
  const rows = ctx
    .stmt(
      `SELECT seq, table_name, row_id, operation, changed_columns, hlc FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?`,
    )
    .all(limit) as OutboxRowData[];
  return rows.map((r) => ({
    seq: r.seq,
    table: r.table_name,
    rowId: r.row_id,
    op: r.operation,
    columns: JSON.parse(r.changed_columns) as Record<string, JsonValue>,
    hlc: r.hlc,
  }));
}

export function countUnacked(ctx: StoreContext): number {
  return (ctx.stmt(`SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL`).get() as { n: number }).n;
}

export function markPushed(ctx: StoreContext, fromSeq: number, toSeq: number): void {
  ctx
    .stmt(`UPDATE outbox SET pushed_at = ? WHERE seq BETWEEN ? AND ? AND acked_at IS NULL`)
    .run(ctx.nowIso(), fromSeq, toSeq);
}

/**
 * How long an acknowledged outbox row is kept: long enough to send it again if the district restores its database
 * from a backup (the server then answers SEQUENCE_GAP for an earlier seq and reopenFrom resends), then pruned so
 * the outbox does not grow for the life of the workstation.
 */
export const OUTBOX_ACKED_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Marks every change with seq <= through as durable on the server, and prunes rows acknowledged more than
 * OUTBOX_ACKED_RETENTION_DAYS ago (the last seq stays in sync_state: no seq is ever handed out twice). Returns how
 * many rows it marked.
 */
export function markAcked(ctx: StoreContext, through: number): number {
  const n = ctx
    .stmt(`UPDATE outbox SET acked_at = ? WHERE seq <= ? AND acked_at IS NULL`)
    .run(ctx.nowIso(), through).changes;
  const prev = Number(ctx.getState(STATE_KEYS.ackedThrough) ?? 0);
  if (through > prev) ctx.setState(STATE_KEYS.ackedThrough, String(through));
  pruneAcked(ctx);
  return n;
}

/** Deletes acknowledged rows older than the retention; returns how many. */
export function pruneAcked(ctx: StoreContext): number {
  const before = new Date(ctx.now() - OUTBOX_ACKED_RETENTION_DAYS * DAY_MS).toISOString();
  // no seq is reused after a prune: appendOutbox keeps the last one handed out in sync_state
  return ctx.stmt(`DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < ?`).run(before).changes;
}

/**
 * The server expects `fromSeq` again although this workstation holds it as acknowledged: mark the rows from there
 * unacknowledged so they are sent again. False when the outbox no longer holds every one of them.
 */
export function reopenFrom(ctx: StoreContext, fromSeq: number): boolean {
  const last = lastAssignedSeq(ctx);
  const held = (
    ctx.stmt(`SELECT count(*) AS n FROM outbox WHERE seq >= ? AND seq <= ?`).get(fromSeq, last) as {
      n: number;
    }
  ).n;
  if (held !== last - fromSeq + 1) return false;
  ctx.stmt(`UPDATE outbox SET acked_at = NULL WHERE seq >= ?`).run(fromSeq);
  ctx.setState(STATE_KEYS.ackedThrough, String(fromSeq - 1));
  return true;
}

/** Columns of a row that still have unacknowledged local writes (a pending DELETE holds deleted_at). */
export function pendingColumns(ctx: StoreContext, table: string, rowId: string): Set<string> {
  const rows = ctx
    .stmt(
      `SELECT operation, changed_columns FROM outbox WHERE table_name = ? AND row_id = ? AND acked_at IS NULL`,
    )
    .all(table, rowId) as { operation: string; changed_columns: string }[];
  const out = new Set<string>();
  for (const r of rows) {
    if (r.operation === 'DELETE') out.add('deleted_at');
    for (const k of Object.keys(JSON.parse(r.changed_columns) as object)) out.add(k);
  }
  return out;
}
