import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0026_medication-safety (docs/medication-safety.md): the same tables
 * and columns (sync applies rows by column name), mapped per docs/data-model.md: STRICT tables, booleans INTEGER
 * 0/1, timestamps UTC ISO-8601 TEXT, jsonb TEXT with json_valid, every CHECK named as PostgreSQL names it,
 * regular expressions as GLOB patterns; class_a_code <= class_b_code compares bytewise (BINARY), as COLLATE "C".
 * The reference tables are pulled only; medication_safety_overrides is written by the nurse and pushed. Every new
 * table gets the outbox guard of 0005 (written only through the local store or the sync pull).
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const SEVERITY = `('MINOR','MODERATE','MAJOR','CONTRAINDICATED')`;
const DATE_GLOB = `'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
const SOURCE_DATE = (t: string) =>
  `source_date TEXT CONSTRAINT ${t}_source_date_check CHECK (source_date GLOB ${DATE_GLOB})`;
const TIMESTAMPS = `created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT`;
const CODE_CHECK = (c: string) => `(${c} GLOB '[A-Z]*' AND ${c} NOT GLOB '*[^A-Z0-9_]*')`;

const NEW_TABLES: readonly string[] = [
  'drug_classes',
  'drug_class_interactions',
  'drug_class_cross_reactivity',
  'reference_data_versions',
  'medication_safety_overrides',
];

const TABLES: readonly string[] = [
  `CREATE TABLE drug_classes (
    id TEXT NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CONSTRAINT drug_classes_code_check CHECK ${CODE_CHECK('code')},
    name TEXT NOT NULL,
    kind TEXT NOT NULL CONSTRAINT drug_classes_kind_check CHECK (kind IN ('PHARMACOLOGIC','THERAPEUTIC','EFFECT')),
    parent_code TEXT,
    aliases TEXT NOT NULL DEFAULT '[]'
      CONSTRAINT drug_classes_aliases_check CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
    source TEXT,
    ${SOURCE_DATE('drug_classes')},
    ${TIMESTAMPS}
  ) STRICT`,
  `CREATE TABLE drug_class_interactions (
    id TEXT NOT NULL PRIMARY KEY,
    class_a_code TEXT NOT NULL,
    class_b_code TEXT NOT NULL,
    interaction_severity TEXT NOT NULL
      CONSTRAINT drug_class_interactions_interaction_severity_check CHECK (interaction_severity IN ${SEVERITY}),
    interaction_type TEXT
      CONSTRAINT drug_class_interactions_interaction_type_check
      CHECK (interaction_type IN ('PHARMACOKINETIC','PHARMACODYNAMIC','ADDITIVE_TOXICITY')),
    description TEXT NOT NULL,
    clinical_effects TEXT,
    management_recommendations TEXT,
    evidence_level TEXT
      CONSTRAINT drug_class_interactions_evidence_level_check
      CHECK (evidence_level IN ('THEORETICAL','CASE_REPORT','CLINICAL_STUDY','WELL_DOCUMENTED')),
    onset TEXT CONSTRAINT drug_class_interactions_onset_check CHECK (onset IN ('RAPID','DELAYED')),
    source TEXT,
    ${SOURCE_DATE('drug_class_interactions')},
    ${TIMESTAMPS},
    CONSTRAINT drug_class_interactions_class_a_code_check CHECK (class_a_code <= class_b_code)
  ) STRICT`,
  `CREATE UNIQUE INDEX idx_drug_class_interactions_class_a_code_class_b_code
    ON drug_class_interactions (class_a_code, class_b_code)`,
  `CREATE INDEX idx_drug_class_interactions_class_b_code ON drug_class_interactions (class_b_code)`,
  `CREATE TABLE drug_class_cross_reactivity (
    id TEXT NOT NULL PRIMARY KEY,
    allergy_class_code TEXT NOT NULL,
    reacts_with_class_code TEXT NOT NULL,
    evidence TEXT NOT NULL
      CONSTRAINT drug_class_cross_reactivity_evidence_check CHECK (evidence IN ('HIGH','MODERATE','LOW')),
    note TEXT NOT NULL,
    interaction_severity TEXT NOT NULL
      CONSTRAINT drug_class_cross_reactivity_interaction_severity_check CHECK (interaction_severity IN ${SEVERITY}),
    source TEXT,
    ${SOURCE_DATE('drug_class_cross_reactivity')},
    ${TIMESTAMPS}
  ) STRICT`,
  `CREATE UNIQUE INDEX idx_drug_class_cross_reactivity_allergy_class_code_reacts_with
    ON drug_class_cross_reactivity (allergy_class_code, reacts_with_class_code)`,
  `CREATE TABLE reference_data_versions (
    id TEXT NOT NULL PRIMARY KEY,
    dataset TEXT NOT NULL,
    version TEXT NOT NULL,
    published TEXT NOT NULL,
    checksum TEXT NOT NULL CONSTRAINT reference_data_versions_checksum_check
      CHECK (length(checksum) = 64 AND checksum NOT GLOB '*[^0-9a-f]*'),
    counts TEXT NOT NULL
      CONSTRAINT reference_data_versions_counts_check CHECK (json_valid(counts) AND json_type(counts) = 'object'),
    loaded_at TEXT NOT NULL DEFAULT ${NOW},
    loaded_by TEXT REFERENCES users(id) ON DELETE RESTRICT,
    ${TIMESTAMPS},
    CONSTRAINT reference_data_versions_dataset_version_key UNIQUE (dataset, version)
  ) STRICT`,
  `CREATE INDEX idx_reference_data_versions_loaded_at ON reference_data_versions (loaded_at)`,
  `CREATE TABLE medication_safety_overrides (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    medication_id TEXT NOT NULL REFERENCES medications(id) ON DELETE RESTRICT,
    drug_catalog_id TEXT REFERENCES drug_catalog(id) ON DELETE RESTRICT,
    medication_administration_id TEXT REFERENCES medication_administrations(id) ON DELETE RESTRICT,
    clinic_visit_id TEXT REFERENCES clinic_visits(id) ON DELETE RESTRICT,
    highest_severity TEXT NOT NULL
      CONSTRAINT medication_safety_overrides_highest_severity_check CHECK (highest_severity IN ${SEVERITY}),
    findings TEXT NOT NULL
      CONSTRAINT medication_safety_overrides_findings_check CHECK (json_valid(findings) AND json_type(findings) = 'array'),
    reason TEXT NOT NULL CONSTRAINT medication_safety_overrides_reason_check CHECK (length(trim(reason)) > 0),
    physician_name TEXT,
    physician_approved_at TEXT,
    overridden_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    overridden_at TEXT NOT NULL,
    reference_version TEXT,
    ${TIMESTAMPS}
  ) STRICT`,
  `CREATE INDEX idx_medication_safety_overrides_student_id_overridden_at
    ON medication_safety_overrides (student_id, overridden_at)`,
  `CREATE INDEX idx_medication_safety_overrides_school_id ON medication_safety_overrides (school_id)`,
  `CREATE INDEX idx_medication_safety_overrides_medication_administration_id
    ON medication_safety_overrides (medication_administration_id)`,
];

const COLUMNS: readonly string[] = [
  `ALTER TABLE drug_catalog ADD COLUMN class_codes TEXT NOT NULL DEFAULT '[]'
    CONSTRAINT drug_catalog_class_codes_check CHECK (json_valid(class_codes) AND json_type(class_codes) = 'array')`,
  `ALTER TABLE drug_catalog ADD COLUMN fact_sources TEXT
    CONSTRAINT drug_catalog_fact_sources_check CHECK (json_valid(fact_sources))`,
  `ALTER TABLE drug_catalog ADD COLUMN is_otc INTEGER NOT NULL DEFAULT 0
    CONSTRAINT drug_catalog_is_otc_check CHECK (is_otc IN (0,1))`,
  `ALTER TABLE drug_catalog ADD COLUMN dataset_key TEXT`,
  `ALTER TABLE drug_catalog ADD COLUMN origin TEXT NOT NULL DEFAULT 'SHIPPED'
    CONSTRAINT drug_catalog_origin_check CHECK (origin IN ('SHIPPED','LOCAL'))`,
  `CREATE UNIQUE INDEX idx_drug_catalog_dataset_key ON drug_catalog (dataset_key) WHERE dataset_key IS NOT NULL`,
  `ALTER TABLE drug_interactions ADD COLUMN source TEXT`,
  `ALTER TABLE drug_interactions ADD COLUMN ${SOURCE_DATE('drug_interactions')}`,
  `ALTER TABLE drug_interactions ADD COLUMN onc_high_priority INTEGER NOT NULL DEFAULT 0
    CONSTRAINT drug_interactions_onc_high_priority_check CHECK (onc_high_priority IN (0,1))`,
  `ALTER TABLE student_medications ADD COLUMN administration_location TEXT NOT NULL DEFAULT 'SCHOOL'
    CONSTRAINT student_medications_administration_location_check CHECK (administration_location IN ('SCHOOL','HOME'))`,
];

const CLOSED = `NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'write_path.open')`;
const GUARDS: readonly (readonly [suffix: string, timing: string])[] = [
  ['insert', 'BEFORE INSERT'],
  ['update', 'AFTER UPDATE'],
  ['delete', 'BEFORE DELETE'],
];

const UP: readonly string[] = [
  ...TABLES,
  ...COLUMNS,
  ...NEW_TABLES.flatMap((t) =>
    GUARDS.map(
      ([suffix, timing]) =>
        `CREATE TRIGGER ${t}_outbox_guard_${suffix} ${timing} ON ${t} WHEN ${CLOSED}
    BEGIN SELECT RAISE(ABORT, '${t} must be written through the local store (outbox)'); END`,
    ),
  ),
];

const DOWN: readonly string[] = [
  // the tables' triggers and indexes go with them
  ...[...NEW_TABLES].reverse().map((t) => `DROP TABLE ${t}`),
  `ALTER TABLE student_medications DROP COLUMN administration_location`,
  `ALTER TABLE drug_interactions DROP COLUMN onc_high_priority`,
  `ALTER TABLE drug_interactions DROP COLUMN source_date`,
  `ALTER TABLE drug_interactions DROP COLUMN source`,
  `DROP INDEX idx_drug_catalog_dataset_key`,
  `ALTER TABLE drug_catalog DROP COLUMN origin`,
  `ALTER TABLE drug_catalog DROP COLUMN dataset_key`,
  `ALTER TABLE drug_catalog DROP COLUMN is_otc`,
  `ALTER TABLE drug_catalog DROP COLUMN fact_sources`,
  `ALTER TABLE drug_catalog DROP COLUMN class_codes`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
