import { sql, type Kysely } from 'kysely';

/**
 * Feature 35: PDF reports metadata (server side).
 * report_definitions is the district's catalog of report templates, pulled to workstations
 * (created_at/updated_at/deleted_at; a definition in use is deactivated or tombstoned, not deleted).
 * report_instances are the reports generated on the server: school_id says which school's data a
 * report holds (NULL = district-wide) so row-level security can filter it; an instance "expires" by
 * archiving (is_archived, file removed), never by deleting the row. report_parameters are saved
 * parameter sets (at most one default per definition). report_generation_log is an append-only
 * audit trail: UPDATE, DELETE and TRUNCATE raise (raise_immutable() from 0001_core).
 */
const UP: readonly string[] = [
  `CREATE TABLE report_definitions (
    id text PRIMARY KEY,
    report_code varchar(50) NOT NULL UNIQUE,
    report_name varchar(200) NOT NULL,
    report_category varchar(50)
      CONSTRAINT report_definitions_report_category_check
      CHECK (report_category IN ('HEALTH','IMMUNIZATION','COMPLIANCE','INCIDENT','MEDICATION','ANALYTICS','CUSTOM')),
    description text,
    template_type varchar(50) NOT NULL DEFAULT 'PDF'
      CONSTRAINT report_definitions_template_type_check CHECK (template_type IN ('PDF','EXCEL','CSV','HTML')),
    template_path varchar(500),
    template_engine varchar(50)
      CONSTRAINT report_definitions_template_engine_check
      CHECK (template_engine IN ('JSPDF','HANDLEBARS','PUPPETEER')),
    data_source_query text,
    required_parameters jsonb,
    optional_parameters jsonb,
    output_filename_pattern varchar(200),
    page_orientation varchar(20) NOT NULL DEFAULT 'PORTRAIT'
      CONSTRAINT report_definitions_page_orientation_check CHECK (page_orientation IN ('PORTRAIT','LANDSCAPE')),
    page_size varchar(20) NOT NULL DEFAULT 'LETTER'
      CONSTRAINT report_definitions_page_size_check CHECK (page_size IN ('LETTER','A4','LEGAL')),
    includes_phi boolean NOT NULL DEFAULT false,
    includes_pii boolean NOT NULL DEFAULT false,
    access_roles jsonb,
    is_active boolean NOT NULL DEFAULT true,
    estimated_generation_time_seconds integer
      CONSTRAINT report_definitions_estimated_generation_time_seconds_check
      CHECK (estimated_generation_time_seconds >= 0),
    created_by text REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  // The spec's (report_code) index is the UNIQUE constraint's index (report_definitions_report_code_key).
  `CREATE INDEX idx_report_definitions_report_category_is_active ON report_definitions (report_category, is_active)`,
  `CREATE INDEX idx_report_definitions_includes_phi ON report_definitions (includes_phi)`,
  `CREATE INDEX idx_report_definitions_created_by ON report_definitions (created_by)`,

  `CREATE TABLE report_instances (
    id text PRIMARY KEY,
    -- No ON DELETE in the spec: RESTRICT, a definition that produced reports is deactivated, not deleted.
    report_definition_id text NOT NULL REFERENCES report_definitions(id) ON DELETE RESTRICT,
    -- NULL = a district-wide report; otherwise the school whose data the report holds.
    school_id text REFERENCES schools(id) ON DELETE RESTRICT,
    generated_at timestamptz NOT NULL DEFAULT now(),
    generated_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    report_parameters jsonb NOT NULL,
    file_path varchar(500) NOT NULL,
    file_size_bytes bigint CONSTRAINT report_instances_file_size_bytes_check CHECK (file_size_bytes >= 0),
    file_hash varchar(64),
    page_count integer CONSTRAINT report_instances_page_count_check CHECK (page_count >= 0),
    generation_status varchar(50) NOT NULL DEFAULT 'GENERATING'
      CONSTRAINT report_instances_generation_status_check
      CHECK (generation_status IN ('GENERATING','COMPLETED','FAILED')),
    generation_error text,
    generation_duration_seconds integer
      CONSTRAINT report_instances_generation_duration_seconds_check CHECK (generation_duration_seconds >= 0),
    -- When the file is removed and the row archived: the row itself is kept as audit evidence.
    expires_at timestamptz,
    downloaded_count integer NOT NULL DEFAULT 0
      CONSTRAINT report_instances_downloaded_count_check CHECK (downloaded_count >= 0),
    last_downloaded_at timestamptz,
    encryption_key_id text REFERENCES encryption_keys(id) ON DELETE SET NULL,
    access_token varchar(100) UNIQUE,
    is_archived boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT report_instances_expires_at_check CHECK (expires_at > generated_at)
  )`,
  `CREATE INDEX idx_report_instances_report_definition_id_generated_at
    ON report_instances (report_definition_id, generated_at DESC)`,
  `CREATE INDEX idx_report_instances_generated_by ON report_instances (generated_by)`,
  // The spec's (access_token) index is the UNIQUE constraint's index (report_instances_access_token_key).
  `CREATE INDEX idx_report_instances_expires_at ON report_instances (expires_at) WHERE is_archived = false`,
  `CREATE INDEX idx_report_instances_school_id_generated_at ON report_instances (school_id, generated_at DESC)`,
  `CREATE INDEX idx_report_instances_encryption_key_id ON report_instances (encryption_key_id)`,

  `CREATE TABLE report_parameters (
    id text PRIMARY KEY,
    parameter_set_name varchar(100) NOT NULL,
    report_definition_id text NOT NULL REFERENCES report_definitions(id) ON DELETE CASCADE,
    parameter_values jsonb NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_report_parameters_report_definition_id ON report_parameters (report_definition_id)`,
  `CREATE UNIQUE INDEX idx_report_parameters_report_definition_id_default
    ON report_parameters (report_definition_id) WHERE is_default`,
  `CREATE INDEX idx_report_parameters_created_by ON report_parameters (created_by)`,

  `CREATE TABLE report_generation_log (
    id text PRIMARY KEY,
    -- The spec says ON DELETE CASCADE; this trail is append-only, so a cascade could never delete
    -- its rows: RESTRICT instead. Report instances expire by archiving, never by deletion.
    report_instance_id text NOT NULL REFERENCES report_instances(id) ON DELETE RESTRICT,
    log_timestamp timestamptz NOT NULL DEFAULT now(),
    log_level varchar(20)
      CONSTRAINT report_generation_log_log_level_check CHECK (log_level IN ('INFO','WARNING','ERROR')),
    log_message text NOT NULL,
    execution_context jsonb
  )`,
  `CREATE INDEX idx_report_generation_log_report_instance_id_log_timestamp
    ON report_generation_log (report_instance_id, log_timestamp)`,
  `CREATE INDEX idx_report_generation_log_log_level ON report_generation_log (log_level)`,
  `CREATE TRIGGER report_generation_log_immutable BEFORE UPDATE OR DELETE ON report_generation_log
    FOR EACH ROW EXECUTE FUNCTION raise_immutable()`,
  `CREATE TRIGGER report_generation_log_no_truncate BEFORE TRUNCATE ON report_generation_log
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,
];

const DOWN: readonly string[] = [
  `DROP TRIGGER report_generation_log_no_truncate ON report_generation_log`,
  `DROP TRIGGER report_generation_log_immutable ON report_generation_log`,
  `DROP TABLE report_generation_log`,
  `DROP TABLE report_parameters`,
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
