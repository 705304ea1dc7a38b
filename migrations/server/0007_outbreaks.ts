import { sql, type Kysely } from 'kysely';

/**
 * Feature 37: outbreak detection.
 * - outbreak_patterns: district-wide catalog pulled by workstations (created_at/updated_at/deleted_at,
 *   no school_id). symptom_tracking: student data, synced (school_id + sync columns).
 *   outbreak_alerts: already has the spec's school_id; gets the sync columns. outbreak_case_clusters:
 *   server-only, derived by the outbreak scan (created_at/updated_at).
 * - Enumerations from the spec's comments, widened by its enum section (DiseaseCategory,
 *   OutbreakStatus) are CHECKs. outbreak_alerts.severity_level has no comment: it takes the pattern's
 *   levels. student_grade_level takes the grades of students.grade_level.
 * - A column the spec gives a default is NOT NULL (a NULL threshold or flag has no meaning);
 *   follow_up_required has no default in the spec but a tri-state boolean is a bug: NOT NULL DEFAULT false.
 * - FKs without an ON DELETE in the spec are RESTRICT; created_by is a user reference the spec leaves
 *   without an FK, given one here. Not partitioned: see docs/partitioning.md.
 */
const GRADES = `'PK','K','1','2','3','4','5','6','7','8','9','10','11','12'`;

const UP: readonly string[] = [
  `CREATE TABLE outbreak_patterns (
    id text PRIMARY KEY,
    pattern_name varchar(100) NOT NULL UNIQUE,
    disease_category varchar(100)
      CONSTRAINT outbreak_patterns_disease_category_check
      CHECK (disease_category IN ('RESPIRATORY','GASTROINTESTINAL','SKIN_INFECTION','COMMUNICABLE_DISEASE','VECTOR_BORNE')),
    symptom_combination jsonb NOT NULL,
    threshold_students integer NOT NULL DEFAULT 3
      CONSTRAINT outbreak_patterns_threshold_students_check CHECK (threshold_students >= 1),
    threshold_percentage numeric(5,2)
      CONSTRAINT outbreak_patterns_threshold_percentage_check CHECK (threshold_percentage BETWEEN 0 AND 100),
    time_window_days integer NOT NULL DEFAULT 7
      CONSTRAINT outbreak_patterns_time_window_days_check CHECK (time_window_days >= 1),
    geographic_clustering boolean NOT NULL DEFAULT true,
    cluster_radius_meters integer
      CONSTRAINT outbreak_patterns_cluster_radius_meters_check CHECK (cluster_radius_meters > 0),
    severity_level varchar(20)
      CONSTRAINT outbreak_patterns_severity_level_check CHECK (severity_level IN ('LOW','MODERATE','HIGH','EPIDEMIC')),
    notification_recipients jsonb,
    is_active boolean NOT NULL DEFAULT true,
    reportable_disease boolean NOT NULL DEFAULT false,
    created_by text REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_outbreak_patterns_disease_category ON outbreak_patterns (disease_category)`,
  `CREATE INDEX idx_outbreak_patterns_is_active ON outbreak_patterns (is_active)`,
  `CREATE INDEX idx_outbreak_patterns_reportable_disease ON outbreak_patterns (reportable_disease)`,
  `CREATE INDEX idx_outbreak_patterns_created_by ON outbreak_patterns (created_by)`,

  `CREATE TABLE symptom_tracking (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    reported_date timestamptz NOT NULL DEFAULT now(),
    symptom_onset_date date NOT NULL,
    symptoms jsonb NOT NULL,
    severity_assessment varchar(50)
      CONSTRAINT symptom_tracking_severity_assessment_check CHECK (severity_assessment IN ('MILD','MODERATE','SEVERE')),
    diagnosis varchar(200),
    icd10_code varchar(10),
    location_at_onset varchar(200),
    student_grade_level varchar(10)
      CONSTRAINT symptom_tracking_student_grade_level_check CHECK (student_grade_level IN (${GRADES})),
    sent_home boolean NOT NULL DEFAULT false,
    returned_to_school_date date,
    follow_up_required boolean NOT NULL DEFAULT false,
    notes text,
    reported_by text REFERENCES users(id) ON DELETE RESTRICT,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT symptom_tracking_returned_to_school_date_check
      CHECK (returned_to_school_date IS NULL OR returned_to_school_date >= symptom_onset_date)
  )`,
  `CREATE INDEX idx_symptom_tracking_student_id_reported_date ON symptom_tracking (student_id, reported_date DESC)`,
  `CREATE INDEX idx_symptom_tracking_symptom_onset_date ON symptom_tracking (symptom_onset_date DESC)`,
  `CREATE INDEX idx_symptom_tracking_diagnosis ON symptom_tracking (diagnosis)`,
  `CREATE INDEX idx_symptom_tracking_symptoms ON symptom_tracking USING gin (symptoms)`,
  `CREATE INDEX idx_symptom_tracking_reported_by ON symptom_tracking (reported_by)`,
  `CREATE INDEX idx_symptom_tracking_school_id ON symptom_tracking (school_id)`,

  `CREATE TABLE outbreak_alerts (
    id text PRIMARY KEY,
    pattern_id text REFERENCES outbreak_patterns(id) ON DELETE RESTRICT,
    alert_date timestamptz NOT NULL DEFAULT now(),
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    affected_students_count integer NOT NULL,
    total_student_population integer
      CONSTRAINT outbreak_alerts_total_student_population_check CHECK (total_student_population >= 0),
    percentage_affected numeric(5,2)
      CONSTRAINT outbreak_alerts_percentage_affected_check CHECK (percentage_affected BETWEEN 0 AND 100),
    symptom_summary jsonb,
    geographic_cluster_info jsonb,
    time_series_data jsonb,
    outbreak_status varchar(50) NOT NULL DEFAULT 'INVESTIGATING'
      CONSTRAINT outbreak_alerts_outbreak_status_check
      CHECK (outbreak_status IN ('INVESTIGATING','CONFIRMED','CONTAINED','RESOLVED')),
    severity_level varchar(20)
      CONSTRAINT outbreak_alerts_severity_level_check CHECK (severity_level IN ('LOW','MODERATE','HIGH','EPIDEMIC')),
    health_department_notified boolean NOT NULL DEFAULT false,
    notification_sent_at timestamptz,
    containment_measures jsonb,
    resolved_at timestamptz,
    resolution_notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT outbreak_alerts_affected_students_count_check
      CHECK (affected_students_count >= 0
        AND (total_student_population IS NULL OR affected_students_count <= total_student_population)),
    CONSTRAINT outbreak_alerts_resolved_at_check CHECK (resolved_at IS NULL OR resolved_at >= alert_date)
  )`,
  `CREATE INDEX idx_outbreak_alerts_school_id_alert_date ON outbreak_alerts (school_id, alert_date DESC)`,
  `CREATE INDEX idx_outbreak_alerts_outbreak_status ON outbreak_alerts (outbreak_status)`,
  `CREATE INDEX idx_outbreak_alerts_severity_level ON outbreak_alerts (severity_level)`,
  `CREATE INDEX idx_outbreak_alerts_pattern_id ON outbreak_alerts (pattern_id)`,

  `CREATE TABLE outbreak_case_clusters (
    id text PRIMARY KEY,
    outbreak_alert_id text NOT NULL REFERENCES outbreak_alerts(id) ON DELETE CASCADE,
    symptom_tracking_id text NOT NULL REFERENCES symptom_tracking(id) ON DELETE RESTRICT,
    cluster_assignment integer
      CONSTRAINT outbreak_case_clusters_cluster_assignment_check CHECK (cluster_assignment >= 0),
    spatial_distance_meters numeric(10,2)
      CONSTRAINT outbreak_case_clusters_spatial_distance_meters_check CHECK (spatial_distance_meters >= 0),
    temporal_distance_days integer
      CONSTRAINT outbreak_case_clusters_temporal_distance_days_check CHECK (temporal_distance_days >= 0),
    epidemiological_link_strength varchar(50)
      CONSTRAINT outbreak_case_clusters_epidemiological_link_strength_check
      CHECK (epidemiological_link_strength IN ('STRONG','MODERATE','WEAK')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (outbreak_alert_id, symptom_tracking_id)
  )`,
  `CREATE INDEX idx_outbreak_case_clusters_symptom_tracking_id ON outbreak_case_clusters (symptom_tracking_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE outbreak_case_clusters`,
  `DROP TABLE outbreak_alerts`,
  `DROP TABLE symptom_tracking`,
  `DROP TABLE outbreak_patterns`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
