import { sql, type Kysely } from 'kysely';

/**
 * Workstation audit upload (docs/sync.md, "Workstation audit trail"; server-sync/sync/audit-upload.ts).
 *
 * - workstation_audit_uploads: per device, the last entry of its local, hash-chained audit trail (local_audit_log)
 *   the server has copied into audit_logs: its local seq and hash. An upload must continue the chain from there
 *   (seq last_seq + 1, prevHash last_hash); an entry already received is recognized (a retry) and not copied twice.
 *   A device that has uploaded nothing has no row (the chain starts at seq 1 with the genesis hash, 64 zeros). It
 *   goes with its device (ON DELETE CASCADE): bookkeeping, while the copied entries stay in audit_logs.
 * - The application role (0018_tenancy) reads and writes it inside the upload's tenant transaction, as it does
 *   sync_device_cursors; it holds no school data, so no row-level security policy.
 */

const ROLE = 'white_cross_app';

const UP: readonly string[] = [
  `CREATE TABLE workstation_audit_uploads (
    device_id text PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    last_seq bigint NOT NULL CONSTRAINT workstation_audit_uploads_last_seq_check CHECK (last_seq >= 0),
    last_hash varchar(64) NOT NULL
      CONSTRAINT workstation_audit_uploads_last_hash_check CHECK (last_hash ~ '^[0-9a-f]{64}$'),
    updated_at timestamptz
  )`,
  `GRANT SELECT, INSERT, UPDATE ON TABLE workstation_audit_uploads TO ${ROLE}`,
];

const DOWN: readonly string[] = [
  `REVOKE ALL ON TABLE workstation_audit_uploads FROM ${ROLE}`,
  `DROP TABLE workstation_audit_uploads`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
