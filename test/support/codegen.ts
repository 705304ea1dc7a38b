import type { ColumnShape, SchemaShape } from './schema-shape';

/**
 * Generates src-shared/db/*.generated.ts from an introspected database: zod row and insert schemas and the
 * Kysely Database interface. The test suite regenerates and compares, so schemas, types and migrations never drift.
 */

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());
const lit = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

interface Mapped {
  /** zod expression of the value as read. */
  row: string;
  /** zod expression accepted on insert (defaults to row). */
  insert?: string;
  /** TypeScript type as read. */
  select: string;
  /** TypeScript type accepted on insert/update (defaults to select). */
  write?: string;
}

function mapPg(table: string, col: string, c: ColumnShape): Mapped {
  const t = c.type;
  if (c.enum) {
    const z = `z.enum([${c.enum.map(lit).join(', ')}])`;
    return { row: z, select: c.enum.map(lit).join(' | ') };
  }
  let m: RegExpExecArray | null;
  if (t === 'text' || t === 'xid8' || t === 'inet') return { row: 'z.string()', select: 'string' };
  if ((m = /^character varying\((\d+)\)$/.exec(t)) || (m = /^character\((\d+)\)$/.exec(t))) {
    return { row: `z.string().max(${m[1]})`, select: 'string' };
  }
  if (t === 'character varying') return { row: 'z.string()', select: 'string' };
  if (t === 'integer' || t === 'smallint' || t === 'bigint')
    return { row: 'z.number().int()', select: 'number' };
  if (t.startsWith('numeric')) return { row: 'decimalString', select: 'string', write: 'string | number' };
  if (t === 'boolean') return { row: 'z.boolean()', select: 'boolean' };
  if (t === 'date') return { row: 'isoDateString', select: 'string' };
  if (t.startsWith('time without time zone')) return { row: 'timeString', select: 'string' };
  if (t === 'timestamp with time zone')
    return { row: 'z.date()', insert: 'instant', select: 'Date', write: 'Date | string' };
  if (t === 'jsonb' || t === 'json') return { row: 'jsonValue', select: 'JsonValue', write: 'string' };
  if (t === 'double precision' || t === 'real') return { row: 'z.number()', select: 'number' };
  throw new Error(`codegen: no mapping for ${table}.${col} of type ${t}`);
}

function mapSqlite(table: string, col: string, c: ColumnShape): Mapped {
  const t = c.type.toUpperCase();
  if (c.enum) return { row: `z.enum([${c.enum.map(lit).join(', ')}])`, select: c.enum.map(lit).join(' | ') };
  if (t === 'TEXT')
    return c.json ? { row: 'jsonText', select: 'string' } : { row: 'z.string()', select: 'string' };
  if (t === 'INTEGER')
    return c.bool ? { row: 'sqliteBoolean', select: '0 | 1' } : { row: 'z.number().int()', select: 'number' };
  if (t === 'REAL') return { row: 'z.number()', select: 'number' };
  if (t === 'BLOB') return { row: 'z.instanceof(Uint8Array)', select: 'Uint8Array' };
  throw new Error(`codegen: no mapping for ${table}.${col} of SQLite type ${c.type}`);
}

export function generateSchemaModule(
  shape: SchemaShape,
  dialect: 'postgres' | 'sqlite',
  databaseName: string,
  source: string,
): string {
  const map = dialect === 'postgres' ? mapPg : mapSqlite;
  const lines: string[] = [];
  const used = new Set<string>();
  const body: string[] = [];
  const dbLines: string[] = [];
  const registry: string[] = [];
  for (const table of Object.keys(shape).sort()) {
    const t = shape[table];
    if (!t) continue;
    const name = camel(table);
    const Type = pascal(table);
    const rowFields: string[] = [];
    const insertFields: string[] = [];
    const tsFields: string[] = [];
    for (const [col, c] of Object.entries(t.columns)) {
      const m = map(table, col, c);
      for (const token of [
        'decimalString',
        'isoDateString',
        'timeString',
        'instant',
        'jsonValue',
        'jsonText',
        'sqliteBoolean',
      ]) {
        if (m.row.includes(token) || (m.insert ?? '').includes(token)) used.add(token);
      }
      const nullable = !c.notNull;
      rowFields.push(`  ${col}: ${m.row}${nullable ? '.nullable()' : ''},`);
      const readOnly = c.generated || (c.identity ?? false) || t.kind === 'materialized view';
      if (!readOnly) {
        const optional = nullable || c.default;
        insertFields.push(
          `  ${col}: ${m.insert ?? m.row}${nullable ? '.nullable()' : ''}${optional ? '.optional()' : ''},`,
        );
      }
      const sel = `${m.select}${nullable ? ' | null' : ''}`;
      const wr = `${m.write ?? m.select}${nullable ? ' | null' : ''}`;
      let ts: string;
      if (t.kind === 'materialized view') ts = sel;
      else if (c.generated || c.identity) ts = `GeneratedAlways<${sel}>`;
      else if (sel !== wr)
        ts = c.default ? `ColumnType<${sel}, ${wr} | undefined, ${wr}>` : `ColumnType<${sel}, ${wr}, ${wr}>`;
      else ts = c.default ? `Generated<${sel}>` : sel;
      if (ts.startsWith('Generated<')) used.add('Generated');
      if (ts.startsWith('GeneratedAlways<')) used.add('GeneratedAlways');
      if (ts.startsWith('ColumnType<')) used.add('ColumnType');
      if (ts.includes('JsonValue')) used.add('JsonValue');
      tsFields.push(`  ${col}: ${ts};`);
    }
    body.push(`/** ${table} (${t.kind}) as read from the database. */`);
    body.push(`export const ${name}Row = z.strictObject({\n${rowFields.join('\n')}\n});`);
    body.push(`export type ${Type}Row = z.infer<typeof ${name}Row>;`);
    if (t.kind === 'table') {
      body.push(
        `/** ${table}: what a caller supplies to insert a row (columns with defaults are optional). */`,
      );
      body.push(`export const ${name}Insert = z.strictObject({\n${insertFields.join('\n')}\n});`);
      body.push(`export type ${Type}Insert = z.infer<typeof ${name}Insert>;`);
    }
    body.push(`export interface ${Type}Table {\n${tsFields.join('\n')}\n}`);
    body.push('');
    dbLines.push(`  ${table}: ${Type}Table;`);
    registry.push(
      `  ${table}: { kind: '${t.kind}', row: ${name}Row${t.kind === 'table' ? `, insert: ${name}Insert` : ''} },`,
    );
  }
  const prefix = dialect === 'postgres' ? 'server' : 'workstation';
  lines.push(
    `// Generated by \`npm run db:codegen\` from the ${source}. Do not edit: change a migration and regenerate.`,
  );
  lines.push(
    `// test/integration/schema-codegen.test.ts fails when this file and the migrated database disagree.`,
  );
  lines.push(`import { z } from 'zod';`);
  const kyselyTypes = ['ColumnType', 'Generated', 'GeneratedAlways'].filter((x) => used.has(x));
  if (kyselyTypes.length) lines.push(`import type { ${kyselyTypes.join(', ')} } from 'kysely';`);
  const helpers = [
    'decimalString',
    'instant',
    'isoDateString',
    'jsonText',
    'jsonValue',
    'sqliteBoolean',
    'timeString',
  ].filter((x) => used.has(x));
  if (helpers.length) lines.push(`import { ${helpers.join(', ')} } from './column-types';`);
  if (used.has('JsonValue')) lines.push(`import type { JsonValue } from './column-types';`);
  lines.push('');
  lines.push(...body);
  lines.push(`/** Every table and view of the ${prefix} database, for Kysely. */`);
  lines.push(`export interface ${databaseName} {\n${dbLines.join('\n')}\n}`);
  lines.push('');
  lines.push(`/** The zod schemas of every ${prefix} table, by table name. */`);
  lines.push(`export const ${prefix}TableSchemas = Object.freeze({\n${registry.join('\n')}\n});`);
  lines.push(`export type ${pascal(prefix)}TableName = keyof typeof ${prefix}TableSchemas;`);
  return `${lines.join('\n')}\n`;
}
