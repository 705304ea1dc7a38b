import { createHash } from 'node:crypto';

/**
 * The audit_logs hash chain (0001_core). Every writer of audit_logs appends rows through this:
 * chain_seq increases by exactly 1 from 1, each row's prev_hash is the previous row's row_hash
 * (NULL for chain_seq 1), and row_hash = auditRowHash(prev_hash, row).
 *
 * The hash covers a canonical serialization of the row, so it is the same whether the row is
 * built in memory or read back from PostgreSQL:
 *   - fields in a fixed order (AUDIT_CHAIN_FIELDS), serialized as one JSON array;
 *   - created_at as an ISO-8601 UTC string with milliseconds (write timestamps with millisecond
 *     precision: timestamptz keeps microseconds, a JavaScript Date does not);
 *   - chain_seq as a decimal string (bigint safe);
 *   - missing values as null;
 *   - details as JSON with object keys sorted at every level (jsonb does not keep key order).
 * The hash is SHA-256 hex of prevHash ('' for the first row) followed by that serialization.
 */

/** A JSON value as stored in audit_logs.details (jsonb). */
export type AuditJson =
  string | number | boolean | null | readonly AuditJson[] | { readonly [key: string]: AuditJson };

export interface AuditChainEntry {
  readonly id: string;
  readonly created_at: Date | string;
  readonly chain_seq: number | bigint | string;
  readonly user_id: string | null;
  readonly device_id: string | null;
  readonly school_id: string | null;
  readonly action: string;
  readonly table_name: string | null;
  readonly record_id: string | null;
  readonly ip_address: string | null;
  readonly user_agent: string | null;
  readonly details: AuditJson | null | undefined;
}

/** An audit_logs row as stored: the entry plus its chain links. */
export interface AuditChainRow extends AuditChainEntry {
  readonly prev_hash: string | null;
  readonly row_hash: string;
}

export const AUDIT_CHAIN_FIELDS = [
  'id',
  'created_at',
  'chain_seq',
  'user_id',
  'device_id',
  'school_id',
  'action',
  'table_name',
  'record_id',
  'ip_address',
  'user_agent',
  'details',
] as const;

/** JSON with object keys sorted (recursively); undefined object members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`audit details cannot hold ${value}`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`audit details cannot hold a ${typeof value}`);
  }
}

function isoTimestamp(v: Date | string): string {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`audit created_at is not a timestamp: ${String(v)}`);
  return d.toISOString();
}

function seqString(v: number | bigint | string): string {
  return BigInt(v).toString();
}

/** The canonical serialization of an entry (what the hash covers, after prevHash). */
export function canonicalAuditEntry(entry: AuditChainEntry): string {
  const values: unknown[] = [
    entry.id,
    isoTimestamp(entry.created_at),
    seqString(entry.chain_seq),
    entry.user_id ?? null,
    entry.device_id ?? null,
    entry.school_id ?? null,
    entry.action,
    entry.table_name ?? null,
    entry.record_id ?? null,
    entry.ip_address ?? null,
    entry.user_agent ?? null,
    entry.details ?? null,
  ];
  return canonicalJson(values);
}

/** SHA-256 hex of prevHash ('' for the first row) followed by the entry's canonical serialization. */
export function auditRowHash(prevHash: string | null, entry: AuditChainEntry): string {
  return createHash('sha256')
    .update(prevHash ?? '', 'utf8')
    .update(canonicalAuditEntry(entry), 'utf8')
    .digest('hex');
}

/**
 * Links entries (already in chain_seq order) after `prev` (the last stored row, or null for an empty
 * table): fills prev_hash and row_hash. Throws if chain_seq does not continue by exactly 1.
 */
export function linkAuditEntries<E extends AuditChainEntry>(
  prev: { readonly chain_seq: number | bigint | string; readonly row_hash: string } | null,
  entries: readonly E[],
): (E & { prev_hash: string | null; row_hash: string })[] {
  let prevHash = prev?.row_hash ?? null;
  let prevSeq = prev ? BigInt(prev.chain_seq) : 0n;
  return entries.map((e) => {
    const seq = BigInt(e.chain_seq);
    if (seq !== prevSeq + 1n) throw new Error(`audit chain_seq ${seq} does not follow ${prevSeq}`);
    const row_hash = auditRowHash(prevHash, e);
    const linked = { ...e, prev_hash: prevHash, row_hash };
    prevHash = row_hash;
    prevSeq = seq;
    return linked;
  });
}

export type AuditChainVerification =
  | { ok: true }
  /** index: the failing row's position in the list given (the rows before it verified). */
  | { ok: false; brokenAt: number; index: number; reason: string };

/**
 * Verifies rows given in chain_seq order (SELECT ... ORDER BY chain_seq). A row whose prev_hash is
 * NULL must be chain_seq 1 (the genesis row); a list may also start mid-chain (a verified segment),
 * its first row then being trusted as the anchor of the links that follow.
 *
 * brokenAt is the chain_seq of the first row that fails:
 *   - its fields changed (row_hash no longer matches its contents);
 *   - a row before it was removed (chain_seq gap) or it is out of order (chain_seq not previous + 1);
 *   - its prev_hash is not the previous row's row_hash (a row replaced, inserted or re-chained).
 * Removing the newest rows cannot be seen from the rows alone: a signed checkpoint of the head, kept
 * outside the database, catches it (checkpoint.ts).
 */
export function verifyAuditChain(rows: readonly AuditChainRow[]): AuditChainVerification {
  const seen = new Set<string>();
  for (const r of rows) {
    try {
      seen.add(BigInt(r.chain_seq).toString());
    } catch {
      // reported when the loop reaches the row
    }
  }
  let previous: AuditChainRow | undefined;
  for (const [index, row] of rows.entries()) {
    let seq: bigint;
    try {
      seq = BigInt(row.chain_seq);
    } catch {
      return {
        ok: false,
        index,
        brokenAt: Number.NaN,
        reason: `chain_seq '${String(row.chain_seq)}' is not an integer`,
      };
    }
    const at = Number(seq);
    if (previous === undefined) {
      if (row.prev_hash === null && seq !== 1n) {
        return {
          ok: false,
          index,
          brokenAt: at,
          reason: `row ${seq} has no prev_hash but is not the first row (chain_seq 1)`,
        };
      }
      if (row.prev_hash !== null && seq === 1n) {
        return {
          ok: false,
          index,
          brokenAt: at,
          reason: 'the first row (chain_seq 1) must have no prev_hash',
        };
      }
    } else {
      const expected = BigInt(previous.chain_seq) + 1n;
      if (seq > expected && seen.has(expected.toString())) {
        return {
          ok: false,
          index,
          brokenAt: at,
          reason: `row ${seq} is out of order: row ${expected} should follow row ${previous.chain_seq} but comes later`,
        };
      }
      if (seq > expected) {
        const missing =
          seq - expected === 1n ? `row ${expected} is missing` : `rows ${expected}..${seq - 1n} are missing`;
        return {
          ok: false,
          index,
          brokenAt: at,
          reason: `chain_seq gap after ${previous.chain_seq}: ${missing}`,
        };
      }
      if (seq < expected) {
        return {
          ok: false,
          index,
          brokenAt: at,
          reason: `row ${seq} is out of order: it follows row ${previous.chain_seq} (expected ${expected})`,
        };
      }
      if (row.prev_hash !== previous.row_hash) {
        return {
          ok: false,
          index,
          brokenAt: at,
          reason: `prev_hash of row ${seq} is not the row_hash of row ${previous.chain_seq}`,
        };
      }
    }
    let computed: string;
    try {
      computed = auditRowHash(row.prev_hash, row);
    } catch (e) {
      return {
        ok: false,
        index,
        brokenAt: at,
        reason: `row ${seq} cannot be serialized: ${(e as Error).message}`,
      };
    }
    if (computed !== row.row_hash) {
      return {
        ok: false,
        index,
        brokenAt: at,
        reason: `row_hash of row ${seq} does not match its contents (row changed)`,
      };
    }
    previous = row;
  }
  return { ok: true };
}
