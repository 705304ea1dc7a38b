import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { JsonValue } from '../../src-shared/db/column-types';
import { isBookkeepingColumn } from '../../src-shared/sync/bookkeeping';
import type { ConflictNotice, PushRejection } from '../../src-shared/sync/protocol';
import { syncedTableFacts, WORKSTATION_WRITABLE_TABLES } from '../../src-shared/sync/tables';
import type { TenantTx } from '../db/tenant';
import { storableJson, storableText } from './storable';
import {
  fieldKey,
  rowKey,
  type ConflictDraft,
  type FieldVersion,
  type VersionUpdate,
  type Write,
} from './lww';

/** The database side of a push: reading what a batch touches and writing what the merge decided, in few round trips. */

/** Existing rows of one table by id (as the caller's row-level security lets it see them), locked for the merge. */
export async function loadRows(
  trx: TenantTx,
  table: string,
  ids: readonly string[],
  into: Map<string, Record<string, unknown>>,
): Promise<void> {
  if (ids.length === 0) return;
  // Locked, so a concurrent push of the same rows merges after this one commits (an append-only trail cannot be locked, nor changed).
  const lock = syncedTableFacts(table)?.appendOnly ? sql`` : sql`FOR NO KEY UPDATE`;
  const r = await sql<
    Record<string, unknown>
  >`SELECT * FROM ${sql.table(table)} WHERE id IN (${sql.join(ids)}) ORDER BY id ${lock}`.execute(trx);
  for (const row of r.rows) into.set(rowKey(table, String(row.id)), row);
}

/** Row ids by table. */
export type IdsByTable = ReadonlyMap<string, readonly string[]>;

const pairsOf = (ids: IdsByTable): { t: string; r: string }[] =>
  [...ids].flatMap(([t, rs]) => rs.map((r) => ({ t, r })));

/** Of these ids (not visible to the caller), the ones that exist in another school: one call for every table. */
export async function loadElsewhere(trx: TenantTx, ids: IdsByTable, into: Set<string>): Promise<void> {
  const asked: Record<string, readonly string[]> = {};
  for (const [t, rs] of ids) if (rs.length > 0) asked[t] = rs;
  if (Object.keys(asked).length === 0) return;
  const r = await sql<{
    table_name: string;
    row_id: string;
  }>`SELECT table_name, row_id FROM sync_rows_elsewhere_by_table(${JSON.stringify(asked)}::jsonb)`.execute(
    trx,
  );
  for (const x of r.rows) into.add(rowKey(x.table_name, x.row_id));
}

/** The first refusal of each of this device's writes of the given rows (rows the server does not have: their create was refused). */
export async function loadRefused(
  trx: TenantTx,
  deviceId: string,
  ids: IdsByTable,
  into: Map<string, Pick<PushRejection, 'seq' | 'code' | 'reason'>>,
): Promise<void> {
  const pairs = pairsOf(ids);
  if (pairs.length === 0) return;
  const r = await sql<{
    table_name: string;
    row_id: string;
    device_seq: string | number;
    reason_code: PushRejection['code'];
    reason: string;
  }>`
    SELECT DISTINCT ON (s.table_name, s.row_id) s.table_name, s.row_id, s.device_seq, s.reason_code, s.reason
    FROM sync_rejections s JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS x(t text, r text)
      ON s.table_name = x.t AND s.row_id = x.r
    WHERE s.device_id = ${deviceId}
    ORDER BY s.table_name, s.row_id, s.device_seq`.execute(trx);
  for (const x of r.rows)
    into.set(rowKey(x.table_name, x.row_id), {
      seq: Number(x.device_seq),
      code: x.reason_code,
      reason: x.reason,
    });
}

/** The field versions of these rows (rows the server has: a new row has none), in one query. */
export async function loadVersions(
  trx: TenantTx,
  ids: IdsByTable,
  into: Map<string, FieldVersion>,
): Promise<void> {
  const pairs = pairsOf(ids);
  if (pairs.length === 0) return;
  const r = await sql<{
    table_name: string;
    row_id: string;
    column_name: string;
    hlc: string;
    device_id: string | null;
  }>`SELECT v.table_name, v.row_id, v.column_name, v.hlc, v.device_id
    FROM sync_field_versions v JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS x(t text, r text)
      ON v.table_name = x.t AND v.row_id = x.r`.execute(trx);
  for (const v of r.rows)
    into.set(fieldKey(v.table_name, v.row_id, v.column_name), { hlc: v.hlc, deviceId: v.device_id });
}

/**
 * Of these referenced rows (ids by table), the ones of `schoolId`, as rowKeys: one query for every table. Each table
 * has school_id; a row of another school, or of none (district-wide), is not among them, like one that does not
 * exist.
 */
export async function rowsOfSchool(trx: TenantTx, ids: IdsByTable, schoolId: string): Promise<Set<string>> {
  const branches = [...ids]
    .filter(([, rs]) => rs.length > 0)
    .map(
      ([t, rs]) =>
        sql`SELECT ${t}::text AS t, id FROM ${sql.table(t)} WHERE id IN (${sql.join(rs)}) AND school_id = ${schoolId}`,
    );
  if (branches.length === 0) return new Set();
  const r = await sql<{ t: string; id: string }>`${sql.join(branches, sql` UNION ALL `)}`.execute(trx);
  return new Set(r.rows.map((x) => rowKey(x.t, x.id)));
}

export interface ApplyFailure {
  readonly failed: number;
  readonly sqlstate: string;
  readonly message: string;
  readonly constraint: string | null;
}

/**
 * The workstation-writable tables, parents before children, as declared (src-shared/sync/tables.ts; every foreign
 * key between two of them points to an earlier one, checked against both schemas). A push's writes are applied in
 * this order, and so logged in sync_changes in this order: a workstation applying pulled pages meets a parent row
 * before its children.
 */
export const APPLY_ORDER: readonly string[] = WORKSTATION_WRITABLE_TABLES;
const APPLY_RANK = new Map(APPLY_ORDER.map((t, i) => [t, i]));

/** One statement of sync_apply_changes (its wire shape), and `at`: the index in `writes` of each of its rows. */
export interface WriteGroup {
  t: string;
  op: 'INSERT' | 'UPDATE';
  cols: string[];
  rows: Record<string, JsonValue>[];
  meta: Record<string, { s: string | null; h: string }>;
  at: number[];
}

/**
 * The decided writes as statements: one per table, operation and column set (a push's inserts of a table all carry
 * the whole row, so one statement per table), tables in APPLY_ORDER. A row written more than once in the batch
 * has its k-th write in its table's k-th round of statements, so a row id appears at most once per statement and
 * an update of a row inserted (or updated) earlier in the batch stays after it. Within a statement, rows keep the
 * batch's order.
 */
export function groupWrites(writes: readonly Write[]): WriteGroup[] {
  const rounds = new Map<string, number>();
  const byKey = new Map<string, WriteGroup & { rank: number; round: number; first: number }>();
  writes.forEach((w, i) => {
    const rk = rowKey(w.t, w.id);
    const round = rounds.get(rk) ?? 0;
    rounds.set(rk, round + 1);
    const cols = Object.keys(w.cols)
      .filter((c) => c !== 'id')
      .sort();
    const key = `${w.t}|${round}|${w.op}|${cols.join(',')}`;
    let g = byKey.get(key);
    if (!g) {
      g = {
        t: w.t,
        op: w.op,
        cols: w.op === 'INSERT' ? ['id', ...cols] : cols,
        rows: [],
        meta: {},
        at: [],
        rank: APPLY_RANK.get(w.t) ?? APPLY_ORDER.length,
        round,
        first: i,
      };
      byKey.set(key, g);
    }
    g.rows.push({ ...w.cols, id: w.id });
    g.meta[w.id] = { s: w.seq > 0 ? String(w.seq) : null, h: w.hlc };
    g.at.push(i);
  });
  return [...byKey.values()]
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.t < b.t ? -1 : a.t > b.t ? 1 : 0) ||
        a.round - b.round ||
        (a.op === b.op ? 0 : a.op === 'INSERT' ? -1 : 1) ||
        a.first - b.first,
    )
    .map(({ t, op, cols, rows, meta, at }) => ({ t, op, cols, rows, meta, at }));
}

/**
 * Writes the decided writes and logs their changes; null when every write applied, else the index (in `writes`) of
 * the failing one, and nothing of this call is written. A write with seq 0 is the server's own (no device).
 *
 * The rows go in through sync_apply_changes (one round trip, one statement per group of groupWrites) with their
 * capture staged in the transaction (migration 0020): no lock yet, so pushes of different schools write at the same
 * time. Then sync_log_staged takes the capture lock (held to commit) and logs them, drawing their server_seqs:
 * server_seq order stays commit order. When this returns null for writes it made, the transaction holds the capture
 * lock.
 */
export async function applyWrites(trx: TenantTx, writes: readonly Write[]): Promise<ApplyFailure | null> {
  if (writes.length === 0) return null;
  const groups = groupWrites(writes);
  const wire = groups.map(({ t, op, cols, rows, meta }) => ({ t, op, cols, rows, meta }));
  const r = await sql<{
    r: ApplyFailure | null;
  }>`SELECT sync_apply_changes(${JSON.stringify(wire)}::jsonb, true) AS r`.execute(trx);
  const f = r.rows[0]?.r ?? null;
  if (f === null) {
    await sql`SELECT sync_log_staged() AS logged`.execute(trx);
    return null;
  }
  // sync_apply_changes counts rows over its groups in order; map that back to the batch
  let base = 0;
  for (const g of groups) {
    if (typeof f.failed === 'number' && f.failed < base + g.at.length)
      return { ...f, failed: g.at[f.failed - base] ?? -1 };
    base += g.at.length;
  }
  return { ...f, failed: -1 };
}

/** SQLSTATE classes that say "try again", never "this row is wrong": the push fails as a whole and is retried. */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '55', '57', '58', 'XX']);
export const isTransientSqlState = (state: string): boolean => TRANSIENT_CLASSES.has(state.slice(0, 2));

/** A database refusal of one write, as the nurse reads it. Never quotes values (the driver's DETAIL is not used). */
export function rejectionFor(w: Write, f: ApplyFailure): PushRejection {
  const base = { seq: w.seq, table: w.t, rowId: w.id };
  if (f.sqlstate === '23505' && f.constraint === `${w.t}_pkey`) {
    return {
      ...base,
      code: 'OUT_OF_SCOPE',
      reason: `row ${w.id} of ${w.t} exists outside this device's school`,
    };
  }
  if (f.sqlstate === '42501' && /row-level security/.test(f.message)) {
    return { ...base, code: 'OUT_OF_SCOPE', reason: `row ${w.id} of ${w.t} is outside this device's school` };
  }
  if (f.sqlstate.startsWith('22')) return { ...base, code: 'INVALID_VALUE', reason: f.message };
  return { ...base, code: 'CONSTRAINT', reason: f.constraint ? `${f.message} (${f.constraint})` : f.message };
}

export async function saveVersions(
  trx: TenantTx,
  deviceId: string,
  versions: readonly VersionUpdate[],
): Promise<void> {
  if (versions.length === 0) return;
  const payload = versions.map((v) => ({ t: v.table, r: v.rowId, c: v.column, h: v.hlc }));
  await sql`INSERT INTO sync_field_versions (table_name, row_id, column_name, hlc, device_id, updated_at)
    SELECT x.t, x.r, x.c, x.h, ${deviceId}, now() FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(t text, r text, c text, h text)
    ON CONFLICT (table_name, row_id, column_name)
    DO UPDATE SET hlc = EXCLUDED.hlc, device_id = EXCLUDED.device_id, updated_at = EXCLUDED.updated_at`.execute(
    trx,
  );
}

export interface ConflictContext {
  readonly schoolId: string;
  readonly userId: string | null;
}

/**
 * Stores the conflicts someone reviews (status OPEN) and returns them as the wire notices. A bookkeeping column's
 * (updated_at, created_at) is neither stored nor returned: it only drives the corrective change (correctionsFor).
 */
export async function saveConflicts(
  trx: TenantTx,
  ctx: ConflictContext,
  drafts: readonly ConflictDraft[],
): Promise<ConflictNotice[]> {
  const rows = drafts.filter((d) => !isBookkeepingColumn(d.column)).map((d) => ({ ...d, id: uuidv7() }));
  if (rows.length === 0) return [];
  const payload = rows.map((d) => ({
    id: d.id,
    table_name: d.table,
    row_id: d.rowId,
    column_name: d.column,
    conflict_type: d.type,
    winning_value: d.winningValue,
    losing_value: d.losingValue,
    winning_hlc: d.winningHlc,
    losing_hlc: d.losingHlc,
    winning_device_id: d.winningDeviceId,
    losing_device_id: d.losingDeviceId,
    losing_user_id: d.pushLost ? ctx.userId : null,
  }));
  await sql`INSERT INTO sync_conflicts (id, table_name, row_id, school_id, column_name, conflict_type, winning_value,
      losing_value, winning_hlc, losing_hlc, winning_device_id, losing_device_id, losing_user_id)
    SELECT x.id, x.table_name, x.row_id, ${ctx.schoolId}, x.column_name, x.conflict_type, x.winning_value, x.losing_value,
      x.winning_hlc, x.losing_hlc, x.winning_device_id, x.losing_device_id, x.losing_user_id
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id text, table_name text, row_id text, column_name text,
      conflict_type text, winning_value jsonb, losing_value jsonb, winning_hlc text, losing_hlc text,
      winning_device_id text, losing_device_id text, losing_user_id text)`.execute(trx);
  return rows.map((d) => ({
    id: d.id,
    table: d.table,
    rowId: d.rowId,
    column: d.column,
    type: d.type,
    winningValue: d.winningValue,
    losingValue: d.losingValue,
    winningHlc: d.winningHlc,
    losingHlc: d.losingHlc,
    status: 'OPEN' as const,
  }));
}

export async function saveRejections(
  trx: TenantTx,
  device: { deviceId: string; schoolId: string },
  rejections: readonly PushRejection[],
  payloads: ReadonlyMap<number, JsonValue>,
): Promise<void> {
  if (rejections.length === 0) return;
  // a change rejected for text PostgreSQL cannot store keeps its payload with that text escaped (storableJson)
  const payload = rejections.map((r) => ({
    id: uuidv7(),
    seq: r.seq,
    table_name: storableText(r.table.slice(0, 100)),
    row_id: storableText(r.rowId),
    code: r.code,
    reason: storableText(r.reason),
    payload: storableJson(payloads.get(r.seq) ?? null),
  }));
  await sql`INSERT INTO sync_rejections (id, device_id, device_seq, school_id, table_name, row_id, reason_code, reason, payload)
    SELECT x.id, ${device.deviceId}, x.seq, ${device.schoolId}, x.table_name, x.row_id, x.code, x.reason, x.payload
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id text, seq bigint, table_name text, row_id text,
      code text, reason text, payload jsonb)
    ON CONFLICT (device_id, device_seq) DO NOTHING`.execute(trx);
}
