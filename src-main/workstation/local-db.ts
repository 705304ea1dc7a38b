import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  AUDIT_GENESIS,
  localAuditHash,
  type LocalAuditAction,
  type LocalAuditHashed,
} from '../../src-shared/audit-hash';

/**
 * Workstation-local tables, inside the same encrypted database as the synced ones but never synced (not in
 * migrations/workstation, whose schema is shared with the server's sync protocol and versioned by it):
 *
 * - local_settings: key/value (device secret, auto-lock minutes...).
 * - local_credentials: the nurses who signed in here online: their argon2id verifier (computed here after the
 *   server accepted the password, so sign-in works offline), role, schools and the device-bound refresh token.
 * - local_pins: a nurse's unlock PIN (argon2id verifier) for a locked session on this workstation; never for
 *   sign-in. Wrong PINs count: the third removes the PIN (src-main/workstation/session/pin.ts).
 * - local_audit_log: append-only, hash-chained trail of sign-ins, locks, break-glass, chart views and every
 *   health-data write made on this workstation (UPDATE and DELETE are refused by triggers).
 * - local_submissions: idempotency keys of submitted forms (a duplicate submit is refused, not saved twice).
 *
 * Created with IF NOT EXISTS and versioned in local_settings ('local.schema').
 */

const LOCAL_SCHEMA_VERSION = 1;

const DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS local_settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) STRICT`,
  `CREATE TABLE IF NOT EXISTS local_credentials (
    user_id TEXT NOT NULL PRIMARY KEY,
    email TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    role TEXT NOT NULL,
    school_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(school_ids)),
    verifier TEXT NOT NULL CHECK (verifier GLOB '$argon2id$*'),
    refresh_token TEXT,
    refresh_expires_at TEXT,
    cached_at TEXT NOT NULL,
    last_online_at TEXT NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until TEXT
  ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS idx_local_credentials_email ON local_credentials (lower(email))`,
  `CREATE TABLE IF NOT EXISTS local_pins (
    user_id TEXT NOT NULL PRIMARY KEY,
    verifier TEXT NOT NULL CHECK (verifier GLOB '$argon2id$*'),
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    set_at TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE IF NOT EXISTS local_audit_log (
    seq INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    table_name TEXT,
    record_id TEXT,
    break_glass INTEGER NOT NULL DEFAULT 0 CHECK (break_glass IN (0,1)),
    details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX IF NOT EXISTS idx_local_audit_log_action ON local_audit_log (action, seq)`,
  `CREATE TRIGGER IF NOT EXISTS local_audit_log_no_update BEFORE UPDATE ON local_audit_log
    BEGIN SELECT RAISE(ABORT, 'local_audit_log is append-only'); END`,
  `CREATE TRIGGER IF NOT EXISTS local_audit_log_no_delete BEFORE DELETE ON local_audit_log
    BEGIN SELECT RAISE(ABORT, 'local_audit_log is append-only'); END`,
  `CREATE TABLE IF NOT EXISTS local_submissions (
    key TEXT NOT NULL PRIMARY KEY,
    method TEXT NOT NULL,
    result_id TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT`,
];

export function ensureLocalSchema(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    for (const s of DDL) sqlite.exec(s);
    const v = getSetting(sqlite, 'local.schema');
    if (v !== undefined && Number(v) > LOCAL_SCHEMA_VERSION)
      throw new Error(
        `this database was used by a newer White Cross (local schema ${v}, this one knows ${LOCAL_SCHEMA_VERSION}): update White Cross`,
      );
    setSetting(sqlite, 'local.schema', String(LOCAL_SCHEMA_VERSION));
  })();
}

export function getSetting(sqlite: Database.Database, key: string): string | undefined {
  return (
    sqlite.prepare(`SELECT value FROM local_settings WHERE key = ?`).get(key) as { value: string } | undefined
  )?.value;
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

/** A local_audit_log row as stored. */
export interface LocalAuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  action: LocalAuditAction;
  table_name: string | null;
  record_id: string | null;
  break_glass: number;
  details: string;
  prev_hash: string;
  hash: string;
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
export function appendLocalAudit(sqlite: Database.Database, e: LocalAuditEntry): number {
  const last = sqlite.prepare(`SELECT seq, hash FROM local_audit_log ORDER BY seq DESC LIMIT 1`).get() as
    { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? AUDIT_GENESIS;
  const details = JSON.stringify(e.details ?? {});
  const hash = localAuditHash(sha256Hex, prev, hashed(seq, e, details));
  sqlite
    .prepare(
      `INSERT INTO local_audit_log (seq, at, user_id, action, table_name, record_id, break_glass, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
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
  for (const r of sqlite
    .prepare(
      `SELECT seq, at, user_id, action, table_name, record_id, break_glass, details, prev_hash, hash FROM local_audit_log ORDER BY seq`,
    )
    .iterate() as IterableIterator<LocalAuditRow>) {
    const e: LocalAuditEntry = {
      at: r.at,
      userId: r.user_id,
      action: r.action,
      table: r.table_name,
      recordId: r.record_id,
      breakGlass: r.break_glass === 1,
    };
    const hash = localAuditHash(sha256Hex, prev, hashed(r.seq, e, r.details));
    if (r.seq !== expected || r.prev_hash !== prev || r.hash !== hash) return r.seq;
    prev = r.hash;
    expected++;
  }
  return null;
}
