import { sql } from 'kysely';
import type { JsonValue } from '../../src-shared/db/column-types';
import { isBookkeepingColumn } from '../../src-shared/sync/bookkeeping';
import { canonicalWireValue, wireColumns } from '../../src-shared/sync/wire';
import type { ServerDb } from '../../server-sync/db/connect';
import { toWire } from '../../src-main/store/wire';
import type { LedgerWrite } from './ops';
import type { SimWorkstation } from './workstation';
import type { SimWorld } from './world';

/**
 * The invariants, checked after the final quiescent sync (docs/sim.md):
 * 1. lost: every local write is acknowledged and on the server: its values are in the row, or their loss is
 *    recorded (a FIELD_LWW / EDIT_AFTER_DELETE conflict naming the write's HLC or value), or the write was
 *    rejected (sync_rejections), or a later write of the same workstation replaced the value (bookkeeping columns
 *    such as updated_at excepted: the server keeps no conflict for them; 3. checks they converge);
 * 2. duplicated: no device seq applied twice (sync_changes), no conflict recorded twice, no row on the server
 *    that no one created;
 * 3. diverged: every workstation's synced tables equal the server's rows of its school (and the district-wide
 *    reference data), column by column in wire encoding, and it holds every open conflict of its school.
 */

export interface CheckResult {
  lost: number;
  duplicated: number;
  diverged: number;
  conflicts: number;
  rejected: number;
  /** Rejections by code (OUT_OF_SCOPE is expected for a student moved to another school meanwhile). */
  rejections: Record<string, number>;
  /** Rejections the simulation's writes do not explain (a generator bug or a server that refuses valid data). */
  unexplained: number;
  /** Failures, with the row's history. */
  details: string[];
  /** Worth knowing, not failures. */
  notes: string[];
}

type Row = Record<string, unknown>;

interface ConflictRow {
  id: string;
  table_name: string;
  row_id: string;
  school_id: string;
  column_name: string | null;
  conflict_type: string;
  losing_value: JsonValue;
  losing_hlc: string | null;
  losing_device_id: string | null;
  status: string;
}

const canon = (table: string, column: string, v: unknown): string =>
  canonicalWireValue(wireColumns(table)?.get(column) ?? 'plain', v);

const MAX_DETAILS = 40;

async function serverRows(db: ServerDb, table: string): Promise<Map<string, Row>> {
  const r = await sql<Row>`SELECT * FROM ${sql.table(table)}`.execute(db);
  return new Map(r.rows.map((row) => [String(row.id), row]));
}

/** The server's rows a workstation of `schoolId` must hold: its school's, or the district's for reference data. */
async function scopedRows(db: ServerDb, table: string, schoolId: string): Promise<Map<string, Row>> {
  const kinds = wireColumns(table);
  let r;
  if (kinds?.has('school_id'))
    r = await sql<Row>`SELECT * FROM ${sql.table(table)} WHERE school_id = ${schoolId}`.execute(db);
  else if (table === 'report_generation_log')
    r =
      await sql<Row>`SELECT g.* FROM report_generation_log g JOIN report_instances i ON i.id = g.report_instance_id
      WHERE i.school_id = ${schoolId}`.execute(db);
  else r = await sql<Row>`SELECT * FROM ${sql.table(table)}`.execute(db);
  return new Map(r.rows.map((row) => [String(row.id), row]));
}

/** The history of one row on the server, for a finding's details. */
async function trace(db: ServerDb, table: string, id: string): Promise<string> {
  const changes = await sql<{
    server_seq: number;
    operation: string;
    school_id: string | null;
    device_id: string | null;
    device_seq: number | null;
    cols: string;
  }>`
    SELECT server_seq, operation, school_id, device_id, device_seq, (SELECT string_agg(k, ',') FROM jsonb_object_keys(changed_columns) k) AS cols
    FROM sync_changes WHERE table_name = ${table} AND row_id = ${id} ORDER BY server_seq`.execute(db);
  const rejections = await sql<{
    device_id: string;
    device_seq: number;
    reason_code: string;
    reason: string;
  }>`
    SELECT device_id, device_seq, reason_code, reason FROM sync_rejections WHERE table_name = ${table} AND row_id = ${id} ORDER BY created_at`.execute(
    db,
  );
  const conflicts = await sql<{
    conflict_type: string;
    column_name: string | null;
    losing_device_id: string | null;
    winning_device_id: string | null;
  }>`
    SELECT conflict_type, column_name, losing_device_id, winning_device_id FROM sync_conflicts WHERE table_name = ${table} AND row_id = ${id}`.execute(
    db,
  );
  const short = (s: string | null) => (s === null ? '-' : s.slice(-4));
  return [
    `  changes: ${changes.rows.map((c) => `#${c.server_seq} ${c.operation} school ${short(c.school_id)} dev ${short(c.device_id)}:${c.device_seq ?? '-'} [${c.cols ?? ''}]`).join(' | ')}`,
    `  rejections: ${rejections.rows.map((r) => `dev ${short(r.device_id)}:${r.device_seq} ${r.reason_code} ${r.reason}`).join(' | ') || 'none'}`,
    `  conflicts: ${conflicts.rows.map((c) => `${c.conflict_type} ${c.column_name ?? '*'} lost by ${short(c.losing_device_id)} to ${short(c.winning_device_id)}`).join(' | ') || 'none'}`,
  ].join('\n');
}

export async function checkInvariants(input: {
  readonly db: ServerDb;
  readonly world: SimWorld;
  readonly stations: readonly SimWorkstation[];
  readonly ledger: readonly LedgerWrite[];
  /** Students the simulation moved to another school (their rows' school_id changed on the server). */
  readonly transferred: ReadonlySet<string>;
}): Promise<CheckResult> {
  const { db, world, stations, ledger } = input;
  const res: CheckResult = {
    lost: 0,
    duplicated: 0,
    diverged: 0,
    conflicts: 0,
    rejected: 0,
    rejections: {},
    unexplained: 0,
    details: [],
    notes: [],
  };
  const note = (s: string) => {
    if (res.details.length < MAX_DETAILS) res.details.push(s);
  };

  const conflicts = (await sql<ConflictRow>`SELECT * FROM sync_conflicts`.execute(db)).rows;
  res.conflicts = conflicts.length;
  const conflictsOf = new Map<string, ConflictRow[]>();
  for (const c of conflicts) {
    const k = `${c.table_name}|${c.row_id}|${c.column_name ?? ''}`;
    conflictsOf.set(k, [...(conflictsOf.get(k) ?? []), c]);
  }
  const tables = [...new Set(ledger.map((w) => w.table))];
  const rows = new Map<string, Map<string, Row>>();
  for (const t of [...tables, 'students']) rows.set(t, await serverRows(db, t));
  const rejectionRows = (
    await sql<{ k: string; code: string; table_name: string; row_id: string; reason: string }>`
      SELECT device_id || ':' || device_seq AS k, reason_code AS code, table_name, row_id, reason FROM sync_rejections`.execute(
      db,
    )
  ).rows;
  const rejected = new Set(rejectionRows.map((r) => r.k));
  const refusedCreate = new Set(
    rejectionRows
      .filter((r) => r.code === 'OUT_OF_SCOPE')
      .map((r) => `${r.k.split(':')[0]}|${r.table_name}|${r.row_id}`),
  );
  for (const r of rejectionRows) {
    res.rejections[r.code] = (res.rejections[r.code] ?? 0) + 1;
    // the generator writes valid values: only a transfer explains a rejection (OUT_OF_SCOPE), and then the later
    // changes of a row whose create was refused (test/integration/sim-findings/edit-after-refused-create.test.ts)
    const student =
      rows.get(r.table_name)?.get(r.row_id)?.student_id ??
      ledger.find((w) => w.table === r.table_name && w.rowId === r.row_id && w.kind === 'create')?.columns
        .student_id;
    if (r.code === 'OUT_OF_SCOPE' && typeof student === 'string' && input.transferred.has(student)) continue;
    const writes = ledger
      .filter((w) => w.table === r.table_name && w.rowId === r.row_id)
      .map((w) => `${w.kind} by ${w.deviceId.slice(-4)}:${w.seq}`)
      .join(', ');
    const line = `rejected (device:seq ${r.k}): ${r.table_name} ${r.row_id} ${r.code}: ${r.reason}\n  writes: ${writes}`;
    if (r.code !== 'OUT_OF_SCOPE' && refusedCreate.has(`${r.k.split(':')[0]}|${r.table_name}|${r.row_id}`)) {
      res.notes.push(`${line} (after its create was refused out of scope)`);
      continue;
    }
    res.unexplained++;
    note(`${line}\n${await trace(db, r.table_name, r.row_id)}`);
  }

  // 1. lost
  const unacked = new Set<string>();
  for (const ws of stations) {
    for (const r of ws.store.sqlite.prepare(`SELECT seq FROM outbox WHERE acked_at IS NULL`).all() as {
      seq: number;
    }[])
      unacked.add(`${ws.device.deviceId}:${r.seq}`);
  }
  const laterOwn = new Map<string, number>(); // device|table|row|column → highest seq writing it
  for (const w of ledger)
    for (const col of Object.keys(w.columns)) {
      const k = `${w.deviceId}|${w.table}|${w.rowId}|${col}`;
      laterOwn.set(k, Math.max(laterOwn.get(k) ?? 0, w.seq));
    }
  const valueHlcs = new Map<string, string[]>(); // table|row|column|value → HLCs of the writes of that value
  for (const w of ledger)
    for (const [col, v] of Object.entries(w.columns)) {
      const k = `${w.table}|${w.rowId}|${col}|${canon(w.table, col, v)}`;
      valueHlcs.set(k, [...(valueHlcs.get(k) ?? []), w.hlc]);
    }
  for (const w of ledger) {
    const key = `${w.deviceId}:${w.seq}`;
    const what = `${w.kind} ${w.table} ${w.rowId} (device ${w.deviceId} seq ${w.seq})`;
    if (unacked.has(key)) {
      res.lost++;
      note(`lost: ${what} was never acknowledged`);
      continue;
    }
    if (rejected.has(key)) {
      res.rejected++;
      continue;
    }
    const row = rows.get(w.table)?.get(w.rowId);
    if (!row) {
      res.lost++;
      note(`lost: ${what}: no such row on the server`);
      continue;
    }
    if (w.op === 'DELETE') {
      if (row.deleted_at === null || row.deleted_at === undefined) {
        res.lost++;
        note(`lost: ${what}: the row is not deleted on the server`);
      }
      continue;
    }
    const afterDelete = (conflictsOf.get(`${w.table}|${w.rowId}|`) ?? []).some((c) => c.losing_hlc === w.hlc);
    const missing: string[] = [];
    for (const [col, v] of Object.entries(w.columns)) {
      if (v === null || afterDelete) continue; // an empty value loses nothing; an edit after a delete is one conflict
      if (isBookkeepingColumn(col)) continue; // no conflict is kept for updated_at: its convergence is checked in 3.
      if (col === 'school_id' && input.transferred.has(String(row.student_id))) continue;
      const want = canon(w.table, col, v);
      if (canon(w.table, col, row[col]) === want) continue;
      const recorded = (conflictsOf.get(`${w.table}|${w.rowId}|${col}`) ?? []).some(
        (c) => c.losing_hlc === w.hlc || canon(w.table, col, c.losing_value) === want,
      );
      if (recorded) continue;
      if ((laterOwn.get(`${w.deviceId}|${w.table}|${w.rowId}|${col}`) ?? 0) > w.seq) continue;
      // a later write of the same value took the field over (no conflict between equal values): its fate is checked
      if ((valueHlcs.get(`${w.table}|${w.rowId}|${col}|${want}`) ?? []).some((h) => h > w.hlc)) continue;
      missing.push(`${col}=${want} (server ${canon(w.table, col, row[col])})`);
    }
    if (missing.length > 0) {
      res.lost++;
      note(
        `lost: ${what} hlc ${w.hlc}: ${missing.join(', ')} neither on the server nor in a conflict\n${await trace(db, w.table, w.rowId)}`,
      );
    }
  }

  // 2. duplicated
  const twice = await sql<{ device_id: string; device_seq: number; n: number }>`
    SELECT device_id, device_seq, count(*)::int AS n FROM sync_changes WHERE device_seq IS NOT NULL
    GROUP BY device_id, device_seq HAVING count(*) > 1`.execute(db);
  for (const d of twice.rows) {
    res.duplicated++;
    note(`duplicated: device ${d.device_id} seq ${d.device_seq} applied ${d.n} times`);
  }
  const sameConflict = await sql<{ table_name: string; row_id: string; n: number }>`
    SELECT table_name, row_id, count(*)::int AS n FROM sync_conflicts
    GROUP BY table_name, row_id, coalesce(column_name, ''), losing_hlc, winning_hlc HAVING count(*) > 1`.execute(
    db,
  );
  for (const d of sameConflict.rows) {
    res.duplicated++;
    note(`duplicated: a conflict of ${d.table_name} ${d.row_id} recorded ${d.n} times`);
  }
  const created = new Map<string, Set<string>>();
  for (const w of ledger.filter((x) => x.kind === 'create')) {
    const set = created.get(w.table) ?? new Set<string>();
    if (set.has(w.rowId)) {
      res.duplicated++;
      note(`duplicated: the simulation created ${w.table} ${w.rowId} twice`);
    }
    set.add(w.rowId);
    created.set(w.table, set);
  }
  for (const [table, byId] of rows) {
    for (const id of byId.keys()) {
      if (!created.get(table)?.has(id) && !world.rowIds.get(table)?.has(id)) {
        res.duplicated++;
        note(`duplicated: ${table} ${id} is on the server but nobody created it`);
      }
    }
  }

  // 3. diverged
  for (const ws of stations) {
    for (const [table, meta] of ws.store.tables) {
      const expected = await scopedRows(db, table, ws.school.id);
      const local = new Map(
        (ws.store.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Row[]).map((r) => [String(r.id), r]),
      );
      for (const [id, srv] of expected) {
        const mine = local.get(id);
        if (!mine) {
          res.diverged++;
          note(`diverged: ${ws.name} lacks ${table} ${id}`);
          continue;
        }
        const diff: string[] = [];
        for (const [col, c] of meta.columns) {
          const a = canon(table, col, toWire(c.kind, mine[col]));
          const b = canon(table, col, srv[col]);
          if (a !== b) diff.push(`${col}: here ${a}, server ${b}`);
        }
        if (diff.length > 0) {
          res.diverged++;
          const lostToDelete = (conflictsOf.get(`${table}|${id}|`) ?? []).some(
            (c) => c.conflict_type === 'EDIT_AFTER_DELETE' && c.losing_device_id === ws.device.deviceId,
          );
          const kind = lostToDelete ? ' [kept an edit it lost to a delete]' : '';
          note(
            `diverged${kind}: ${ws.name} (dev ${ws.device.deviceId.slice(-4)}) ${table} ${id}: ${diff.join('; ')}\n${await trace(db, table, id)}`,
          );
        }
      }
      for (const id of local.keys()) {
        if (!expected.has(id)) {
          res.diverged++;
          note(`diverged: ${ws.name} holds ${table} ${id}, which is not its school's on the server`);
        }
      }
    }
    const open = conflicts.filter((c) => c.status === 'OPEN' && c.school_id === ws.school.id);
    if (open.length <= 500) {
      const have = new Set(
        (ws.store.sqlite.prepare(`SELECT id FROM sync_conflicts`).all() as { id: string }[]).map((r) => r.id),
      );
      for (const c of open.filter((x) => !have.has(x.id))) {
        res.diverged++;
        note(
          `diverged: ${ws.name} never received conflict ${c.id} (${c.table_name} ${c.row_id} ${c.column_name ?? '*'})`,
        );
      }
    }
  }
  return res;
}
