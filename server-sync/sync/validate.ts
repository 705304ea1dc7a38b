import type { JsonValue } from '../../src-shared/db/column-types';
import type { OutboxChange, PushRejection } from '../../src-shared/sync/protocol';
import {
  isSyncedTable,
  isWorkstationWritable,
  SERVER_ONLY_COLUMNS,
  syncedTableFacts,
} from '../../src-shared/sync/tables';
import { checkWireValue, isComputedColumn, wireColumns } from '../../src-shared/sync/wire';
import { findUnstorableText, textPathLabel, unstorableTextReason } from '../../src-shared/text/storable';
import { storableText } from './storable';

/**
 * What a pushed change must satisfy before the database sees it (docs/sync.md, "Push"): a workstation-writable
 * table, columns that exist and may be written, values of the column's type. Pure: no I/O.
 */

export interface CheckedChange {
  readonly seq: number;
  readonly table: string;
  readonly rowId: string;
  readonly op: 'UPSERT' | 'DELETE';
  /** Without id; values as they go to the database. */
  readonly columns: Readonly<Record<string, JsonValue>>;
  readonly hlc: string;
  readonly hasSchoolId: boolean;
  readonly hasStudentId: boolean;
  readonly hasDeletedAt: boolean;
}

export type Checked = { ok: true; change: CheckedChange } | { ok: false; rejection: PushRejection };

const reject = (c: OutboxChange, code: PushRejection['code'], reason: string): Checked => ({
  ok: false,
  rejection: { seq: c.seq, table: c.table, rowId: c.rowId, code, reason },
});

/** Per table, the columns a change may name (hidden ones left out), and whether the database computes each. */
const rulesCache = new Map<string, ReadonlyMap<string, 'computed' | 'value'>>();
function columnRules(
  table: string,
  kinds: ReadonlyMap<string, unknown>,
): ReadonlyMap<string, 'computed' | 'value'> {
  let rules = rulesCache.get(table);
  if (!rules) {
    const hidden = SERVER_ONLY_COLUMNS[table] ?? [];
    const m = new Map<string, 'computed' | 'value'>();
    for (const col of kinds.keys())
      if (!hidden.includes(col)) m.set(col, isComputedColumn(table, col) ? 'computed' : 'value');
    rules = m;
    rulesCache.set(table, rules);
  }
  return rules;
}

/** "allergies row <id>": where a rejection is, for the nurse. */
const where = (c: OutboxChange): string => `${c.table} row ${c.rowId}`;
/** A path element of a JSON column, printable: a key holding unstorable text is shown escaped. */
const storableLabel = (p: string | number): string | number => (typeof p === 'string' ? storableText(p) : p);

export function checkChange(c: OutboxChange): Checked {
  if (!isWorkstationWritable(c.table)) {
    if (isSyncedTable(c.table)) {
      return reject(
        c,
        'READ_ONLY_TABLE',
        `${c.table} is district data: the server owns it and workstations only receive it`,
      );
    }
    return reject(c, 'UNKNOWN_TABLE', `${c.table} is not a table workstations may write`);
  }
  const kinds = wireColumns(c.table);
  if (!kinds) return reject(c, 'UNKNOWN_TABLE', `the server has no table ${c.table}`);
  const rules = columnRules(c.table, kinds);
  const columns: Record<string, JsonValue> = {};
  for (const [col, value] of Object.entries(c.columns)) {
    // Text PostgreSQL cannot store (a NUL, a lone surrogate) refuses this change only: the batch goes on without it.
    const badName = unstorableTextReason(col);
    if (badName !== null) {
      return reject(c, 'INVALID_VALUE', `${where(c)}, column name ${JSON.stringify(col)}: ${badName}`);
    }
    const bad =
      typeof value === 'string'
        ? unstorableTextReason(value)
        : value !== null && typeof value === 'object'
          ? findUnstorableText(value)
          : null;
    if (bad !== null) {
      const [label, reason] =
        typeof bad === 'string' ? [col, bad] : [textPathLabel(col, bad.path.map(storableLabel)), bad.reason];
      return reject(
        c,
        'INVALID_VALUE',
        `${where(c)}, column ${label}: ${reason}; this change was not saved at the district: enter it again without that text (it may have been pasted from another program)`,
      );
    }
    const rule = rules.get(col);
    if (rule === undefined) {
      return reject(c, 'UNKNOWN_COLUMN', `${c.table} has no column ${col}`);
    }
    if (col === 'id') {
      if (value !== c.rowId) {
        return reject(
          c,
          'INVALID_VALUE',
          `column id: ${JSON.stringify(value)} is not the change's row id ${c.rowId}`,
        );
      }
      continue;
    }
    if (rule === 'computed') {
      return reject(c, 'INVALID_VALUE', `column ${col}: computed by the database, it cannot be written`);
    }
    const checked = checkWireValue(c.table, col, value);
    if (!checked.ok) return reject(c, 'INVALID_VALUE', `column ${col}: ${checked.problem}`);
    columns[col] = checked.value;
  }
  const hasDeletedAt = kinds.has('deleted_at');
  if (c.op === 'UPSERT' && Object.keys(columns).length === 0) {
    return reject(c, 'INVALID_VALUE', 'an UPSERT must carry at least one column besides id');
  }
  if (c.op === 'DELETE' && !hasDeletedAt) {
    return reject(
      c,
      'CONSTRAINT',
      `${c.table} keeps no tombstones (no deleted_at): its rows cannot be deleted`,
    );
  }
  return {
    ok: true,
    change: {
      seq: c.seq,
      table: c.table,
      rowId: c.rowId,
      op: c.op,
      columns,
      hlc: c.hlc,
      hasSchoolId: kinds.has('school_id'),
      hasStudentId: kinds.has('student_id'),
      hasDeletedAt,
    },
  };
}

/** A reference of a table to rows that belong to one school: [column, referenced table]. */
export type ScopedReference = readonly [column: string, target: string];

const scopedCache = new Map<string, readonly ScopedReference[]>();

/**
 * The references of a workstation-writable table to rows that belong to a school (the referenced table has
 * school_id on the server: students, clinic visits, allergies, documents...), from the declaration
 * (src-shared/sync/tables.ts). A push may name only rows of its device's school there: a row of another school gets
 * the same answer as one that does not exist. References to district-wide rows (users, catalogs) are left to the
 * foreign keys: every workstation of the district pulls those rows anyway.
 */
export function scopedReferences(table: string): readonly ScopedReference[] {
  let refs = scopedCache.get(table);
  if (!refs) {
    const facts = syncedTableFacts(table);
    refs = Object.freeze(
      Object.entries(facts?.direction === 'push' ? facts.references : {}).filter(
        ([, target]) => wireColumns(target)?.has('school_id') === true,
      ),
    );
    scopedCache.set(table, refs);
  }
  return refs;
}
