import { sql, type Kysely } from 'kysely';

/**
 * The compliance dashboard from the compliance engine (issue 12, "Compliance dashboard"). Until now
 * compliance_dashboard_cache was a materialized view that counted doses in SQL; the real status (CDC's evaluation,
 * the state's school-entry rules, exemptions and their expiry) is computed in code (src-shared/immunizations), so
 * the refresh (server-sync/immunizations/dashboard) writes its results into two tables and the view only publishes
 * each school's newest snapshot:
 *
 * - compliance_dashboard_refreshes: one row per school and day (the school's local date) the dashboard was
 *   computed: the state whose rules were applied, the students evaluated, CDC's data release, when.
 * - compliance_dashboard_snapshots: per refresh, one row per grade and vaccine (and vaccine_type 'ALL': each
 *   student's overall status) with the counts by status, exemptions by type, the percentage compliant and the
 *   students needing action (needing_action: [{studentId, status, nextDose, dueDate, conditionalDeadline, reason}]).
 *   A refresh of a school replaces that day's rows in one transaction: a day's last refresh is the day's history.
 * - compliance_dashboard_cache: the same materialized view name and spec columns (plus conditional and exemptions by
 *   type), now SELECTing the newest snapshot of each school; refreshed CONCURRENTLY in the refresh's transaction,
 *   so readers are never blocked and never see half a refresh.
 *
 * Both tables hold student data (the ids of students needing action): school_id, the tenancy of 0018 (grant,
 * school filter). They are the district's (not synced): a workstation computes its own school's summary locally.
 */
const ROLE = 'white_cross_app';
const IN_SCOPE = `school_id = ANY (string_to_array(current_setting('app.school_ids', true), ','))`;
const R = 'compliance_dashboard_refreshes';
const S = 'compliance_dashboard_snapshots';
const V = 'compliance_dashboard_cache';

const count = (c: string) => `${c} integer NOT NULL CONSTRAINT ${S}_${c}_check CHECK (${c} >= 0)`;

const NEW_VIEW = `CREATE MATERIALIZED VIEW ${V} AS
    SELECT
      (s.school_id || ':' || s.grade_level || ':' || s.vaccine_type)::text AS id,
      s.school_id,
      s.grade_level,
      s.vaccine_type,
      s.total_students,
      s.compliant_count,
      s.overdue_count,
      s.exempt_count,
      s.compliance_percentage,
      s.needing_action AS non_compliance_list,
      r.computed_at AS last_updated,
      s.conditional_count,
      s.exempt_medical_count,
      s.exempt_religious_count,
      s.exempt_philosophical_count,
      s.snapshot_date
    FROM ${S} s
    JOIN ${R} r ON r.id = s.refresh_id
    WHERE s.snapshot_date = (SELECT max(m.snapshot_date) FROM ${R} m WHERE m.school_id = s.school_id)`;

const gradeRank = (col: string): string =>
  `CASE ${col} WHEN 'PK' THEN -1 WHEN 'K' THEN 0 ELSE CASE WHEN ${col} ~ '^[0-9]{1,2}$' THEN ${col}::integer END END`;

/** 0010's definition, restored by down. */
const OLD_VIEW = `CREATE MATERIALIZED VIEW ${V} AS
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
    GROUP BY school_id, grade_level, vaccine_type`;

const VIEW_INDEXES = [
  `CREATE UNIQUE INDEX idx_${V}_id ON ${V} (id)`,
  `CREATE INDEX idx_${V}_school_id ON ${V} (school_id)`,
];

const tenancy = (t: string): string[] => [
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${t} TO ${ROLE}`,
  `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY tenant_isolation ON ${t} USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`,
];

const UP: readonly string[] = [
  `CREATE TABLE ${R} (
    id text PRIMARY KEY,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    snapshot_date date NOT NULL,
    state_code varchar(2) CONSTRAINT ${R}_state_code_check CHECK (state_code ~ '^[A-Z]{2}$'),
    students_evaluated integer NOT NULL CONSTRAINT ${R}_students_evaluated_check CHECK (students_evaluated >= 0),
    supporting_data_version varchar(20),
    computed_at timestamptz NOT NULL,
    CONSTRAINT ${R}_school_id_snapshot_date_key UNIQUE (school_id, snapshot_date)
  )`,
  `CREATE TABLE ${S} (
    id text PRIMARY KEY,
    refresh_id text NOT NULL REFERENCES ${R}(id) ON DELETE CASCADE,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    snapshot_date date NOT NULL,
    grade_level varchar(20) NOT NULL,
    vaccine_type varchar(50) NOT NULL,
    ${count('total_students')},
    ${count('compliant_count')},
    ${count('conditional_count')},
    ${count('overdue_count')},
    ${count('exempt_count')},
    ${count('exempt_medical_count')},
    ${count('exempt_religious_count')},
    ${count('exempt_philosophical_count')},
    compliance_percentage numeric(5,2)
      CONSTRAINT ${S}_compliance_percentage_check CHECK (compliance_percentage BETWEEN 0 AND 100),
    needing_action jsonb NOT NULL CONSTRAINT ${S}_needing_action_check CHECK (jsonb_typeof(needing_action) = 'array'),
    CONSTRAINT ${S}_school_date_grade_vaccine_key UNIQUE (school_id, snapshot_date, grade_level, vaccine_type)
  )`,
  `CREATE INDEX idx_${S}_refresh_id ON ${S} (refresh_id)`,
  ...tenancy(R),
  ...tenancy(S),
  `DROP MATERIALIZED VIEW ${V}`,
  NEW_VIEW,
  ...VIEW_INDEXES,
];

const DOWN: readonly string[] = [
  `DROP MATERIALIZED VIEW ${V}`,
  OLD_VIEW,
  ...VIEW_INDEXES,
  `DROP TABLE ${S}`,
  `DROP TABLE ${R}`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
