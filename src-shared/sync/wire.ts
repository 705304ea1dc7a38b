import { z } from 'zod';
import { decimalString, type JsonValue } from '../db/column-types';
import { serverTableSchemas } from '../db/server-schema.generated';

/**
 * How column values travel on the sync wire (docs/sync.md, "Values on the wire"), decided per column from the
 * generated PostgreSQL schemas: instants as ISO-8601 UTC strings with milliseconds ('2026-01-05T14:03:00.000Z'),
 * numerics as decimal strings ('98.6'), dates as 'YYYY-MM-DD', times as 'HH:MM:SS', booleans true/false, JSON
 * columns as JSON values, everything else as PostgreSQL gives it.
 */

export type WireKind = 'instant' | 'decimal' | 'plain';

interface TableSchemas {
  readonly row: z.ZodObject;
  readonly insert: z.ZodObject;
}

const tables = serverTableSchemas as unknown as Readonly<Record<string, TableSchemas>>;

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

const kindCache = new Map<string, ReadonlyMap<string, WireKind>>();

/** Every column of a server table with its wire kind; undefined for a table the server does not have. */
export function wireColumns(table: string): ReadonlyMap<string, WireKind> | undefined {
  const cached = kindCache.get(table);
  if (cached) return cached;
  const t = Object.hasOwn(tables, table) ? tables[table] : undefined;
  if (!t) return undefined;
  const kinds = new Map<string, WireKind>();
  for (const [col, schema] of Object.entries(t.row.shape)) {
    const inner = unwrap(schema as z.ZodType);
    kinds.set(col, inner instanceof z.ZodDate ? 'instant' : inner === decimalString ? 'decimal' : 'plain');
  }
  kindCache.set(table, kinds);
  return kinds;
}

/** One value in wire form: a Date or any ISO instant → UTC ISO with milliseconds; a numeric → decimal string. */
export function encodeWireValue(kind: WireKind, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (kind === 'instant') {
    const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (d && !Number.isNaN(d.getTime())) return d.toISOString();
  }
  if (kind === 'decimal' && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value instanceof Date) return value.toISOString();
  return value as JsonValue;
}

/** A row or a set of changed columns in wire form (columns the table does not have pass through unchanged). */
export function encodeWireColumns(
  table: string,
  columns: Readonly<Record<string, unknown>>,
): Record<string, JsonValue> {
  const kinds = wireColumns(table);
  const out: Record<string, JsonValue> = {};
  for (const [col, v] of Object.entries(columns)) out[col] = encodeWireValue(kinds?.get(col) ?? 'plain', v);
  return out;
}

/** The same value in a canonical form, so two encodings of one value compare equal ('98.60' and 98.6). */
export function canonicalWireValue(kind: WireKind, value: unknown): string {
  const v = encodeWireValue(kind, value);
  if (kind === 'decimal' && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return String(Number(v));
  return stableJson(v);
}

function stableJson(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k] ?? null)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export type WireValueCheck = { ok: true; value: JsonValue } | { ok: false; problem: string };

/**
 * Checks a pushed value against the column's insert schema (a numeric may also come as a JSON number).
 * Returns the value to store, or what is wrong with it.
 */
export function checkWireValue(table: string, column: string, value: JsonValue): WireValueCheck {
  const c = writableColumn(table, column);
  if (!c) return { ok: false, problem: `column ${column} cannot be written` };
  // a push carries whole rows, half of their values null: the answer for null depends on the column alone
  if (value === null) return (c.ifNull ??= parseWireValue(c, null));
  return parseWireValue(c, value);
}

interface WritableColumn {
  readonly schema: z.ZodType;
  readonly kind: WireKind;
  ifNull?: WireValueCheck;
}

/** Per table, its writable columns (the insert schema's) with their schema and wire kind: looked up once. */
const writableCache = new Map<string, ReadonlyMap<string, WritableColumn>>();
function writableColumn(table: string, column: string): WritableColumn | undefined {
  let cols = writableCache.get(table);
  if (!cols) {
    const t = Object.hasOwn(tables, table) ? tables[table] : undefined;
    const kinds = wireColumns(table);
    const m = new Map<string, WritableColumn>();
    if (t) {
      for (const [col, schema] of Object.entries(t.insert.shape))
        m.set(col, { schema: schema as z.ZodType, kind: kinds?.get(col) ?? 'plain' });
    }
    cols = m;
    writableCache.set(table, cols);
  }
  return cols.get(column);
}

function parseWireValue(c: WritableColumn, value: JsonValue): WireValueCheck {
  const candidate =
    c.kind === 'decimal' && typeof value === 'number' ? encodeWireValue(c.kind, value) : value;
  const r = c.schema.safeParse(candidate);
  if (r.success) return { ok: true, value: candidate };
  const issue = r.error.issues[0];
  return { ok: false, problem: issue?.message ?? 'invalid value' };
}

/** Columns a new row must carry (NOT NULL without a default), per the insert schema. */
export function requiredColumns(table: string): readonly string[] {
  const cached = requiredCache.get(table);
  if (cached) return cached;
  const t = Object.hasOwn(tables, table) ? tables[table] : undefined;
  if (!t) return [];
  const required = Object.freeze(
    Object.entries(t.insert.shape)
      .filter(([, s]) => !(s as z.ZodType).safeParse(undefined).success)
      .map(([c]) => c),
  );
  requiredCache.set(table, required);
  return required;
}
const requiredCache = new Map<string, readonly string[]>();

/** Columns that exist but are computed by the database (generated): readable, never written. */
export function isComputedColumn(table: string, column: string): boolean {
  const t = Object.hasOwn(tables, table) ? tables[table] : undefined;
  return !!t && Object.hasOwn(t.row.shape, column) && !Object.hasOwn(t.insert.shape, column);
}
