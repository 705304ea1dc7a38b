import { sql, type Kysely } from 'kysely';

/**
 * Feature 30: PHI disclosure tracking (HIPAA §164.528 accounting of disclosures, kept 6 years).
 * phi_disclosures and phi_disclosure_recipients are student data synced with the workstations
 * (school_id + created_at/updated_at/deleted_at); phi_disclosure_audit is server-only and append-only
 * (school_id for tenancy, no updated_at/deleted_at; UPDATE, DELETE and TRUNCATE raise).
 * The spec gives only key columns: types, NOT NULL and CHECKs are ours. An accounting entry needs the
 * date, the recipient (name and address, in phi_disclosure_recipients), a description of what was
 * disclosed (data_disclosed) and the purpose; an entry exempt from accounting must say why.
 * accounting_suspended_until records a §164.528(a)(2) suspension requested by an agency.
 */
const UP: readonly string[] = [
  `CREATE TABLE phi_disclosures (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    disclosed_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    disclosure_date timestamptz NOT NULL,
    disclosure_type varchar(50) NOT NULL
      CONSTRAINT phi_disclosures_disclosure_type_check
      CHECK (disclosure_type IN ('TREATMENT','PAYMENT','HEALTHCARE_OPERATIONS','PUBLIC_HEALTH','ABUSE_NEGLECT',
        'JUDICIAL_PROCEEDING','LAW_ENFORCEMENT','RESEARCH','PATIENT_REQUEST','DIRECTORY_LISTING','EMERGENCY','OTHER')),
    purpose text NOT NULL CONSTRAINT phi_disclosures_purpose_check CHECK (length(btrim(purpose)) > 0),
    data_disclosed jsonb NOT NULL,
    disclosure_scope varchar(30) NOT NULL DEFAULT 'MINIMUM_NECESSARY'
      CONSTRAINT phi_disclosures_disclosure_scope_check
      CHECK (disclosure_scope IN ('MINIMUM_NECESSARY','FULL_RECORD','PARTIAL')),
    accounting_required boolean NOT NULL DEFAULT true,
    exemption_reason text,
    accounting_suspended_until date,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT phi_disclosures_exemption_reason_check
      CHECK (accounting_required OR (exemption_reason IS NOT NULL AND length(btrim(exemption_reason)) > 0))
  )`,
  `CREATE INDEX idx_phi_disclosures_student_id_disclosure_date ON phi_disclosures (student_id, disclosure_date DESC)`,
  `CREATE INDEX idx_phi_disclosures_disclosure_type ON phi_disclosures (disclosure_type)`,
  `CREATE INDEX idx_phi_disclosures_accounting_required_disclosure_date ON phi_disclosures (accounting_required, disclosure_date)`,
  `CREATE INDEX idx_phi_disclosures_disclosed_by ON phi_disclosures (disclosed_by)`,
  `CREATE INDEX idx_phi_disclosures_school_id ON phi_disclosures (school_id)`,

  `CREATE TABLE phi_disclosure_recipients (
    id text PRIMARY KEY,
    disclosure_id text NOT NULL REFERENCES phi_disclosures(id) ON DELETE RESTRICT,
    recipient_type varchar(30) NOT NULL
      CONSTRAINT phi_disclosure_recipients_recipient_type_check
      CHECK (recipient_type IN ('INDIVIDUAL','ORGANIZATION','GOVERNMENT_AGENCY','INSURANCE_COMPANY',
        'HEALTHCARE_PROVIDER','ATTORNEY','COURT','PARENT_GUARDIAN','SCHOOL_OFFICIAL','OTHER')),
    recipient_name varchar(200) NOT NULL,
    recipient_organization varchar(200),
    recipient_address text,
    npi_number varchar(10) CONSTRAINT phi_disclosure_recipients_npi_number_check CHECK (npi_number ~ '^[0-9]{10}$'),
    identity_verified boolean NOT NULL DEFAULT false,
    verification_method varchar(100),
    acknowledgment_received boolean NOT NULL DEFAULT false,
    acknowledged_at timestamptz,
    delivery_method varchar(50),
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT phi_disclosure_recipients_verification_method_check
      CHECK (NOT identity_verified OR verification_method IS NOT NULL),
    CONSTRAINT phi_disclosure_recipients_acknowledged_at_check
      CHECK (acknowledged_at IS NULL OR acknowledgment_received)
  )`,
  `CREATE INDEX idx_phi_disclosure_recipients_disclosure_id ON phi_disclosure_recipients (disclosure_id)`,
  `CREATE INDEX idx_phi_disclosure_recipients_recipient_name ON phi_disclosure_recipients (recipient_name)`,
  `CREATE INDEX idx_phi_disclosure_recipients_npi_number ON phi_disclosure_recipients (npi_number)`,
  `CREATE INDEX idx_phi_disclosure_recipients_school_id ON phi_disclosure_recipients (school_id)`,

  `CREATE TABLE phi_disclosure_audit (
    id text PRIMARY KEY,
    disclosure_id text NOT NULL REFERENCES phi_disclosures(id) ON DELETE RESTRICT,
    action varchar(50) NOT NULL,
    performed_by text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    performed_at timestamptz NOT NULL DEFAULT now(),
    action_details jsonb,
    changes jsonb,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT
  )`,
  `CREATE INDEX idx_phi_disclosure_audit_disclosure_id_performed_at ON phi_disclosure_audit (disclosure_id, performed_at)`,
  `CREATE INDEX idx_phi_disclosure_audit_performed_by ON phi_disclosure_audit (performed_by)`,
  `CREATE INDEX idx_phi_disclosure_audit_school_id ON phi_disclosure_audit (school_id)`,
  `CREATE TRIGGER phi_disclosure_audit_immutable BEFORE UPDATE OR DELETE ON phi_disclosure_audit
    FOR EACH ROW EXECUTE FUNCTION raise_immutable()`,
  `CREATE TRIGGER phi_disclosure_audit_no_truncate BEFORE TRUNCATE ON phi_disclosure_audit
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,
];

const DOWN: readonly string[] = [
  `DROP TRIGGER phi_disclosure_audit_no_truncate ON phi_disclosure_audit`,
  `DROP TRIGGER phi_disclosure_audit_immutable ON phi_disclosure_audit`,
  `DROP TABLE phi_disclosure_audit`,
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
