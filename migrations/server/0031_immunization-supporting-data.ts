import { sql, type Kysely } from 'kysely';

/**
 * CDC's CDSi supporting data as district reference data (issue 12, docs/immunizations.md "Supporting data"): each
 * release a district loads (`white-cross immunizations load-supporting-data DIR`) is kept, with its files' texts, and
 * one of them is current; the evaluation and forecast read the current one, on the server and (pulled) on every
 * workstation.
 *
 * - immunization_supporting_data_releases: version (CDC's release, from the folder's name), checksum (SHA-256 over
 *   the files, UNIQUE: the same files are one release), file_count, is_current (at most one row: a partial UNIQUE
 *   index), loaded_at, loaded_by.
 * - immunization_supporting_data_files: one row per XML file of a release (file_name, its SHA-256, its text), so a
 *   pull carries a release file by file (the largest is about 0.2 MB).
 *
 * Both are district reference data (no school_id): grants of 0018, the change capture of 0019/0020 with district
 * scope (every workstation pulls them), and sync_rows_elsewhere_by_table's list (0028's and these; down restores
 * 0028's).
 */
const ROLE = 'white_cross_app';
const TIMESTAMPS = `created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz`;
const HEX64 = (t: string, c: string) => `CONSTRAINT ${t}_${c}_check CHECK (${c} ~ '^[0-9a-f]{64}$')`;

const NEW_TABLES: readonly string[] = [
  'immunization_supporting_data_releases',
  'immunization_supporting_data_files',
];

/** sync_rows_elsewhere_by_table's list as 0028 left it. */
const SYNCED_0028: readonly string[] = [
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
  'medication_administration_corrections',
  'controlled_substance_transactions',
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

const R = 'immunization_supporting_data_releases';
const F = 'immunization_supporting_data_files';

const TABLES: readonly string[] = [
  `CREATE TABLE ${R} (
    id text PRIMARY KEY,
    version varchar(40) NOT NULL CONSTRAINT ${R}_version_check CHECK (version ~ '^[0-9]+(\\.[0-9]+)+$'),
    checksum varchar(64) NOT NULL UNIQUE ${HEX64(R, 'checksum')},
    file_count integer NOT NULL CONSTRAINT ${R}_file_count_check CHECK (file_count > 0),
    is_current boolean NOT NULL DEFAULT false,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    loaded_by text REFERENCES users(id) ON DELETE RESTRICT,
    ${TIMESTAMPS}
  )`,
  `CREATE UNIQUE INDEX idx_${R}_is_current ON ${R} (is_current) WHERE is_current`,
  `CREATE INDEX idx_${R}_loaded_at ON ${R} (loaded_at)`,
  `CREATE TABLE ${F} (
    id text PRIMARY KEY,
    release_id text NOT NULL REFERENCES ${R}(id) ON DELETE RESTRICT,
    file_name varchar(200) NOT NULL
      CONSTRAINT ${F}_file_name_check CHECK (file_name ~ '^[A-Za-z0-9._-]+\\.xml$'),
    sha256 varchar(64) NOT NULL ${HEX64(F, 'sha256')},
    content text NOT NULL CONSTRAINT ${F}_content_check CHECK (length(content) > 0),
    ${TIMESTAMPS},
    CONSTRAINT ${F}_release_id_file_name_key UNIQUE (release_id, file_name)
  )`,
];

const TENANCY: readonly string[] = NEW_TABLES.map(
  (t) => `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${t} TO ${ROLE}`,
);

const CAPTURE: readonly string[] = NEW_TABLES.flatMap((t) => [
  `CREATE TRIGGER sync_capture_lock BEFORE INSERT OR UPDATE OR DELETE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_lock()`,
  ...(['insert', 'update', 'delete'] as const).map(
    (op) => `CREATE TRIGGER sync_capture_${op} AFTER ${op.toUpperCase()} ON ${t}
        REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'}
        FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_${op}('district', '')`,
  ),
]);

const UP: readonly string[] = [...TABLES, ...TENANCY, ...CAPTURE, elsewhere([...SYNCED_0028, ...NEW_TABLES])];

const DOWN: readonly string[] = [
  elsewhere(SYNCED_0028),
  // the tables' triggers, indexes and grants go with them
  `DROP TABLE ${F}`,
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
