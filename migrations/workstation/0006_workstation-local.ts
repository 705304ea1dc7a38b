import { sql, type Kysely } from 'kysely';

/**
 * The workstation's own tables, in the same encrypted database as the synced ones but never synced (no outbox
 * guard, no sync metadata; LOCAL_ONLY_MIGRATIONS in ./index.ts keeps this migration out of the sync schema version):
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
 * Before this migration the workstation created these tables itself at start (CREATE TABLE IF NOT EXISTS, the
 * same statements, versioned as 'local.schema' = 1 in local_settings): IF NOT EXISTS keeps such a database, its
 * settings, credentials and audit trail as they are; the old version key goes.
 */
const UP: readonly string[] = [
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
  `DELETE FROM local_settings WHERE key = 'local.schema'`,
];

const DOWN: readonly string[] = [
  `DROP TABLE local_submissions`,
  `DROP TRIGGER local_audit_log_no_delete`,
  `DROP TRIGGER local_audit_log_no_update`,
  `DROP TABLE local_audit_log`,
  `DROP TABLE local_pins`,
  `DROP TABLE local_credentials`,
  `DROP TABLE local_settings`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
