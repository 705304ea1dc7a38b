import { sql, type Kysely } from 'kysely';

/**
 * SIS roster import (issue 13, docs/sis.md): what applying a OneRoster roster needs beyond 0013_sis.
 *
 * - sis_sync_configs: the share of a school's active students one sync may withdraw before it stops for an
 *   administrator's approval (withdrawal_threshold_percent, default 10), and the conflict strategy per field group
 *   (field_group_strategies: {"DEMOGRAPHICS": "SIS_WINS", "ENROLLMENT": ..., "CONTACTS": ...}; a group not named
 *   takes conflict_resolution_strategy). Health data is never a group: the SIS never writes it.
 * - sis_sync_jobs: the transferred and withdrawn counts beside 0013's created/updated/skipped/failed.
 * - sis_sync_errors: the file and line a rejected record came from (source_file, source_line).
 * - sis_record_links: which White Cross row a OneRoster sourcedId became, for the records whose table has no SIS
 *   key of its own (schools from orgs, guardians from users with role parent/guardian: one guardians row per student
 *   the guardian is an agent of). Students carry theirs in students.sis_id. Server-only, not synced.
 * - sis_withdrawal_approvals: a sync that would withdraw more than the threshold of a school's students leaves them
 *   as they are and records the held withdrawals here, PENDING until an administrator approves (they are then
 *   withdrawn) or rejects them. District administration, not student data: no row-level security, written by the
 *   district's administrators only.
 */
const ROLE = 'white_cross_app';

const UP: readonly string[] = [
  `ALTER TABLE sis_sync_configs
    ADD COLUMN withdrawal_threshold_percent integer NOT NULL DEFAULT 10
      CONSTRAINT sis_sync_configs_withdrawal_threshold_percent_check
      CHECK (withdrawal_threshold_percent BETWEEN 0 AND 100),
    ADD COLUMN field_group_strategies jsonb NOT NULL DEFAULT '{}'::jsonb
      CONSTRAINT sis_sync_configs_field_group_strategies_check CHECK (jsonb_typeof(field_group_strategies) = 'object')`,
  `ALTER TABLE sis_sync_jobs
    ADD COLUMN records_transferred integer NOT NULL DEFAULT 0
      CONSTRAINT sis_sync_jobs_records_transferred_check CHECK (records_transferred >= 0),
    ADD COLUMN records_withdrawn integer NOT NULL DEFAULT 0
      CONSTRAINT sis_sync_jobs_records_withdrawn_check CHECK (records_withdrawn >= 0),
    ADD COLUMN dry_run boolean NOT NULL DEFAULT false`,
  `ALTER TABLE sis_sync_errors
    ADD COLUMN source_file varchar(100),
    ADD COLUMN source_line integer CONSTRAINT sis_sync_errors_source_line_check CHECK (source_line >= 1)`,

  `CREATE TABLE sis_record_links (
    district_id text NOT NULL REFERENCES districts(id) ON DELETE RESTRICT,
    entity_type varchar(20) NOT NULL
      CONSTRAINT sis_record_links_entity_type_check CHECK (entity_type IN ('SCHOOL','GUARDIAN')),
    sourced_id varchar(255) NOT NULL,
    record_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, entity_type, sourced_id, record_id)
  )`,
  `CREATE INDEX idx_sis_record_links_record_id ON sis_record_links (record_id)`,

  `CREATE TABLE sis_withdrawal_approvals (
    id text PRIMARY KEY,
    sync_job_id text NOT NULL REFERENCES sis_sync_jobs(id) ON DELETE CASCADE,
    withdrawing_school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    student_ids jsonb NOT NULL
      CONSTRAINT sis_withdrawal_approvals_student_ids_check CHECK (jsonb_typeof(student_ids) = 'array'),
    withdraw_count integer NOT NULL CONSTRAINT sis_withdrawal_approvals_withdraw_count_check CHECK (withdraw_count > 0),
    active_count integer NOT NULL CONSTRAINT sis_withdrawal_approvals_active_count_check CHECK (active_count >= 0),
    threshold_percent integer NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT sis_withdrawal_approvals_status_check CHECK (status IN ('PENDING','APPROVED','REJECTED')),
    decided_by text REFERENCES users(id) ON DELETE SET NULL,
    decided_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sis_withdrawal_approvals_decided_check CHECK ((status = 'PENDING') = (decided_at IS NULL))
  )`,
  `CREATE INDEX idx_sis_withdrawal_approvals_sync_job_id ON sis_withdrawal_approvals (sync_job_id)`,
  `CREATE INDEX idx_sis_withdrawal_approvals_withdrawing_school_id_status ON sis_withdrawal_approvals (withdrawing_school_id, status)`,
  `CREATE INDEX idx_sis_withdrawal_approvals_decided_by ON sis_withdrawal_approvals (decided_by)`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE sis_record_links TO ${ROLE}`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE sis_withdrawal_approvals TO ${ROLE}`,
];

const DOWN: readonly string[] = [
  `REVOKE ALL ON TABLE sis_withdrawal_approvals FROM ${ROLE}`,
  `REVOKE ALL ON TABLE sis_record_links FROM ${ROLE}`,
  `DROP TABLE sis_withdrawal_approvals`,
  `DROP TABLE sis_record_links`,
  `ALTER TABLE sis_sync_errors DROP COLUMN source_line, DROP COLUMN source_file`,
  `ALTER TABLE sis_sync_jobs DROP COLUMN dry_run, DROP COLUMN records_withdrawn, DROP COLUMN records_transferred`,
  `ALTER TABLE sis_sync_configs DROP COLUMN field_group_strategies, DROP COLUMN withdrawal_threshold_percent`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
