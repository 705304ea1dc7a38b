import { sql, type Kysely } from 'kysely';

/**
 * The complete clinic visit (issue 10):
 *
 * - clinic_visits gets the vital signs a school nurse takes beyond temperature, pulse and blood pressure —
 *   blood_glucose_mg_dl (20–600, a meter's range), spo2_percent (50–100), respiratory_rate (4–80 breaths/min),
 *   pain_score (0–10), peak_flow_l_min (50–900) — and the visit's outcome, disposition (RETURNED_TO_CLASS,
 *   SENT_HOME, EMERGENCY_TRANSPORT; null while the student is still in the clinic).
 * - clinic_visit_amendments: one row per correction of a saved visit (student data, school_id): the fields changed
 *   with their old and new values (changes: jsonb object field → {old, new}), the reason, who and when. Written on
 *   the workstation in the same transaction as the visit's update and pushed.
 *
 * The new table joins the tenancy of 0018 (grant, school filter), the change capture of 0019/0020 (school_id scope)
 * and the push's existence check sync_rows_elsewhere_by_table (its frozen table list replaced; down restores 0026's).
 */
const ROLE = 'white_cross_app';
const IN_SCOPE = `school_id = ANY (string_to_array(current_setting('app.school_ids', true), ','))`;

/** The synced tables of 0026: sync_rows_elsewhere_by_table's list before this migration. */
const SYNCED_0026: readonly string[] = [
  'schools',
  'users',
  'students',
  'medications',
  'drug_catalog',
  'drug_interactions',
  'interaction_severity_levels',
  'visit_reasons',
  'vaccination_schedules',
  'alert_definitions',
  'report_definitions',
  'guardians',
  'allergies',
  'health_conditions',
  'student_medications',
  'clinic_visits',
  'medication_administrations',
  'vaccinations',
  'immunization_exemptions',
  'immunization_reminders',
  'class_time_missed',
  'symptom_tracking',
  'student_drug_allergies_xref',
  'alert_instances',
  'phi_disclosures',
  'phi_disclosure_recipients',
  'report_instances',
  'report_generation_log',
  'drug_classes',
  'drug_class_interactions',
  'drug_class_cross_reactivity',
  'reference_data_versions',
  'medication_safety_overrides',
];

const elsewhere = (
  tables: readonly string[],
) => `CREATE OR REPLACE FUNCTION sync_rows_elsewhere_by_table(p_ids jsonb)
    RETURNS TABLE (table_name text, row_id text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  DECLARE
    v_t text;
    v_sql text;
  BEGIN
    IF jsonb_typeof(p_ids) IS DISTINCT FROM 'object' THEN
      RAISE EXCEPTION 'sync_rows_elsewhere_by_table takes {table: [row id...]}' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_t IN SELECT k FROM jsonb_object_keys(p_ids) k ORDER BY k LOOP
      IF v_t NOT IN (${tables.map((t) => `'${t}'`).join(', ')}) THEN
        RAISE EXCEPTION '% is not a synced table', v_t USING ERRCODE = 'invalid_parameter_value';
      END IF;
      v_sql := concat_ws(' UNION ALL ', v_sql,
        format('SELECT %L::text, x.id FROM %I x WHERE x.id = ANY (ARRAY(SELECT jsonb_array_elements_text($1->%L)))', v_t, v_t, v_t));
    END LOOP;
    IF v_sql IS NOT NULL THEN
      RETURN QUERY EXECUTE v_sql USING p_ids;
    END IF;
  END
  $fn$`;

const T = 'clinic_visit_amendments';

const UP: readonly string[] = [
  `ALTER TABLE clinic_visits
    ADD COLUMN blood_glucose_mg_dl integer
      CONSTRAINT clinic_visits_blood_glucose_mg_dl_check CHECK (blood_glucose_mg_dl BETWEEN 20 AND 600),
    ADD COLUMN spo2_percent integer
      CONSTRAINT clinic_visits_spo2_percent_check CHECK (spo2_percent BETWEEN 50 AND 100),
    ADD COLUMN respiratory_rate integer
      CONSTRAINT clinic_visits_respiratory_rate_check CHECK (respiratory_rate BETWEEN 4 AND 80),
    ADD COLUMN pain_score integer
      CONSTRAINT clinic_visits_pain_score_check CHECK (pain_score BETWEEN 0 AND 10),
    ADD COLUMN peak_flow_l_min integer
      CONSTRAINT clinic_visits_peak_flow_l_min_check CHECK (peak_flow_l_min BETWEEN 50 AND 900),
    ADD COLUMN disposition varchar(30)
      CONSTRAINT clinic_visits_disposition_check
      CHECK (disposition IN ('RETURNED_TO_CLASS','SENT_HOME','EMERGENCY_TRANSPORT'))`,
  `CREATE TABLE ${T} (
    id text PRIMARY KEY,
    clinic_visit_id text NOT NULL REFERENCES clinic_visits(id) ON DELETE RESTRICT,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    changes jsonb NOT NULL CONSTRAINT ${T}_changes_check CHECK (jsonb_typeof(changes) = 'object'),
    reason text NOT NULL CONSTRAINT ${T}_reason_check CHECK (length(trim(reason)) > 0),
    amended_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    amended_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_${T}_clinic_visit_id_amended_at ON ${T} (clinic_visit_id, amended_at)`,
  `CREATE INDEX idx_${T}_student_id ON ${T} (student_id)`,
  `CREATE INDEX idx_${T}_school_id ON ${T} (school_id)`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${T} TO ${ROLE}`,
  `ALTER TABLE ${T} ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY tenant_isolation ON ${T} USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`,
  `CREATE TRIGGER sync_capture_lock BEFORE INSERT OR UPDATE OR DELETE ON ${T}
      FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_lock()`,
  ...(['insert', 'update', 'delete'] as const).map(
    (op) => `CREATE TRIGGER sync_capture_${op} AFTER ${op.toUpperCase()} ON ${T}
        REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
        FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_${op}('school_id', '')`,
  ),
  elsewhere([...SYNCED_0026, T]),
];

const DOWN: readonly string[] = [
  elsewhere(SYNCED_0026),
  // the table's triggers, policy and grants go with it
  `DROP TABLE ${T}`,
  `ALTER TABLE clinic_visits DROP COLUMN disposition, DROP COLUMN peak_flow_l_min, DROP COLUMN pain_score,
    DROP COLUMN respiratory_rate, DROP COLUMN spo2_percent, DROP COLUMN blood_glucose_mg_dl`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
