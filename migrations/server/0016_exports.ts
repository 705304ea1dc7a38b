import { sql, type Kysely } from 'kysely';

/**
 * Feature 38: export scheduling (server only; run by the job queue).
 * scheduled_exports define recurring exports; export_configurations keep every version of a
 * schedule's configuration (at most one current per schedule); export_jobs record each run, with
 * the configuration version it used; export_history keeps long-term, aggregated records of runs.
 * Created in dependency order: scheduled_exports, export_configurations, export_jobs, export_history.
 * A job row is evidence that PHI left the system: the configuration it used and the job itself
 * cannot be deleted while referenced (RESTRICT), so a schedule that has run is deactivated
 * (is_active = false), not deleted.
 */
const EXPORT_TYPES =
  `'STUDENT_ROSTER','IMMUNIZATION_COMPLIANCE','MEDICAID_CLAIMS','CLINIC_VISITS','MEDICATION_ADMINISTRATION',` +
  `'HEALTH_CONDITIONS','ALLERGIES','PHI_DISCLOSURES','AUDIT_LOG','CUSTOM'`;

const UP: readonly string[] = [
  `CREATE TABLE scheduled_exports (
    id text PRIMARY KEY,
    schedule_name varchar(200) NOT NULL,
    -- The spec lists STUDENT_ROSTER, IMMUNIZATION_COMPLIANCE, MEDICAID_CLAIMS and more: the rest are ours.
    export_type varchar(50) NOT NULL
      CONSTRAINT scheduled_exports_export_type_check CHECK (export_type IN (${EXPORT_TYPES})),
    export_format varchar(20) NOT NULL DEFAULT 'CSV'
      CONSTRAINT scheduled_exports_export_format_check
      CHECK (export_format IN ('CSV','EXCEL','JSON','XML','HL7','EDI','PDF')),
    schedule_frequency varchar(50) NOT NULL DEFAULT 'DAILY'
      CONSTRAINT scheduled_exports_schedule_frequency_check
      CHECK (schedule_frequency IN ('HOURLY','DAILY','WEEKLY','MONTHLY','CUSTOM')),
    -- For CUSTOM schedules
    schedule_cron_expression varchar(100),
    schedule_timezone varchar(50) NOT NULL DEFAULT 'America/New_York',
    next_run_time timestamptz,
    last_run_time timestamptz,
    is_active boolean NOT NULL DEFAULT true,
    export_filters jsonb,
    destination_type varchar(50)
      CONSTRAINT scheduled_exports_destination_type_check
      CHECK (destination_type IN ('SFTP','S3','EMAIL','LOCAL_STORAGE','API_ENDPOINT')),
    destination_config jsonb,
    notification_emails jsonb,
    encrypt_export boolean NOT NULL DEFAULT true,
    -- No ON DELETE in the spec: RESTRICT, a key that encrypted exports is retired, never deleted.
    encryption_key_id text REFERENCES encryption_keys(id) ON DELETE RESTRICT,
    retention_days integer NOT NULL DEFAULT 30
      CONSTRAINT scheduled_exports_retention_days_check CHECK (retention_days > 0),
    created_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT scheduled_exports_schedule_cron_expression_check
      CHECK (schedule_frequency <> 'CUSTOM' OR schedule_cron_expression IS NOT NULL)
  )`,
  `CREATE INDEX idx_scheduled_exports_is_active_next_run_time ON scheduled_exports (is_active, next_run_time)`,
  `CREATE INDEX idx_scheduled_exports_export_type ON scheduled_exports (export_type)`,
  `CREATE INDEX idx_scheduled_exports_created_by ON scheduled_exports (created_by)`,
  `CREATE INDEX idx_scheduled_exports_encryption_key_id ON scheduled_exports (encryption_key_id)`,

  `CREATE TABLE export_configurations (
    id text PRIMARY KEY,
    scheduled_export_id text NOT NULL REFERENCES scheduled_exports(id) ON DELETE CASCADE,
    config_version integer NOT NULL CONSTRAINT export_configurations_config_version_check CHECK (config_version > 0),
    config_snapshot jsonb NOT NULL,
    effective_from timestamptz NOT NULL DEFAULT now(),
    effective_to timestamptz,
    is_current boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT export_configurations_scheduled_export_id_config_version_key UNIQUE (scheduled_export_id, config_version),
    CONSTRAINT export_configurations_effective_to_check CHECK (effective_to > effective_from)
  )`,
  `CREATE INDEX idx_export_configurations_scheduled_export_id_is_current
    ON export_configurations (scheduled_export_id, is_current)`,
  `CREATE UNIQUE INDEX idx_export_configurations_scheduled_export_id_current
    ON export_configurations (scheduled_export_id) WHERE is_current`,
  `CREATE INDEX idx_export_configurations_effective_from ON export_configurations (effective_from DESC)`,

  `CREATE TABLE export_jobs (
    id text PRIMARY KEY,
    -- NULL for ad-hoc exports
    scheduled_export_id text REFERENCES scheduled_exports(id) ON DELETE SET NULL,
    -- The configuration version used. No ON DELETE in the spec: RESTRICT.
    export_config_id text REFERENCES export_configurations(id) ON DELETE RESTRICT,
    job_start_time timestamptz NOT NULL DEFAULT now(),
    job_end_time timestamptz,
    job_duration_seconds integer
      GENERATED ALWAYS AS ((EXTRACT(EPOCH FROM (job_end_time - job_start_time)))::integer) STORED,
    job_status varchar(50) NOT NULL DEFAULT 'RUNNING'
      CONSTRAINT export_jobs_job_status_check CHECK (job_status IN ('RUNNING','COMPLETED','FAILED','CANCELLED')),
    -- The user who started the job; NULL when the scheduler did: the SYSTEM of the spec cannot be a users FK.
    triggered_by text REFERENCES users(id) ON DELETE SET NULL,
    trigger_type varchar(50)
      CONSTRAINT export_jobs_trigger_type_check CHECK (trigger_type IN ('SCHEDULED','MANUAL','API')),
    records_exported integer NOT NULL DEFAULT 0
      CONSTRAINT export_jobs_records_exported_check CHECK (records_exported >= 0),
    file_path varchar(500),
    file_size_bytes bigint CONSTRAINT export_jobs_file_size_bytes_check CHECK (file_size_bytes >= 0),
    file_hash varchar(64),
    export_parameters jsonb,
    error_message text,
    warnings jsonb,
    destination_delivery_status varchar(50)
      CONSTRAINT export_jobs_destination_delivery_status_check
      CHECK (destination_delivery_status IN ('PENDING','SENT','FAILED')),
    delivery_confirmation text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT export_jobs_job_end_time_check CHECK (job_end_time >= job_start_time)
  )`,
  `CREATE INDEX idx_export_jobs_scheduled_export_id_job_start_time
    ON export_jobs (scheduled_export_id, job_start_time DESC)`,
  `CREATE INDEX idx_export_jobs_job_status ON export_jobs (job_status)`,
  `CREATE INDEX idx_export_jobs_job_start_time ON export_jobs (job_start_time DESC)`,
  `CREATE INDEX idx_export_jobs_export_config_id ON export_jobs (export_config_id)`,
  `CREATE INDEX idx_export_jobs_triggered_by ON export_jobs (triggered_by)`,

  `CREATE TABLE export_history (
    id text PRIMARY KEY,
    export_job_id text NOT NULL REFERENCES export_jobs(id) ON DELETE RESTRICT,
    export_date date NOT NULL,
    export_type varchar(50) NOT NULL
      CONSTRAINT export_history_export_type_check CHECK (export_type IN (${EXPORT_TYPES})),
    total_records integer NOT NULL CONSTRAINT export_history_total_records_check CHECK (total_records >= 0),
    success boolean NOT NULL,
    file_archived_path varchar(500),
    archival_date date,
    purge_date date,
    audit_checksum varchar(64),
    metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT export_history_archival_date_check CHECK (archival_date >= export_date),
    CONSTRAINT export_history_purge_date_check CHECK (purge_date >= export_date)
  )`,
  `CREATE INDEX idx_export_history_export_date ON export_history (export_date DESC)`,
  `CREATE INDEX idx_export_history_export_type_export_date ON export_history (export_type, export_date)`,
  `CREATE INDEX idx_export_history_purge_date ON export_history (purge_date) WHERE purge_date IS NOT NULL`,
  `CREATE INDEX idx_export_history_export_job_id ON export_history (export_job_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE export_history`,
  `DROP TABLE export_jobs`,
  `DROP TABLE export_configurations`,
  `DROP TABLE scheduled_exports`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
