import { sql, type Kysely } from 'kysely';

/**
 * Feature 35: PDF reports metadata on the workstation (SQLite).
 * report_definitions is the district's report catalog pulled from the server (same columns, a
 * tombstone in deleted_at); created_by has no foreign key here because the district user who wrote a
 * definition need not be on this workstation. report_instances are the reports printed at this
 * workstation (local; encryption_key_id has no foreign key: encryption_keys is server-only).
 * report_generation_log is append-only: BEFORE UPDATE / BEFORE DELETE triggers abort.
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

const UP: readonly string[] = [
  `CREATE TABLE report_definitions (
    id TEXT NOT NULL PRIMARY KEY,
    report_code TEXT NOT NULL UNIQUE,
    report_name TEXT NOT NULL,
    report_category TEXT
      CONSTRAINT report_definitions_report_category_check
      CHECK (report_category IN ('HEALTH','IMMUNIZATION','COMPLIANCE','INCIDENT','MEDICATION','ANALYTICS','CUSTOM')),
    description TEXT,
    template_type TEXT NOT NULL DEFAULT 'PDF'
      CONSTRAINT report_definitions_template_type_check CHECK (template_type IN ('PDF','EXCEL','CSV','HTML')),
    template_path TEXT,
    template_engine TEXT
      CONSTRAINT report_definitions_template_engine_check
      CHECK (template_engine IN ('JSPDF','HANDLEBARS','PUPPETEER')),
    data_source_query TEXT,
    required_parameters TEXT
      CONSTRAINT report_definitions_required_parameters_check CHECK (json_valid(required_parameters)),
    optional_parameters TEXT
      CONSTRAINT report_definitions_optional_parameters_check CHECK (json_valid(optional_parameters)),
    output_filename_pattern TEXT,
    page_orientation TEXT NOT NULL DEFAULT 'PORTRAIT'
      CONSTRAINT report_definitions_page_orientation_check CHECK (page_orientation IN ('PORTRAIT','LANDSCAPE')),
    page_size TEXT NOT NULL DEFAULT 'LETTER'
      CONSTRAINT report_definitions_page_size_check CHECK (page_size IN ('LETTER','A4','LEGAL')),
    includes_phi INTEGER NOT NULL DEFAULT 0
      CONSTRAINT report_definitions_includes_phi_check CHECK (includes_phi IN (0,1)),
    includes_pii INTEGER NOT NULL DEFAULT 0
      CONSTRAINT report_definitions_includes_pii_check CHECK (includes_pii IN (0,1)),
    access_roles TEXT CONSTRAINT report_definitions_access_roles_check CHECK (json_valid(access_roles)),
    is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT report_definitions_is_active_check CHECK (is_active IN (0,1)),
    estimated_generation_time_seconds INTEGER
      CONSTRAINT report_definitions_estimated_generation_time_seconds_check
      CHECK (estimated_generation_time_seconds >= 0),
    created_by TEXT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_report_definitions_report_category_is_active ON report_definitions (report_category, is_active)`,
  `CREATE INDEX idx_report_definitions_includes_phi ON report_definitions (includes_phi)`,

  `CREATE TABLE report_instances (
    id TEXT NOT NULL PRIMARY KEY,
    report_definition_id TEXT NOT NULL REFERENCES report_definitions(id) ON DELETE RESTRICT,
    school_id TEXT REFERENCES schools(id) ON DELETE RESTRICT,
    generated_at TEXT NOT NULL DEFAULT ${NOW},
    generated_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    report_parameters TEXT NOT NULL
      CONSTRAINT report_instances_report_parameters_check CHECK (json_valid(report_parameters)),
    file_path TEXT NOT NULL,
    file_size_bytes INTEGER CONSTRAINT report_instances_file_size_bytes_check CHECK (file_size_bytes >= 0),
    file_hash TEXT,
    page_count INTEGER CONSTRAINT report_instances_page_count_check CHECK (page_count >= 0),
    generation_status TEXT NOT NULL DEFAULT 'GENERATING'
      CONSTRAINT report_instances_generation_status_check
      CHECK (generation_status IN ('GENERATING','COMPLETED','FAILED')),
    generation_error TEXT,
    generation_duration_seconds INTEGER
      CONSTRAINT report_instances_generation_duration_seconds_check CHECK (generation_duration_seconds >= 0),
    expires_at TEXT,
    downloaded_count INTEGER NOT NULL DEFAULT 0
      CONSTRAINT report_instances_downloaded_count_check CHECK (downloaded_count >= 0),
    last_downloaded_at TEXT,
    encryption_key_id TEXT,
    access_token TEXT UNIQUE,
    is_archived INTEGER NOT NULL DEFAULT 0 CONSTRAINT report_instances_is_archived_check CHECK (is_archived IN (0,1)),
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    CONSTRAINT report_instances_expires_at_check CHECK (julianday(expires_at) > julianday(generated_at))
  ) STRICT`,
  `CREATE INDEX idx_report_instances_report_definition_id_generated_at
    ON report_instances (report_definition_id, generated_at DESC)`,
  `CREATE INDEX idx_report_instances_generated_by ON report_instances (generated_by)`,
  `CREATE INDEX idx_report_instances_expires_at ON report_instances (expires_at) WHERE is_archived = 0`,
  `CREATE INDEX idx_report_instances_school_id_generated_at ON report_instances (school_id, generated_at DESC)`,

  `CREATE TABLE report_generation_log (
    id TEXT NOT NULL PRIMARY KEY,
    -- RESTRICT, not CASCADE as the spec says: this trail is append-only and instances are archived, not deleted.
    report_instance_id TEXT NOT NULL REFERENCES report_instances(id) ON DELETE RESTRICT,
    log_timestamp TEXT NOT NULL DEFAULT ${NOW},
    log_level TEXT
      CONSTRAINT report_generation_log_log_level_check CHECK (log_level IN ('INFO','WARNING','ERROR')),
    log_message TEXT NOT NULL,
    execution_context TEXT
      CONSTRAINT report_generation_log_execution_context_check CHECK (json_valid(execution_context))
  ) STRICT`,
  `CREATE INDEX idx_report_generation_log_report_instance_id_log_timestamp
    ON report_generation_log (report_instance_id, log_timestamp)`,
  `CREATE INDEX idx_report_generation_log_log_level ON report_generation_log (log_level)`,
  `CREATE TRIGGER report_generation_log_no_update BEFORE UPDATE ON report_generation_log
    BEGIN SELECT RAISE(ABORT, 'report_generation_log is append-only'); END`,
  `CREATE TRIGGER report_generation_log_no_delete BEFORE DELETE ON report_generation_log
    BEGIN SELECT RAISE(ABORT, 'report_generation_log is append-only'); END`,
];

const DOWN: readonly string[] = [
  `DROP TRIGGER report_generation_log_no_delete`,
  `DROP TRIGGER report_generation_log_no_update`,
  `DROP TABLE report_generation_log`,
  `DROP TABLE report_instances`,
  `DROP TABLE report_definitions`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
