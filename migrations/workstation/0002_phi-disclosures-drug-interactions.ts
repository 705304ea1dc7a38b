import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copies of Feature 30 (PHI disclosures: phi_disclosures and
 * phi_disclosure_recipients; the append-only phi_disclosure_audit is server-only) and Feature 48
 * (drug interactions: the drug_catalog, drug_interactions and interaction_severity_levels catalogs
 * pulled from the server, and student_drug_allergies_xref).
 * Same table and column names as server migrations 0003 and 0006 (sync applies rows by column name),
 * mapped per docs/data-model.md: STRICT tables, booleans INTEGER 0/1, timestamps UTC ISO-8601 TEXT,
 * jsonb TEXT with json_valid, every CHECK named as PostgreSQL names it. Regular expressions become
 * GLOB patterns. drug_a_id < drug_b_id compares bytewise (BINARY), as the server's COLLATE "C".
 */
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

const UP: readonly string[] = [
  `CREATE TABLE phi_disclosures (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    disclosed_by TEXT NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    disclosure_date TEXT NOT NULL,
    disclosure_type TEXT NOT NULL
      CONSTRAINT phi_disclosures_disclosure_type_check
      CHECK (disclosure_type IN ('TREATMENT','PAYMENT','HEALTHCARE_OPERATIONS','PUBLIC_HEALTH','ABUSE_NEGLECT',
        'JUDICIAL_PROCEEDING','LAW_ENFORCEMENT','RESEARCH','PATIENT_REQUEST','DIRECTORY_LISTING','EMERGENCY','OTHER')),
    purpose TEXT NOT NULL CONSTRAINT phi_disclosures_purpose_check CHECK (length(trim(purpose)) > 0),
    data_disclosed TEXT NOT NULL CONSTRAINT phi_disclosures_data_disclosed_check CHECK (json_valid(data_disclosed)),
    disclosure_scope TEXT NOT NULL DEFAULT 'MINIMUM_NECESSARY'
      CONSTRAINT phi_disclosures_disclosure_scope_check
      CHECK (disclosure_scope IN ('MINIMUM_NECESSARY','FULL_RECORD','PARTIAL')),
    accounting_required INTEGER NOT NULL DEFAULT 1
      CONSTRAINT phi_disclosures_accounting_required_check CHECK (accounting_required IN (0,1)),
    exemption_reason TEXT,
    accounting_suspended_until TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT,
    CONSTRAINT phi_disclosures_exemption_reason_check
      CHECK (accounting_required = 1 OR (exemption_reason IS NOT NULL AND length(trim(exemption_reason)) > 0))
  ) STRICT`,
  `CREATE INDEX idx_phi_disclosures_student_id_disclosure_date ON phi_disclosures (student_id, disclosure_date DESC)`,
  `CREATE INDEX idx_phi_disclosures_disclosure_type ON phi_disclosures (disclosure_type)`,
  `CREATE INDEX idx_phi_disclosures_accounting_required_disclosure_date ON phi_disclosures (accounting_required, disclosure_date)`,
  `CREATE INDEX idx_phi_disclosures_disclosed_by ON phi_disclosures (disclosed_by)`,
  `CREATE INDEX idx_phi_disclosures_school_id ON phi_disclosures (school_id)`,

  `CREATE TABLE phi_disclosure_recipients (
    id TEXT NOT NULL PRIMARY KEY,
    disclosure_id TEXT NOT NULL REFERENCES phi_disclosures(id) ON DELETE RESTRICT,
    recipient_type TEXT NOT NULL
      CONSTRAINT phi_disclosure_recipients_recipient_type_check
      CHECK (recipient_type IN ('INDIVIDUAL','ORGANIZATION','GOVERNMENT_AGENCY','INSURANCE_COMPANY',
        'HEALTHCARE_PROVIDER','ATTORNEY','COURT','PARENT_GUARDIAN','SCHOOL_OFFICIAL','OTHER')),
    recipient_name TEXT NOT NULL,
    recipient_organization TEXT,
    recipient_address TEXT,
    npi_number TEXT CONSTRAINT phi_disclosure_recipients_npi_number_check
      CHECK (npi_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    identity_verified INTEGER NOT NULL DEFAULT 0
      CONSTRAINT phi_disclosure_recipients_identity_verified_check CHECK (identity_verified IN (0,1)),
    verification_method TEXT,
    acknowledgment_received INTEGER NOT NULL DEFAULT 0
      CONSTRAINT phi_disclosure_recipients_acknowledgment_received_check CHECK (acknowledgment_received IN (0,1)),
    acknowledged_at TEXT,
    delivery_method TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT,
    CONSTRAINT phi_disclosure_recipients_verification_method_check
      CHECK (identity_verified = 0 OR verification_method IS NOT NULL),
    CONSTRAINT phi_disclosure_recipients_acknowledged_at_check
      CHECK (acknowledged_at IS NULL OR acknowledgment_received = 1)
  ) STRICT`,
  `CREATE INDEX idx_phi_disclosure_recipients_disclosure_id ON phi_disclosure_recipients (disclosure_id)`,
  `CREATE INDEX idx_phi_disclosure_recipients_recipient_name ON phi_disclosure_recipients (recipient_name)`,
  `CREATE INDEX idx_phi_disclosure_recipients_npi_number ON phi_disclosure_recipients (npi_number)`,
  `CREATE INDEX idx_phi_disclosure_recipients_school_id ON phi_disclosure_recipients (school_id)`,

  `CREATE TABLE drug_catalog (
    id TEXT NOT NULL PRIMARY KEY,
    drug_name TEXT NOT NULL,
    generic_name TEXT,
    brand_names TEXT CONSTRAINT drug_catalog_brand_names_check CHECK (json_valid(brand_names)),
    rxnorm_code TEXT UNIQUE,
    ndc_codes TEXT CONSTRAINT drug_catalog_ndc_codes_check CHECK (json_valid(ndc_codes)),
    drug_class TEXT
      CONSTRAINT drug_catalog_drug_class_check
      CHECK (drug_class IN ('ANALGESIC','ANTIBIOTIC','ANTIHISTAMINE','ANTIHYPERTENSIVE','BRONCHODILATOR',
        'STIMULANT','INSULIN','OTHER')),
    controlled_substance_schedule TEXT
      CONSTRAINT drug_catalog_controlled_substance_schedule_check
      CHECK (controlled_substance_schedule IN ('II','III','IV','V')),
    fda_approval_status TEXT,
    dosage_forms TEXT CONSTRAINT drug_catalog_dosage_forms_check CHECK (json_valid(dosage_forms)),
    strengths TEXT CONSTRAINT drug_catalog_strengths_check CHECK (json_valid(strengths)),
    administration_routes TEXT
      CONSTRAINT drug_catalog_administration_routes_check CHECK (json_valid(administration_routes)),
    indications TEXT,
    contraindications TEXT,
    warnings TEXT,
    side_effects TEXT CONSTRAINT drug_catalog_side_effects_check CHECK (json_valid(side_effects)),
    pregnancy_category TEXT,
    is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT drug_catalog_is_active_check CHECK (is_active IN (0,1)),
    last_updated TEXT NOT NULL DEFAULT ${NOW},
    data_source TEXT
      CONSTRAINT drug_catalog_data_source_check CHECK (data_source IN ('FDA_DATABASE','CLINICAL_PHARMACOLOGY')),
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT
  ) STRICT`,
  `CREATE INDEX idx_drug_catalog_drug_name ON drug_catalog (drug_name)`,
  `CREATE INDEX idx_drug_catalog_generic_name ON drug_catalog (generic_name)`,
  `CREATE INDEX idx_drug_catalog_drug_class ON drug_catalog (drug_class)`,
  `CREATE INDEX idx_drug_catalog_is_active ON drug_catalog (is_active)`,

  `CREATE TABLE drug_interactions (
    id TEXT NOT NULL PRIMARY KEY,
    drug_a_id TEXT NOT NULL REFERENCES drug_catalog(id),
    drug_b_id TEXT NOT NULL REFERENCES drug_catalog(id),
    interaction_severity TEXT NOT NULL
      CONSTRAINT drug_interactions_interaction_severity_check
      CHECK (interaction_severity IN ('MINOR','MODERATE','MAJOR','CONTRAINDICATED')),
    interaction_type TEXT
      CONSTRAINT drug_interactions_interaction_type_check
      CHECK (interaction_type IN ('PHARMACOKINETIC','PHARMACODYNAMIC','ADDITIVE_TOXICITY')),
    description TEXT NOT NULL,
    clinical_effects TEXT,
    management_recommendations TEXT,
    evidence_level TEXT
      CONSTRAINT drug_interactions_evidence_level_check
      CHECK (evidence_level IN ('THEORETICAL','CASE_REPORT','CLINICAL_STUDY','WELL_DOCUMENTED')),
    onset TEXT CONSTRAINT drug_interactions_onset_check CHECK (onset IN ('RAPID','DELAYED')),
    documentation_quality TEXT
      CONSTRAINT drug_interactions_documentation_quality_check
      CHECK (documentation_quality IN ('EXCELLENT','GOOD','FAIR','POOR')),
    last_reviewed_date TEXT,
    reviewed_by TEXT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT,
    CONSTRAINT drug_interactions_drug_a_id_check CHECK (drug_a_id < drug_b_id)
  ) STRICT`,
  `CREATE UNIQUE INDEX idx_drug_interactions_drug_a_id_drug_b_id ON drug_interactions (drug_a_id, drug_b_id)`,
  `CREATE INDEX idx_drug_interactions_interaction_severity ON drug_interactions (interaction_severity)`,
  `CREATE INDEX idx_drug_interactions_evidence_level ON drug_interactions (evidence_level)`,
  `CREATE INDEX idx_drug_interactions_drug_b_id ON drug_interactions (drug_b_id)`,

  `CREATE TABLE interaction_severity_levels (
    id TEXT NOT NULL PRIMARY KEY,
    severity_code TEXT NOT NULL UNIQUE
      CONSTRAINT interaction_severity_levels_severity_code_check
      CHECK (severity_code IN ('MINOR','MODERATE','MAJOR','CONTRAINDICATED')),
    severity_rank INTEGER NOT NULL UNIQUE
      CONSTRAINT interaction_severity_levels_severity_rank_check CHECK (severity_rank BETWEEN 1 AND 4),
    display_name TEXT,
    color_code TEXT CONSTRAINT interaction_severity_levels_color_code_check
      CHECK (color_code GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
    icon_name TEXT,
    clinical_guidance TEXT,
    alert_threshold INTEGER NOT NULL DEFAULT 0
      CONSTRAINT interaction_severity_levels_alert_threshold_check CHECK (alert_threshold IN (0,1)),
    require_physician_approval INTEGER NOT NULL DEFAULT 0
      CONSTRAINT interaction_severity_levels_require_physician_approval_check CHECK (require_physician_approval IN (0,1)),
    prevent_prescribing INTEGER NOT NULL DEFAULT 0
      CONSTRAINT interaction_severity_levels_prevent_prescribing_check CHECK (prevent_prescribing IN (0,1)),
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT
  ) STRICT`,

  `CREATE TABLE student_drug_allergies_xref (
    id TEXT NOT NULL PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    allergy_id TEXT NOT NULL REFERENCES allergies(id) ON DELETE RESTRICT,
    drug_id TEXT REFERENCES drug_catalog(id) ON DELETE RESTRICT,
    drug_class TEXT,
    cross_reactive_drugs TEXT
      CONSTRAINT student_drug_allergies_xref_cross_reactive_drugs_check CHECK (json_valid(cross_reactive_drugs)),
    verified_by TEXT,
    verification_date TEXT,
    school_id TEXT NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT,
    CONSTRAINT student_drug_allergies_xref_drug_id_check CHECK (drug_id IS NOT NULL OR drug_class IS NOT NULL)
  ) STRICT`,
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
  `DROP TABLE phi_disclosure_recipients`,
  `DROP TABLE phi_disclosures`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
