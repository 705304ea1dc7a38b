import { sql, type Kysely } from 'kysely';

/**
 * Feature 32: encryption key management (AES-256-GCM envelope encryption of PHI columns).
 * Server-only tables. encryption_keys holds data keys wrapped by the key-encryption key
 * (encrypted_key_data, base64) and never the plain key; key_hash (SHA-256 hex) identifies a key
 * without revealing it. At most one default ACTIVE key per key_purpose (unique partial index).
 * key_rotation_history is append-only (UPDATE, DELETE and TRUNCATE raise): one row per rotation
 * event. encrypted_field_metadata tells which key and IV encrypted which column of which row,
 * so a rotation can find what to re-encrypt. Keys are never deleted while anything refers to them.
 */
const UP: readonly string[] = [
  `CREATE TABLE encryption_keys (
    id text PRIMARY KEY,
    key_name varchar(100) NOT NULL UNIQUE,
    key_purpose varchar(50) NOT NULL,
    algorithm varchar(50) NOT NULL DEFAULT 'AES-256-GCM',
    key_size integer NOT NULL DEFAULT 256 CONSTRAINT encryption_keys_key_size_check CHECK (key_size > 0),
    encrypted_key_data text NOT NULL,
    key_hash varchar(64) NOT NULL,
    initialization_vector varchar(64),
    status varchar(20) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT encryption_keys_status_check
      CHECK (status IN ('PENDING','ACTIVE','ROTATING','RETIRED','REVOKED','COMPROMISED')),
    is_default boolean NOT NULL DEFAULT false,
    rotation_period_days integer NOT NULL DEFAULT 90
      CONSTRAINT encryption_keys_rotation_period_days_check CHECK (rotation_period_days > 0),
    next_rotation_date timestamptz,
    encryptions_performed bigint NOT NULL DEFAULT 0
      CONSTRAINT encryption_keys_encryptions_performed_check CHECK (encryptions_performed >= 0),
    decryptions_performed bigint NOT NULL DEFAULT 0
      CONSTRAINT encryption_keys_decryptions_performed_check CHECK (decryptions_performed >= 0),
    activated_at timestamptz,
    retired_at timestamptz,
    created_by text REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT encryption_keys_retired_at_check
      CHECK (retired_at IS NULL OR activated_at IS NULL OR retired_at >= activated_at)
  )`,
  `CREATE INDEX idx_encryption_keys_status ON encryption_keys (status)`,
  `CREATE INDEX idx_encryption_keys_key_purpose_is_default ON encryption_keys (key_purpose, is_default)`,
  `CREATE INDEX idx_encryption_keys_next_rotation_date ON encryption_keys (next_rotation_date) WHERE status = 'ACTIVE'`,
  `CREATE UNIQUE INDEX idx_encryption_keys_key_purpose_active_default ON encryption_keys (key_purpose)
    WHERE is_default AND status = 'ACTIVE'`,
  `CREATE INDEX idx_encryption_keys_created_by ON encryption_keys (created_by)`,

  `CREATE TABLE key_rotation_history (
    id text PRIMARY KEY,
    key_id text NOT NULL REFERENCES encryption_keys(id) ON DELETE RESTRICT,
    new_key_id text REFERENCES encryption_keys(id) ON DELETE RESTRICT,
    rotation_date timestamptz NOT NULL DEFAULT now(),
    rotation_type varchar(20) NOT NULL
      CONSTRAINT key_rotation_history_rotation_type_check
      CHECK (rotation_type IN ('SCHEDULED','EMERGENCY','COMPROMISED','MANUAL','POLICY_CHANGE')),
    rotation_reason text,
    old_key_hash varchar(64) NOT NULL,
    new_key_hash varchar(64),
    records_to_reencrypt integer NOT NULL DEFAULT 0
      CONSTRAINT key_rotation_history_records_to_reencrypt_check CHECK (records_to_reencrypt >= 0),
    records_reencrypted integer NOT NULL DEFAULT 0
      CONSTRAINT key_rotation_history_records_reencrypted_check CHECK (records_reencrypted >= 0),
    reencryption_errors integer NOT NULL DEFAULT 0
      CONSTRAINT key_rotation_history_reencryption_errors_check CHECK (reencryption_errors >= 0),
    performed_by text REFERENCES users(id) ON DELETE RESTRICT,
    CONSTRAINT key_rotation_history_new_key_id_check CHECK (new_key_id IS NULL OR new_key_id <> key_id)
  )`,
  `CREATE INDEX idx_key_rotation_history_key_id_rotation_date ON key_rotation_history (key_id, rotation_date DESC)`,
  `CREATE INDEX idx_key_rotation_history_new_key_id ON key_rotation_history (new_key_id)`,
  `CREATE INDEX idx_key_rotation_history_performed_by ON key_rotation_history (performed_by)`,
  `CREATE TRIGGER key_rotation_history_immutable BEFORE UPDATE OR DELETE ON key_rotation_history
    FOR EACH ROW EXECUTE FUNCTION raise_immutable()`,
  `CREATE TRIGGER key_rotation_history_no_truncate BEFORE TRUNCATE ON key_rotation_history
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,

  `CREATE TABLE encrypted_field_metadata (
    id text PRIMARY KEY,
    table_name varchar(100) NOT NULL,
    column_name varchar(100) NOT NULL,
    record_id text NOT NULL,
    key_id text NOT NULL REFERENCES encryption_keys(id) ON DELETE RESTRICT,
    initialization_vector varchar(64) NOT NULL,
    encryption_algorithm varchar(50) NOT NULL DEFAULT 'AES-256-GCM',
    data_classification varchar(20) NOT NULL DEFAULT 'PHI'
      CONSTRAINT encrypted_field_metadata_data_classification_check
      CHECK (data_classification IN ('PHI','PII','SENSITIVE','CONFIDENTIAL','PUBLIC')),
    phi_category varchar(50),
    last_reencrypted_at timestamptz,
    reencryption_count integer NOT NULL DEFAULT 0
      CONSTRAINT encrypted_field_metadata_reencryption_count_check CHECK (reencryption_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT encrypted_field_metadata_table_name_column_name_record_id_key UNIQUE (table_name, column_name, record_id)
  )`,
  `CREATE INDEX idx_encrypted_field_metadata_key_id ON encrypted_field_metadata (key_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE encrypted_field_metadata`,
  `DROP TRIGGER key_rotation_history_no_truncate ON key_rotation_history`,
  `DROP TRIGGER key_rotation_history_immutable ON key_rotation_history`,
  `DROP TABLE key_rotation_history`,
  `DROP TABLE encryption_keys`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
