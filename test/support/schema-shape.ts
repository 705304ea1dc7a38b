/** The shape of a table as the manifest states it and as introspection finds it (docs/data-model.md). */
export interface ColumnShape {
  type: string;
  notNull: boolean;
  default?: boolean;
  generated?: boolean;
  enum?: string[];
  /** Not compared with the manifest; used by the code generator. */
  identity?: boolean;
  json?: boolean;
  bool?: boolean;
}
export interface ForeignKeyShape {
  columns: string[];
  references: string;
  onDelete: 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';
}
export interface IndexShape {
  columns: string[];
  unique: boolean;
  using?: string;
  where: string | null;
}
export interface TableShape {
  kind: 'table' | 'materialized view';
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  unique: string[][];
  foreignKeys: ForeignKeyShape[];
  indexes: IndexShape[];
  immutable: boolean;
  partitionedBy: string | null;
}
export type SchemaShape = Record<string, TableShape>;

/** Normalizes an SQL expression so hand-written and catalog-printed forms compare equal. */
export function normalizeExpr(expr: string): string {
  return expr
    .replace(/::[a-z_ ]+(\(\d+(,\d+)?\))?(\[\])?/gi, '') // casts
    .replace(/"/g, '')
    .replace(/[()]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ,/g, ',')
    .trim()
    .toLowerCase();
}

/** Splits `a, lower(b), c DESC` at top-level commas. */
export function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of list) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === '(') depth++;
    if (!quote && ch === ')') depth--;
    if (!quote && depth === 0 && ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Parses `CREATE [UNIQUE] INDEX name ON [ONLY] tbl [USING m] (cols) [WHERE pred]` (PostgreSQL or SQLite). */
export function parseIndexDef(def: string): {
  unique: boolean;
  using: string;
  columns: string[];
  where: string | null;
} {
  const head =
    /^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF NOT EXISTS\s+)?\S+\s+ON\s+(?:ONLY\s+)?\S+\s*(?:USING\s+(\w+)\s*)?\(/i.exec(
      def,
    );
  if (!head) throw new Error(`cannot parse index definition: ${def}`);
  let i = head[0].length;
  let depth = 1;
  let cols = '';
  for (; i < def.length && depth > 0; i++) {
    const ch = def[i] ?? '';
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth > 0) cols += ch;
  }
  const rest = def.slice(i).trim();
  const where = /^WHERE\s+([\s\S]*)$/i.exec(rest);
  return {
    unique: Boolean(head[1]),
    using: (head[2] ?? 'btree').toLowerCase(),
    columns: splitTopLevel(cols),
    where: where?.[1] ? where[1].trim() : null,
  };
}

/** Compares the manifest with what a database holds; returns one line per difference (empty when equal). */
export function diffSchemas(expected: SchemaShape, actual: SchemaShape, where: string): string[] {
  const out: string[] = [];
  const say = (msg: string) => out.push(`${where}: ${msg}`);
  for (const t of Object.keys(expected)) if (!actual[t]) say(`table ${t} is missing`);
  for (const t of Object.keys(actual))
    if (!expected[t]) say(`table ${t} is in the database but not in the manifest`);
  for (const [t, exp] of Object.entries(expected)) {
    const act = actual[t];
    if (!act) continue;
    if (exp.kind !== act.kind) say(`${t}: kind ${act.kind}, manifest says ${exp.kind}`);
    for (const c of Object.keys(exp.columns)) if (!act.columns[c]) say(`${t}.${c} is missing`);
    for (const c of Object.keys(act.columns))
      if (!exp.columns[c]) say(`${t}.${c} is in the database but not in the manifest`);
    for (const [c, ec] of Object.entries(exp.columns)) {
      const ac = act.columns[c];
      if (!ac) continue;
      if (ec.type.toLowerCase() !== ac.type.toLowerCase())
        say(`${t}.${c}: type ${ac.type}, manifest says ${ec.type}`);
      if (exp.kind === 'table' && ec.notNull !== ac.notNull)
        say(`${t}.${c}: notNull ${ac.notNull}, manifest says ${ec.notNull}`);
      if (Boolean(ec.default) !== Boolean(ac.default))
        say(`${t}.${c}: default ${Boolean(ac.default)}, manifest says ${Boolean(ec.default)}`);
      if (Boolean(ec.generated) !== Boolean(ac.generated))
        say(`${t}.${c}: generated ${Boolean(ac.generated)}, manifest says ${Boolean(ec.generated)}`);
      const ee = [...(ec.enum ?? [])].sort().join(',');
      const ae = [...(ac.enum ?? [])].sort().join(',');
      if (ee !== ae) say(`${t}.${c}: enum [${ae}], manifest says [${ee}]`);
    }
    if (exp.kind === 'table' && exp.primaryKey.join(',') !== act.primaryKey.join(',')) {
      say(`${t}: primary key (${act.primaryKey.join(', ')}), manifest says (${exp.primaryKey.join(', ')})`);
    }
    const setDiff = (label: string, e: string[], a: string[]) => {
      for (const x of e) if (!a.includes(x)) say(`${t}: ${label} ${x} is missing`);
      for (const x of a)
        if (!e.includes(x)) say(`${t}: ${label} ${x} is in the database but not in the manifest`);
    };
    setDiff(
      'unique',
      exp.unique.map((u) => `(${u.join(', ')})`),
      act.unique.map((u) => `(${u.join(', ')})`),
    );
    const fk = (f: ForeignKeyShape) => `(${f.columns.join(', ')}) -> ${f.references} ON DELETE ${f.onDelete}`;
    setDiff('foreign key', exp.foreignKeys.map(fk), act.foreignKeys.map(fk));
    const ix = (i: IndexShape) =>
      `${i.unique ? 'unique ' : ''}${(i.using ?? 'btree').toLowerCase()} (${i.columns.map(normalizeExpr).join(', ')})${
        i.where ? ` where ${normalizeExpr(i.where)}` : ''
      }`;
    setDiff('index', exp.indexes.map(ix), act.indexes.map(ix));
    if (exp.immutable !== act.immutable)
      say(`${t}: immutable ${act.immutable}, manifest says ${exp.immutable}`);
    if ((exp.partitionedBy ?? null) !== (act.partitionedBy ?? null)) {
      say(
        `${t}: partitioned by ${act.partitionedBy ?? 'nothing'}, manifest says ${exp.partitionedBy ?? 'nothing'}`,
      );
    }
  }
  return out;
}
