import { sql, type Kysely } from 'kysely';

/**
 * Sync protocol tables (docs/architecture.md, "Sync protocol").
 *
 * - sync_changes is the server change log. server_seq orders it; tx_id (the writing transaction's
 *   xid8) lets a pull stop below every in-flight writer: a pull returns only rows whose
 *   tx_id < pg_snapshot_xmin(pg_current_snapshot()), so a transaction that commits late with a lower
 *   server_seq is never skipped. school_id NULL = district-wide reference data (catalogs, roster of
 *   staff); operation REMOVE = drop the row from that school's workstations (a transfer), never a delete.
 *   device_id/device_seq name the outbox row a change came from (both NULL for server-made changes).
 * - sync_device_cursors holds each device's last accepted push seq (a repeated push is a no-op) and
 *   its pull cursor; it goes with its device.
 * - sync_field_versions is the per-field last-writer-wins clock (HLC), decided by the server.
 * - sync_conflicts keeps every losing value for review (never silently dropped); column_name NULL =
 *   the whole row (an edit after delete). The device and user ids it names are historical
 *   references, not FKs.
 * - sync_rejections: a pushed row the server refused, with its reason, shown to the nurse until
 *   acknowledged. It carries school_id (its payload is PHI; row-level security filters on it).
 */
const UP: readonly string[] = [
  `CREATE TABLE sync_changes (
    server_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name varchar(100) NOT NULL,
    row_id text NOT NULL,
    school_id text REFERENCES schools(id) ON DELETE RESTRICT,
    operation varchar(10) NOT NULL CONSTRAINT sync_changes_operation_check CHECK (operation IN ('UPSERT','DELETE','REMOVE')),
    changed_columns jsonb NOT NULL
      CONSTRAINT sync_changes_changed_columns_check CHECK (jsonb_typeof(changed_columns) = 'object'),
    hlc varchar(40),
    device_id text REFERENCES devices(id) ON DELETE RESTRICT,
    device_seq bigint,
    tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    committed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sync_changes_device_seq_check CHECK ((device_id IS NULL) = (device_seq IS NULL))
  )`,
  `CREATE INDEX idx_sync_changes_school_id_server_seq ON sync_changes (school_id, server_seq)`,
  `CREATE INDEX idx_sync_changes_table_name_row_id ON sync_changes (table_name, row_id)`,
  `CREATE INDEX idx_sync_changes_device_id_device_seq ON sync_changes (device_id, device_seq)`,

  `CREATE TABLE sync_device_cursors (
    device_id text PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    last_push_seq bigint NOT NULL DEFAULT 0 CONSTRAINT sync_device_cursors_last_push_seq_check CHECK (last_push_seq >= 0),
    last_pull_seq bigint NOT NULL DEFAULT 0 CONSTRAINT sync_device_cursors_last_pull_seq_check CHECK (last_pull_seq >= 0),
    schema_version integer,
    last_push_at timestamptz,
    last_pull_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE sync_field_versions (
    table_name varchar(100) NOT NULL,
    row_id text NOT NULL,
    column_name varchar(100) NOT NULL,
    hlc varchar(40) NOT NULL,
    device_id text,
    server_seq bigint,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, row_id, column_name)
  )`,

  `CREATE TABLE sync_conflicts (
    id text PRIMARY KEY,
    table_name varchar(100) NOT NULL,
    row_id text NOT NULL,
    school_id text REFERENCES schools(id) ON DELETE RESTRICT,
    column_name varchar(100),
    conflict_type varchar(30) NOT NULL
      CONSTRAINT sync_conflicts_conflict_type_check CHECK (conflict_type IN ('FIELD_LWW','EDIT_AFTER_DELETE','CONSTRAINT')),
    winning_value jsonb,
    losing_value jsonb,
    winning_hlc varchar(40),
    losing_hlc varchar(40),
    winning_device_id text,
    losing_device_id text,
    losing_user_id text,
    status varchar(20) NOT NULL DEFAULT 'OPEN' CONSTRAINT sync_conflicts_status_check CHECK (status IN ('OPEN','RESOLVED')),
    resolution varchar(20)
      CONSTRAINT sync_conflicts_resolution_check CHECK (resolution IN ('KEPT_WINNER','APPLIED_LOSER','MERGED')),
    resolution_reason text,
    resolved_by text REFERENCES users(id) ON DELETE RESTRICT,
    resolved_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sync_conflicts_resolved_check
      CHECK (status <> 'RESOLVED' OR (resolution IS NOT NULL AND resolved_at IS NOT NULL))
  )`,
  `CREATE INDEX idx_sync_conflicts_school_id_status ON sync_conflicts (school_id, status)`,
  `CREATE INDEX idx_sync_conflicts_table_name_row_id ON sync_conflicts (table_name, row_id)`,
  `CREATE INDEX idx_sync_conflicts_resolved_by ON sync_conflicts (resolved_by)`,

  `CREATE TABLE sync_rejections (
    id text PRIMARY KEY,
    device_id text NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
    device_seq bigint NOT NULL,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    table_name varchar(100) NOT NULL,
    row_id text NOT NULL,
    reason_code varchar(50) NOT NULL,
    reason text NOT NULL,
    payload jsonb,
    acknowledged_at timestamptz,
    acknowledged_by text REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sync_rejections_device_id_device_seq_key UNIQUE (device_id, device_seq)
  )`,
  `CREATE INDEX idx_sync_rejections_school_id_created_at ON sync_rejections (school_id, created_at)`,
  `CREATE INDEX idx_sync_rejections_acknowledged_by ON sync_rejections (acknowledged_by)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE sync_rejections`,
  `DROP TABLE sync_conflicts`,
  `DROP TABLE sync_field_versions`,
  `DROP TABLE sync_device_cursors`,
  `DROP TABLE sync_changes`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
