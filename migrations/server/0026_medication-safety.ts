import { sql, type Kysely } from 'kysely';

/**
 * Feature 48, medication safety (docs/medication-safety.md): the shipped reference dataset
 * (reference-data/medication-safety) in tables, versioned, pulled by every workstation; and the nurse's overrides.
 *
 * - drug_catalog: class_codes (jsonb array of class codes), fact_sources (jsonb: the entry's sources), is_otc,
 *   dataset_key (the dataset's drug key, UNIQUE where not null), origin ('SHIPPED' | 'LOCAL': a district's own
 *   formulary entry is LOCAL and never retired by a load).
 * - drug_interactions: source, source_date, onc_high_priority (one of the ONC high-priority pairs).
 * - drug_classes, drug_class_interactions (class rules, class_a_code <= class_b_code bytewise),
 *   drug_class_cross_reactivity, reference_data_versions: district reference data (no school_id).
 * - medication_safety_overrides: a nurse gave a medication despite a warning (student data, school_id).
 * - student_medications.administration_location: SCHOOL (given at school) or HOME (taken at home, on record).
 *
 * Every new table joins the tenancy of 0018 (grants to white_cross_app; medication_safety_overrides is filtered by
 * school), the change capture of 0019/0020 (statement triggers: district scope for the reference tables, school_id
 * for the overrides) and the push's existence check sync_rows_elsewhere_by_table (its frozen table list, replaced
 * here; down restores 0020's).
 */
const ROLE = 'white_cross_app';
const IN_SCOPE = `school_id = ANY (string_to_array(current_setting('app.school_ids', true), ','))`;
const SEVERITY = `('MINOR','MODERATE','MAJOR','CONTRAINDICATED')`;
const SOURCE_DATE = (t: string) =>
  `source_date varchar(10) CONSTRAINT ${t}_source_date_check CHECK (source_date ~ '^\\d{4}-\\d{2}-\\d{2}$')`;
const TIMESTAMPS = `created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz`;

const NEW_TABLES: readonly (readonly [string, string])[] = [
  ['drug_classes', 'district'],
  ['drug_class_interactions', 'district'],
  ['drug_class_cross_reactivity', 'district'],
  ['reference_data_versions', 'district'],
  ['medication_safety_overrides', 'school_id'],
];

/** The synced tables of 0020 and the new ones: sync_rows_elsewhere_by_table's list. */
const SYNCED_0020: readonly string[] = [
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
  `CREATE TABLE drug_classes (
    id text PRIMARY KEY,
    code varchar(64) NOT NULL UNIQUE CONSTRAINT drug_classes_code_check CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name varchar(200) NOT NULL,
    kind varchar(20) NOT NULL
      CONSTRAINT drug_classes_kind_check CHECK (kind IN ('PHARMACOLOGIC','THERAPEUTIC','EFFECT')),
    parent_code varchar(64),
    aliases jsonb NOT NULL DEFAULT '[]'::jsonb
      CONSTRAINT drug_classes_aliases_check CHECK (jsonb_typeof(aliases) = 'array'),
    source text,
    ${SOURCE_DATE('drug_classes')},
    ${TIMESTAMPS}
  )`,
  `CREATE TABLE drug_class_interactions (
    id text PRIMARY KEY,
    class_a_code varchar(64) NOT NULL,
    class_b_code varchar(64) NOT NULL,
    interaction_severity varchar(20) NOT NULL
      CONSTRAINT drug_class_interactions_interaction_severity_check CHECK (interaction_severity IN ${SEVERITY}),
    interaction_type varchar(100)
      CONSTRAINT drug_class_interactions_interaction_type_check
      CHECK (interaction_type IN ('PHARMACOKINETIC','PHARMACODYNAMIC','ADDITIVE_TOXICITY')),
    description text NOT NULL,
    clinical_effects text,
    management_recommendations text,
    evidence_level varchar(50)
      CONSTRAINT drug_class_interactions_evidence_level_check
      CHECK (evidence_level IN ('THEORETICAL','CASE_REPORT','CLINICAL_STUDY','WELL_DOCUMENTED')),
    onset varchar(50) CONSTRAINT drug_class_interactions_onset_check CHECK (onset IN ('RAPID','DELAYED')),
    source text,
    ${SOURCE_DATE('drug_class_interactions')},
    ${TIMESTAMPS},
    CONSTRAINT drug_class_interactions_class_a_code_check CHECK (class_a_code <= class_b_code COLLATE "C")
  )`,
  `CREATE UNIQUE INDEX idx_drug_class_interactions_class_a_code_class_b_code
    ON drug_class_interactions (class_a_code, class_b_code)`,
  `CREATE INDEX idx_drug_class_interactions_class_b_code ON drug_class_interactions (class_b_code)`,
  `CREATE TABLE drug_class_cross_reactivity (
    id text PRIMARY KEY,
    allergy_class_code varchar(64) NOT NULL,
    reacts_with_class_code varchar(64) NOT NULL,
    evidence varchar(20) NOT NULL
      CONSTRAINT drug_class_cross_reactivity_evidence_check CHECK (evidence IN ('HIGH','MODERATE','LOW')),
    note text NOT NULL,
    interaction_severity varchar(20) NOT NULL
      CONSTRAINT drug_class_cross_reactivity_interaction_severity_check CHECK (interaction_severity IN ${SEVERITY}),
    source text,
    ${SOURCE_DATE('drug_class_cross_reactivity')},
    ${TIMESTAMPS}
  )`,
  `CREATE UNIQUE INDEX idx_drug_class_cross_reactivity_allergy_class_code_reacts_with
    ON drug_class_cross_reactivity (allergy_class_code, reacts_with_class_code)`,
  `CREATE TABLE reference_data_versions (
    id text PRIMARY KEY,
    dataset varchar(100) NOT NULL,
    version varchar(40) NOT NULL,
    published date NOT NULL,
    checksum varchar(64) NOT NULL
      CONSTRAINT reference_data_versions_checksum_check CHECK (checksum ~ '^[0-9a-f]{64}$'),
    counts jsonb NOT NULL CONSTRAINT reference_data_versions_counts_check CHECK (jsonb_typeof(counts) = 'object'),
    loaded_at timestamptz NOT NULL DEFAULT now(),
    loaded_by text REFERENCES users(id) ON DELETE RESTRICT,
    ${TIMESTAMPS},
    CONSTRAINT reference_data_versions_dataset_version_key UNIQUE (dataset, version)
  )`,
  `CREATE INDEX idx_reference_data_versions_loaded_at ON reference_data_versions (loaded_at)`,
  `CREATE TABLE medication_safety_overrides (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    medication_id text NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    drug_catalog_id text REFERENCES drug_catalog(id) ON DELETE RESTRICT,
    medication_administration_id text REFERENCES medication_administrations(id) ON DELETE RESTRICT,
    clinic_visit_id text REFERENCES clinic_visits(id) ON DELETE RESTRICT,
    highest_severity varchar(20) NOT NULL
      CONSTRAINT medication_safety_overrides_highest_severity_check CHECK (highest_severity IN ${SEVERITY}),
    findings jsonb NOT NULL
      CONSTRAINT medication_safety_overrides_findings_check CHECK (jsonb_typeof(findings) = 'array'),
    reason text NOT NULL CONSTRAINT medication_safety_overrides_reason_check CHECK (length(trim(reason)) > 0),
    physician_name varchar(200),
    physician_approved_at timestamptz,
    overridden_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    overridden_at timestamptz NOT NULL,
    reference_version varchar(40),
    ${TIMESTAMPS}
  )`,
  `CREATE INDEX idx_medication_safety_overrides_student_id_overridden_at
    ON medication_safety_overrides (student_id, overridden_at)`,
  `CREATE INDEX idx_medication_safety_overrides_school_id ON medication_safety_overrides (school_id)`,
  `CREATE INDEX idx_medication_safety_overrides_medication_administration_id
    ON medication_safety_overrides (medication_administration_id)`,
];

const COLUMNS: readonly string[] = [
  `ALTER TABLE drug_catalog
    ADD COLUMN class_codes jsonb NOT NULL DEFAULT '[]'::jsonb
      CONSTRAINT drug_catalog_class_codes_check CHECK (jsonb_typeof(class_codes) = 'array'),
    ADD COLUMN fact_sources jsonb,
    ADD COLUMN is_otc boolean NOT NULL DEFAULT false,
    ADD COLUMN dataset_key varchar(100),
    ADD COLUMN origin varchar(10) NOT NULL DEFAULT 'SHIPPED'
      CONSTRAINT drug_catalog_origin_check CHECK (origin IN ('SHIPPED','LOCAL'))`,
  `CREATE UNIQUE INDEX idx_drug_catalog_dataset_key ON drug_catalog (dataset_key) WHERE dataset_key IS NOT NULL`,
  `ALTER TABLE drug_interactions
    ADD COLUMN source text,
    ADD COLUMN ${SOURCE_DATE('drug_interactions')},
    ADD COLUMN onc_high_priority boolean NOT NULL DEFAULT false`,
  `ALTER TABLE student_medications
    ADD COLUMN administration_location varchar(10) NOT NULL DEFAULT 'SCHOOL'
      CONSTRAINT student_medications_administration_location_check CHECK (administration_location IN ('SCHOOL','HOME'))`,
];

const TENANCY: readonly string[] = [
  ...NEW_TABLES.map(([t]) => `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${t} TO ${ROLE}`),
  `ALTER TABLE medication_safety_overrides ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY tenant_isolation ON medication_safety_overrides USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`,
];

const CAPTURE: readonly string[] = NEW_TABLES.flatMap(([t, scope]) => [
  `CREATE TRIGGER sync_capture_lock BEFORE INSERT OR UPDATE OR DELETE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_lock()`,
  ...(['insert', 'update', 'delete'] as const).map(
    (op) => `CREATE TRIGGER sync_capture_${op} AFTER ${op.toUpperCase()} ON ${t}
        REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
        FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_${op}('${scope}', '')`,
  ),
]);

const UP: readonly string[] = [
  ...TABLES,
  ...COLUMNS,
  ...TENANCY,
  ...CAPTURE,
  elsewhere([...SYNCED_0020, ...NEW_TABLES.map(([t]) => t)]),
];

const DOWN: readonly string[] = [
  elsewhere(SYNCED_0020),
  // the tables' triggers, policy and grants go with them
  ...[...NEW_TABLES].reverse().map(([t]) => `DROP TABLE ${t}`),
  `ALTER TABLE student_medications DROP COLUMN administration_location`,
  `ALTER TABLE drug_interactions DROP COLUMN onc_high_priority, DROP COLUMN source_date, DROP COLUMN source`,
  `DROP INDEX idx_drug_catalog_dataset_key`,
  `ALTER TABLE drug_catalog DROP COLUMN origin, DROP COLUMN dataset_key, DROP COLUMN is_otc,
    DROP COLUMN fact_sources, DROP COLUMN class_codes`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
