import type Database from 'better-sqlite3-multiple-ciphers';
import { ZodNullable, ZodOptional, type z } from 'zod';
import { instant, jsonText, sqliteBoolean } from '../../src-shared/db/column-types';
import { serverTableSchemas } from '../../src-shared/db/server-schema.generated';
import { workstationTableSchemas } from '../../src-shared/db/workstation-schema.generated';
import { SYNCED_TABLES, isWorkstationWritable, type SyncedTable } from '../../src-shared/sync/tables';

/**
 * What the store knows about each synced table: its writable columns and how each column travels on the wire.
 * Column kinds come from the generated zod schemas (workstation: booleans 0/1, JSON text; server: instants),
 * generated (computed) columns and foreign keys from SQLite itself.
 */
export type ColumnKind = 'boolean' | 'json' | 'instant' | 'number' | 'text';

export interface ColumnMeta {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface ChildLink {
  /** A table whose column references this table's id. */
  readonly table: string;
  readonly column: string;
}

export interface TableMeta {
  readonly name: SyncedTable;
  readonly writable: boolean;
  /** Every column a writer may set, in table order (generated columns excluded); includes id. */
  readonly columns: ReadonlyMap<string, ColumnMeta>;
  readonly generated: ReadonlySet<string>;
  readonly hasDeletedAt: boolean;
  readonly hasUpdatedAt: boolean;
  readonly hasCreatedAt: boolean;
  readonly hasSchoolId: boolean;
  /** Rows of other synced tables that point at a row of this one (deleted first when it leaves the school). */
  readonly children: readonly ChildLink[];
  readonly insertSchema: z.ZodObject;
  readonly rowSchema: z.ZodObject;
}

/** Strips .nullable()/.optional() wrappers down to the building block the generator used. */
function base(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof ZodNullable || s instanceof ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

function kindOf(table: string, column: string, wsShape: Record<string, z.ZodType>): ColumnKind {
  const ws = wsShape[column];
  if (!ws) return 'text';
  const b = base(ws);
  if (b === sqliteBoolean) return 'boolean';
  if (b === jsonText) return 'json';
  if (b.def.type === 'number') return 'number';
  const server = (
    serverTableSchemas as unknown as Record<string, { row: z.ZodObject; insert?: z.ZodObject } | undefined>
  )[table];
  const inserted = server?.insert?.shape[column] as z.ZodType | undefined;
  const read = server?.row.shape[column] as z.ZodType | undefined;
  if ((inserted && base(inserted) === instant) || (read && base(read).def.type === 'date')) return 'instant';
  return 'text';
}

interface XInfo {
  name: string;
  hidden: number;
}
interface FkInfo {
  table: string;
  from: string;
  to: string | null;
}

export function loadTableMeta(sqlite: Database.Database): ReadonlyMap<string, TableMeta> {
  const out = new Map<string, TableMeta>();
  const children = new Map<string, ChildLink[]>();
  for (const table of SYNCED_TABLES) {
    const schemas = (
      workstationTableSchemas as Record<string, { row: z.ZodObject; insert: z.ZodObject } | undefined>
    )[table];
    if (!schemas) throw new Error(`synced table ${table} has no generated workstation schema`);
    // a PRAGMA table function: not in the generated schema, hence the cast
    const info = sqlite.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?)`).all(table) as XInfo[];
    if (info.length === 0) throw new Error(`synced table ${table} is missing from the workstation database`);
    const shape = schemas.row.shape as Record<string, z.ZodType>;
    const columns = new Map<string, ColumnMeta>();
    const generated = new Set<string>();
    for (const c of info) {
      if (c.hidden === 2 || c.hidden === 3) generated.add(c.name);
      else columns.set(c.name, { name: c.name, kind: kindOf(table, c.name, shape) });
    }
    // a PRAGMA table function: not in the generated schema, hence the cast
    for (const fk of sqlite
      .prepare(`SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)`)
      .all(table) as FkInfo[]) {
      if ((fk.to ?? 'id') !== 'id' || fk.table === table) continue;
      const list = children.get(fk.table) ?? [];
      list.push({ table, column: fk.from });
      children.set(fk.table, list);
    }
    out.set(table, {
      name: table,
      writable: isWorkstationWritable(table),
      columns,
      generated,
      hasDeletedAt: columns.has('deleted_at'),
      hasUpdatedAt: columns.has('updated_at'),
      hasCreatedAt: columns.has('created_at'),
      hasSchoolId: columns.has('school_id'),
      children: [],
      insertSchema: schemas.insert,
      rowSchema: schemas.row,
    });
  }
  for (const [table, meta] of out) {
    out.set(table, { ...meta, children: (children.get(table) ?? []).filter((c) => out.has(c.table)) });
  }
  return out;
}
