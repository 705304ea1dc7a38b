import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copies of the clinical features' synced tables: symptom_tracking (Feature 37;
 * the outbreak patterns, alerts and clusters are server-only), alert_definitions and alert_instances
 * (Feature 26), visit_reasons, clinic_visits and class_time_missed (Feature 17),
 * vaccination_schedules and immunization_reminders (Features 5 & 41).
 * Same table and column names as server migrations 0007-0010 (sync applies rows by column name),
 * mapped per docs/data-model.md: STRICT tables, booleans INTEGER 0/1, timestamps UTC ISO-8601 TEXT
 * compared through julianday() (text comparison breaks on '...:00Z' vs '...:00.000Z'), numeric vitals
 * REAL, jsonb TEXT with json_valid, every CHECK named as PostgreSQL names it; regular expressions
 * become GLOB patterns. visit_duration_minutes is computed by julianday arithmetic on whole milliseconds
 * (so 90 s is exactly 1.5 min), rounded half away from zero as the server's cast to integer. Omitted here: the GIN index on symptom_tracking.symptoms
 * (no SQLite equivalent), the materialized views (computed on the fly), and the FKs the server adds
 * beyond the spec (created_by, triggered_by_user_id, completion_verified_by): catalogs and system
 * alerts are authored on the district server by users the workstation's roster need not hold.
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const GRADES = `'PK','K','1','2','3','4','5','6','7','8','9','10','11','12'`;
const PRIORITIES = `'LOW','MEDIUM','HIGH','CRITICAL','EMERGENCY'`;

/** `name INTEGER NOT NULL DEFAULT d` with its 0/1 CHECK named the PostgreSQL way. */
const bool = (table: string, name: string, dflt: 0 | 1): string =>
  `${name} INTEGER NOT NULL DEFAULT ${dflt} CONSTRAINT ${table}_${name}_check CHECK (${name} IN (0,1))`;
/** A jsonb column: TEXT holding valid JSON. */
const json = (table: string, name: string, notNull: boolean, dflt?: string): string =>
  `${name} TEXT${notNull ? ' NOT NULL' : ''}${dflt ? ` DEFAULT '${dflt}'` : ''} CONSTRAINT ${table}_${name}_check CHECK (json_valid(${name}))`;
const SYNC = `created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT`;

const UP: readonly string[] = [
  `CREATE TABLE symptom_tracking (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    reported_date TEXT NOT NULL DEFAULT ${NOW},
    symptom_onset_date TEXT NOT NULL,
    ${json('symptom_tracking', 'symptoms', true)},
    severity_assessment TEXT
      CONSTRAINT symptom_tracking_severity_assessment_check CHECK (severity_assessment IN ('MILD','MODERATE','SEVERE')),
    diagnosis TEXT,
    icd10_code TEXT,
    location_at_onset TEXT,
    student_grade_level TEXT
      CONSTRAINT symptom_tracking_student_grade_level_check CHECK (student_grade_level IN (${GRADES})),
    ${bool('symptom_tracking', 'sent_home', 0)},
    returned_to_school_date TEXT,
    ${bool('symptom_tracking', 'follow_up_required', 0)},
    notes TEXT,
    reported_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    ${SYNC},
    CONSTRAINT symptom_tracking_returned_to_school_date_check
      CHECK (returned_to_school_date IS NULL OR julianday(returned_to_school_date) >= julianday(symptom_onset_date))
  ) STRICT`,
  `CREATE INDEX idx_symptom_tracking_student_id_reported_date ON symptom_tracking (student_id, reported_date DESC)`,
  `CREATE INDEX idx_symptom_tracking_symptom_onset_date ON symptom_tracking (symptom_onset_date DESC)`,
  `CREATE INDEX idx_symptom_tracking_diagnosis ON symptom_tracking (diagnosis)`,
  `CREATE INDEX idx_symptom_tracking_reported_by ON symptom_tracking (reported_by)`,
  `CREATE INDEX idx_symptom_tracking_school_id ON symptom_tracking (school_id)`,

  `CREATE TABLE alert_definitions (
    id TEXT NOT NULL PRIMARY KEY,
    alert_code TEXT NOT NULL UNIQUE,
    alert_name TEXT NOT NULL,
    alert_category TEXT
      CONSTRAINT alert_definitions_alert_category_check
      CHECK (alert_category IN ('HEALTH_EMERGENCY','MEDICATION','COMPLIANCE','SYSTEM')),
    priority_level TEXT NOT NULL DEFAULT 'MEDIUM'
      CONSTRAINT alert_definitions_priority_level_check CHECK (priority_level IN (${PRIORITIES})),
    ${json('alert_definitions', 'alert_conditions', true)},
    ${json('alert_definitions', 'escalation_rules', false)},
    ${json('alert_definitions', 'delivery_channels', true, '["EMAIL", "SMS"]')},
    message_template TEXT,
    ${bool('alert_definitions', 'is_active', 1)},
    ${bool('alert_definitions', 'can_user_dismiss', 1)},
    ${bool('alert_definitions', 'require_acknowledgment', 0)},
    expiration_minutes INTEGER
      CONSTRAINT alert_definitions_expiration_minutes_check CHECK (expiration_minutes > 0),
    created_by TEXT,
    ${SYNC}
  ) STRICT`,
  `CREATE INDEX idx_alert_definitions_alert_code ON alert_definitions (alert_code)`,
  `CREATE INDEX idx_alert_definitions_alert_category_priority_level ON alert_definitions (alert_category, priority_level)`,
  `CREATE INDEX idx_alert_definitions_is_active ON alert_definitions (is_active)`,

  `CREATE TABLE alert_instances (
    id TEXT NOT NULL PRIMARY KEY,
    alert_definition_id TEXT NOT NULL REFERENCES alert_definitions(id) ON DELETE RESTRICT,
    triggered_at TEXT NOT NULL DEFAULT ${NOW},
    triggered_by_user_id TEXT,
    triggered_by_event TEXT,
    target_entity_type TEXT
      CONSTRAINT alert_instances_target_entity_type_check CHECK (target_entity_type IN ('STUDENT','USER','SCHOOL')),
    target_entity_id TEXT,
    priority_override TEXT
      CONSTRAINT alert_instances_priority_override_check CHECK (priority_override IN (${PRIORITIES})),
    ${json('alert_instances', 'alert_data', false)},
    alert_status TEXT NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT alert_instances_alert_status_check
      CHECK (alert_status IN ('ACTIVE','ACKNOWLEDGED','ESCALATED','RESOLVED','EXPIRED')),
    acknowledged_at TEXT,
    acknowledged_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    resolved_at TEXT,
    resolved_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    resolution_notes TEXT,
    escalation_level INTEGER NOT NULL DEFAULT 0
      CONSTRAINT alert_instances_escalation_level_check CHECK (escalation_level >= 0),
    last_escalated_at TEXT,
    expires_at TEXT,
    school_id TEXT REFERENCES schools(id) ON DELETE RESTRICT,
    ${SYNC},
    CONSTRAINT alert_instances_school_id_check
      CHECK (school_id IS NOT NULL OR target_entity_type IS NULL OR target_entity_type = 'USER'),
    CONSTRAINT alert_instances_target_entity_id_check
      CHECK ((target_entity_type IS NULL) = (target_entity_id IS NULL))
  ) STRICT`,
  `CREATE INDEX idx_alert_instances_alert_definition_id_triggered_at ON alert_instances (alert_definition_id, triggered_at DESC)`,
  `CREATE INDEX idx_alert_instances_alert_status_priority_override ON alert_instances (alert_status, priority_override)`,
  `CREATE INDEX idx_alert_instances_target_entity_type_target_entity_id ON alert_instances (target_entity_type, target_entity_id)`,
  `CREATE INDEX idx_alert_instances_expires_at ON alert_instances (expires_at) WHERE alert_status = 'ACTIVE'`,
  `CREATE INDEX idx_alert_instances_acknowledged_by ON alert_instances (acknowledged_by)`,
  `CREATE INDEX idx_alert_instances_resolved_by ON alert_instances (resolved_by)`,
  `CREATE INDEX idx_alert_instances_school_id ON alert_instances (school_id)`,

  `CREATE TABLE visit_reasons (
    id TEXT NOT NULL PRIMARY KEY,
    reason_code TEXT NOT NULL UNIQUE,
    reason_name TEXT NOT NULL,
    reason_category TEXT
      CONSTRAINT visit_reasons_reason_category_check
      CHECK (reason_category IN ('ILLNESS','INJURY','MEDICATION','ROUTINE_CHECK','CHRONIC_CONDITION')),
    ${json('visit_reasons', 'icd10_codes', false)},
    typical_duration_minutes INTEGER
      CONSTRAINT visit_reasons_typical_duration_minutes_check CHECK (typical_duration_minutes > 0),
    ${bool('visit_reasons', 'requires_parent_notification', 0)},
    ${bool('visit_reasons', 'requires_vital_signs', 0)},
    ${bool('visit_reasons', 'is_active', 1)},
    display_order INTEGER CONSTRAINT visit_reasons_display_order_check CHECK (display_order >= 0),
    description TEXT,
    ${SYNC}
  ) STRICT`,

  `CREATE TABLE clinic_visits (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    arrival_time TEXT NOT NULL DEFAULT ${NOW},
    departure_time TEXT,
    visit_duration_minutes INTEGER
      GENERATED ALWAYS AS (CAST(round(
        (round(julianday(departure_time) * 86400000) - round(julianday(arrival_time) * 86400000)) / 60000.0
      ) AS INTEGER)) STORED,
    visit_reason_id TEXT REFERENCES visit_reasons(id) ON DELETE RESTRICT,
    visit_reason_custom TEXT,
    severity_triage TEXT
      CONSTRAINT clinic_visits_severity_triage_check CHECK (severity_triage IN ('ROUTINE','URGENT','EMERGENCY')),
    presenting_complaint TEXT NOT NULL,
    ${bool('clinic_visits', 'vital_signs_taken', 0)},
    temperature_f REAL CONSTRAINT clinic_visits_temperature_f_check CHECK (temperature_f BETWEEN 90 AND 110),
    heart_rate INTEGER CONSTRAINT clinic_visits_heart_rate_check CHECK (heart_rate BETWEEN 20 AND 250),
    blood_pressure_systolic INTEGER
      CONSTRAINT clinic_visits_blood_pressure_systolic_check CHECK (blood_pressure_systolic BETWEEN 50 AND 260),
    blood_pressure_diastolic INTEGER
      CONSTRAINT clinic_visits_blood_pressure_diastolic_check CHECK (blood_pressure_diastolic BETWEEN 20 AND 180),
    treatment_provided TEXT,
    ${json('clinic_visits', 'medications_administered', false)},
    ${bool('clinic_visits', 'sent_home', 0)},
    ${bool('clinic_visits', 'parent_notified', 0)},
    parent_notification_time TEXT,
    ${bool('clinic_visits', 'follow_up_required', 0)},
    follow_up_notes TEXT,
    return_to_class_time TEXT,
    ${bool('clinic_visits', 'excuse_note_generated', 0)},
    nurse_notes TEXT,
    attended_by_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    ${SYNC},
    CONSTRAINT clinic_visits_departure_time_check
      CHECK (departure_time IS NULL OR julianday(departure_time) >= julianday(arrival_time)),
    CONSTRAINT clinic_visits_return_to_class_time_check
      CHECK (return_to_class_time IS NULL OR julianday(return_to_class_time) >= julianday(arrival_time)),
    CONSTRAINT clinic_visits_blood_pressure_check
      CHECK (blood_pressure_systolic IS NULL OR blood_pressure_diastolic IS NULL
        OR blood_pressure_systolic > blood_pressure_diastolic),
    CONSTRAINT clinic_visits_parent_notification_time_check
      CHECK (parent_notified = 0 OR parent_notification_time IS NOT NULL)
  ) STRICT`,
  `CREATE INDEX idx_clinic_visits_student_id_arrival_time ON clinic_visits (student_id, arrival_time DESC)`,
  `CREATE INDEX idx_clinic_visits_arrival_time ON clinic_visits (arrival_time DESC)`,
  `CREATE INDEX idx_clinic_visits_visit_reason_id ON clinic_visits (visit_reason_id)`,
  `CREATE INDEX idx_clinic_visits_severity_triage_arrival_time ON clinic_visits (severity_triage, arrival_time)`,
  `CREATE INDEX idx_clinic_visits_sent_home_arrival_time ON clinic_visits (sent_home, arrival_time)`,
  `CREATE INDEX idx_clinic_visits_attended_by_user_id ON clinic_visits (attended_by_user_id)`,
  `CREATE INDEX idx_clinic_visits_school_id ON clinic_visits (school_id)`,

  `CREATE TABLE class_time_missed (
    id TEXT NOT NULL PRIMARY KEY,
    clinic_visit_id TEXT NOT NULL REFERENCES clinic_visits(id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    class_period TEXT,
    subject TEXT,
    minutes_missed INTEGER NOT NULL
      CONSTRAINT class_time_missed_minutes_missed_check CHECK (minutes_missed BETWEEN 0 AND 480),
    ${bool('class_time_missed', 'absence_excused', 1)},
    ${bool('class_time_missed', 'teacher_notified', 0)},
    ${bool('class_time_missed', 'makeup_work_required', 0)},
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    ${SYNC}
  ) STRICT`,
  `CREATE INDEX idx_class_time_missed_clinic_visit_id ON class_time_missed (clinic_visit_id)`,
  `CREATE INDEX idx_class_time_missed_student_id ON class_time_missed (student_id)`,
  `CREATE INDEX idx_class_time_missed_school_id ON class_time_missed (school_id)`,

  `CREATE TABLE vaccination_schedules (
    id TEXT NOT NULL PRIMARY KEY,
    state_code TEXT NOT NULL CONSTRAINT vaccination_schedules_state_code_check CHECK (state_code GLOB '[A-Z][A-Z]'),
    vaccine_type TEXT NOT NULL,
    dose_number INTEGER NOT NULL CONSTRAINT vaccination_schedules_dose_number_check CHECK (dose_number >= 1),
    minimum_age_months INTEGER
      CONSTRAINT vaccination_schedules_minimum_age_months_check CHECK (minimum_age_months >= 0),
    maximum_age_months INTEGER,
    minimum_interval_days INTEGER
      CONSTRAINT vaccination_schedules_minimum_interval_days_check CHECK (minimum_interval_days >= 0),
    grade_level TEXT CONSTRAINT vaccination_schedules_grade_level_check CHECK (grade_level IN (${GRADES})),
    ${bool('vaccination_schedules', 'required_for_enrollment', 1)},
    grace_period_days INTEGER NOT NULL DEFAULT 30
      CONSTRAINT vaccination_schedules_grace_period_days_check CHECK (grace_period_days >= 0),
    ${bool('vaccination_schedules', 'exemption_allowed', 1)},
    ${json('vaccination_schedules', 'exemption_types', false)},
    cdc_schedule_reference TEXT,
    last_updated TEXT NOT NULL DEFAULT (date('now')),
    ${SYNC},
    CONSTRAINT vaccination_schedules_maximum_age_months_check
      CHECK (maximum_age_months >= 0 AND (minimum_age_months IS NULL OR maximum_age_months >= minimum_age_months)),
    UNIQUE (state_code, vaccine_type, dose_number)
  ) STRICT`,
  `CREATE INDEX idx_vaccination_schedules_state_code_grade_level ON vaccination_schedules (state_code, grade_level)`,
  `CREATE INDEX idx_vaccination_schedules_vaccine_type_dose_number ON vaccination_schedules (vaccine_type, dose_number)`,
  `CREATE INDEX idx_vaccination_schedules_required_for_enrollment ON vaccination_schedules (required_for_enrollment)`,

  `CREATE TABLE immunization_reminders (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccination_schedule_id TEXT NOT NULL REFERENCES vaccination_schedules(id) ON DELETE RESTRICT,
    vaccine_type TEXT NOT NULL,
    dose_number INTEGER CONSTRAINT immunization_reminders_dose_number_check CHECK (dose_number >= 1),
    due_date TEXT NOT NULL,
    reminder_type TEXT NOT NULL DEFAULT 'UPCOMING'
      CONSTRAINT immunization_reminders_reminder_type_check CHECK (reminder_type IN ('UPCOMING','OVERDUE','URGENT')),
    reminder_status TEXT NOT NULL DEFAULT 'PENDING'
      CONSTRAINT immunization_reminders_reminder_status_check
      CHECK (reminder_status IN ('PENDING','SENT','ACKNOWLEDGED','DISMISSED','COMPLETED')),
    sent_date TEXT,
    ${json('immunization_reminders', 'channels_sent', false)},
    ${bool('immunization_reminders', 'parent_acknowledged', 0)},
    acknowledgment_date TEXT,
    vaccination_completed_date TEXT,
    completion_verified_by TEXT,
    notes TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    ${SYNC}
  ) STRICT`,
  `CREATE INDEX idx_immunization_reminders_student_id_due_date ON immunization_reminders (student_id, due_date)`,
  `CREATE INDEX idx_immunization_reminders_due_date_reminder_status ON immunization_reminders (due_date, reminder_status)`,
  `CREATE INDEX idx_immunization_reminders_reminder_status_sent_date ON immunization_reminders (reminder_status, sent_date)`,
  `CREATE INDEX idx_immunization_reminders_vaccination_schedule_id ON immunization_reminders (vaccination_schedule_id)`,
  `CREATE INDEX idx_immunization_reminders_school_id ON immunization_reminders (school_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE immunization_reminders`,
  `DROP TABLE vaccination_schedules`,
  `DROP TABLE class_time_missed`,
  `DROP TABLE clinic_visits`,
  `DROP TABLE visit_reasons`,
  `DROP TABLE alert_instances`,
  `DROP TABLE alert_definitions`,
  `DROP TABLE symptom_tracking`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
