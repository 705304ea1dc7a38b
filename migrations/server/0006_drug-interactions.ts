import { sql, type Kysely } from 'kysely';

/**
 * Feature 48: drug interaction checker.
 * drug_catalog, drug_interactions and interaction_severity_levels are district-wide reference
 * catalogs pulled to the workstations (created_at/updated_at/deleted_at, no school_id);
 * student_drug_allergies_xref is student data (school_id + sync columns).
 * Every enumeration listed in the spec's comments is a CHECK; drug_catalog.drug_class uses the
 * DrugClass enum; student_drug_allergies_xref.drug_class is free text (the spec's example,
 * PENICILLINS, is a narrower class than DrugClass). A pair is stored once with drug_a_id < drug_b_id,
 * compared bytewise (COLLATE "C") so PostgreSQL and SQLite agree on which drug is "a".
 * The spec's (rxnorm_code) index is the UNIQUE constraint's own index.
 */
const UP: readonly string[] = [
  `CREATE TABLE drug_catalog (
    id text PRIMARY KEY,
    drug_name varchar(200) NOT NULL,
    generic_name varchar(200),
    brand_names jsonb,
    rxnorm_code varchar(20) UNIQUE,
    ndc_codes jsonb,
    drug_class varchar(100)
      CONSTRAINT drug_catalog_drug_class_check
      CHECK (drug_class IN ('ANALGESIC','ANTIBIOTIC','ANTIHISTAMINE','ANTIHYPERTENSIVE','BRONCHODILATOR',
        'STIMULANT','INSULIN','OTHER')),
    controlled_substance_schedule varchar(10)
      CONSTRAINT drug_catalog_controlled_substance_schedule_check
      CHECK (controlled_substance_schedule IN ('II','III','IV','V')),
    fda_approval_status varchar(50),
    dosage_forms jsonb,
    strengths jsonb,
    administration_routes jsonb,
    indications text,
    contraindications text,
    warnings text,
    side_effects jsonb,
    pregnancy_category varchar(10),
    is_active boolean NOT NULL DEFAULT true,
    last_updated timestamptz NOT NULL DEFAULT now(),
    data_source varchar(100)
      CONSTRAINT drug_catalog_data_source_check CHECK (data_source IN ('FDA_DATABASE','CLINICAL_PHARMACOLOGY')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_drug_catalog_drug_name ON drug_catalog (drug_name)`,
  `CREATE INDEX idx_drug_catalog_generic_name ON drug_catalog (generic_name)`,
  `CREATE INDEX idx_drug_catalog_drug_class ON drug_catalog (drug_class)`,
  `CREATE INDEX idx_drug_catalog_is_active ON drug_catalog (is_active)`,

  `CREATE TABLE drug_interactions (
    id text PRIMARY KEY,
    drug_a_id text NOT NULL REFERENCES drug_catalog(id),
    drug_b_id text NOT NULL REFERENCES drug_catalog(id),
    interaction_severity varchar(20) NOT NULL
      CONSTRAINT drug_interactions_interaction_severity_check
      CHECK (interaction_severity IN ('MINOR','MODERATE','MAJOR','CONTRAINDICATED')),
    interaction_type varchar(100)
      CONSTRAINT drug_interactions_interaction_type_check
      CHECK (interaction_type IN ('PHARMACOKINETIC','PHARMACODYNAMIC','ADDITIVE_TOXICITY')),
    description text NOT NULL,
    clinical_effects text,
    management_recommendations text,
    evidence_level varchar(50)
      CONSTRAINT drug_interactions_evidence_level_check
      CHECK (evidence_level IN ('THEORETICAL','CASE_REPORT','CLINICAL_STUDY','WELL_DOCUMENTED')),
    onset varchar(50) CONSTRAINT drug_interactions_onset_check CHECK (onset IN ('RAPID','DELAYED')),
    documentation_quality varchar(50)
      CONSTRAINT drug_interactions_documentation_quality_check
      CHECK (documentation_quality IN ('EXCELLENT','GOOD','FAIR','POOR')),
    last_reviewed_date date,
    reviewed_by varchar(200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT drug_interactions_drug_a_id_check CHECK (drug_a_id < drug_b_id COLLATE "C")
  )`,
  `CREATE UNIQUE INDEX idx_drug_interactions_drug_a_id_drug_b_id ON drug_interactions (drug_a_id, drug_b_id)`,
  `CREATE INDEX idx_drug_interactions_interaction_severity ON drug_interactions (interaction_severity)`,
  `CREATE INDEX idx_drug_interactions_evidence_level ON drug_interactions (evidence_level)`,
  `CREATE INDEX idx_drug_interactions_drug_b_id ON drug_interactions (drug_b_id)`,

  `CREATE TABLE interaction_severity_levels (
    id text PRIMARY KEY,
    severity_code varchar(20) NOT NULL UNIQUE
      CONSTRAINT interaction_severity_levels_severity_code_check
      CHECK (severity_code IN ('MINOR','MODERATE','MAJOR','CONTRAINDICATED')),
    severity_rank integer NOT NULL UNIQUE
      CONSTRAINT interaction_severity_levels_severity_rank_check CHECK (severity_rank BETWEEN 1 AND 4),
    display_name varchar(50),
    color_code varchar(7)
      CONSTRAINT interaction_severity_levels_color_code_check CHECK (color_code ~ '^#[0-9A-Fa-f]{6}$'),
    icon_name varchar(50),
    clinical_guidance text,
    alert_threshold boolean NOT NULL DEFAULT false,
    require_physician_approval boolean NOT NULL DEFAULT false,
    prevent_prescribing boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,

  `CREATE TABLE student_drug_allergies_xref (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    allergy_id text NOT NULL REFERENCES allergies(id) ON DELETE RESTRICT,
    drug_id text REFERENCES drug_catalog(id) ON DELETE RESTRICT,
    drug_class varchar(100),
    cross_reactive_drugs jsonb,
    verified_by text,
    verification_date timestamptz,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT student_drug_allergies_xref_drug_id_check CHECK (drug_id IS NOT NULL OR drug_class IS NOT NULL)
  )`,
  `CREATE INDEX idx_student_drug_allergies_xref_student_id ON student_drug_allergies_xref (student_id)`,
  `CREATE INDEX idx_student_drug_allergies_xref_allergy_id ON student_drug_allergies_xref (allergy_id)`,
  `CREATE INDEX idx_student_drug_allergies_xref_drug_id ON student_drug_allergies_xref (drug_id)`,
  `CREATE INDEX idx_student_drug_allergies_xref_drug_class ON student_drug_allergies_xref (drug_class)`,
  `CREATE INDEX idx_student_drug_allergies_xref_school_id ON student_drug_allergies_xref (school_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE student_drug_allergies_xref`,
  `DROP TABLE interaction_severity_levels`,
  `DROP TABLE drug_interactions`,
  `DROP TABLE drug_catalog`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
