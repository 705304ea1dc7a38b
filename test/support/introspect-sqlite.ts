import type Database from 'better-sqlite3-multiple-ciphers';
import { parseIndexDef, type ForeignKeyShape, type SchemaShape, type TableShape } from './schema-shape';

const TOOL_TABLES = ['kysely_migration', 'kysely_migration_lock'];

interface XInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexList {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}
interface IndexInfo {
  seqno: number;
  name: string | null;
}
interface FkRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  on_delete: string;
}

/** `CHECK (col IN ('A','B'))` clauses of a CREATE TABLE statement, by column. */
export function sqliteEnums(createSql: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const re = /"?(\w+)"?\s+IN\s*\(\s*('(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*)\s*\)/gi;
  for (const m of createSql.matchAll(re)) {
    const col = m[1] ?? '';
    const values = [...(m[2] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((v) =>
      (v[1] ?? '').replace(/''/g, "'"),
    );
    if (!out.has(col)) out.set(col, values);
  }
  return out;
}

export function introspectSqlite(db: Database.Database): SchemaShape {
  const tables = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all() as { name: string; sql: string }[];
  const out: SchemaShape = {};
  for (const { name, sql } of tables) {
    if (TOOL_TABLES.includes(name)) continue;
    const q = (p: string) => db.prepare(`PRAGMA ${p}(${JSON.stringify(name)})`).all();
    const enums = sqliteEnums(sql);
    const t: TableShape = {
      kind: 'table',
      columns: {},
      primaryKey: [],
      unique: [],
      foreignKeys: [],
      indexes: [],
      immutable: false,
      partitionedBy: null,
    };
    const xinfo = q('table_xinfo') as XInfo[];
    for (const c of xinfo) {
      const generated = c.hidden === 2 || c.hidden === 3;
      t.columns[c.name] = {
        type: c.type,
        notNull: c.notnull === 1 || (c.pk > 0 && /INTEGER/i.test(c.type)),
        ...(c.dflt_value !== null ? { default: true } : {}),
        ...(generated ? { generated: true } : {}),
        ...(enums.has(c.name) ? { enum: enums.get(c.name) } : {}),
        ...(new RegExp(`json_valid\\s*\\(\\s*"?${c.name}"?\\s*\\)`, 'i').test(sql) ? { json: true } : {}),
        ...(new RegExp(`"?\\b${c.name}"?\\s+IN\\s*\\(\\s*0\\s*,\\s*1\\s*\\)`, 'i').test(sql)
          ? { bool: true }
          : {}),
      };
    }
    t.primaryKey = xinfo
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    for (const il of q('index_list') as IndexList[]) {
      if (il.origin === 'pk') continue;
      if (il.origin === 'u') {
        const info = (db.prepare(`PRAGMA index_info(${JSON.stringify(il.name)})`).all() as IndexInfo[]).sort(
          (a, b) => a.seqno - b.seqno,
        );
        t.unique.push(info.map((i) => i.name ?? '?'));
        continue;
      }
      const def = (
        db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(il.name) as {
          sql: string;
        }
      ).sql;
      const p = parseIndexDef(def);
      t.indexes.push({ columns: p.columns, unique: p.unique, using: 'btree', where: p.where });
    }
    const fks = new Map<number, ForeignKeyShape>();
    for (const f of (q('foreign_key_list') as FkRow[]).sort((a, b) => a.id - b.id || a.seq - b.seq)) {
      const cur = fks.get(f.id) ?? {
        columns: [],
        references: f.table,
        onDelete: f.on_delete as ForeignKeyShape['onDelete'],
      };
      cur.columns.push(f.from);
      fks.set(f.id, cur);
    }
    t.foreignKeys = [...fks.values()];
    const triggers = db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`)
      .all(name) as { sql: string }[];
    const blocks = (op: string) =>
      triggers.some(
        (g) => new RegExp(`BEFORE\\s+${op}\\b`, 'i').test(g.sql) && /RAISE\s*\(\s*ABORT/i.test(g.sql),
      );
    t.immutable = blocks('UPDATE') && blocks('DELETE');
    out[name] = t;
  }
  return out;
}
