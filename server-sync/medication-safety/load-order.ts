import { canonicalJson, NATURAL_KEY, OTHER_UNIQUE, type DesiredRow, type ReferenceTable } from './rows';

/**
 * The loader's handling of a table's other UNIQUE columns (rows.ts OTHER_UNIQUE: interaction_severity_levels.
 * severity_rank), beside its natural key:
 * - adoptByOtherUnique: a dataset row whose natural key no stored row holds adopts the stored row (live or retired)
 *   that holds its value of such a column, when no other dataset row claims that stored row: it keeps its id and
 *   takes the dataset's content, so the value never moves from one id to another (a workstation keeps a deleted
 *   row's values, and a second row with them would fail its pull);
 * - orderWrites: the writes in an order where a row takes a value only after the row holding it has let it go
 *   (PostgreSQL and SQLite check a UNIQUE column row by row, and sync replays the writes in the same order). Rows
 *   that exchange values (a cycle) cannot be written one at a time: refused, naming them, and nothing is written.
 */

type Stored = Record<string, unknown> & { id: string; deleted_at: Date | null };

const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : canonicalJson(v ?? null);
const label = (table: ReferenceTable, row: Record<string, unknown>): string =>
  NATURAL_KEY[table].map((c) => text(row[c])).join('+');

export function adoptByOtherUnique(
  table: ReferenceTable,
  rows: readonly DesiredRow[],
  stored: readonly Stored[],
): DesiredRow[] {
  const storedIds = new Set(stored.map((r) => r.id));
  const claimed = new Set(rows.map((r) => r.id).filter((id) => storedIds.has(id)));
  let out = [...rows];
  for (const col of OTHER_UNIQUE[table] ?? []) {
    const holderOf = new Map(stored.map((r) => [canonicalJson(r[col] ?? null), r.id]));
    out = out.map((row) => {
      if (storedIds.has(row.id)) return row;
      const holder = holderOf.get(canonicalJson(row[col] ?? null));
      if (holder === undefined || claimed.has(holder)) return row;
      claimed.add(holder);
      return { ...row, id: holder };
    });
  }
  return out;
}

export interface Write {
  readonly row: DesiredRow;
  /** the stored row it updates; undefined: an insert */
  readonly old: Stored | undefined;
  readonly changed: readonly string[];
}

export function orderWrites(
  table: ReferenceTable,
  writes: readonly Write[],
  stored: readonly Stored[],
): Write[] {
  const cols = OTHER_UNIQUE[table] ?? [];
  if (cols.length === 0) return [...writes];
  const byId = new Map(writes.map((w) => [w.row.id, w]));
  const after = new Map<string, Set<string>>(writes.map((w) => [w.row.id, new Set<string>()]));
  for (const col of cols) {
    const holderOf = new Map(stored.map((r) => [canonicalJson(r[col] ?? null), r]));
    for (const w of writes) {
      const v = canonicalJson(w.row[col] ?? null);
      const holder = holderOf.get(v);
      if (!holder || holder.id === w.row.id) continue;
      const leaving = byId.get(holder.id);
      if (!leaving || canonicalJson(leaving.row[col] ?? null) === v)
        throw new Error(
          `${table} ${label(table, w.row)}: ${col} ${v} is held by the stored row ${holder.id} ` +
            `(${label(table, holder)}), which keeps it; correct or delete that row, then load again`,
        );
      after.get(w.row.id)!.add(holder.id);
    }
  }
  const out: Write[] = [];
  const done = new Set<string>();
  while (out.length < writes.length) {
    const ready = writes.filter(
      (w) => !done.has(w.row.id) && [...after.get(w.row.id)!].every((id) => done.has(id)),
    );
    if (ready.length === 0) {
      const stuck = writes.filter((w) => !done.has(w.row.id));
      throw new Error(
        `${table}: the stored rows ${stuck.map((w) => `${label(table, w.old ?? w.row)} (${w.row.id})`).join(', ')} ` +
          `would exchange their ${cols.join(', ')} values with each other, which a UNIQUE column does not allow ` +
          'one row at a time; correct the stored rows, then load again',
      );
    }
    for (const w of ready) {
      out.push(w);
      done.add(w.row.id);
    }
  }
  return out;
}
