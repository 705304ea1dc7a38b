import { sql, type Kysely } from 'kysely';

/**
 * Feature 17: clinic visit tracking.
 * - visit_reasons: district-wide catalog pulled by workstations (created_at/updated_at/deleted_at).
 *   clinic_visits and class_time_missed: student data, synced (school_id + sync columns).
 * - visit_duration_minutes is the spec's generated column; EXTRACT(EPOCH FROM interval) is numeric,
 *   cast to integer (rounds to the nearest minute).
 * - temperature_f is numeric(5,2), not the spec's DECIMAL(4,2): (4,2) tops out at 99.99 and could not
 *   hold a fever (the CHECK allows 90-110 °F).
 * - Vitals are range-checked; parent_notification_time is required once parent_notified is true.
 * - A column the spec gives a default is NOT NULL. FKs without an ON DELETE in the spec are RESTRICT.
 * - visit_frequency_analytics (materialized view, refreshed nightly, CONCURRENTLY thanks to its
 *   UNIQUE index on student_id): one row per student with at least one visit at the student's current
 *   school (students.school_id, the row's tenancy key), tombstoned visits excluded; the school year
 *   starts on August 1; a chronic visitor has more than 10 visits in the last 30 days.
 *   average_visit_duration_minutes is over completed visits (departure recorded), capped at 9999.99 so
 *   that a visit left open for days cannot make numeric(6,2) overflow and the refresh fail.
 *   A materialized view has no row-level security: it is read only through code that filters on school_id.
 * - medication_administrations (0001_core) gets its FK to clinic_visits here, now that the table exists.
 * Not partitioned: see docs/partitioning.md.
 */
const UP: readonly string[] = [
  `CREATE TABLE visit_reasons (
    id text PRIMARY KEY,
    reason_code varchar(50) NOT NULL UNIQUE,
    reason_name varchar(200) NOT NULL,
    reason_category varchar(50)
      CONSTRAINT visit_reasons_reason_category_check
      CHECK (reason_category IN ('ILLNESS','INJURY','MEDICATION','ROUTINE_CHECK','CHRONIC_CONDITION')),
    icd10_codes jsonb,
    typical_duration_minutes integer
      CONSTRAINT visit_reasons_typical_duration_minutes_check CHECK (typical_duration_minutes > 0),
    requires_parent_notification boolean NOT NULL DEFAULT false,
    requires_vital_signs boolean NOT NULL DEFAULT false,
    is_active boolean NOT NULL DEFAULT true,
    display_order integer CONSTRAINT visit_reasons_display_order_check CHECK (display_order >= 0),
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,

  `CREATE TABLE clinic_visits (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    arrival_time timestamptz NOT NULL DEFAULT now(),
    departure_time timestamptz,
    visit_duration_minutes integer
      GENERATED ALWAYS AS ((EXTRACT(EPOCH FROM (departure_time - arrival_time)) / 60)::integer) STORED,
    visit_reason_id text REFERENCES visit_reasons(id) ON DELETE RESTRICT,
    visit_reason_custom text,
    severity_triage varchar(20)
      CONSTRAINT clinic_visits_severity_triage_check CHECK (severity_triage IN ('ROUTINE','URGENT','EMERGENCY')),
    presenting_complaint text NOT NULL,
    vital_signs_taken boolean NOT NULL DEFAULT false,
    temperature_f numeric(5,2)
      CONSTRAINT clinic_visits_temperature_f_check CHECK (temperature_f BETWEEN 90 AND 110),
    heart_rate integer CONSTRAINT clinic_visits_heart_rate_check CHECK (heart_rate BETWEEN 20 AND 250),
    blood_pressure_systolic integer
      CONSTRAINT clinic_visits_blood_pressure_systolic_check CHECK (blood_pressure_systolic BETWEEN 50 AND 260),
    blood_pressure_diastolic integer
      CONSTRAINT clinic_visits_blood_pressure_diastolic_check CHECK (blood_pressure_diastolic BETWEEN 20 AND 180),
    treatment_provided text,
    medications_administered jsonb,
    sent_home boolean NOT NULL DEFAULT false,
    parent_notified boolean NOT NULL DEFAULT false,
    parent_notification_time timestamptz,
    follow_up_required boolean NOT NULL DEFAULT false,
    follow_up_notes text,
    return_to_class_time timestamptz,
    excuse_note_generated boolean NOT NULL DEFAULT false,
    nurse_notes text,
    attended_by_user_id text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT clinic_visits_departure_time_check CHECK (departure_time IS NULL OR departure_time >= arrival_time),
    CONSTRAINT clinic_visits_return_to_class_time_check
      CHECK (return_to_class_time IS NULL OR return_to_class_time >= arrival_time),
    CONSTRAINT clinic_visits_blood_pressure_check
      CHECK (blood_pressure_systolic IS NULL OR blood_pressure_diastolic IS NULL
        OR blood_pressure_systolic > blood_pressure_diastolic),
    CONSTRAINT clinic_visits_parent_notification_time_check
      CHECK (NOT parent_notified OR parent_notification_time IS NOT NULL)
  )`,
  `CREATE INDEX idx_clinic_visits_student_id_arrival_time ON clinic_visits (student_id, arrival_time DESC)`,
  `CREATE INDEX idx_clinic_visits_arrival_time ON clinic_visits (arrival_time DESC)`,
  `CREATE INDEX idx_clinic_visits_visit_reason_id ON clinic_visits (visit_reason_id)`,
  `CREATE INDEX idx_clinic_visits_severity_triage_arrival_time ON clinic_visits (severity_triage, arrival_time)`,
  `CREATE INDEX idx_clinic_visits_sent_home_arrival_time ON clinic_visits (sent_home, arrival_time)`,
  `CREATE INDEX idx_clinic_visits_attended_by_user_id ON clinic_visits (attended_by_user_id)`,
  `CREATE INDEX idx_clinic_visits_school_id ON clinic_visits (school_id)`,

  `CREATE TABLE class_time_missed (
    id text PRIMARY KEY,
    clinic_visit_id text NOT NULL REFERENCES clinic_visits(id) ON DELETE CASCADE,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    class_period varchar(50),
    subject varchar(100),
    minutes_missed integer NOT NULL
      CONSTRAINT class_time_missed_minutes_missed_check CHECK (minutes_missed BETWEEN 0 AND 480),
    absence_excused boolean NOT NULL DEFAULT true,
    teacher_notified boolean NOT NULL DEFAULT false,
    makeup_work_required boolean NOT NULL DEFAULT false,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_class_time_missed_clinic_visit_id ON class_time_missed (clinic_visit_id)`,
  `CREATE INDEX idx_class_time_missed_student_id ON class_time_missed (student_id)`,
  `CREATE INDEX idx_class_time_missed_school_id ON class_time_missed (school_id)`,

  `CREATE MATERIALIZED VIEW visit_frequency_analytics AS
    SELECT
      cv.student_id,
      s.school_id,
      count(*)::integer AS total_visits,
      (count(*) FILTER (WHERE cv.arrival_time >= now() - interval '30 days'))::integer AS visits_last_30_days,
      (count(*) FILTER (
        WHERE cv.arrival_time >= date_trunc('year', now() - interval '7 months') + interval '7 months'
      ))::integer AS visits_current_school_year,
      (mode() WITHIN GROUP (ORDER BY COALESCE(vr.reason_name, cv.visit_reason_custom)))::varchar(200)
        AS most_common_reason,
      (CASE WHEN avg(cv.visit_duration_minutes) > 9999.99 THEN 9999.99
            ELSE round(avg(cv.visit_duration_minutes), 2) END)::numeric(6,2) AS average_visit_duration_minutes,
      round(100.0 * count(*) FILTER (WHERE cv.sent_home) / count(*), 2)::numeric(5,2) AS percentage_sent_home,
      count(*) FILTER (WHERE cv.arrival_time >= now() - interval '30 days') > 10 AS chronic_visitor_flag,
      max(cv.arrival_time) AS last_visit_date
    FROM clinic_visits cv
    JOIN students s ON s.id = cv.student_id AND s.school_id = cv.school_id
    LEFT JOIN visit_reasons vr ON vr.id = cv.visit_reason_id
    WHERE cv.deleted_at IS NULL
    GROUP BY cv.student_id, s.school_id`,
  `CREATE UNIQUE INDEX idx_visit_frequency_analytics_student_id ON visit_frequency_analytics (student_id)`,
  `CREATE INDEX idx_visit_frequency_analytics_school_id ON visit_frequency_analytics (school_id)`,

  `ALTER TABLE medication_administrations ADD CONSTRAINT medication_administrations_clinic_visit_id_fkey
    FOREIGN KEY (clinic_visit_id) REFERENCES clinic_visits(id) ON DELETE RESTRICT`,
  `CREATE INDEX idx_medication_administrations_clinic_visit_id ON medication_administrations (clinic_visit_id)`,
];

const DOWN: readonly string[] = [
  `DROP INDEX idx_medication_administrations_clinic_visit_id`,
  `ALTER TABLE medication_administrations DROP CONSTRAINT medication_administrations_clinic_visit_id_fkey`,
  `DROP MATERIALIZED VIEW visit_frequency_analytics`,
  `DROP TABLE class_time_missed`,
  `DROP TABLE clinic_visits`,
  `DROP TABLE visit_reasons`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
