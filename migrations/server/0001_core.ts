import { sql, type Kysely } from 'kysely';

/**
 * Core tables the spec assumes (docs/data-model.md): tenancy (districts, schools), people and access
 * (users, user_schools, devices, device_enrollment_codes), the student health record synced to the
 * workstations (students, guardians, allergies, health_conditions, medications, student_medications,
 * medication_administrations, vaccinations, immunization_exemptions), server-only documents, and the
 * hash-chained, append-only audit_logs.
 *
 * - Health data never disappears by cascade: FKs into students, users, medications... are ON DELETE
 *   RESTRICT; synced rows are tombstoned (deleted_at). user_schools is a pure access grant and
 *   cascades with its user or school.
 * - Synced tables carry school_id (row-level security filters on it), created_at, updated_at and
 *   deleted_at. medications is the district-wide formulary: no school_id.
 * - Multi-column CHECKs on synced, editable tables are limited to what a per-field last-writer-wins
 *   merge cannot break in practice (order end >= start); insert-mostly clinical events
 *   (medication_administrations) check their GIVEN rows fully.
 * - medication_administrations.clinic_visit_id has no FK here: 0009_clinic-visits adds it (and its index).
 * - raise_immutable() is the generic trigger function of every append-only table (later migrations
 *   reuse it). It names the partition root, so a partition of audit_logs reports "audit_logs".
 * - audit_logs is partitioned by month of created_at (UTC bounds). Partitions 2024-01..2027-12 are
 *   created here; later months are created AHEAD OF TIME by a scheduled job calling
 *   audit_logs_create_partition(month). The function does not move rows out of the DEFAULT partition:
 *   if the default partition already holds rows of that month, creating the partition fails (PostgreSQL
 *   refuses), which is why the job must run before the month starts. Each partition also gets its own
 *   BEFORE TRUNCATE trigger (statement triggers are not cloned to partitions; row triggers are).
 *   No FKs: the audit trail outlives the users, devices and records it names. chain_seq is unique
 *   together with created_at (a unique constraint of a partitioned table must include the partition key).
 */
const UP: readonly string[] = [
  `CREATE FUNCTION raise_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    v_table text := COALESCE((SELECT c.relname::text FROM pg_class c WHERE c.oid = pg_partition_root(TG_RELID)),
                             TG_TABLE_NAME);
  BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', v_table, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END
  $fn$`,

  `CREATE TABLE districts (
    id text PRIMARY KEY,
    name varchar(200) NOT NULL,
    state_code varchar(2) NOT NULL CONSTRAINT districts_state_code_check CHECK (state_code ~ '^[A-Z]{2}$'),
    nces_id varchar(7) CONSTRAINT districts_nces_id_check CHECK (nces_id ~ '^[0-9]{7}$'),
    timezone varchar(50) NOT NULL DEFAULT 'America/New_York',
    settings jsonb NOT NULL DEFAULT '{}'::jsonb
      CONSTRAINT districts_settings_check CHECK (jsonb_typeof(settings) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE schools (
    id text PRIMARY KEY,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE RESTRICT,
    name varchar(200) NOT NULL,
    school_code varchar(20) NOT NULL,
    nces_id varchar(12) CONSTRAINT schools_nces_id_check CHECK (nces_id ~ '^[0-9]{12}$'),
    grade_levels jsonb NOT NULL DEFAULT '[]'::jsonb
      CONSTRAINT schools_grade_levels_check CHECK (jsonb_typeof(grade_levels) = 'array'),
    address_line1 varchar(200),
    address_line2 varchar(200),
    city varchar(100),
    state varchar(2),
    postal_code varchar(10),
    phone varchar(20),
    timezone varchar(50),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schools_district_id_school_code_key UNIQUE (district_id, school_code)
  )`,

  `CREATE TABLE users (
    id text PRIMARY KEY,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE RESTRICT,
    email varchar(255) NOT NULL,
    first_name varchar(100) NOT NULL,
    last_name varchar(100) NOT NULL,
    role varchar(20) NOT NULL
      CONSTRAINT users_role_check CHECK (role IN ('NURSE','SCHOOL_ADMIN','DISTRICT_ADMIN','BILLING','AUDITOR')),
    password_hash text CONSTRAINT users_password_hash_check CHECK (password_hash LIKE '$argon2id$%'),
    npi_number varchar(10) CONSTRAINT users_npi_number_check CHECK (npi_number ~ '^[0-9]{10}$'),
    license_number varchar(50),
    phone varchar(20),
    is_active boolean NOT NULL DEFAULT true,
    failed_login_count integer NOT NULL DEFAULT 0
      CONSTRAINT users_failed_login_count_check CHECK (failed_login_count >= 0),
    locked_until timestamptz,
    last_login_at timestamptz,
    password_changed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE UNIQUE INDEX idx_users_lower_email ON users (lower(email))`,
  `CREATE INDEX idx_users_district_id_role ON users (district_id, role)`,

  `CREATE TABLE user_schools (
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text REFERENCES users(id) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, school_id)
  )`,
  `CREATE INDEX idx_user_schools_school_id ON user_schools (school_id)`,
  `CREATE INDEX idx_user_schools_granted_by ON user_schools (granted_by)`,

  `CREATE TABLE devices (
    id text PRIMARY KEY,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    name varchar(100) NOT NULL,
    platform varchar(20) NOT NULL CONSTRAINT devices_platform_check CHECK (platform IN ('WINDOWS','MACOS','LINUX')),
    enrolled_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    revoked_at timestamptz,
    revoked_by text REFERENCES users(id) ON DELETE RESTRICT,
    revocation_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT devices_revoked_check
      CHECK (revoked_at IS NOT NULL OR (revoked_by IS NULL AND revocation_reason IS NULL))
  )`,
  `CREATE INDEX idx_devices_school_id ON devices (school_id)`,
  `CREATE INDEX idx_devices_enrolled_by ON devices (enrolled_by)`,
  `CREATE INDEX idx_devices_revoked_by ON devices (revoked_by)`,

  `CREATE TABLE device_enrollment_codes (
    id text PRIMARY KEY,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    code_hash varchar(64) NOT NULL CONSTRAINT device_enrollment_codes_code_hash_key UNIQUE,
    created_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    used_by_device_id text REFERENCES devices(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT device_enrollment_codes_expires_at_check CHECK (expires_at > created_at),
    CONSTRAINT device_enrollment_codes_used_check CHECK ((used_at IS NULL) = (used_by_device_id IS NULL))
  )`,
  `CREATE INDEX idx_device_enrollment_codes_school_id ON device_enrollment_codes (school_id)`,
  `CREATE INDEX idx_device_enrollment_codes_created_by ON device_enrollment_codes (created_by)`,
  `CREATE INDEX idx_device_enrollment_codes_used_by_device_id ON device_enrollment_codes (used_by_device_id)`,

  `CREATE TABLE students (
    id text PRIMARY KEY,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE RESTRICT,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    student_number varchar(50) NOT NULL,
    sis_id varchar(100),
    first_name varchar(100) NOT NULL,
    middle_name varchar(100),
    last_name varchar(100) NOT NULL,
    preferred_name varchar(100),
    date_of_birth date NOT NULL,
    sex varchar(1) NOT NULL DEFAULT 'U' CONSTRAINT students_sex_check CHECK (sex IN ('F','M','X','U')),
    grade_level varchar(10) NOT NULL
      CONSTRAINT students_grade_level_check
      CHECK (grade_level IN ('PK','K','1','2','3','4','5','6','7','8','9','10','11','12')),
    homeroom varchar(50),
    enrollment_status varchar(20) NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT students_enrollment_status_check
      CHECK (enrollment_status IN ('ACTIVE','TRANSFERRED','WITHDRAWN','GRADUATED')),
    enrollment_date date,
    withdrawal_date date,
    primary_language varchar(50),
    address_line1 varchar(200),
    address_line2 varchar(200),
    city varchar(100),
    state varchar(2),
    postal_code varchar(10),
    photo_document_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT students_district_id_student_number_key UNIQUE (district_id, student_number),
    CONSTRAINT students_district_id_sis_id_key UNIQUE (district_id, sis_id),
    CONSTRAINT students_withdrawal_date_check CHECK (withdrawal_date >= enrollment_date)
  )`,
  `CREATE INDEX idx_students_school_id_last_name_first_name ON students (school_id, last_name, first_name)`,
  `CREATE INDEX idx_students_school_id_date_of_birth ON students (school_id, date_of_birth)`,
  `CREATE INDEX idx_students_school_id_student_number ON students (school_id, student_number)`,
  `CREATE INDEX idx_students_lower_last_name ON students (lower(last_name))`,

  `CREATE TABLE guardians (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    first_name varchar(100) NOT NULL,
    last_name varchar(100) NOT NULL,
    relationship varchar(50) NOT NULL,
    phone_primary varchar(20) NOT NULL,
    phone_secondary varchar(20),
    email varchar(255),
    is_primary_contact boolean NOT NULL DEFAULT false,
    is_emergency_contact boolean NOT NULL DEFAULT true,
    can_pick_up boolean NOT NULL DEFAULT false,
    contact_priority integer NOT NULL DEFAULT 1 CONSTRAINT guardians_contact_priority_check CHECK (contact_priority >= 1),
    preferred_language varchar(50),
    receives_notifications boolean NOT NULL DEFAULT true,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_guardians_student_id_contact_priority ON guardians (student_id, contact_priority)`,
  `CREATE INDEX idx_guardians_school_id ON guardians (school_id)`,

  `CREATE TABLE allergies (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    allergen varchar(200) NOT NULL,
    allergen_type varchar(20) NOT NULL
      CONSTRAINT allergies_allergen_type_check
      CHECK (allergen_type IN ('DRUG','FOOD','ENVIRONMENTAL','INSECT','LATEX','OTHER')),
    severity varchar(20) NOT NULL
      CONSTRAINT allergies_severity_check CHECK (severity IN ('MILD','MODERATE','SEVERE','LIFE_THREATENING')),
    reaction text,
    onset_date date,
    epinephrine_required boolean NOT NULL DEFAULT false,
    verified boolean NOT NULL DEFAULT false,
    verified_by text REFERENCES users(id) ON DELETE RESTRICT,
    verified_at timestamptz,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_allergies_student_id ON allergies (student_id)`,
  `CREATE INDEX idx_allergies_school_id ON allergies (school_id)`,
  `CREATE INDEX idx_allergies_verified_by ON allergies (verified_by)`,

  `CREATE TABLE health_conditions (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    condition_name varchar(200) NOT NULL,
    icd10_code varchar(10),
    status varchar(20) NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT health_conditions_status_check CHECK (status IN ('ACTIVE','MANAGED','RESOLVED')),
    severity varchar(20)
      CONSTRAINT health_conditions_severity_check CHECK (severity IN ('MILD','MODERATE','SEVERE','LIFE_THREATENING')),
    diagnosed_date date,
    action_plan text,
    emergency_plan text,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_health_conditions_student_id ON health_conditions (student_id)`,
  `CREATE INDEX idx_health_conditions_school_id_status ON health_conditions (school_id, status)`,

  `CREATE TABLE medications (
    id text PRIMARY KEY,
    name varchar(200) NOT NULL,
    generic_name varchar(200),
    strength varchar(50),
    dosage_form varchar(50),
    route varchar(50),
    ndc_code varchar(20),
    rxnorm_code varchar(20),
    drug_class varchar(100),
    is_controlled boolean NOT NULL DEFAULT false,
    controlled_schedule varchar(10)
      CONSTRAINT medications_controlled_schedule_check CHECK (controlled_schedule IN ('II','III','IV','V')),
    is_otc boolean NOT NULL DEFAULT false,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_medications_name ON medications (name)`,
  `CREATE INDEX idx_medications_rxnorm_code ON medications (rxnorm_code)`,
  `CREATE INDEX idx_medications_ndc_code ON medications (ndc_code)`,

  `CREATE TABLE student_medications (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    medication_id text NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    dose varchar(50) NOT NULL,
    route varchar(50) NOT NULL,
    frequency varchar(100),
    schedule_times jsonb NOT NULL DEFAULT '[]'::jsonb
      CONSTRAINT student_medications_schedule_times_check CHECK (jsonb_typeof(schedule_times) = 'array'),
    is_prn boolean NOT NULL DEFAULT false,
    prn_instructions text,
    start_date date NOT NULL,
    end_date date,
    prescriber_name varchar(200),
    prescriber_npi varchar(10)
      CONSTRAINT student_medications_prescriber_npi_check CHECK (prescriber_npi ~ '^[0-9]{10}$'),
    parent_consent_on_file boolean NOT NULL DEFAULT false,
    order_status varchar(20) NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT student_medications_order_status_check
      CHECK (order_status IN ('ACTIVE','ON_HOLD','DISCONTINUED','EXPIRED')),
    discontinued_reason text,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT student_medications_end_date_check CHECK (end_date >= start_date)
  )`,
  `CREATE INDEX idx_student_medications_student_id ON student_medications (student_id)`,
  `CREATE INDEX idx_student_medications_medication_id ON student_medications (medication_id)`,
  `CREATE INDEX idx_student_medications_school_id_order_status ON student_medications (school_id, order_status)`,

  `CREATE TABLE medication_administrations (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    student_medication_id text REFERENCES student_medications(id) ON DELETE RESTRICT,
    medication_id text NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    clinic_visit_id text,
    scheduled_for timestamptz,
    administered_at timestamptz,
    administration_status varchar(20) NOT NULL
      CONSTRAINT medication_administrations_administration_status_check
      CHECK (administration_status IN ('GIVEN','MISSED','REFUSED','HELD','NOT_IN_SCHOOL')),
    dose_given varchar(50),
    route varchar(50),
    administered_by text REFERENCES users(id) ON DELETE RESTRICT,
    witness_user_id text REFERENCES users(id) ON DELETE RESTRICT,
    reason_not_given text,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT medication_administrations_given_check CHECK (
      administration_status <> 'GIVEN'
      OR (administered_at IS NOT NULL AND dose_given IS NOT NULL AND administered_by IS NOT NULL))
  )`,
  `CREATE INDEX idx_medication_administrations_student_id_administered_at
    ON medication_administrations (student_id, administered_at)`,
  `CREATE INDEX idx_medication_administrations_student_medication_id_sched
    ON medication_administrations (student_medication_id, scheduled_for)`,
  `CREATE INDEX idx_medication_administrations_medication_id ON medication_administrations (medication_id)`,
  `CREATE INDEX idx_medication_administrations_administered_by ON medication_administrations (administered_by)`,
  `CREATE INDEX idx_medication_administrations_witness_user_id ON medication_administrations (witness_user_id)`,
  `CREATE INDEX idx_medication_administrations_school_id_scheduled_for
    ON medication_administrations (school_id, scheduled_for)`,

  `CREATE TABLE documents (
    id text PRIMARY KEY,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    student_id text REFERENCES students(id) ON DELETE RESTRICT,
    title varchar(255) NOT NULL,
    document_type varchar(50) NOT NULL
      CONSTRAINT documents_document_type_check
      CHECK (document_type IN ('IMMUNIZATION_RECORD','EXEMPTION_FORM','MEDICATION_ORDER','CONSENT_FORM',
        'ACTION_PLAN','PHYSICIAN_NOTE','STUDENT_PHOTO','REPORT','EXPORT','OTHER')),
    mime_type varchar(100) NOT NULL,
    file_size_bytes bigint NOT NULL CONSTRAINT documents_file_size_bytes_check CHECK (file_size_bytes >= 0),
    storage_path varchar(500) NOT NULL,
    sha256 varchar(64) NOT NULL CONSTRAINT documents_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_documents_school_id ON documents (school_id)`,
  `CREATE INDEX idx_documents_student_id ON documents (student_id)`,
  `CREATE INDEX idx_documents_uploaded_by ON documents (uploaded_by)`,

  `CREATE TABLE vaccinations (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccine_type varchar(50) NOT NULL,
    cvx_code varchar(4) NOT NULL,
    mvx_code varchar(4),
    vaccine_name varchar(200),
    dose_number integer CONSTRAINT vaccinations_dose_number_check CHECK (dose_number >= 1),
    administration_date date NOT NULL,
    lot_number varchar(50),
    lot_expiration_date date,
    site varchar(10)
      CONSTRAINT vaccinations_site_check
      CHECK (site IN ('LA','RA','LT','RT','LD','RD','LG','RG','LVL','RVL','NS','OTHER')),
    route varchar(10) CONSTRAINT vaccinations_route_check CHECK (route IN ('IM','SC','ID','PO','IN','OTHER')),
    dose_volume_ml numeric(5,2) CONSTRAINT vaccinations_dose_volume_ml_check CHECK (dose_volume_ml > 0),
    source varchar(20) NOT NULL
      CONSTRAINT vaccinations_source_check CHECK (source IN ('ADMINISTERED','HISTORICAL','REGISTRY','SIS')),
    administered_by_user_id text REFERENCES users(id) ON DELETE RESTRICT,
    provider_name varchar(200),
    facility_name varchar(200),
    vis_edition_date date,
    registry_status varchar(20) NOT NULL DEFAULT 'NOT_SUBMITTED'
      CONSTRAINT vaccinations_registry_status_check
      CHECK (registry_status IN ('NOT_SUBMITTED','QUEUED','SUBMITTED','ACCEPTED','REJECTED','NOT_REQUIRED')),
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_vaccinations_student_id_vaccine_type_administration_date
    ON vaccinations (student_id, vaccine_type, administration_date)`,
  `CREATE INDEX idx_vaccinations_school_id_administration_date ON vaccinations (school_id, administration_date)`,
  `CREATE INDEX idx_vaccinations_administered_by_user_id ON vaccinations (administered_by_user_id)`,
  `CREATE INDEX idx_vaccinations_registry_not_submitted
    ON vaccinations (administration_date) WHERE registry_status = 'NOT_SUBMITTED'`,

  `CREATE TABLE immunization_exemptions (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccine_type varchar(50),
    exemption_type varchar(30) NOT NULL
      CONSTRAINT immunization_exemptions_exemption_type_check
      CHECK (exemption_type IN ('MEDICAL','RELIGIOUS','PHILOSOPHICAL','LAB_EVIDENCE_OF_IMMUNITY','HISTORY_OF_DISEASE')),
    start_date date NOT NULL,
    end_date date,
    document_id text REFERENCES documents(id) ON DELETE RESTRICT,
    approved_by text REFERENCES users(id) ON DELETE RESTRICT,
    approval_date date,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT immunization_exemptions_end_date_check CHECK (end_date >= start_date)
  )`,
  `CREATE INDEX idx_immunization_exemptions_student_id_vaccine_type
    ON immunization_exemptions (student_id, vaccine_type)`,
  `CREATE INDEX idx_immunization_exemptions_school_id ON immunization_exemptions (school_id)`,
  `CREATE INDEX idx_immunization_exemptions_document_id ON immunization_exemptions (document_id)`,
  `CREATE INDEX idx_immunization_exemptions_approved_by ON immunization_exemptions (approved_by)`,

  `CREATE TABLE audit_logs (
    id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    chain_seq bigint NOT NULL CONSTRAINT audit_logs_chain_seq_check CHECK (chain_seq >= 1),
    user_id text,
    device_id text,
    school_id text,
    action varchar(20) NOT NULL
      CONSTRAINT audit_logs_action_check
      CHECK (action IN ('CREATE','READ','UPDATE','DELETE','LOGIN','LOGIN_FAILED','LOGOUT','EXPORT','PRINT','SHARE',
        'BREAK_GLASS','SYNC_PUSH','SYNC_PULL','ADMIN')),
    table_name varchar(100),
    record_id text,
    ip_address varchar(45),
    user_agent text,
    details jsonb,
    prev_hash varchar(64) CONSTRAINT audit_logs_prev_hash_check CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    row_hash varchar(64) NOT NULL CONSTRAINT audit_logs_row_hash_check CHECK (row_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT audit_logs_chain_seq_created_at_key UNIQUE (chain_seq, created_at)
  ) PARTITION BY RANGE (created_at)`,
  `CREATE INDEX idx_audit_logs_user_id_created_at ON audit_logs (user_id, created_at)`,
  `CREATE INDEX idx_audit_logs_table_name_record_id ON audit_logs (table_name, record_id)`,
  `CREATE INDEX idx_audit_logs_school_id_created_at ON audit_logs (school_id, created_at)`,
  `CREATE INDEX idx_audit_logs_action_created_at ON audit_logs (action, created_at)`,
  `CREATE TRIGGER audit_logs_immutable BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION raise_immutable()`,
  `CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,
  `CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT`,
  `CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs_default
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,
  // Creates the partition of the (UTC) month containing p_month, named audit_logs_yYYYYmMM, unless it
  // exists; returns its name. Idempotent and safe to run concurrently (advisory lock). Run it ahead of
  // time (a scheduled job creates next months); it does not move rows out of the DEFAULT partition.
  `CREATE FUNCTION audit_logs_create_partition(p_month date) RETURNS text LANGUAGE plpgsql AS $fn$
  DECLARE
    v_start date := make_date(extract(year FROM p_month)::int, extract(month FROM p_month)::int, 1);
    v_end date := (v_start + interval '1 month')::date;
    v_name text := 'audit_logs_y' || to_char(v_start, 'YYYY') || 'm' || to_char(v_start, 'MM');
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('audit_logs_create_partition'));
    IF to_regclass(quote_ident(v_name)) IS NOT NULL THEN
      RETURN v_name;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)',
      v_name, v_start::text || ' 00:00:00+00', v_end::text || ' 00:00:00+00');
    EXECUTE format('CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()', v_name);
    RETURN v_name;
  END
  $fn$`,
  `SELECT audit_logs_create_partition(m::date)
    FROM generate_series(date '2024-01-01', date '2027-12-01', interval '1 month') AS m`,
];

const DOWN: readonly string[] = [
  // Dropping the partitioned table drops its partitions and triggers.
  `DROP FUNCTION audit_logs_create_partition(date)`,
  `DROP TABLE audit_logs`,
  `DROP TABLE immunization_exemptions`,
  `DROP TABLE vaccinations`,
  `DROP TABLE documents`,
  `DROP TABLE medication_administrations`,
  `DROP TABLE student_medications`,
  `DROP TABLE medications`,
  `DROP TABLE health_conditions`,
  `DROP TABLE allergies`,
  `DROP TABLE guardians`,
  `DROP TABLE students`,
  `DROP TABLE device_enrollment_codes`,
  `DROP TABLE devices`,
  `DROP TABLE user_schools`,
  `DROP TABLE users`,
  `DROP TABLE schools`,
  `DROP TABLE districts`,
  `DROP FUNCTION raise_immutable()`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
