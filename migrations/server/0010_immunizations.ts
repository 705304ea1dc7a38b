import { sql, type Kysely } from 'kysely';

/**
 * Features 5 & 41: immunization reminders and compliance dashboard.
 * - vaccination_schedules: district-wide catalog of state requirements, pulled by workstations
 *   (created_at/updated_at/deleted_at). immunization_reminders: student data, synced.
 *   reminder_delivery_status: server-only delivery tracking, but it is about a student, so it carries
 *   school_id (from its reminder) and the sync columns.
 * - grade_level takes the grades of students.grade_level (the spec's "K, 1, 7, etc."); the schedule's
 *   grade is the grade from which the dose is required. state_code is two capital letters.
 *   reminder_delivery_status.delivery_channel takes the spec's delivery channels (AlertDeliveryChannel).
 * - A column the spec gives a default is NOT NULL. FKs without an ON DELETE in the spec are RESTRICT;
 *   completion_verified_by is a user reference given an FK here.
 * - compliance_dashboard_cache (materialized view, refreshed nightly and on demand, CONCURRENTLY
 *   thanks to its UNIQUE index on id): one row per school x grade_level x vaccine_type over ACTIVE
 *   students. A vaccine is required for a grade when the school's state (districts.state_code through
 *   schools) has non-deleted required_for_enrollment schedule rows for it whose grade_level is NULL
 *   or at most the student's grade; the doses required are those rows' distinct dose numbers.
 *   A student is compliant with at least that many non-deleted vaccinations of the type (counted by
 *   distinct administration date, so a dose entered twice counts once); exempt (if not compliant)
 *   with a non-deleted exemption for that vaccine or for all (vaccine_type NULL) in force today;
 *   overdue otherwise (overdue_count = total - compliant - exempt). non_compliance_list holds the
 *   overdue students' ids. id = school_id:grade_level:vaccine_type. A materialized view has no
 *   row-level security: it is read only through code that filters on school_id.
 */
const GRADES = `'PK','K','1','2','3','4','5','6','7','8','9','10','11','12'`;

/** Grade order for a column holding 'PK', 'K', '1'..'12'. */
const gradeRank = (col: string): string =>
  `CASE ${col} WHEN 'PK' THEN -1 WHEN 'K' THEN 0 ELSE CASE WHEN ${col} ~ '^[0-9]{1,2}$' THEN ${col}::integer END END`;

const UP: readonly string[] = [
  `CREATE TABLE vaccination_schedules (
    id text PRIMARY KEY,
    state_code varchar(2) NOT NULL
      CONSTRAINT vaccination_schedules_state_code_check CHECK (state_code ~ '^[A-Z]{2}$'),
    vaccine_type varchar(50) NOT NULL,
    dose_number integer NOT NULL CONSTRAINT vaccination_schedules_dose_number_check CHECK (dose_number >= 1),
    minimum_age_months integer
      CONSTRAINT vaccination_schedules_minimum_age_months_check CHECK (minimum_age_months >= 0),
    maximum_age_months integer,
    minimum_interval_days integer
      CONSTRAINT vaccination_schedules_minimum_interval_days_check CHECK (minimum_interval_days >= 0),
    grade_level varchar(20)
      CONSTRAINT vaccination_schedules_grade_level_check CHECK (grade_level IN (${GRADES})),
    required_for_enrollment boolean NOT NULL DEFAULT true,
    grace_period_days integer NOT NULL DEFAULT 30
      CONSTRAINT vaccination_schedules_grace_period_days_check CHECK (grace_period_days >= 0),
    exemption_allowed boolean NOT NULL DEFAULT true,
    exemption_types jsonb,
    cdc_schedule_reference varchar(200),
    last_updated date NOT NULL DEFAULT CURRENT_DATE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT vaccination_schedules_maximum_age_months_check
      CHECK (maximum_age_months >= 0 AND (minimum_age_months IS NULL OR maximum_age_months >= minimum_age_months)),
    UNIQUE (state_code, vaccine_type, dose_number)
  )`,
  `CREATE INDEX idx_vaccination_schedules_state_code_grade_level ON vaccination_schedules (state_code, grade_level)`,
  `CREATE INDEX idx_vaccination_schedules_vaccine_type_dose_number ON vaccination_schedules (vaccine_type, dose_number)`,
  `CREATE INDEX idx_vaccination_schedules_required_for_enrollment ON vaccination_schedules (required_for_enrollment)`,

  `CREATE TABLE immunization_reminders (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    vaccination_schedule_id text NOT NULL REFERENCES vaccination_schedules(id) ON DELETE RESTRICT,
    vaccine_type varchar(50) NOT NULL,
    dose_number integer CONSTRAINT immunization_reminders_dose_number_check CHECK (dose_number >= 1),
    due_date date NOT NULL,
    reminder_type varchar(50) NOT NULL DEFAULT 'UPCOMING'
      CONSTRAINT immunization_reminders_reminder_type_check CHECK (reminder_type IN ('UPCOMING','OVERDUE','URGENT')),
    reminder_status varchar(50) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT immunization_reminders_reminder_status_check
      CHECK (reminder_status IN ('PENDING','SENT','ACKNOWLEDGED','DISMISSED','COMPLETED')),
    sent_date timestamptz,
    channels_sent jsonb,
    parent_acknowledged boolean NOT NULL DEFAULT false,
    acknowledgment_date timestamptz,
    vaccination_completed_date date,
    completion_verified_by text REFERENCES users(id) ON DELETE RESTRICT,
    notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_immunization_reminders_student_id_due_date ON immunization_reminders (student_id, due_date)`,
  `CREATE INDEX idx_immunization_reminders_due_date_reminder_status ON immunization_reminders (due_date, reminder_status)`,
  `CREATE INDEX idx_immunization_reminders_reminder_status_sent_date ON immunization_reminders (reminder_status, sent_date)`,
  `CREATE INDEX idx_immunization_reminders_vaccination_schedule_id ON immunization_reminders (vaccination_schedule_id)`,
  `CREATE INDEX idx_immunization_reminders_completion_verified_by ON immunization_reminders (completion_verified_by)`,
  `CREATE INDEX idx_immunization_reminders_school_id ON immunization_reminders (school_id)`,

  `CREATE TABLE reminder_delivery_status (
    id text PRIMARY KEY,
    reminder_id text NOT NULL REFERENCES immunization_reminders(id) ON DELETE CASCADE,
    delivery_channel varchar(50) NOT NULL
      CONSTRAINT reminder_delivery_status_delivery_channel_check
      CHECK (delivery_channel IN ('IN_APP','EMAIL','SMS','PUSH','VOICE')),
    recipient_type varchar(50)
      CONSTRAINT reminder_delivery_status_recipient_type_check CHECK (recipient_type IN ('PARENT','GUARDIAN','STUDENT')),
    recipient_contact varchar(255),
    sent_at timestamptz NOT NULL DEFAULT now(),
    delivery_status varchar(50)
      CONSTRAINT reminder_delivery_status_delivery_status_check
      CHECK (delivery_status IN ('PENDING','SENT','DELIVERED','FAILED','BOUNCED')),
    delivered_at timestamptz,
    read_at timestamptz,
    clicked_at timestamptz,
    failure_reason text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_reminder_delivery_status_reminder_id ON reminder_delivery_status (reminder_id)`,
  `CREATE INDEX idx_reminder_delivery_status_school_id ON reminder_delivery_status (school_id)`,

  `CREATE MATERIALIZED VIEW compliance_dashboard_cache AS
    WITH enrolled AS (
      SELECT s.id AS student_id, s.school_id, s.grade_level, d.state_code, ${gradeRank('s.grade_level')} AS grade_rank
      FROM students s
      JOIN schools sc ON sc.id = s.school_id
      JOIN districts d ON d.id = sc.district_id
      WHERE s.enrollment_status = 'ACTIVE' AND s.grade_level IS NOT NULL
    ),
    requirement AS (
      SELECT e.student_id, e.school_id, e.grade_level, vs.vaccine_type, count(DISTINCT vs.dose_number) AS doses_required
      FROM enrolled e
      JOIN vaccination_schedules vs
        ON vs.state_code = e.state_code
       AND vs.required_for_enrollment
       AND vs.deleted_at IS NULL
       AND (vs.grade_level IS NULL OR ${gradeRank('vs.grade_level')} <= e.grade_rank)
      GROUP BY e.student_id, e.school_id, e.grade_level, vs.vaccine_type
    ),
    status AS (
      SELECT r.student_id, r.school_id, r.grade_level, r.vaccine_type,
        (SELECT count(DISTINCT v.administration_date)
           FROM vaccinations v
          WHERE v.student_id = r.student_id AND v.vaccine_type = r.vaccine_type AND v.deleted_at IS NULL
        ) >= r.doses_required AS compliant,
        EXISTS (
          SELECT 1 FROM immunization_exemptions x
          WHERE x.student_id = r.student_id
            AND (x.vaccine_type IS NULL OR x.vaccine_type = r.vaccine_type)
            AND x.deleted_at IS NULL
            AND (x.start_date IS NULL OR x.start_date <= CURRENT_DATE)
            AND (x.end_date IS NULL OR x.end_date >= CURRENT_DATE)
        ) AS exempt
      FROM requirement r
    )
    SELECT
      (school_id || ':' || grade_level || ':' || vaccine_type)::text AS id,
      school_id,
      grade_level::varchar(20) AS grade_level,
      vaccine_type::varchar(50) AS vaccine_type,
      count(*)::integer AS total_students,
      (count(*) FILTER (WHERE compliant))::integer AS compliant_count,
      (count(*) FILTER (WHERE NOT compliant AND NOT exempt))::integer AS overdue_count,
      (count(*) FILTER (WHERE NOT compliant AND exempt))::integer AS exempt_count,
      round(100.0 * count(*) FILTER (WHERE compliant) / count(*), 2)::numeric(5,2) AS compliance_percentage,
      COALESCE(jsonb_agg(student_id ORDER BY student_id) FILTER (WHERE NOT compliant AND NOT exempt), '[]'::jsonb)
        AS non_compliance_list,
      now() AS last_updated
    FROM status
    GROUP BY school_id, grade_level, vaccine_type`,
  `CREATE UNIQUE INDEX idx_compliance_dashboard_cache_id ON compliance_dashboard_cache (id)`,
  `CREATE INDEX idx_compliance_dashboard_cache_school_id ON compliance_dashboard_cache (school_id)`,
];

const DOWN: readonly string[] = [
  `DROP MATERIALIZED VIEW compliance_dashboard_cache`,
  `DROP TABLE reminder_delivery_status`,
  `DROP TABLE immunization_reminders`,
  `DROP TABLE vaccination_schedules`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
