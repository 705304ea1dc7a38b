import { sql, type Kysely } from 'kysely';

/**
 * The MAR with the five rights (issue 10, docs/mar.md):
 * - medication_administrations.dose_timing (EARLY | ON_TIME | LATE against the scheduled dose's window,
 *   src-shared/mar/dose-window.ts) and voided_at (a voided dose stays, never deleted, and counts nowhere).
 * - medication_administration_corrections: every correction (dose, time, note) or void of a recorded dose, with the
 *   old and new values and a reason (student data, school_id, pushed).
 * - controlled_substance_transactions: the ledger of a school's stock of unit doses of a controlled medication
 *   (received, given, wasted, returned, a voided dose back, a count), each with who and, where policy requires it,
 *   a witness (school data, school_id, pushed).
 *
 * Both tables join the tenancy of 0018 (grants, RLS by school), the change capture of 0019/0020 (school_id scope)
 * and sync_rows_elsewhere_by_table's list (0027's list and these; down restores 0027's).
 */
const ROLE = 'white_cross_app';
const IN_SCOPE = `school_id = ANY (string_to_array(current_setting('app.school_ids', true), ','))`;
const TIMESTAMPS = `created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz`;

const NEW_TABLES: readonly string[] = [
  'medication_administration_corrections',
  'controlled_substance_transactions',
];

/** sync_rows_elsewhere_by_table's list as 0027 left it (0026's and clinic_visit_amendments). */
const SYNCED_0027: readonly string[] = [
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
  'clinic_visit_amendments',
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

const TABLES: readonly string[] = [
  `ALTER TABLE medication_administrations
    ADD COLUMN dose_timing varchar(10)
      CONSTRAINT medication_administrations_dose_timing_check CHECK (dose_timing IN ('EARLY','ON_TIME','LATE')),
    ADD COLUMN voided_at timestamptz`,
  `CREATE TABLE medication_administration_corrections (
    id text PRIMARY KEY,
    administration_id text NOT NULL REFERENCES medication_administrations(id) ON DELETE RESTRICT,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    kind varchar(12) NOT NULL
      CONSTRAINT medication_administration_corrections_kind_check CHECK (kind IN ('CORRECTION','VOID')),
    changes jsonb NOT NULL
      CONSTRAINT medication_administration_corrections_changes_check CHECK (jsonb_typeof(changes) = 'object'),
    reason text NOT NULL
      CONSTRAINT medication_administration_corrections_reason_check CHECK (length(trim(reason)) > 0),
    corrected_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    corrected_at timestamptz NOT NULL,
    ${TIMESTAMPS}
  )`,
  `CREATE INDEX idx_medication_administration_corrections_administration_id
    ON medication_administration_corrections (administration_id, corrected_at)`,
  `CREATE INDEX idx_medication_administration_corrections_student_id
    ON medication_administration_corrections (student_id)`,
  `CREATE INDEX idx_medication_administration_corrections_school_id
    ON medication_administration_corrections (school_id)`,
  `CREATE TABLE controlled_substance_transactions (
    id text PRIMARY KEY,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    medication_id text NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    kind varchar(10) NOT NULL
      CONSTRAINT controlled_substance_transactions_kind_check
      CHECK (kind IN ('RECEIVED','GIVEN','WASTED','RETURNED','VOIDED','COUNT')),
    quantity numeric(8,2) NOT NULL
      CONSTRAINT controlled_substance_transactions_quantity_check CHECK (quantity >= 0 AND quantity <= 100000),
    expected_quantity numeric(8,2),
    administration_id text,
    recorded_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    witness_user_id text REFERENCES users(id) ON DELETE RESTRICT,
    recorded_at timestamptz NOT NULL,
    note text,
    ${TIMESTAMPS},
    CONSTRAINT controlled_substance_transactions_witness_check CHECK (witness_user_id IS DISTINCT FROM recorded_by),
    CONSTRAINT controlled_substance_transactions_expected_quantity_check
      CHECK ((kind = 'COUNT') = (expected_quantity IS NOT NULL))
  )`,
  `CREATE INDEX idx_controlled_substance_transactions_school_id_medication_id
    ON controlled_substance_transactions (school_id, medication_id, recorded_at)`,
];

const TENANCY: readonly string[] = NEW_TABLES.flatMap((t) => [
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${t} TO ${ROLE}`,
  `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY tenant_isolation ON ${t} USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`,
]);

const CAPTURE: readonly string[] = NEW_TABLES.flatMap((t) => [
  `CREATE TRIGGER sync_capture_lock BEFORE INSERT OR UPDATE OR DELETE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_lock()`,
  ...(['insert', 'update', 'delete'] as const).map(
    (op) => `CREATE TRIGGER sync_capture_${op} AFTER ${op.toUpperCase()} ON ${t}
        REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
        FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_${op}('school_id', '')`,
  ),
]);

const UP: readonly string[] = [...TABLES, ...TENANCY, ...CAPTURE, elsewhere([...SYNCED_0027, ...NEW_TABLES])];

const DOWN: readonly string[] = [
  elsewhere(SYNCED_0027),
  // the tables' triggers, policies and grants go with them
  ...[...NEW_TABLES].reverse().map((t) => `DROP TABLE ${t}`),
  `ALTER TABLE medication_administrations DROP COLUMN voided_at, DROP COLUMN dose_timing`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
