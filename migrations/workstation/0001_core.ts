import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) core: the school's copy of the core tables of server migration 0001 and the
 * local sync tables of server migration 0002.
 *
 * Same table and column names as PostgreSQL (sync applies rows by column name), mapped per
 * docs/data-model.md: STRICT tables, booleans INTEGER 0/1, timestamps UTC ISO-8601 TEXT, dates TEXT,
 * jsonb TEXT with json_valid, clinical numerics REAL, every CHECK named as PostgreSQL names it; regular
 * expressions become GLOB patterns.
 * - There is no districts table here: district_id columns are plain TEXT. users is the district staff
 *   directory pulled as reference data (id, names, role, email, is_active; never credentials), so
 *   every user a record names (who gave a dose at another school, say) exists locally.
 * - documents are server-only: immunization_exemptions.document_id has no FK here.
 * - medication_administrations.clinic_visit_id has no FK (SQLite cannot add one later without
 *   rebuilding the table; the server enforces it).
 * - The pull applies a page in one transaction with PRAGMA defer_foreign_keys = ON, so rows of a page
 *   may arrive in any order.
 * - outbox: seq is the per-device, gapless, increasing sequence, assigned by the writer in the same
 *   transaction as the change (never an autoincrement). The partial index on (table_name, row_id)
 *   answers "does this row still have unacknowledged outbox entries?" (a pull never overwrites it).
 * - sync_state: key/value (device_id, pull cursor, last HLC...).
 * - sync_conflicts and sync_rejections: the server's, for review on the workstation (sync_rejections
 *   without the device FK: devices are not on the workstation).
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const ts = `TEXT NOT NULL DEFAULT ${NOW}`;

const UP: readonly string[] = [
  `CREATE TABLE schools (
    id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL,
    name TEXT NOT NULL,
    school_code TEXT NOT NULL,
    nces_id TEXT
      CONSTRAINT schools_nces_id_check CHECK (length(nces_id) = 12 AND nces_id NOT GLOB '*[^0-9]*'),
    grade_levels TEXT NOT NULL DEFAULT '[]'
      CONSTRAINT schools_grade_levels_check CHECK (json_valid(grade_levels) AND json_type(grade_levels) = 'array'),
    address_line1 TEXT,
    address_line2 TEXT,
    city TEXT,
    state TEXT,
    postal_code TEXT,
    phone TEXT,
    timezone TEXT,
    is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT schools_is_active_check CHECK (is_active IN (0,1)),
    created_at ${ts},
    updated_at ${ts},
    CONSTRAINT schools_district_id_school_code_key UNIQUE (district_id, school_code)
  ) STRICT`,

  `CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    role TEXT NOT NULL
      CONSTRAINT users_role_check CHECK (role IN ('NURSE','SCHOOL_ADMIN','DISTRICT_ADMIN','BILLING','AUDITOR')),
    email TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT users_is_active_check CHECK (is_active IN (0,1)),
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT
  ) STRICT`,
  `CREATE UNIQUE INDEX idx_users_lower_email ON users (lower(email))`,

  `CREATE TABLE students (
    id TEXT NOT NULL PRIMARY KEY,
    district_id TEXT NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    student_number TEXT NOT NULL,
    sis_id TEXT,
    first_name TEXT NOT NULL,
    middle_name TEXT,
    last_name TEXT NOT NULL,
    preferred_name TEXT,
    date_of_birth TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT 'U' CONSTRAINT students_sex_check CHECK (sex IN ('F','M','X','U')),
    grade_level TEXT NOT NULL
      CONSTRAINT students_grade_level_check
      CHECK (grade_level IN ('PK','K','1','2','3','4','5','6','7','8','9','10','11','12')),
    homeroom TEXT,
    enrollment_status TEXT NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT students_enrollment_status_check
      CHECK (enrollment_status IN ('ACTIVE','TRANSFERRED','WITHDRAWN','GRADUATED')),
    enrollment_date TEXT,
    withdrawal_date TEXT,
    primary_language TEXT,
    address_line1 TEXT,
    address_line2 TEXT,
    city TEXT,
    state TEXT,
    postal_code TEXT,
    photo_document_id TEXT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT,
    CONSTRAINT students_district_id_student_number_key UNIQUE (district_id, student_number),
    CONSTRAINT students_district_id_sis_id_key UNIQUE (district_id, sis_id),
    CONSTRAINT students_withdrawal_date_check CHECK (withdrawal_date >= enrollment_date)
  ) STRICT`,
  `CREATE INDEX idx_students_school_id_last_name_first_name ON students (school_id, last_name, first_name)`,
  `CREATE INDEX idx_students_school_id_date_of_birth ON students (school_id, date_of_birth)`,
  `CREATE INDEX idx_students_school_id_student_number ON students (school_id, student_number)`,
  `CREATE INDEX idx_students_lower_last_name ON students (lower(last_name))`,

  `CREATE TABLE guardians (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    relationship TEXT NOT NULL,
    phone_primary TEXT NOT NULL,
    phone_secondary TEXT,
    email TEXT,
    is_primary_contact INTEGER NOT NULL DEFAULT 0
      CONSTRAINT guardians_is_primary_contact_check CHECK (is_primary_contact IN (0,1)),
    is_emergency_contact INTEGER NOT NULL DEFAULT 1
      CONSTRAINT guardians_is_emergency_contact_check CHECK (is_emergency_contact IN (0,1)),
    can_pick_up INTEGER NOT NULL DEFAULT 0 CONSTRAINT guardians_can_pick_up_check CHECK (can_pick_up IN (0,1)),
    contact_priority INTEGER NOT NULL DEFAULT 1 CONSTRAINT guardians_contact_priority_check CHECK (contact_priority >= 1),
    preferred_language TEXT,
    receives_notifications INTEGER NOT NULL DEFAULT 1
      CONSTRAINT guardians_receives_notifications_check CHECK (receives_notifications IN (0,1)),
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_guardians_student_id_contact_priority ON guardians (student_id, contact_priority)`,
  `CREATE INDEX idx_guardians_school_id ON guardians (school_id)`,

  `CREATE TABLE allergies (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    allergen TEXT NOT NULL,
    allergen_type TEXT NOT NULL
      CONSTRAINT allergies_allergen_type_check
      CHECK (allergen_type IN ('DRUG','FOOD','ENVIRONMENTAL','INSECT','LATEX','OTHER')),
    severity TEXT NOT NULL
      CONSTRAINT allergies_severity_check CHECK (severity IN ('MILD','MODERATE','SEVERE','LIFE_THREATENING')),
    reaction TEXT,
    onset_date TEXT,
    epinephrine_required INTEGER NOT NULL DEFAULT 0
      CONSTRAINT allergies_epinephrine_required_check CHECK (epinephrine_required IN (0,1)),
    verified INTEGER NOT NULL DEFAULT 0 CONSTRAINT allergies_verified_check CHECK (verified IN (0,1)),
    verified_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    verified_at TEXT,
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_allergies_student_id ON allergies (student_id)`,
  `CREATE INDEX idx_allergies_school_id ON allergies (school_id)`,
  `CREATE INDEX idx_allergies_verified_by ON allergies (verified_by)`,

  `CREATE TABLE health_conditions (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    condition_name TEXT NOT NULL,
    icd10_code TEXT,
    status TEXT NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT health_conditions_status_check CHECK (status IN ('ACTIVE','MANAGED','RESOLVED')),
    severity TEXT
      CONSTRAINT health_conditions_severity_check CHECK (severity IN ('MILD','MODERATE','SEVERE','LIFE_THREATENING')),
    diagnosed_date TEXT,
    action_plan TEXT,
    emergency_plan TEXT,
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_health_conditions_student_id ON health_conditions (student_id)`,
  `CREATE INDEX idx_health_conditions_school_id_status ON health_conditions (school_id, status)`,

  `CREATE TABLE medications (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    generic_name TEXT,
    strength TEXT,
    dosage_form TEXT,
    route TEXT,
    ndc_code TEXT,
    rxnorm_code TEXT,
    drug_class TEXT,
    is_controlled INTEGER NOT NULL DEFAULT 0 CONSTRAINT medications_is_controlled_check CHECK (is_controlled IN (0,1)),
    controlled_schedule TEXT
      CONSTRAINT medications_controlled_schedule_check CHECK (controlled_schedule IN ('II','III','IV','V')),
    is_otc INTEGER NOT NULL DEFAULT 0 CONSTRAINT medications_is_otc_check CHECK (is_otc IN (0,1)),
    is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT medications_is_active_check CHECK (is_active IN (0,1)),
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_medications_name ON medications (name)`,
  `CREATE INDEX idx_medications_rxnorm_code ON medications (rxnorm_code)`,
  `CREATE INDEX idx_medications_ndc_code ON medications (ndc_code)`,

  `CREATE TABLE student_medications (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    medication_id TEXT NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    dose TEXT NOT NULL,
    route TEXT NOT NULL,
    frequency TEXT,
    schedule_times TEXT NOT NULL DEFAULT '[]'
      CONSTRAINT student_medications_schedule_times_check
      CHECK (json_valid(schedule_times) AND json_type(schedule_times) = 'array'),
    is_prn INTEGER NOT NULL DEFAULT 0 CONSTRAINT student_medications_is_prn_check CHECK (is_prn IN (0,1)),
    prn_instructions TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    prescriber_name TEXT,
    prescriber_npi TEXT
      CONSTRAINT student_medications_prescriber_npi_check
      CHECK (length(prescriber_npi) = 10 AND prescriber_npi NOT GLOB '*[^0-9]*'),
    parent_consent_on_file INTEGER NOT NULL DEFAULT 0
      CONSTRAINT student_medications_parent_consent_on_file_check CHECK (parent_consent_on_file IN (0,1)),
    order_status TEXT NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT student_medications_order_status_check
      CHECK (order_status IN ('ACTIVE','ON_HOLD','DISCONTINUED','EXPIRED')),
    discontinued_reason TEXT,
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT,
    CONSTRAINT student_medications_end_date_check CHECK (end_date >= start_date)
  ) STRICT`,
  `CREATE INDEX idx_student_medications_student_id ON student_medications (student_id)`,
  `CREATE INDEX idx_student_medications_medication_id ON student_medications (medication_id)`,
  `CREATE INDEX idx_student_medications_school_id_order_status ON student_medications (school_id, order_status)`,

  `CREATE TABLE medication_administrations (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    student_medication_id TEXT REFERENCES student_medications(id) ON DELETE RESTRICT,
    medication_id TEXT NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    clinic_visit_id TEXT,
    scheduled_for TEXT,
    administered_at TEXT,
    administration_status TEXT NOT NULL
      CONSTRAINT medication_administrations_administration_status_check
      CHECK (administration_status IN ('GIVEN','MISSED','REFUSED','HELD','NOT_IN_SCHOOL')),
    dose_given TEXT,
    route TEXT,
    administered_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    witness_user_id TEXT REFERENCES users(id) ON DELETE RESTRICT,
    reason_not_given TEXT,
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT,
    CONSTRAINT medication_administrations_given_check CHECK (
      administration_status <> 'GIVEN'
      OR (administered_at IS NOT NULL AND dose_given IS NOT NULL AND administered_by IS NOT NULL))
  ) STRICT`,
  `CREATE INDEX idx_medication_administrations_student_id_administered_at
    ON medication_administrations (student_id, administered_at)`,
  `CREATE INDEX idx_medication_administrations_student_medication_id_sched
    ON medication_administrations (student_medication_id, scheduled_for)`,
  `CREATE INDEX idx_medication_administrations_medication_id ON medication_administrations (medication_id)`,
  `CREATE INDEX idx_medication_administrations_administered_by ON medication_administrations (administered_by)`,
  `CREATE INDEX idx_medication_administrations_witness_user_id ON medication_administrations (witness_user_id)`,
  `CREATE INDEX idx_medication_administrations_school_id_scheduled_for
    ON medication_administrations (school_id, scheduled_for)`,

  `CREATE TABLE vaccinations (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccine_type TEXT NOT NULL,
    cvx_code TEXT NOT NULL,
    mvx_code TEXT,
    vaccine_name TEXT,
    dose_number INTEGER CONSTRAINT vaccinations_dose_number_check CHECK (dose_number >= 1),
    administration_date TEXT NOT NULL,
    lot_number TEXT,
    lot_expiration_date TEXT,
    site TEXT
      CONSTRAINT vaccinations_site_check
      CHECK (site IN ('LA','RA','LT','RT','LD','RD','LG','RG','LVL','RVL','NS','OTHER')),
    route TEXT CONSTRAINT vaccinations_route_check CHECK (route IN ('IM','SC','ID','PO','IN','OTHER')),
    dose_volume_ml REAL CONSTRAINT vaccinations_dose_volume_ml_check CHECK (dose_volume_ml > 0),
    source TEXT NOT NULL
      CONSTRAINT vaccinations_source_check CHECK (source IN ('ADMINISTERED','HISTORICAL','REGISTRY','SIS')),
    administered_by_user_id TEXT REFERENCES users(id) ON DELETE RESTRICT,
    provider_name TEXT,
    facility_name TEXT,
    vis_edition_date TEXT,
    registry_status TEXT NOT NULL DEFAULT 'NOT_SUBMITTED'
      CONSTRAINT vaccinations_registry_status_check
      CHECK (registry_status IN ('NOT_SUBMITTED','QUEUED','SUBMITTED','ACCEPTED','REJECTED','NOT_REQUIRED')),
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_vaccinations_student_id_vaccine_type_administration_date
    ON vaccinations (student_id, vaccine_type, administration_date)`,
  `CREATE INDEX idx_vaccinations_school_id_administration_date ON vaccinations (school_id, administration_date)`,
  `CREATE INDEX idx_vaccinations_administered_by_user_id ON vaccinations (administered_by_user_id)`,

  `CREATE TABLE immunization_exemptions (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccine_type TEXT,
    exemption_type TEXT NOT NULL
      CONSTRAINT immunization_exemptions_exemption_type_check
      CHECK (exemption_type IN ('MEDICAL','RELIGIOUS','PHILOSOPHICAL','LAB_EVIDENCE_OF_IMMUNITY','HISTORY_OF_DISEASE')),
    start_date TEXT NOT NULL,
    end_date TEXT,
    document_id TEXT,
    approved_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    approval_date TEXT,
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    deleted_at TEXT,
    CONSTRAINT immunization_exemptions_end_date_check CHECK (end_date >= start_date)
  ) STRICT`,
  `CREATE INDEX idx_immunization_exemptions_student_id_vaccine_type
    ON immunization_exemptions (student_id, vaccine_type)`,
  `CREATE INDEX idx_immunization_exemptions_school_id ON immunization_exemptions (school_id)`,
  `CREATE INDEX idx_immunization_exemptions_approved_by ON immunization_exemptions (approved_by)`,

  `CREATE TABLE outbox (
    seq INTEGER NOT NULL PRIMARY KEY CONSTRAINT outbox_seq_check CHECK (seq >= 1),
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    operation TEXT NOT NULL CONSTRAINT outbox_operation_check CHECK (operation IN ('UPSERT','DELETE')),
    changed_columns TEXT NOT NULL
      CONSTRAINT outbox_changed_columns_check
      CHECK (json_valid(changed_columns) AND json_type(changed_columns) = 'object'),
    hlc TEXT NOT NULL,
    schema_version INTEGER NOT NULL CONSTRAINT outbox_schema_version_check CHECK (schema_version >= 1),
    created_at ${ts},
    pushed_at TEXT,
    acked_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_outbox_acked_at_seq ON outbox (acked_at, seq)`,
  `CREATE INDEX idx_outbox_table_name_row_id_unacked ON outbox (table_name, row_id) WHERE acked_at IS NULL`,

  `CREATE TABLE sync_state (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT`,

  `CREATE TABLE sync_conflicts (
    id TEXT NOT NULL PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    school_id TEXT REFERENCES schools(id) ON DELETE RESTRICT,
    column_name TEXT,
    conflict_type TEXT NOT NULL
      CONSTRAINT sync_conflicts_conflict_type_check CHECK (conflict_type IN ('FIELD_LWW','EDIT_AFTER_DELETE','CONSTRAINT')),
    winning_value TEXT CONSTRAINT sync_conflicts_winning_value_check CHECK (json_valid(winning_value)),
    losing_value TEXT CONSTRAINT sync_conflicts_losing_value_check CHECK (json_valid(losing_value)),
    winning_hlc TEXT,
    losing_hlc TEXT,
    winning_device_id TEXT,
    losing_device_id TEXT,
    losing_user_id TEXT,
    status TEXT NOT NULL DEFAULT 'OPEN' CONSTRAINT sync_conflicts_status_check CHECK (status IN ('OPEN','RESOLVED')),
    resolution TEXT
      CONSTRAINT sync_conflicts_resolution_check CHECK (resolution IN ('KEPT_WINNER','APPLIED_LOSER','MERGED')),
    resolution_reason TEXT,
    resolved_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    resolved_at TEXT,
    created_at ${ts},
    updated_at ${ts},
    CONSTRAINT sync_conflicts_resolved_check
      CHECK (status <> 'RESOLVED' OR (resolution IS NOT NULL AND resolved_at IS NOT NULL))
  ) STRICT`,
  `CREATE INDEX idx_sync_conflicts_school_id_status ON sync_conflicts (school_id, status)`,
  `CREATE INDEX idx_sync_conflicts_table_name_row_id ON sync_conflicts (table_name, row_id)`,
  `CREATE INDEX idx_sync_conflicts_resolved_by ON sync_conflicts (resolved_by)`,

  `CREATE TABLE sync_rejections (
    id TEXT NOT NULL PRIMARY KEY,
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    reason_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    payload TEXT CONSTRAINT sync_rejections_payload_check CHECK (json_valid(payload)),
    acknowledged_at TEXT,
    acknowledged_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    created_at ${ts},
    updated_at ${ts},
    CONSTRAINT sync_rejections_device_id_device_seq_key UNIQUE (device_id, device_seq)
  ) STRICT`,
  `CREATE INDEX idx_sync_rejections_school_id_created_at ON sync_rejections (school_id, created_at)`,
  `CREATE INDEX idx_sync_rejections_acknowledged_by ON sync_rejections (acknowledged_by)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE sync_rejections`,
  `DROP TABLE sync_conflicts`,
  `DROP TABLE sync_state`,
  `DROP TABLE outbox`,
  `DROP TABLE immunization_exemptions`,
  `DROP TABLE vaccinations`,
  `DROP TABLE medication_administrations`,
  `DROP TABLE student_medications`,
  `DROP TABLE medications`,
  `DROP TABLE health_conditions`,
  `DROP TABLE allergies`,
  `DROP TABLE guardians`,
  `DROP TABLE students`,
  `DROP TABLE users`,
  `DROP TABLE schools`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
