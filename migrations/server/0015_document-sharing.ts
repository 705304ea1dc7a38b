import { sql, type Kysely } from 'kysely';

/**
 * Feature 21: secure document sharing (server only: documents are not on workstations).
 * shared_documents is a time-limited, revocable share of one document; it carries the document's
 * school_id so row-level security can filter shares by school. document_access_tokens are the links
 * handed out for a share, sharing_permissions narrow what a share allows (and to whom), and
 * share_access_audit is the append-only record of every access attempt, granted or denied:
 * UPDATE, DELETE and TRUNCATE raise (raise_immutable() from 0001_core), so a share or token that
 * was ever accessed is kept (expired / revoked / used), never deleted.
 */
const UP: readonly string[] = [
  `CREATE TABLE shared_documents (
    id text PRIMARY KEY,
    document_id text NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    -- The school of the document (documents.school_id), for row-level tenancy.
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    shared_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    share_purpose text,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    -- NULL = unlimited
    max_access_count integer CONSTRAINT shared_documents_max_access_count_check CHECK (max_access_count > 0),
    current_access_count integer NOT NULL DEFAULT 0,
    share_status varchar(50) NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT shared_documents_share_status_check
      CHECK (share_status IN ('ACTIVE','EXPIRED','REVOKED','EXHAUSTED')),
    revoked_at timestamptz,
    revoked_by text REFERENCES users(id) ON DELETE SET NULL,
    revocation_reason text,
    require_password boolean NOT NULL DEFAULT false,
    password_hash varchar(255),
    require_email_verification boolean NOT NULL DEFAULT true,
    watermark_enabled boolean NOT NULL DEFAULT true,
    download_allowed boolean NOT NULL DEFAULT false,
    print_allowed boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shared_documents_expires_at_check CHECK (expires_at > created_at),
    CONSTRAINT shared_documents_current_access_count_check
      CHECK (current_access_count >= 0 AND (max_access_count IS NULL OR current_access_count <= max_access_count)),
    CONSTRAINT shared_documents_revoked_at_check CHECK (share_status <> 'REVOKED' OR revoked_at IS NOT NULL),
    CONSTRAINT shared_documents_password_hash_check CHECK (NOT require_password OR password_hash IS NOT NULL)
  )`,
  `CREATE INDEX idx_shared_documents_document_id ON shared_documents (document_id)`,
  `CREATE INDEX idx_shared_documents_shared_by ON shared_documents (shared_by)`,
  `CREATE INDEX idx_shared_documents_expires_at_share_status ON shared_documents (expires_at, share_status)`,
  `CREATE INDEX idx_shared_documents_share_status ON shared_documents (share_status)`,
  `CREATE INDEX idx_shared_documents_school_id ON shared_documents (school_id)`,
  `CREATE INDEX idx_shared_documents_revoked_by ON shared_documents (revoked_by)`,

  `CREATE TABLE document_access_tokens (
    id text PRIMARY KEY,
    shared_document_id text NOT NULL REFERENCES shared_documents(id) ON DELETE CASCADE,
    -- The server stores a non-secret token id here (the public lookup part of a link),
    -- never the bearer secret; the secret is checked against token_hash.
    access_token varchar(255) NOT NULL UNIQUE,
    -- SHA-256 of the bearer secret, hex
    token_hash varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    single_use boolean NOT NULL DEFAULT false,
    used boolean NOT NULL DEFAULT false,
    used_at timestamptz,
    used_by_email varchar(255),
    used_by_ip varchar(45),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_access_tokens_expires_at_check CHECK (expires_at > created_at),
    CONSTRAINT document_access_tokens_used_at_check CHECK (NOT used OR used_at IS NOT NULL)
  )`,
  // The spec's (access_token) index is the UNIQUE constraint's index (document_access_tokens_access_token_key).
  `CREATE INDEX idx_document_access_tokens_token_hash ON document_access_tokens (token_hash)`,
  `CREATE INDEX idx_document_access_tokens_shared_document_id ON document_access_tokens (shared_document_id)`,
  `CREATE INDEX idx_document_access_tokens_expires_at_used ON document_access_tokens (expires_at, used)`,

  `CREATE TABLE sharing_permissions (
    id text PRIMARY KEY,
    shared_document_id text NOT NULL REFERENCES shared_documents(id) ON DELETE CASCADE,
    permission_type varchar(50) NOT NULL
      CONSTRAINT sharing_permissions_permission_type_check
      CHECK (permission_type IN ('VIEW','DOWNLOAD','PRINT','ANNOTATE')),
    granted boolean NOT NULL DEFAULT true,
    granted_to_email varchar(255),
    -- CIDR notation
    granted_to_ip_range varchar(100),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_sharing_permissions_shared_document_id_permission_type
    ON sharing_permissions (shared_document_id, permission_type)`,
  `CREATE INDEX idx_sharing_permissions_granted_to_email ON sharing_permissions (granted_to_email)`,
  `CREATE INDEX idx_sharing_permissions_granted_by ON sharing_permissions (granted_by)`,

  `CREATE TABLE share_access_audit (
    id text PRIMARY KEY,
    shared_document_id text NOT NULL REFERENCES shared_documents(id) ON DELETE RESTRICT,
    -- ON DELETE SET NULL as the spec says. SET NULL would UPDATE this append-only trail, which the
    -- immutability trigger refuses: a token that was ever presented cannot be deleted; tokens expire or
    -- are used, never deleted.
    access_token_id text REFERENCES document_access_tokens(id) ON DELETE SET NULL,
    access_timestamp timestamptz NOT NULL DEFAULT now(),
    access_type varchar(50) NOT NULL
      CONSTRAINT share_access_audit_access_type_check CHECK (access_type IN ('VIEW','DOWNLOAD','PRINT','DENIED')),
    accessor_email varchar(255),
    accessor_ip varchar(45) NOT NULL,
    accessor_user_agent text,
    access_granted boolean NOT NULL,
    denial_reason varchar(200),
    session_duration_seconds integer
      CONSTRAINT share_access_audit_session_duration_seconds_check CHECK (session_duration_seconds >= 0),
    -- array of page numbers viewed
    pages_viewed jsonb
  )`,
  `CREATE INDEX idx_share_access_audit_shared_document_id_access_timestamp
    ON share_access_audit (shared_document_id, access_timestamp DESC)`,
  `CREATE INDEX idx_share_access_audit_accessor_email ON share_access_audit (accessor_email)`,
  `CREATE INDEX idx_share_access_audit_access_timestamp ON share_access_audit (access_timestamp DESC)`,
  `CREATE INDEX idx_share_access_audit_access_token_id ON share_access_audit (access_token_id)`,
  `CREATE TRIGGER share_access_audit_immutable BEFORE UPDATE OR DELETE ON share_access_audit
    FOR EACH ROW EXECUTE FUNCTION raise_immutable()`,
  `CREATE TRIGGER share_access_audit_no_truncate BEFORE TRUNCATE ON share_access_audit
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,
];

const DOWN: readonly string[] = [
  `DROP TRIGGER share_access_audit_no_truncate ON share_access_audit`,
  `DROP TRIGGER share_access_audit_immutable ON share_access_audit`,
  `DROP TABLE share_access_audit`,
  `DROP TABLE sharing_permissions`,
  `DROP TABLE document_access_tokens`,
  `DROP TABLE shared_documents`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
