import { sql } from 'kysely';
import type { TenantTx } from '../db/tenant';
import { takeSyncLock } from './capture';
import type { ConflictDraft, Write } from './lww';

/**
 * Corrective changes (docs/sync.md, "Conflicts"): when a pushed value loses, the server's row does not change, so
 * the change log would carry nothing back to the device that sent it; it would learn the winning value only from
 * the conflict notice in the push answer. That answer can be lost (the retry is then a duplicate and carries no
 * notice), and the pull may have skipped the winning change while the losing write was unsent. So every losing
 * push also logs, in the same transaction and under the capture lock, an UPSERT of the losing columns with the
 * values the row holds once the whole batch is applied (a later change of the same batch may have written the
 * column again): every workstation of the school pulls it and ends equal to the server. A column written again
 * locally in the meantime is not overwritten by the pull (the server decides that write when it is pushed).
 */

export interface Correction {
  readonly table: string;
  readonly rowId: string;
  readonly columns: readonly string[];
  /** The newest HLC among the winning versions and the batch's own writes of the row. */
  readonly hlc: string | null;
}

const maxHlc = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a > b ? a : b;

/**
 * The corrections a merge's conflicts call for: one per row, naming the columns this push lost. Bookkeeping columns
 * (updated_at) count too: their conflicts are not stored for review, but the losing workstation takes the server's
 * value from here.
 */
export function correctionsFor(conflicts: readonly ConflictDraft[], writes: readonly Write[]): Correction[] {
  const byRow = new Map<string, { table: string; rowId: string; columns: Set<string>; hlc: string | null }>();
  for (const c of conflicts) {
    if (!c.pushLost) continue;
    const key = `${c.table}\u0000${c.rowId}`;
    const entry = byRow.get(key) ?? { table: c.table, rowId: c.rowId, columns: new Set<string>(), hlc: null };
    if (c.type === 'FIELD_LWW' && c.column !== null) {
      entry.columns.add(c.column);
    } else if (
      c.type === 'EDIT_AFTER_DELETE' &&
      c.winningValue !== null &&
      typeof c.winningValue === 'object' &&
      !Array.isArray(c.winningValue)
    ) {
      for (const col of Object.keys(c.winningValue)) entry.columns.add(col);
    }
    entry.hlc = maxHlc(entry.hlc, c.winningHlc);
    byRow.set(key, entry);
  }
  for (const w of writes) {
    const entry = byRow.get(`${w.t}\u0000${w.id}`);
    if (entry) entry.hlc = maxHlc(entry.hlc, w.hlc);
  }
  return [...byRow.values()]
    .filter((e) => e.columns.size > 0)
    .map((e) => ({ table: e.table, rowId: e.rowId, columns: [...e.columns].sort(), hlc: e.hlc }));
}

/**
 * Logs the corrections in sync_changes for the device's school (server changes: no device id or seq), with the
 * rows' current values, read after the batch's writes. Takes the capture lock first, so their server_seq follows
 * every committed change and the pull never skips them.
 */
export async function logCorrections(
  trx: TenantTx,
  schoolId: string,
  corrections: readonly Correction[],
): Promise<void> {
  if (corrections.length === 0) return;
  await takeSyncLock(trx);
  const byTable = new Map<string, Correction[]>();
  for (const c of corrections) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const payload: { t: string; r: string; c: Record<string, unknown>; h: string | null }[] = [];
  for (const [table, list] of byTable) {
    const r = await sql<{ id: string; j: Record<string, unknown> }>`SELECT t.id, to_jsonb(t) AS j
      FROM ${sql.table(table)} t WHERE t.id IN (${sql.join(list.map((c) => c.rowId))})`.execute(trx);
    const rows = new Map(r.rows.map((x) => [x.id, x.j]));
    for (const c of list) {
      const row = rows.get(c.rowId);
      if (!row) continue;
      const columns: Record<string, unknown> = {};
      for (const col of c.columns) if (col in row && col !== 'id') columns[col] = row[col];
      if (Object.keys(columns).length > 0) payload.push({ t: table, r: c.rowId, c: columns, h: c.hlc });
    }
  }
  if (payload.length === 0) return;
  await sql`INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns, hlc)
    SELECT x.t, x.r, ${schoolId}, 'UPSERT', x.c, x.h
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(t text, r text, c jsonb, h text)`.execute(
    trx,
  );
}
