import { sql, type Kysely } from 'kysely';

/**
 * Sessions and device secrets (docs/architecture.md, "District server"; server-sync/auth).
 *
 * - auth_refresh_tokens: one row per refresh token ever issued. A login starts a family (family_id);
 *   each refresh marks the presented token used (used_at, replaced_by) and issues the next one in the
 *   same family. Presenting a used token again is a reuse: the whole family is revoked. Only the
 *   SHA-256 of the opaque token is stored (token_hash). Access tokens (JWT) name their family, so a
 *   revoked family also stops its outstanding access tokens. Sessions go with their user or device
 *   (ON DELETE CASCADE): they are credentials, not health data.
 * - devices.secret_hash: argon2id hash of the secret a workstation received at enrollment; a login that
 *   presents the device id and secret gets a token bound to that device. NULL for devices that never
 *   completed enrollment through the server (e.g. demo data).
 */
const UP: readonly string[] = [
  `CREATE TABLE auth_refresh_tokens (
    id text PRIMARY KEY,
    family_id text NOT NULL,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device_id text REFERENCES devices(id) ON DELETE CASCADE,
    token_hash varchar(64) NOT NULL CONSTRAINT auth_refresh_tokens_token_hash_key UNIQUE
      CONSTRAINT auth_refresh_tokens_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    issued_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    revoked_reason varchar(30)
      CONSTRAINT auth_refresh_tokens_revoked_reason_check
      CHECK (revoked_reason IN ('LOGOUT','REUSE_DETECTED','ADMIN','DEVICE_REVOKED','USER_DISABLED')),
    replaced_by text REFERENCES auth_refresh_tokens(id) ON DELETE SET NULL,
    CONSTRAINT auth_refresh_tokens_expires_at_check CHECK (expires_at > issued_at),
    CONSTRAINT auth_refresh_tokens_revoked_check CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
  )`,
  `CREATE INDEX idx_auth_refresh_tokens_family_id ON auth_refresh_tokens (family_id)`,
  `CREATE INDEX idx_auth_refresh_tokens_user_id ON auth_refresh_tokens (user_id)`,
  `CREATE INDEX idx_auth_refresh_tokens_device_id ON auth_refresh_tokens (device_id)`,
  `CREATE INDEX idx_auth_refresh_tokens_replaced_by ON auth_refresh_tokens (replaced_by)`,
  `ALTER TABLE devices ADD COLUMN secret_hash text
    CONSTRAINT devices_secret_hash_check CHECK (secret_hash LIKE '$argon2id$%')`,
];

const DOWN: readonly string[] = [
  `ALTER TABLE devices DROP COLUMN secret_hash`,
  `DROP TABLE auth_refresh_tokens`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
