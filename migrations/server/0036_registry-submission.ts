import { sql, type Kysely } from 'kysely';

/**
 * The registry's submission job (issue 14).
 *
 * registry_connections gets the state's receiving application and facility (MSH-5/MSH-6, never hard-coded), the
 * district's client certificate for mutual TLS (public, PEM) and the SOAP request timeout.
 *
 * registry_credentials holds what registry_connections.credential_vault_key names: the user name and, encrypted
 * under the server's key-encryption key (AES-256-GCM, server-sync/registry/credentials.ts), the password and the
 * client certificate's private key. District configuration (district_id, no school_id): granted like 0018's
 * tables, never synced.
 *
 * registry_submissions gets the job's own facts: the RXA-21 action (A add, U update, D delete), the reasons a dose
 * is held back (a PENDING row with hold_reasons is never sent until the dose is fixed), and when the next attempt
 * is due (retries with backoff; the sweep re-sends what a lost job left behind).
 */
const ROLE = 'white_cross_app';
const C = 'registry_credentials';
const S = 'registry_submissions';

const UP: readonly string[] = [
  `ALTER TABLE registry_connections
    ADD COLUMN receiving_application varchar(200),
    ADD COLUMN receiving_facility varchar(200),
    ADD COLUMN client_certificate_pem text
      CONSTRAINT registry_connections_client_certificate_pem_check
      CHECK (client_certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
    ADD COLUMN request_timeout_seconds integer NOT NULL DEFAULT 60
      CONSTRAINT registry_connections_request_timeout_seconds_check
      CHECK (request_timeout_seconds BETWEEN 1 AND 600)`,
  `CREATE TABLE ${C} (
    vault_key varchar(200) PRIMARY KEY,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE RESTRICT,
    username varchar(200),
    secret jsonb NOT NULL CONSTRAINT ${C}_secret_check CHECK (jsonb_typeof(secret) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_${C}_district_id ON ${C} (district_id)`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${C} TO ${ROLE}`,
  `ALTER TABLE ${S}
    ADD COLUMN action_code varchar(1) CONSTRAINT ${S}_action_code_check CHECK (action_code IN ('A','U','D')),
    ADD COLUMN hold_reasons jsonb CONSTRAINT ${S}_hold_reasons_check CHECK (jsonb_typeof(hold_reasons) = 'array'),
    ADD COLUMN next_attempt_at timestamptz`,
  `CREATE INDEX idx_${S}_next_attempt_at ON ${S} (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
];

const DOWN: readonly string[] = [
  `DROP INDEX idx_${S}_next_attempt_at`,
  `ALTER TABLE ${S} DROP COLUMN next_attempt_at, DROP COLUMN hold_reasons, DROP COLUMN action_code`,
  `DROP TABLE ${C}`,
  `ALTER TABLE registry_connections
    DROP COLUMN request_timeout_seconds,
    DROP COLUMN client_certificate_pem,
    DROP COLUMN receiving_facility,
    DROP COLUMN receiving_application`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
