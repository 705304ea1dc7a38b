import type Database from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import type { JsonValue } from '../../src-shared/db/column-types';
import { isHlc, parseHlc } from '../../src-shared/sync/hlc';
import type { ConflictNotice, PulledChange, PullResponse } from '../../src-shared/sync/protocol';
import { syncedTableFacts } from '../../src-shared/sync/tables';
import { STATE_KEYS, type StoreContext } from './context';
import { lostByThisDevice, recordConflicts } from './conflicts';
import { PullApplyError } from './errors';
import type { TableMeta } from './meta';
import { all, query } from './read';
import { countUnacked, pendingColumns } from './outbox';
import { WireValueError, fromWire, type SqliteValue } from './wire';

/**
 * The pull's apply path: one page and its cursor in one transaction (the outbox guard open, foreign keys deferred
 * to commit so a page may hold children before parents). Rules (docs/sync-client.md):
 * - UPSERT merges the given columns into the row, inserting it when new;
 * - DELETE sets the tombstone (deleted_at), never removes the row;
 * - REMOVE deletes the row and everything of it locally (a student who left this school);
 * - a column with unacknowledged local writes is not overwritten: the server decides after our push;
 * - a row of an append-only table (report_generation_log) that is already here is left as it is.
 */

export interface ApplyStats {
  applied: number;
  /** Columns left alone because a local write of them is not yet acknowledged. */
  pendingSkipped: number;
  /** Rows deleted locally by REMOVE (including their dependents). */
  removed: number;
  /** Changes for tables or columns this workstation does not have (a newer server schema), or nothing to do. */
  ignored: number;
}

const q = (name: string): string => `"${name}"`;

function convert(
  meta: TableMeta,
  change: { table: string; rowId: string; columns: Record<string, JsonValue> },
  stats: ApplyStats,
) {
  const out: Record<string, SqliteValue> = {};
  for (const [key, v] of Object.entries(change.columns)) {
    const col = meta.columns.get(key);
    if (!col || key === 'id') {
      if (!col && !meta.generated.has(key)) stats.ignored++;
      continue;
    }
    out[key] = fromWire(col.kind, v, `${change.table}.${key} of ${change.rowId}`);
  }
  return out;
}

function rowExists(ctx: StoreContext, table: string, rowId: string): { deleted_at?: unknown } | undefined {
  // the table is named at run time (any synced table): its row type is not known here, hence the cast
  return ctx
    .stmt(
      `SELECT ${ctx.tables.get(table)?.hasDeletedAt ? 'deleted_at' : 'NULL AS deleted_at'} FROM ${q(table)} WHERE id = ?`,
    )
    .get(rowId) as { deleted_at?: unknown } | undefined;
}

interface MergeStatements {
  readonly upsert: Database.Statement;
  readonly update: Database.Statement;
  readonly exists: Database.Statement;
}
const mergeCache = new WeakMap<StoreContext, Map<string, MergeStatements>>();

function mergeStatements(ctx: StoreContext, table: string, names: readonly string[]): MergeStatements {
  let byKey = mergeCache.get(ctx);
  if (!byKey) {
    byKey = new Map();
    mergeCache.set(ctx, byKey);
  }
  const key = `${table}\u0000${names.join(',')}`;
  let m = byKey.get(key);
  if (!m) {
    const cols = names.map(q).join(', ');
    m = {
      // an unchanged row is not updated at all (no trigger fires: an echo of an append-only row is a no-op)
      upsert: ctx.sqlite.prepare(
        `INSERT INTO ${q(table)} (${cols}, id) VALUES (${names.map(() => '?').join(', ')}, ?) ` +
          `ON CONFLICT (id) DO UPDATE SET ${names.map((n) => `${q(n)} = excluded.${q(n)}`).join(', ')} ` +
          `WHERE ${names.map((n) => `${q(n)} IS NOT excluded.${q(n)}`).join(' OR ')}`,
      ),
      update: ctx.sqlite.prepare(
        `UPDATE ${q(table)} SET ${names.map((n) => `${q(n)} = ?`).join(', ')} ` +
          `WHERE id = ? AND (${names.map((n) => `${q(n)} IS NOT ?`).join(' OR ')})`,
      ),
      exists: ctx.sqlite.prepare(`SELECT 1 AS x FROM ${q(table)} WHERE id = ?`),
    };
    byKey.set(key, m);
  }
  return m;
}

const isNotNull = (e: unknown): boolean =>
  (e as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_NOTNULL';

/**
 * Merges the columns into the row, inserting it when new: one INSERT ... ON CONFLICT DO UPDATE. SQLite checks NOT
 * NULL before the conflict, so a partial change of an existing row fails there and is applied as a plain UPDATE.
 */
function mergeRow(ctx: StoreContext, table: string, rowId: string, cols: Record<string, SqliteValue>): void {
  const names = Object.keys(cols);
  if (names.length === 0) return;
  const values = names.map((n) => cols[n]);
  const m = mergeStatements(ctx, table, names);
  try {
    m.upsert.run(...values, rowId);
  } catch (e) {
    if (!isNotNull(e)) throw e;
    if (m.update.run(...values, rowId, ...values).changes === 0 && !m.exists.get(rowId)) throw e;
  }
}

/** Deletes a row and, for student data, every row of other tables that depends on it. Returns rows deleted. */
export function removeRow(ctx: StoreContext, table: string, rowId: string): number {
  const meta = ctx.tables.get(table);
  if (!meta) return 0;
  let n = 0;
  const ownsDependents = meta.hasSchoolId;
  for (const child of meta.children) {
    // the child table is named at run time (from the foreign keys): its row type is not known here, hence the cast
    const ids = ctx.stmt(`SELECT id FROM ${q(child.table)} WHERE ${q(child.column)} = ?`).all(rowId) as {
      id: string;
    }[];
    if (ids.length === 0) continue;
    // district data (a user, a catalog entry) still referenced by this school's records stays
    if (!ownsDependents || !ctx.tables.get(child.table)?.hasSchoolId) return n;
    for (const c of ids) n += removeRow(ctx, child.table, c.id);
  }
  if (table === 'students') {
    const alerts = all(
      ctx.sqlite,
      query
        .selectFrom('alert_instances')
        .select('id')
        .where('target_entity_type', '=', sql.lit('STUDENT'))
        .where('target_entity_id', '=', rowId),
    );
    for (const a of alerts) n += removeRow(ctx, 'alert_instances', a.id);
  }
  ctx.stmt(`DELETE FROM sync_conflicts WHERE table_name = ? AND row_id = ?`).run(table, rowId);
  ctx
    .stmt(`DELETE FROM outbox WHERE table_name = ? AND row_id = ? AND acked_at IS NOT NULL`)
    .run(table, rowId);
  n += ctx.stmt(`DELETE FROM ${q(table)} WHERE id = ?`).run(rowId).changes;
  return n;
}

function applyChange(ctx: StoreContext, c: PulledChange, checkPending: boolean, stats: ApplyStats): void {
  const meta = ctx.tables.get(c.table);
  if (!meta) {
    stats.ignored++;
    return;
  }
  if (c.op === 'REMOVE') {
    stats.removed += removeRow(ctx, c.table, c.rowId);
    stats.applied++;
    return;
  }
  // an append-only row never changes: the server's copy of one this workstation has (the echo of its own push) has
  // nothing to apply, even where the server's form differs (jsonb orders an object's keys its own way)
  if (syncedTableFacts(c.table)?.appendOnly && rowExists(ctx, c.table, c.rowId)) {
    stats.ignored++;
    return;
  }
  const cols = convert(meta, c, stats);
  if (c.op === 'DELETE') {
    if (!meta.hasDeletedAt) {
      stats.ignored++;
      return;
    }
    const wall =
      c.hlc !== null && isHlc(c.hlc) ? new Date(parseHlc(c.hlc).wallMs).toISOString() : ctx.nowIso();
    cols.deleted_at ??= wall;
  }
  if (checkPending) {
    const pending = pendingColumns(ctx, c.table, c.rowId);
    for (const k of pending) {
      if (k in cols) {
        delete cols[k];
        stats.pendingSkipped++;
      }
    }
    if (pending.size > 0 && !rowExists(ctx, c.table, c.rowId)) {
      stats.ignored++;
      return;
    }
  }
  if (c.op === 'DELETE' && !rowExists(ctx, c.table, c.rowId) && Object.keys(cols).length === 1) {
    stats.ignored++; // a tombstone of a row this workstation never had
    return;
  }
  mergeRow(ctx, c.table, c.rowId, cols);
  stats.applied++;
}

/**
 * Applies one pulled page and moves the cursor to page.nextAfter, all in one transaction. `after` is the cursor the
 * page was asked for: a page that no longer follows the stored cursor (another sync moved it) is refused.
 */
export function applyPullPage(ctx: StoreContext, after: number, page: PullResponse): ApplyStats {
  return applyPullPages(ctx, after, [page]);
}

/**
 * SQLite's page cache during a pull, in KiB (SQLite's default is 2 MB). A transaction of pages touches the index
 * pages of every table it writes; with 2 MB they spill to the WAL before the commit and are written (and encrypted)
 * again, and the next transaction reads (and decrypts) them back. Measured on the benchmark's school: 20,000-row
 * transactions 2.2-2.6x faster with 64 MB.
 */
export const PULL_CACHE_KIB = 65_536;

/** Raises the connection's page cache to at least PULL_CACHE_KIB; the returned function puts it back. */
export function raisePullCache(sqlite: Database.Database): () => void {
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  const kib =
    before < 0 ? -before : (before * (sqlite.pragma('page_size', { simple: true }) as number)) / 1024;
  if (kib >= PULL_CACHE_KIB) return () => undefined;
  sqlite.pragma(`cache_size = -${PULL_CACHE_KIB}`);
  return () => {
    if (sqlite.open) sqlite.pragma(`cache_size = ${before}`);
  };
}

/**
 * Applies consecutive pulled pages (each asked for at the previous one's nextAfter, the first at `after`) and moves
 * the cursor to the last one's nextAfter, all in one transaction: fewer, larger commits write each index page to
 * the WAL once per group instead of once per page (the sync client raises the page cache for them:
 * raisePullCache). All or nothing: a change that cannot be applied leaves every page of the group unwritten and the
 * cursor where it was.
 */
export function applyPullPages(ctx: StoreContext, after: number, pages: readonly PullResponse[]): ApplyStats {
  const stats: ApplyStats = { applied: 0, pendingSkipped: 0, removed: 0, ignored: 0 };
  let from = after; // the cursor the page being applied was asked for
  let applying = true; // false at commit (a deferred foreign key fails there: no page to name)
  try {
    ctx.writePath(() => {
      ctx.sqlite.pragma('defer_foreign_keys = ON');
      const current = Number(ctx.getState(STATE_KEYS.pullAfter) ?? 0);
      if (current !== after)
        throw new PullApplyError(
          `the pull cursor moved from ${after} to ${current} while this page was fetched`,
        );
      const checkPending = countUnacked(ctx) > 0;
      let maxHlc: string | null = null;
      for (const page of pages) {
        if (page.nextAfter < from)
          throw new PullApplyError(`the server's next cursor ${page.nextAfter} is behind ${from}`);
        for (const c of page.changes) {
          applyChange(ctx, c, checkPending, stats);
          if (c.hlc !== null && (maxHlc === null || c.hlc > maxHlc)) maxHlc = c.hlc;
        }
        recordConflicts(ctx, page.conflicts);
        applyPulledLostConflicts(ctx, page.conflicts);
        from = page.nextAfter;
      }
      applying = false;
      if (maxHlc !== null) ctx.receiveHlc(maxHlc);
      ctx.setState(STATE_KEYS.pullAfter, String(from));
    });
  } catch (e) {
    if (e instanceof PullApplyError) throw e;
    const detail = e instanceof WireValueError || e instanceof Error ? e.message : String(e);
    const what =
      pages.length === 1
        ? `the page after ${after} (nothing of it was written)`
        : applying
          ? `the page after ${from} (nothing of it, nor of the ${pages.length - 1} other pages applied with it, was written)`
          : `the ${pages.length} pages after ${after} (nothing of them was written)`;
    throw new PullApplyError(`cannot apply ${what}: ${detail}`, { cause: e });
  }
  return stats;
}

/**
 * The row was deleted on the server before our edit arrived: keep it deleted here too, with the server's instant,
 * and put back the server's values of the columns the refused edit touched (the notice's winning value), so the row
 * equals the server's. Columns with unsent local writes are left alone.
 */
function tombstoneFromNotice(ctx: StoreContext, notice: ConflictNotice): number {
  const meta = ctx.tables.get(notice.table);
  const w = notice.winningValue;
  if (!meta?.hasDeletedAt || w === null || typeof w !== 'object' || Array.isArray(w)) return 0;
  if (typeof w.deleted_at !== 'string' || !rowExists(ctx, notice.table, notice.rowId)) return 0;
  const pending = pendingColumns(ctx, notice.table, notice.rowId);
  // the table is named at run time (the notice's): its row type is not known here, hence the cast
  const row = ctx.stmt(`SELECT * FROM ${q(notice.table)} WHERE id = ?`).get(notice.rowId) as Record<
    string,
    unknown
  >;
  const cols: [string, SqliteValue][] = [];
  for (const [name, v] of Object.entries(w)) {
    const col = meta.columns.get(name);
    if (!col || name === 'id' || pending.has(name)) continue;
    const value = fromWire(col.kind, v, `${notice.table}.${name} of ${notice.rowId}`);
    if (row[name] !== value) cols.push([name, value]);
  }
  if (cols.length === 0) return 0;
  return ctx
    .stmt(`UPDATE ${q(notice.table)} SET ${cols.map(([n]) => `${q(n)} = ?`).join(', ')} WHERE id = ?`)
    .run(...cols.map(([, v]) => v), notice.rowId).changes;
}

/**
 * Push conflicts this device lost: the server kept another value, so the local row takes the winning value, unless
 * a newer local write of that column is still waiting to be pushed. An edit that arrived after a delete leaves the
 * row deleted here too (the edited values stay in the conflict for review).
 */
export function applyLostConflicts(ctx: StoreContext, notices: readonly ConflictNotice[]): number {
  let n = 0;
  for (const notice of notices) {
    if (!lostByThisDevice(ctx, notice)) continue;
    if (notice.type === 'EDIT_AFTER_DELETE') {
      n += tombstoneFromNotice(ctx, notice);
      continue;
    }
    if (notice.type !== 'FIELD_LWW' || notice.column === null) continue;
    const meta = ctx.tables.get(notice.table);
    const col = meta?.columns.get(notice.column);
    if (!meta || !col || !rowExists(ctx, notice.table, notice.rowId)) continue;
    if (pendingColumns(ctx, notice.table, notice.rowId).has(notice.column)) continue;
    const v = fromWire(col.kind, notice.winningValue, `${notice.table}.${notice.column} of ${notice.rowId}`);
    ctx.stmt(`UPDATE ${q(notice.table)} SET ${q(notice.column)} = ? WHERE id = ?`).run(v, notice.rowId);
    n++;
  }
  return n;
}

/**
 * A push whose answer was lost and whose retry came back as a duplicate never delivers its conflict notices; the
 * pull's list of open conflicts does. An edit that lost to a delete is applied from there too: a deleted row never
 * takes a new value on the server, so its notice cannot be stale. A FIELD_LWW notice can be (this device may have
 * written the field again since and won), so it is applied only from the push answer (applyLostConflicts).
 */
function applyPulledLostConflicts(ctx: StoreContext, notices: readonly ConflictNotice[]): void {
  for (const notice of notices) {
    if (notice.status === 'OPEN' && notice.type === 'EDIT_AFTER_DELETE' && lostByThisDevice(ctx, notice)) {
      tombstoneFromNotice(ctx, notice);
    }
  }
}
