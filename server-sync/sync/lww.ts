import type { JsonValue } from '../../src-shared/db/column-types';
import { compareHlc, parseHlc } from '../../src-shared/sync/hlc';
import type { PushRejection } from '../../src-shared/sync/protocol';
import {
  canonicalWireValue,
  encodeWireValue,
  requiredColumns,
  wireColumns,
} from '../../src-shared/sync/wire';
import { syncedTableFacts } from '../../src-shared/sync/tables';
import { scopedReferences, type CheckedChange } from './validate';

/**
 * The server's merge of a push (docs/sync.md, "Conflicts"): per-field last-writer-wins by HLC, tombstones that an
 * edit never revives, and every losing value kept as a conflict. Pure: the caller loads the rows and field
 * versions the batch touches and writes what this decides.
 */

/** sync_field_versions.column_name of a whole inserted row: every column not versioned on its own has this version. */
export const ROW_VERSION_COLUMN = '*';

export interface FieldVersion {
  readonly hlc: string;
  readonly deviceId: string | null;
}

export interface MergeInput {
  readonly deviceId: string;
  readonly schoolId: string;
  readonly changes: readonly CheckedChange[];
  /** Existing rows by rowKey(table, id), as read under the device's school. */
  readonly rows: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** rowKey of rows the batch names that exist in another school (invisible under the device's school). */
  readonly elsewhere: ReadonlySet<string>;
  /** By fieldKey(table, id, column). */
  readonly versions: ReadonlyMap<string, FieldVersion>;
  /**
   * rowKey of the referenced rows (validate.ts scopedReferences: students, clinic visits, allergies...) that are rows
   * of the device's school. A reference to any other row (another school's, or none) is refused the same way.
   */
  readonly inScope: ReadonlySet<string>;
  /** rowKey → the first refusal of this device's write of a row the server does not have (its create), from sync_rejections. */
  readonly refused?: ReadonlyMap<string, Pick<PushRejection, 'seq' | 'code' | 'reason'>>;
}

export interface Write {
  readonly seq: number;
  readonly t: string;
  readonly id: string;
  readonly op: 'INSERT' | 'UPDATE';
  readonly cols: Record<string, JsonValue>;
  readonly hlc: string;
  readonly action: 'CREATE' | 'UPDATE' | 'DELETE';
}

/**
 * A losing value. One of a bookkeeping column (src-shared/sync/bookkeeping.ts) only drives the corrective change
 * (correctionsFor): saveConflicts does not store it for review.
 */
export interface ConflictDraft {
  readonly seq: number;
  readonly table: string;
  readonly rowId: string;
  readonly column: string | null;
  readonly type: 'FIELD_LWW' | 'EDIT_AFTER_DELETE';
  readonly winningValue: JsonValue;
  readonly losingValue: JsonValue;
  readonly winningHlc: string | null;
  readonly losingHlc: string | null;
  readonly winningDeviceId: string | null;
  readonly losingDeviceId: string | null;
  /** True when the value this push sent is the one that lost. */
  readonly pushLost: boolean;
}

export interface VersionUpdate {
  readonly table: string;
  readonly rowId: string;
  readonly column: string;
  readonly hlc: string;
}

export interface MergeResult {
  readonly writes: Write[];
  readonly conflicts: ConflictDraft[];
  readonly rejections: PushRejection[];
  readonly versions: VersionUpdate[];
}

/** How a write of a row whose create was refused begins its reason. */
const NEVER_ACCEPTED = 'the row was never accepted';

export const rowKey = (table: string, id: string): string => `${table}\u0000${id}`;
export const fieldKey = (table: string, id: string, column: string): string =>
  `${table}\u0000${id}\u0000${column}`;

interface RowState {
  values: Record<string, unknown>;
}

export function mergeBatch(input: MergeInput): MergeResult {
  const out: MergeResult = { writes: [], conflicts: [], rejections: [], versions: [] };
  const state = new Map<string, RowState | null>();
  const versions = new Map<string, FieldVersion & VersionUpdate>();
  /** rowKey of the rows this batch inserted so far: later changes may reference them. */
  const created = new Set<string>();

  const rowOf = (t: string, id: string): RowState | null => {
    const k = rowKey(t, id);
    if (state.has(k)) return state.get(k) ?? null;
    const r = input.rows.get(k);
    const s = r ? { values: { ...r } } : null;
    state.set(k, s);
    return s;
  };
  const versionOf = (t: string, id: string, col: string): FieldVersion | undefined =>
    versions.get(fieldKey(t, id, col)) ??
    input.versions.get(fieldKey(t, id, col)) ??
    versions.get(fieldKey(t, id, ROW_VERSION_COLUMN)) ??
    input.versions.get(fieldKey(t, id, ROW_VERSION_COLUMN));
  const setVersion = (t: string, id: string, col: string, hlc: string): void => {
    versions.set(fieldKey(t, id, col), { table: t, rowId: id, column: col, hlc, deviceId: input.deviceId });
  };
  const refused = new Map(input.refused);
  const rejectWith = (c: CheckedChange, code: PushRejection['code'], reason: string): void => {
    out.rejections.push({ seq: c.seq, table: c.table, rowId: c.rowId, code, reason });
    const k = rowKey(c.table, c.rowId);
    if (!rowOf(c.table, c.rowId) && !refused.has(k)) refused.set(k, { seq: c.seq, code, reason });
  };
  const inScope = (target: string, id: unknown): boolean =>
    typeof id === 'string' && (input.inScope.has(rowKey(target, id)) || created.has(rowKey(target, id)));
  /**
   * Why a reference is refused: the same words whether the row is another school's or does not exist, so a
   * workstation never learns which ids exist elsewhere.
   */
  const outOfScope = (col: string, target: string, id: unknown): string =>
    target === 'students'
      ? `student ${JSON.stringify(id ?? null)} is not a student of this device's school`
      : `column ${col}: ${target} row ${JSON.stringify(id ?? null)} is not a row of this device's school`;
  /** The first reference of a change to a row outside the device's school (only the columns it changes, on an update). */
  const badReference = (c: CheckedChange, row: RowState | null): string | null => {
    for (const [col, target] of scopedReferences(c.table)) {
      if (!(col in c.columns)) continue;
      const id = c.columns[col];
      // null: no reference (a NOT NULL column's null never gets here: validate.ts refused it)
      if (id === null || (row && id === row.values[col])) continue;
      if (!inScope(target, id)) return outOfScope(col, target, id);
    }
    return null;
  };

  for (const c of input.changes) {
    const kinds = wireColumns(c.table);
    const kindOf = (col: string) => kinds?.get(col) ?? 'plain';
    const row = rowOf(c.table, c.rowId);
    if (!row) {
      if (input.elsewhere.has(rowKey(c.table, c.rowId))) {
        rejectWith(c, 'OUT_OF_SCOPE', `row ${c.rowId} of ${c.table} belongs to another school`);
        continue;
      }
      const first = refused.get(rowKey(c.table, c.rowId));
      if (first && first.seq < c.seq) {
        // A later write of a row whose create was refused: refused for the same reason, not as an incomplete new row.
        const why = first.reason.startsWith(NEVER_ACCEPTED)
          ? first.reason
          : `${NEVER_ACCEPTED}: ${first.reason}`;
        rejectWith(c, first.code, why);
        continue;
      }
      if (c.op === 'DELETE') {
        rejectWith(c, 'CONSTRAINT', `row ${c.rowId} of ${c.table} does not exist in this school`);
        continue;
      }
      const missing = requiredColumns(c.table).filter((col) => col !== 'id' && !(col in c.columns));
      if (missing.length > 0) {
        rejectWith(
          c,
          'INVALID_VALUE',
          `a new ${c.table} row needs column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        );
        continue;
      }
      if (c.hasSchoolId && c.columns.school_id !== input.schoolId) {
        rejectWith(
          c,
          'OUT_OF_SCOPE',
          `school_id ${JSON.stringify(c.columns.school_id ?? null)} is not this device's school ${input.schoolId}`,
        );
        continue;
      }
      const bad = badReference(c, null);
      if (bad !== null) {
        rejectWith(c, 'OUT_OF_SCOPE', bad);
        continue;
      }
      out.writes.push({
        seq: c.seq,
        t: c.table,
        id: c.rowId,
        op: 'INSERT',
        cols: { id: c.rowId, ...c.columns },
        hlc: c.hlc,
        action: 'CREATE',
      });
      state.set(rowKey(c.table, c.rowId), { values: { id: c.rowId, ...c.columns } });
      setVersion(c.table, c.rowId, ROW_VERSION_COLUMN, c.hlc);
      created.add(rowKey(c.table, c.rowId));
      continue;
    }

    if (c.hasSchoolId && row.values.school_id !== input.schoolId) {
      rejectWith(
        c,
        'OUT_OF_SCOPE',
        `row ${c.rowId} of ${c.table} belongs to ${row.values.school_id === null ? 'the whole district' : 'another school'}`,
      );
      continue;
    }
    const via = syncedTableFacts(c.table)?.schoolVia;
    const viaTarget = via === undefined ? undefined : syncedTableFacts(c.table)?.references[via];
    if (via !== undefined && viaTarget !== undefined && !inScope(viaTarget, row.values[via])) {
      rejectWith(c, 'OUT_OF_SCOPE', `row ${c.rowId} of ${c.table} is not of this device's school`);
      continue;
    }
    const deletedAt = row.values.deleted_at ?? null;

    if (c.op === 'DELETE') {
      if (deletedAt !== null) continue; // already a tombstone: nothing to do
      const given = c.columns.deleted_at;
      const at = typeof given === 'string' ? given : new Date(parseHlc(c.hlc).wallMs).toISOString();
      out.writes.push({
        seq: c.seq,
        t: c.table,
        id: c.rowId,
        op: 'UPDATE',
        cols: { deleted_at: at },
        hlc: c.hlc,
        action: 'DELETE',
      });
      row.values.deleted_at = at;
      setVersion(c.table, c.rowId, 'deleted_at', c.hlc);
      continue;
    }

    if (deletedAt !== null) {
      const onlyDeletes = Object.entries(c.columns).every(
        ([k, v]) => (k === 'deleted_at' && v !== null) || k === 'updated_at',
      );
      if (onlyDeletes) continue;
      const tomb = versionOf(c.table, c.rowId, 'deleted_at');
      // The server's values of the columns the edit touched win with the tombstone: the editor restores them.
      const kept: Record<string, JsonValue> = {};
      for (const col of Object.keys(c.columns)) kept[col] = encodeWireValue(kindOf(col), row.values[col]);
      out.conflicts.push({
        seq: c.seq,
        table: c.table,
        rowId: c.rowId,
        column: null,
        type: 'EDIT_AFTER_DELETE',
        winningValue: { ...kept, deleted_at: encodeWireValue('instant', deletedAt) },
        losingValue: { ...c.columns },
        winningHlc: tomb?.hlc ?? null,
        losingHlc: c.hlc,
        winningDeviceId: tomb?.deviceId ?? null,
        losingDeviceId: input.deviceId,
        pushLost: true,
      });
      continue;
    }
    if ('school_id' in c.columns && c.columns.school_id !== input.schoolId) {
      rejectWith(
        c,
        'OUT_OF_SCOPE',
        `a workstation cannot move row ${c.rowId} of ${c.table} to another school`,
      );
      continue;
    }
    const bad = badReference(c, row);
    if (bad !== null) {
      rejectWith(c, 'OUT_OF_SCOPE', bad);
      continue;
    }

    const cols: Record<string, JsonValue> = {};
    for (const [col, value] of Object.entries(c.columns)) {
      const stored = versionOf(c.table, c.rowId, col);
      const kind = kindOf(col);
      const current = row.values[col];
      const same = canonicalWireValue(kind, current) === canonicalWireValue(kind, value);
      if (stored && compareHlc(stored.hlc, c.hlc) > 0) {
        if (!same) {
          out.conflicts.push({
            seq: c.seq,
            table: c.table,
            rowId: c.rowId,
            column: col,
            type: 'FIELD_LWW',
            winningValue: encodeWireValue(kind, current),
            losingValue: value,
            winningHlc: stored.hlc,
            losingHlc: c.hlc,
            winningDeviceId: stored.deviceId,
            losingDeviceId: input.deviceId,
            pushLost: true,
          });
        }
        continue;
      }
      // The value this change overwrites was written by another device: keep it for review too (an empty value loses nothing).
      if (
        stored &&
        stored.deviceId !== null &&
        stored.deviceId !== input.deviceId &&
        !same &&
        current !== null &&
        current !== undefined
      ) {
        out.conflicts.push({
          seq: c.seq,
          table: c.table,
          rowId: c.rowId,
          column: col,
          type: 'FIELD_LWW',
          winningValue: value,
          losingValue: encodeWireValue(kind, current),
          winningHlc: c.hlc,
          losingHlc: stored.hlc,
          winningDeviceId: input.deviceId,
          losingDeviceId: stored.deviceId,
          pushLost: false,
        });
      }
      cols[col] = value;
      row.values[col] = value;
      setVersion(c.table, c.rowId, col, c.hlc);
    }
    if (Object.keys(cols).length > 0) {
      const action = 'deleted_at' in cols && cols.deleted_at !== null ? 'DELETE' : 'UPDATE';
      out.writes.push({ seq: c.seq, t: c.table, id: c.rowId, op: 'UPDATE', cols, hlc: c.hlc, action });
    }
  }
  for (const v of versions.values())
    out.versions.push({ table: v.table, rowId: v.rowId, column: v.column, hlc: v.hlc });
  return out;
}
