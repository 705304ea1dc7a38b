import { sql, type Kysely } from 'kysely';

/**
 * Feature 43: state immunization registry integration (HL7 v2.5.1 VXU/QBP over the CDC interface).
 * registry_connections is district-wide configuration (district_id); the submission, response and
 * error tables hold student data and carry school_id for row-level security.
 */
const UP: readonly string[] = [
  `CREATE TABLE registry_connections (
    id text PRIMARY KEY,
    registry_name varchar(200) NOT NULL,
    state_code varchar(2) NOT NULL CONSTRAINT registry_connections_state_code_check CHECK (state_code ~ '^[A-Z]{2}$'),
    registry_type varchar(50) NOT NULL DEFAULT 'IMMUNIZATION'
      CONSTRAINT registry_connections_registry_type_check
      CHECK (registry_type IN ('IMMUNIZATION','BIRTH_DEFECTS','REPORTABLE_DISEASE')),
    connection_method varchar(50)
      CONSTRAINT registry_connections_connection_method_check
      CHECK (connection_method IN ('HL7_V2','SOAP_API','REST_API','SFTP')),
    endpoint_url varchar(500),
    hl7_version varchar(20),
    message_profile varchar(100),
    authentication_method varchar(50)
      CONSTRAINT registry_connections_authentication_method_check
      CHECK (authentication_method IN ('CERTIFICATE','USERNAME_PASSWORD','API_KEY','OAUTH2')),
    credential_vault_key varchar(200),
    facility_id varchar(50),
    sending_application varchar(200),
    sending_facility varchar(200),
    connection_status varchar(50) NOT NULL DEFAULT 'INACTIVE'
      CONSTRAINT registry_connections_connection_status_check
      CHECK (connection_status IN ('ACTIVE','INACTIVE','ERROR','TESTING')),
    last_successful_connection timestamptz,
    last_connection_error text,
    test_mode boolean NOT NULL DEFAULT true,
    is_active boolean NOT NULL DEFAULT true,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (state_code, registry_type)
  )`,
  // (state_code, registry_type) is served by the UNIQUE constraint's index.
  `CREATE INDEX idx_registry_connections_connection_status ON registry_connections (connection_status)`,
  `CREATE INDEX idx_registry_connections_is_active ON registry_connections (is_active)`,
  `CREATE INDEX idx_registry_connections_district_id ON registry_connections (district_id)`,

  `CREATE TABLE registry_submissions (
    id text PRIMARY KEY,
    registry_connection_id text NOT NULL REFERENCES registry_connections(id) ON DELETE RESTRICT,
    submission_date timestamptz NOT NULL DEFAULT now(),
    submission_type varchar(50)
      CONSTRAINT registry_submissions_submission_type_check
      CHECK (submission_type IN ('NEW_IMMUNIZATION','UPDATE_DEMOGRAPHICS','QUERY_HISTORY')),
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccination_id text REFERENCES vaccinations(id) ON DELETE RESTRICT,
    message_type varchar(10)
      CONSTRAINT registry_submissions_message_type_check
      CHECK (message_type IN ('VXU','QBP','RSP','ADT','ACK')),
    hl7_message text,
    message_control_id varchar(100),
    submission_status varchar(50) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT registry_submissions_submission_status_check
      CHECK (submission_status IN ('PENDING','SENT','ACKNOWLEDGED','REJECTED','ERROR')),
    response_received_at timestamptz,
    hl7_response text,
    acknowledgment_code varchar(10)
      CONSTRAINT registry_submissions_acknowledgment_code_check CHECK (acknowledgment_code IN ('AA','AE','AR')),
    response_error_codes jsonb,
    response_warnings jsonb,
    retry_count integer NOT NULL DEFAULT 0 CONSTRAINT registry_submissions_retry_count_check CHECK (retry_count >= 0),
    last_retry_at timestamptz,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT registry_submissions_vaccination_id_check
      CHECK (submission_type IS DISTINCT FROM 'NEW_IMMUNIZATION' OR vaccination_id IS NOT NULL)
  )`,
  `CREATE INDEX idx_registry_submissions_registry_connection_id_submission_date ON registry_submissions (registry_connection_id, submission_date DESC)`,
  `CREATE INDEX idx_registry_submissions_student_id ON registry_submissions (student_id)`,
  `CREATE INDEX idx_registry_submissions_submission_status ON registry_submissions (submission_status)`,
  `CREATE INDEX idx_registry_submissions_message_control_id ON registry_submissions (message_control_id)`,
  `CREATE INDEX idx_registry_submissions_vaccination_id ON registry_submissions (vaccination_id)`,
  `CREATE INDEX idx_registry_submissions_school_id ON registry_submissions (school_id)`,

  `CREATE TABLE registry_responses (
    id text PRIMARY KEY,
    submission_id text NOT NULL UNIQUE REFERENCES registry_submissions(id) ON DELETE CASCADE,
    response_date timestamptz NOT NULL DEFAULT now(),
    response_type varchar(50)
      CONSTRAINT registry_responses_response_type_check
      CHECK (response_type IN ('ACKNOWLEDGMENT','IMMUNIZATION_HISTORY','ERROR')),
    acknowledgment_status varchar(10)
      CONSTRAINT registry_responses_acknowledgment_status_check
      CHECK (acknowledgment_status IN ('AA','AE','AR','CA','CE','CR')),
    error_severity varchar(20)
      CONSTRAINT registry_responses_error_severity_check CHECK (error_severity IN ('ERROR','WARNING','INFO')),
    error_messages jsonb,
    immunization_history jsonb,
    forecast_recommendations jsonb,
    patient_registry_id varchar(50),
    last_immunization_date date,
    compliance_status varchar(50),
    exemptions_on_file jsonb,
    response_metadata jsonb,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // (submission_id) is served by the UNIQUE constraint's index.
  `CREATE INDEX idx_registry_responses_response_date ON registry_responses (response_date DESC)`,
  `CREATE INDEX idx_registry_responses_acknowledgment_status ON registry_responses (acknowledgment_status)`,
  `CREATE INDEX idx_registry_responses_school_id ON registry_responses (school_id)`,

  `CREATE TABLE submission_error_log (
    id text PRIMARY KEY,
    submission_id text NOT NULL REFERENCES registry_submissions(id) ON DELETE CASCADE,
    error_timestamp timestamptz NOT NULL DEFAULT now(),
    error_type varchar(100)
      CONSTRAINT submission_error_log_error_type_check
      CHECK (error_type IN ('HL7_PARSE_ERROR','VALIDATION_ERROR','CONNECTION_ERROR')),
    error_code varchar(50),
    error_message text NOT NULL,
    hl7_segment varchar(10),
    field_number varchar(20),
    field_value text,
    stack_trace text,
    resolution_status varchar(50) NOT NULL DEFAULT 'OPEN'
      CONSTRAINT submission_error_log_resolution_status_check
      CHECK (resolution_status IN ('OPEN','INVESTIGATING','RESOLVED','KNOWN_ISSUE')),
    resolution_notes text,
    resolved_at timestamptz,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_submission_error_log_submission_id ON submission_error_log (submission_id)`,
  `CREATE INDEX idx_submission_error_log_error_type ON submission_error_log (error_type)`,
  `CREATE INDEX idx_submission_error_log_resolution_status ON submission_error_log (resolution_status)`,
  `CREATE INDEX idx_submission_error_log_error_timestamp ON submission_error_log (error_timestamp DESC)`,
  `CREATE INDEX idx_submission_error_log_school_id ON submission_error_log (school_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE submission_error_log`,
  `DROP TABLE registry_responses`,
  `DROP TABLE registry_submissions`,
  `DROP TABLE registry_connections`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
