import { sql, type Kysely } from 'kysely';
import { parseIndexDef, type ForeignKeyShape, type SchemaShape, type TableShape } from './schema-shape';

/** Tables that belong to the migration tool, not to the data model. */
export const TOOL_TABLES = Object.freeze(['kysely_migration', 'kysely_migration_lock']);

const ON_DELETE: Record<string, ForeignKeyShape['onDelete']> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Values of a single-column `CHECK (col IN (...))` as PostgreSQL prints it (`= ANY (ARRAY[...])`). */
export function enumFromCheck(def: string): string[] | null {
  if (!/=\s*ANY\s*\(\s*\(?\s*ARRAY\[/i.test(def)) return null;
  if (/\b(AND|OR)\b/i.test(def.replace(/IS NULL OR/gi, ''))) return null;
  const arr = /ARRAY\[([^\]]*)\]/i.exec(def)?.[1] ?? '';
  const values = [...arr.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
  return values.length > 0 ? values : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function introspectPostgres(db: Kysely<any>, schema = 'public'): Promise<SchemaShape> {
  const rels = await sql<{ oid: number; name: string; relkind: string; partkey: string | null }>`
    SELECT c.oid::int AS oid, c.relname AS name, c.relkind::text AS relkind,
           CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind IN ('r','p','m') AND NOT c.relispartition
    ORDER BY c.relname`.execute(db);
  const cols = await sql<{
    rel: number;
    name: string;
    type: string;
    notnull: boolean;
    hasdef: boolean;
    generated: string;
    identity: string;
  }>`
    SELECT a.attrelid::int AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, a.atthasdef AS hasdef, a.attgenerated::text AS generated, a.attidentity::text AS identity
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','m')
    ORDER BY a.attrelid, a.attnum`.execute(db);
  const cons = await sql<{
    rel: number;
    contype: string;
    cols: string[];
    ref: string | null;
    deltype: string;
    def: string;
    name: string;
  }>`
    SELECT con.conrelid::int AS rel, con.contype::text AS contype, con.conname AS name,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
           rc.relname AS ref, con.confdeltype::text AS deltype, pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class rc ON rc.oid = con.confrelid
    WHERE n.nspname = ${schema} AND con.contype IN ('p','u','f','c') AND con.conparentid = 0`.execute(db);
  const idx = await sql<{ rel: number; def: string }>`
    SELECT i.indrelid::int AS rel, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class t ON t.oid = i.indrelid
    WHERE n.nspname = ${schema} AND NOT t.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p','u','x'))
    ORDER BY 2`.execute(db);
  const trg = await sql<{ rel: number; fn: string; tgtype: number }>`
    SELECT t.tgrelid::int AS rel, p.proname AS fn, t.tgtype::int AS tgtype
    FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND NOT t.tgisinternal AND t.tgparentid = 0`.execute(db);

  const out: SchemaShape = {};
  const byOid = new Map<number, TableShape>();
  for (const r of rels.rows) {
    if (TOOL_TABLES.includes(r.name)) continue;
    const t: TableShape = {
      kind: r.relkind === 'm' ? 'materialized view' : 'table',
      columns: {},
      primaryKey: [],
      unique: [],
      foreignKeys: [],
      indexes: [],
      immutable: false,
      partitionedBy: r.partkey,
    };
    out[r.name] = t;
    byOid.set(r.oid, t);
  }
  for (const c of cols.rows) {
    const t = byOid.get(c.rel);
    if (!t) continue;
    t.columns[c.name] = {
      type: c.type,
      notNull: c.notnull,
      ...((c.hasdef && c.generated !== 's') || c.identity !== '' ? { default: true } : {}),
      ...(c.identity !== '' ? { identity: true } : {}),
      ...(c.generated === 's' ? { generated: true } : {}),
    };
  }
  for (const k of cons.rows) {
    const t = byOid.get(k.rel);
    if (!t) continue;
    if (k.contype === 'p') t.primaryKey = k.cols;
    else if (k.contype === 'u') t.unique.push(k.cols);
    else if (k.contype === 'f')
      t.foreignKeys.push({
        columns: k.cols,
        references: k.ref ?? '?',
        onDelete: ON_DELETE[k.deltype] ?? 'NO ACTION',
      });
    else if (k.contype === 'c' && k.cols.length === 1) {
      const values = enumFromCheck(k.def);
      const col = t.columns[k.cols[0] ?? ''];
      if (values && col) col.enum = values;
    }
  }
  for (const i of idx.rows) {
    const t = byOid.get(i.rel);
    if (!t) continue;
    const p = parseIndexDef(i.def);
    t.indexes.push({ columns: p.columns, unique: p.unique, using: p.using, where: p.where });
  }
  // tgtype bits: 2 BEFORE, 8 DELETE, 16 UPDATE (ROW or STATEMENT alike)
  const guarded = new Map<number, number>();
  for (const g of trg.rows) {
    if (g.fn !== 'raise_immutable' || (g.tgtype & 2) === 0) continue;
    guarded.set(g.rel, (guarded.get(g.rel) ?? 0) | (g.tgtype & (8 | 16)));
  }
  for (const [rel, bits] of guarded) {
    const t = byOid.get(rel);
    if (t && bits === (8 | 16)) t.immutable = true;
  }
  return out;
}
