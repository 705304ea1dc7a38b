import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  AUDIT_GENESIS,
  localAuditHash,
  type LocalAuditAction,
  type LocalAuditHashed,
} from '../../src-shared/audit-hash';
import { first, iterate, query } from '../store/read';

/**
 * Reads and writes of the workstation's own tables (local_settings, the local audit trail...), inside the same
 * encrypted database as the synced ones but never synced. The tables are made by the workstation migration
 * 0006_workstation-local (migrations/workstation), which openLocalStore runs; nothing here creates a table.
 */

const LOCAL_TABLES = [
  'local_settings',
  'local_credentials',
  'local_pins',
  'local_audit_log',
  'local_submissions',
];

/**
 * Checks that the workstation migrations made the local tables (openLocalStore runs them before anything else):
 * throws naming what is missing. Creates nothing.
 */
export function ensureLocalSchema(sqlite: Database.Database): void {
  // sqlite_master is not in the generated schema, hence the cast
  const have = new Set(
    (
      sqlite
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${LOCAL_TABLES.map(() => '?').join(', ')})`,
        )
        .all(...LOCAL_TABLES) as { name: string }[]
    ).map((r) => r.name),
  );
  const missing = LOCAL_TABLES.filter((t) => !have.has(t));
  if (missing.length > 0)
    throw new Error(
      `the workstation database lacks ${missing.join(', ')}: open it with openLocalStore, which runs the workstation migrations (0006_workstation-local)`,
    );
}

export function getSetting(sqlite: Database.Database, key: string): string | undefined {
  return first(sqlite, query.selectFrom('local_settings').select('value').where('key', '=', key))?.value;
}

export function setSetting(sqlite: Database.Database, key: string, value: string): void {
  sqlite
    .prepare(
      `INSERT INTO local_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    )
    .run(key, value);
}

// -------------------------------------------------------------------------------------------------------------
// the local audit trail

export type { LocalAuditAction };
export { AUDIT_GENESIS };

export interface LocalAuditEntry {
  readonly at: string;
  readonly userId: string | null;
  readonly action: LocalAuditAction;
  readonly table?: string | null;
  readonly recordId?: string | null;
  readonly breakGlass?: boolean;
  readonly details?: Record<string, unknown>;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hashed fields of an entry about to be stored as `seq` with `details` (its stored JSON text). */
function hashed(seq: number, e: LocalAuditEntry, details: string): LocalAuditHashed {
  return {
    seq,
    at: e.at,
    userId: e.userId,
    action: e.action,
    table: e.table ?? null,
    recordId: e.recordId ?? null,
    breakGlass: e.breakGlass === true,
    details,
  };
}

/** Appends one audit row (call inside the transaction of the change it records). */
/** The audit row's INSERT, prepared once per connection (every audited read and write appends one). */
const auditInserts = new WeakMap<Database.Database, Database.Statement>();
function auditInsert(sqlite: Database.Database): Database.Statement {
  let s = auditInserts.get(sqlite);
  if (!s) {
    s = sqlite.prepare(
      `INSERT INTO local_audit_log (seq, at, user_id, action, table_name, record_id, break_glass, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    auditInserts.set(sqlite, s);
  }
  return s;
}

export function appendLocalAudit(sqlite: Database.Database, e: LocalAuditEntry): number {
  const last = first(
    sqlite,
    query.selectFrom('local_audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1),
  );
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? AUDIT_GENESIS;
  const details = JSON.stringify(e.details ?? {});
  const hash = localAuditHash(sha256Hex, prev, hashed(seq, e, details));
  auditInsert(sqlite).run(
      seq,
      e.at,
      e.userId,
      e.action,
      e.table ?? null,
      e.recordId ?? null,
      e.breakGlass ? 1 : 0,
      details,
      prev,
      hash,
    );
  return seq;
}

/** Checks the hash chain; returns the first broken seq, or null when intact. */
export function verifyLocalAudit(sqlite: Database.Database): number | null {
  let prev = AUDIT_GENESIS;
  let expected = 1;
  const rows = iterate(sqlite, query.selectFrom('local_audit_log').selectAll().orderBy('seq'));
  for (const r of rows) {
    const hash = localAuditHash(sha256Hex, prev, {
      seq: r.seq,
      at: r.at,
      userId: r.user_id,
      action: r.action,
      table: r.table_name,
      recordId: r.record_id,
      breakGlass: r.break_glass === 1,
      details: r.details,
    });
    if (r.seq !== expected || r.prev_hash !== prev || r.hash !== hash) return r.seq;
    prev = r.hash;
    expected++;
  }
  return null;
}
