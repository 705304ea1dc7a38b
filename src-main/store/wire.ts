import type { JsonValue } from '../../src-shared/db/column-types';
import type { ColumnKind } from './meta';

/**
 * Column values between SQLite and the wire (src-shared/sync/protocol.ts): booleans are 0/1 in SQLite and
 * true/false on the wire, JSON columns are JSON text in SQLite and JSON values on the wire, instants are UTC
 * ISO-8601 text in both (normalized to the `toISOString()` form here), numerics may arrive as decimal strings.
 */

export class WireValueError extends Error {
  override readonly name = 'WireValueError';
}

export type SqliteValue = string | number | null;

export function toWire(kind: ColumnKind, v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'boolean':
      return v === 1 || v === true;
    case 'json':
      return typeof v === 'string' ? (JSON.parse(v) as JsonValue) : (v as JsonValue);
    default:
      return typeof v === 'bigint' ? Number(v) : (v as JsonValue);
  }
}

/** Normalizes an instant to UTC ISO-8601 with milliseconds; null when it is not an instant. */
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function normalizeInstant(s: string): string | null {
  if (CANONICAL_INSTANT.test(s) && !Number.isNaN(Date.parse(s))) return s;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function fromWire(kind: ColumnKind, v: JsonValue | undefined, where: string): SqliteValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'boolean':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      break;
    case 'json':
      return JSON.stringify(v);
    case 'instant':
      if (typeof v === 'string') {
        const iso = normalizeInstant(v);
        if (iso !== null) return iso;
      }
      break;
    case 'number':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
      break;
    case 'text':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return String(v);
      break;
  }
  throw new WireValueError(`${where}: expected a ${kind} value, got ${JSON.stringify(v).slice(0, 60)}`);
}
