import type { z } from 'zod';
import type { JsonValue } from '../../src-shared/db/column-types';
import { rowId as rowIdSchema } from '../../src-shared/sync/protocol';
import type { StoreContext } from './context';
import { StoreValidationError, StoreWriteError, type ColumnIssue } from './errors';
import type { TableMeta } from './meta';
import { appendOutbox } from './outbox';
import { normalizeInstant, toWire, type SqliteValue } from './wire';

/**
 * The one write path of the workstation: every write to a synced table happens here, in one SQLite transaction
 * together with its outbox row (migration 0005's triggers refuse any other write).
 */
export type WriteOp = 'UPSERT' | 'DELETE';

export interface WriteResult {
  readonly table: string;
  readonly rowId: string;
  readonly op: WriteOp;
  /** The outbox sequence number of this write. */
  readonly seq: number;
  readonly hlc: string;
  /** UPSERT: true when the row was new. */
  readonly created: boolean;
}

/** new: the row must not exist yet; existing: it must exist; any: insert or update. */
export type RowExpectation = 'new' | 'existing' | 'any';

const partialSchemas = new WeakMap<TableMeta, z.ZodObject>();
function updateSchema(meta: TableMeta): z.ZodObject {
  let s = partialSchemas.get(meta);
  if (!s) {
    s = meta.rowSchema.partial();
    partialSchemas.set(meta, s);
  }
  return s;
}

export function writableMeta(ctx: StoreContext, table: string): TableMeta {
  const meta = ctx.tables.get(table);
  if (!meta) throw new StoreWriteError(`${table} is not a synced table of the workstation`);
  if (!meta.writable)
    throw new StoreWriteError(
      `${table} is district data, pulled from the server: the workstation cannot write it`,
    );
  return meta;
}

/** Checks the columns against the generated zod schema; returns them as SQLite values (instants normalized). */
function validate(
  meta: TableMeta,
  values: Record<string, unknown>,
  mode: 'insert' | 'update',
): Record<string, SqliteValue> {
  const issues: ColumnIssue[] = [];
  for (const key of Object.keys(values)) {
    if (meta.generated.has(key))
      issues.push({
        path: `${meta.name}.${key}`,
        message: 'is computed by the database and cannot be written',
      });
    else if (!meta.columns.has(key)) issues.push({ path: `${meta.name}.${key}`, message: 'no such column' });
  }
  const parsed = (mode === 'insert' ? meta.insertSchema : updateSchema(meta)).safeParse(values);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      if (i.code === 'unrecognized_keys') continue;
      issues.push({ path: [meta.name, ...i.path.map(String)].join('.'), message: i.message });
    }
  }
  const out: Record<string, SqliteValue> = {};
  for (const [key, v] of Object.entries(values)) {
    const col = meta.columns.get(key);
    if (!col) continue;
    if (col.kind === 'instant' && typeof v === 'string') {
      const iso = normalizeInstant(v);
      if (iso === null)
        issues.push({
          path: `${meta.name}.${key}`,
          message: `expected an ISO-8601 instant (e.g. 2026-01-31T08:15:00Z), got "${v.slice(0, 40)}"`,
        });
      else out[key] = iso;
    } else out[key] = v as SqliteValue;
  }
  if (issues.length > 0) throw new StoreValidationError(meta.name, issues);
  return out;
}

function wireColumns(meta: TableMeta, row: Record<string, unknown>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, v] of Object.entries(row)) {
    const col = meta.columns.get(key);
    if (!col || key === 'id') continue;
    out[key] = toWire(col.kind, v);
  }
  return out;
}

const q = (name: string): string => `"${name}"`;

export function writeRow(
  ctx: StoreContext,
  table: string,
  rowId: string,
  op: WriteOp,
  columns: Record<string, unknown> = {},
  expect: RowExpectation = 'any',
): WriteResult {
  const meta = writableMeta(ctx, table);
  if (!rowIdSchema.safeParse(rowId).success)
    throw new StoreValidationError(table, [
      { path: `${table}.id`, message: 'expected a row id of 1 to 64 characters' },
    ]);
  if (op !== 'UPSERT' && op !== 'DELETE')
    throw new StoreWriteError(`unknown write operation ${String(op)} (expected UPSERT or DELETE)`);
  const given = { ...columns };
  if ('id' in given) {
    if (given.id !== rowId)
      throw new StoreValidationError(table, [
        { path: `${table}.id`, message: `differs from the row id ${rowId}` },
      ]);
    delete given.id;
  }
  return ctx.writePath(() => {
    const existing = ctx.stmt(`SELECT * FROM ${q(table)} WHERE id = ?`).get(rowId) as
      Record<string, unknown> | undefined;
    if (expect === 'new' && existing) throw new StoreWriteError(`${table} ${rowId} already exists`);
    if (expect === 'existing' && !existing) throw new StoreWriteError(`no ${table} row ${rowId}`);
    if (existing && existing.deleted_at != null) {
      throw new StoreWriteError(`${table} ${rowId} was deleted: an edit after a delete is not allowed`);
    }
    const now = ctx.nowIso();
    if (op === 'DELETE') {
      if (!meta.hasDeletedAt)
        throw new StoreWriteError(`${table} has no tombstone: its rows cannot be deleted`);
      if (!existing) throw new StoreWriteError(`no ${table} row ${rowId}`);
      if (Object.keys(given).length > 0)
        throw new StoreWriteError(`a DELETE of ${table} ${rowId} takes no columns`);
      // only the tombstone changes, and it travels with the DELETE so the server keeps the same instant
      ctx.stmt(`UPDATE ${q(table)} SET deleted_at = ? WHERE id = ?`).run(now, rowId);
      return {
        table,
        rowId,
        op,
        created: false,
        ...appendOutbox(ctx, table, rowId, 'DELETE', { deleted_at: now }),
      };
    }
    if ('deleted_at' in given) {
      throw new StoreValidationError(table, [
        { path: `${table}.deleted_at`, message: 'is set by a DELETE, not written directly' },
      ]);
    }
    if (!existing) {
      const values: Record<string, unknown> = { id: rowId, ...given };
      if (meta.hasCreatedAt && values.created_at === undefined) values.created_at = now;
      if (meta.hasUpdatedAt && values.updated_at === undefined) values.updated_at = now;
      const v = validate(meta, values, 'insert');
      const names = Object.keys(v);
      ctx
        .stmt(
          `INSERT INTO ${q(table)} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        )
        .run(...names.map((n) => v[n]));
      const row = ctx.stmt(`SELECT * FROM ${q(table)} WHERE id = ?`).get(rowId) as Record<string, unknown>;
      return {
        table,
        rowId,
        op,
        created: true,
        ...appendOutbox(ctx, table, rowId, 'UPSERT', wireColumns(meta, row)),
      };
    }
    if (Object.keys(given).length === 0)
      throw new StoreWriteError(`nothing to write to ${table} ${rowId}: no columns given`);
    const patch: Record<string, unknown> = { ...given };
    if (meta.hasUpdatedAt && patch.updated_at === undefined) patch.updated_at = now;
    const v = validate(meta, patch, 'update');
    const names = Object.keys(v);
    ctx
      .stmt(`UPDATE ${q(table)} SET ${names.map((n) => `${q(n)} = ?`).join(', ')} WHERE id = ?`)
      .run(...names.map((n) => v[n]), rowId);
    return {
      table,
      rowId,
      op,
      created: false,
      ...appendOutbox(ctx, table, rowId, 'UPSERT', wireColumns(meta, v)),
    };
  });
}
