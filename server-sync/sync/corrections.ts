import { sql } from 'kysely';
import type { JsonValue } from '../../src-shared/db/column-types';
import type { TenantTx } from '../db/tenant';
import { takeSyncLock } from './capture';
import type { ConflictDraft } from './lww';

/**
 * Corrective changes (docs/sync.md, "Conflicts"): when a pushed value loses, the server's row does not change, so
 * the change log would carry nothing back to the device that sent it; it would learn the winning value only from
 * the conflict notice in the push answer. That answer can be lost (the retry is then a duplicate and carries no
 * notice), and the pull may have skipped the winning change while the losing write was unsent. So every losing
 * push also logs, in the same transaction and under the capture lock, an UPSERT of the losing columns with the
 * server's kept values: every workstation of the school pulls it after the push is acknowledged and ends equal to
 * the server. A column written again locally in the meantime is not overwritten by the pull (the server decides
 * that write when it is pushed).
 */

export interface Correction {
  readonly table: string;
  readonly rowId: string;
  readonly columns: Record<string, JsonValue>;
  /** The newest winning HLC among the columns (the log's hlc for the row). */
  readonly hlc: string | null;
}

/** The corrections a merge's conflicts call for: one per row, the losing columns with the values the server kept. */
export function correctionsFor(conflicts: readonly ConflictDraft[]): Correction[] {
  const byRow = new Map<
    string,
    { table: string; rowId: string; columns: Record<string, JsonValue>; hlc: string | null }
  >();
  for (const c of conflicts) {
    if (!c.pushLost) continue;
    const key = `${c.table}\u0000${c.rowId}`;
    const entry = byRow.get(key) ?? { table: c.table, rowId: c.rowId, columns: {}, hlc: null };
    if (c.type === 'FIELD_LWW' && c.column !== null) {
      entry.columns[c.column] = c.winningValue;
    } else if (
      c.type === 'EDIT_AFTER_DELETE' &&
      c.winningValue !== null &&
      typeof c.winningValue === 'object' &&
      !Array.isArray(c.winningValue)
    ) {
      Object.assign(entry.columns, c.winningValue);
    }
    if (c.winningHlc !== null && (entry.hlc === null || c.winningHlc > entry.hlc)) entry.hlc = c.winningHlc;
    byRow.set(key, entry);
  }
  return [...byRow.values()].filter((e) => Object.keys(e.columns).length > 0);
}

/**
 * Logs the corrections in sync_changes for the device's school (server changes: no device id or seq). Takes the
 * capture lock first, so their server_seq follows every committed change and the pull never skips them.
 */
export async function logCorrections(
  trx: TenantTx,
  schoolId: string,
  corrections: readonly Correction[],
): Promise<void> {
  if (corrections.length === 0) return;
  await takeSyncLock(trx);
  const payload = corrections.map((c) => ({ t: c.table, r: c.rowId, c: c.columns, h: c.hlc }));
  await sql`INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns, hlc)
    SELECT x.t, x.r, ${schoolId}, 'UPSERT', x.c, x.h
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(t text, r text, c jsonb, h text)`.execute(
    trx,
  );
}
