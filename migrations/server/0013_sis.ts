import { sql, type Kysely } from 'kysely';

/**
 * Feature 42: Student Information System integration (per-school config, sync jobs, field
 * mappings, record-level sync errors). Server-only tables.
 */
const UP: readonly string[] = [
  `CREATE TABLE sis_sync_configs (
    id text PRIMARY KEY,
    school_id text NOT NULL REFERENCES schools(id),
    sis_vendor varchar(50) NOT NULL
      CONSTRAINT sis_sync_configs_sis_vendor_check
      CHECK (sis_vendor IN ('POWERSCHOOL','INFINITE_CAMPUS','SKYWARD','ASPEN','SYNERGY','ESCHOOL','OTHER')),
    sis_version varchar(20),
    connection_type varchar(50)
      CONSTRAINT sis_sync_configs_connection_type_check
      CHECK (connection_type IN ('REST_API','SOAP','SFTP','DATABASE_DIRECT','CSV_IMPORT')),
    api_base_url varchar(500),
    api_version varchar(20),
    authentication_method varchar(50),
    credential_vault_key varchar(200),
    sync_direction varchar(50) NOT NULL DEFAULT 'BIDIRECTIONAL'
      CONSTRAINT sis_sync_configs_sync_direction_check
      CHECK (sync_direction IN ('IMPORT_ONLY','EXPORT_ONLY','BIDIRECTIONAL')),
    sync_frequency varchar(50) NOT NULL DEFAULT 'DAILY'
      CONSTRAINT sis_sync_configs_sync_frequency_check
      CHECK (sync_frequency IN ('REALTIME','HOURLY','DAILY','WEEKLY','MANUAL')),
    sync_schedule_cron varchar(100),
    last_sync_timestamp timestamptz,
    next_sync_scheduled timestamptz,
    sync_enabled boolean NOT NULL DEFAULT true,
    sync_student_demographics boolean NOT NULL DEFAULT true,
    sync_enrollments boolean NOT NULL DEFAULT true,
    sync_attendance boolean NOT NULL DEFAULT false,
    sync_health_alerts boolean NOT NULL DEFAULT false,
    conflict_resolution_strategy varchar(50) NOT NULL DEFAULT 'SIS_WINS'
      CONSTRAINT sis_sync_configs_conflict_resolution_strategy_check
      CHECK (conflict_resolution_strategy IN ('SIS_WINS','WHITECROSS_WINS','MANUAL_REVIEW')),
    test_mode boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_sis_sync_configs_school_id ON sis_sync_configs (school_id)`,
  `CREATE INDEX idx_sis_sync_configs_sis_vendor ON sis_sync_configs (sis_vendor)`,
  `CREATE INDEX idx_sis_sync_configs_sync_enabled_next_sync_scheduled ON sis_sync_configs (sync_enabled, next_sync_scheduled)`,
  `CREATE INDEX idx_sis_sync_configs_last_sync_timestamp ON sis_sync_configs (last_sync_timestamp)`,

  `CREATE TABLE sis_sync_jobs (
    id text PRIMARY KEY,
    config_id text NOT NULL REFERENCES sis_sync_configs(id),
    job_start_time timestamptz NOT NULL DEFAULT now(),
    job_end_time timestamptz,
    job_duration_seconds integer GENERATED ALWAYS AS ((EXTRACT(EPOCH FROM (job_end_time - job_start_time)))::integer) STORED,
    job_status varchar(50) NOT NULL DEFAULT 'RUNNING'
      CONSTRAINT sis_sync_jobs_job_status_check
      CHECK (job_status IN ('RUNNING','COMPLETED','FAILED','PARTIAL_SUCCESS')),
    trigger_type varchar(50)
      CONSTRAINT sis_sync_jobs_trigger_type_check CHECK (trigger_type IN ('SCHEDULED','MANUAL','WEBHOOK','API_CALL')),
    triggered_by text REFERENCES users(id) ON DELETE SET NULL,
    sync_direction varchar(50)
      CONSTRAINT sis_sync_jobs_sync_direction_check
      CHECK (sync_direction IN ('IMPORT_ONLY','EXPORT_ONLY','BIDIRECTIONAL')),
    records_processed integer NOT NULL DEFAULT 0
      CONSTRAINT sis_sync_jobs_records_processed_check CHECK (records_processed >= 0),
    records_created integer NOT NULL DEFAULT 0 CONSTRAINT sis_sync_jobs_records_created_check CHECK (records_created >= 0),
    records_updated integer NOT NULL DEFAULT 0 CONSTRAINT sis_sync_jobs_records_updated_check CHECK (records_updated >= 0),
    records_skipped integer NOT NULL DEFAULT 0 CONSTRAINT sis_sync_jobs_records_skipped_check CHECK (records_skipped >= 0),
    records_failed integer NOT NULL DEFAULT 0 CONSTRAINT sis_sync_jobs_records_failed_check CHECK (records_failed >= 0),
    data_snapshot jsonb,
    error_summary text,
    performance_metrics jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sis_sync_jobs_job_end_time_check CHECK (job_end_time IS NULL OR job_end_time >= job_start_time)
  )`,
  `CREATE INDEX idx_sis_sync_jobs_config_id_job_start_time ON sis_sync_jobs (config_id, job_start_time DESC)`,
  `CREATE INDEX idx_sis_sync_jobs_job_status ON sis_sync_jobs (job_status)`,
  `CREATE INDEX idx_sis_sync_jobs_job_start_time ON sis_sync_jobs (job_start_time DESC)`,
  `CREATE INDEX idx_sis_sync_jobs_triggered_by ON sis_sync_jobs (triggered_by)`,

  `CREATE TABLE sis_field_mappings (
    id text PRIMARY KEY,
    config_id text NOT NULL REFERENCES sis_sync_configs(id) ON DELETE CASCADE,
    entity_type varchar(50) NOT NULL
      CONSTRAINT sis_field_mappings_entity_type_check
      CHECK (entity_type IN ('STUDENT','EMERGENCY_CONTACT','ENROLLMENT','HEALTH_CONDITION')),
    sis_field_name varchar(200) NOT NULL,
    sis_field_type varchar(50)
      CONSTRAINT sis_field_mappings_sis_field_type_check
      CHECK (sis_field_type IN ('STRING','INTEGER','DATE','BOOLEAN','OBJECT')),
    whitecross_table varchar(100) NOT NULL,
    whitecross_column varchar(100) NOT NULL,
    whitecross_field_type varchar(50),
    transformation_rule varchar(50)
      CONSTRAINT sis_field_mappings_transformation_rule_check
      CHECK (transformation_rule IN ('DIRECT','UPPERCASE','DATE_FORMAT','LOOKUP','CUSTOM')),
    transformation_function text,
    default_value text,
    is_required boolean NOT NULL DEFAULT false,
    is_key_field boolean NOT NULL DEFAULT false,
    validation_rule text,
    mapping_notes text,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_sis_field_mappings_config_id_entity_type ON sis_field_mappings (config_id, entity_type)`,
  `CREATE INDEX idx_sis_field_mappings_whitecross_table_whitecross_column ON sis_field_mappings (whitecross_table, whitecross_column)`,
  `CREATE INDEX idx_sis_field_mappings_is_key_field ON sis_field_mappings (is_key_field)`,

  `CREATE TABLE sis_sync_errors (
    id text PRIMARY KEY,
    sync_job_id text NOT NULL REFERENCES sis_sync_jobs(id) ON DELETE CASCADE,
    error_timestamp timestamptz NOT NULL DEFAULT now(),
    entity_type varchar(50) NOT NULL,
    sis_record_id varchar(200),
    whitecross_record_id text,
    error_type varchar(100)
      CONSTRAINT sis_sync_errors_error_type_check
      CHECK (error_type IN ('VALIDATION_ERROR','MISSING_REQUIRED_FIELD','DUPLICATE_RECORD','CONFLICT')),
    error_field varchar(200),
    error_message text NOT NULL,
    sis_data_snapshot jsonb,
    whitecross_data_snapshot jsonb,
    suggested_resolution text,
    resolution_status varchar(50) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT sis_sync_errors_resolution_status_check
      CHECK (resolution_status IN ('PENDING','MANUAL_REVIEW','AUTO_RESOLVED','RESOLVED','IGNORED')),
    resolved_at timestamptz,
    resolved_by text REFERENCES users(id) ON DELETE SET NULL,
    resolution_action varchar(100)
      CONSTRAINT sis_sync_errors_resolution_action_check
      CHECK (resolution_action IN ('UPDATED_WHITECROSS','UPDATED_SIS','MERGED','CREATED_NEW','SKIPPED')),
    resolution_notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_sis_sync_errors_sync_job_id ON sis_sync_errors (sync_job_id)`,
  `CREATE INDEX idx_sis_sync_errors_resolution_status_error_timestamp ON sis_sync_errors (resolution_status, error_timestamp)`,
  `CREATE INDEX idx_sis_sync_errors_entity_type_error_type ON sis_sync_errors (entity_type, error_type)`,
  `CREATE INDEX idx_sis_sync_errors_sis_record_id ON sis_sync_errors (sis_record_id)`,
  `CREATE INDEX idx_sis_sync_errors_resolved_by ON sis_sync_errors (resolved_by)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE sis_sync_errors`,
  `DROP TABLE sis_field_mappings`,
  `DROP TABLE sis_sync_jobs`,
  `DROP TABLE sis_sync_configs`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
