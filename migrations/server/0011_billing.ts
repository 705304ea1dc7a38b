import { sql, type Kysely } from 'kysely';

/**
 * Feature 44: Medicaid billing (CMS-1500 / 837P claims, submissions, remittance).
 * Server-only tables; every row carries school_id for row-level security.
 * Money is numeric(10,2) (copay numeric(6,2) as the spec says); amounts that cannot be negative
 * are CHECKed >= 0, adjustments may be negative. NPIs are exactly 10 digits.
 */
const UP: readonly string[] = [
  `CREATE TABLE medicaid_eligibility (
    id text PRIMARY KEY,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    medicaid_id varchar(20) NOT NULL UNIQUE,
    state_medicaid_id varchar(30),
    eligibility_status varchar(50) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT medicaid_eligibility_eligibility_status_check
      CHECK (eligibility_status IN ('PENDING','VERIFIED','EXPIRED','DENIED')),
    verification_date date,
    coverage_start_date date,
    coverage_end_date date,
    managed_care_organization varchar(200),
    mco_member_id varchar(30),
    primary_care_provider varchar(200),
    pcp_npi varchar(10) CONSTRAINT medicaid_eligibility_pcp_npi_check CHECK (pcp_npi ~ '^[0-9]{10}$'),
    benefit_plan_type varchar(100),
    copay_amount numeric(6,2) CONSTRAINT medicaid_eligibility_copay_amount_check CHECK (copay_amount >= 0),
    eligibility_category varchar(100),
    last_verification_check date,
    next_verification_due date,
    verification_frequency_days integer NOT NULL DEFAULT 90
      CONSTRAINT medicaid_eligibility_verification_frequency_days_check CHECK (verification_frequency_days > 0),
    auto_reverify boolean NOT NULL DEFAULT true,
    eligibility_notes text,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT medicaid_eligibility_coverage_end_date_check
      CHECK (coverage_end_date IS NULL OR coverage_start_date IS NULL OR coverage_end_date >= coverage_start_date)
  )`,
  `CREATE INDEX idx_medicaid_eligibility_student_id ON medicaid_eligibility (student_id)`,
  // (medicaid_id) is served by the UNIQUE constraint's index.
  `CREATE INDEX idx_medicaid_eligibility_eligibility_status_coverage_end_date ON medicaid_eligibility (eligibility_status, coverage_end_date)`,
  `CREATE INDEX idx_medicaid_eligibility_next_verification_due ON medicaid_eligibility (next_verification_due)`,
  `CREATE INDEX idx_medicaid_eligibility_school_id ON medicaid_eligibility (school_id)`,

  `CREATE TABLE billing_claims (
    id text PRIMARY KEY,
    claim_number varchar(50) NOT NULL UNIQUE,
    student_id text NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    eligibility_id text NOT NULL REFERENCES medicaid_eligibility(id) ON DELETE RESTRICT,
    service_date date NOT NULL,
    date_of_birth date NOT NULL,
    diagnosis_codes jsonb NOT NULL
      CONSTRAINT billing_claims_diagnosis_codes_check CHECK (jsonb_typeof(diagnosis_codes) = 'array'),
    place_of_service_code varchar(2) NOT NULL DEFAULT '11'
      CONSTRAINT billing_claims_place_of_service_code_check CHECK (place_of_service_code ~ '^[0-9]{2}$'),
    billing_provider_npi varchar(10) NOT NULL
      CONSTRAINT billing_claims_billing_provider_npi_check CHECK (billing_provider_npi ~ '^[0-9]{10}$'),
    billing_provider_name varchar(200) NOT NULL,
    billing_provider_taxonomy varchar(20),
    rendering_provider_npi varchar(10)
      CONSTRAINT billing_claims_rendering_provider_npi_check CHECK (rendering_provider_npi ~ '^[0-9]{10}$'),
    rendering_provider_name varchar(200),
    total_charge numeric(10,2) NOT NULL CONSTRAINT billing_claims_total_charge_check CHECK (total_charge >= 0),
    claim_status varchar(50) NOT NULL DEFAULT 'DRAFT'
      CONSTRAINT billing_claims_claim_status_check
      CHECK (claim_status IN ('DRAFT','READY','SUBMITTED','PENDING','PAID','DENIED','ADJUSTED')),
    created_date date NOT NULL DEFAULT CURRENT_DATE,
    submitted_date date,
    adjudication_date date,
    paid_date date,
    paid_amount numeric(10,2) CONSTRAINT billing_claims_paid_amount_check CHECK (paid_amount >= 0),
    adjustment_amount numeric(10,2),
    denial_code varchar(10),
    denial_reason text,
    claim_metadata jsonb,
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  // (claim_number) is served by the UNIQUE constraint's index.
  `CREATE INDEX idx_billing_claims_student_id_service_date ON billing_claims (student_id, service_date DESC)`,
  `CREATE INDEX idx_billing_claims_claim_status ON billing_claims (claim_status)`,
  `CREATE INDEX idx_billing_claims_submitted_date ON billing_claims (submitted_date)`,
  `CREATE INDEX idx_billing_claims_billing_provider_npi ON billing_claims (billing_provider_npi)`,
  `CREATE INDEX idx_billing_claims_eligibility_id ON billing_claims (eligibility_id)`,
  `CREATE INDEX idx_billing_claims_school_id ON billing_claims (school_id)`,

  `CREATE TABLE claim_line_items (
    id text PRIMARY KEY,
    claim_id text NOT NULL REFERENCES billing_claims(id) ON DELETE CASCADE,
    line_number integer NOT NULL CONSTRAINT claim_line_items_line_number_check CHECK (line_number > 0),
    service_date date NOT NULL,
    procedure_code varchar(10) NOT NULL,
    procedure_description varchar(500),
    modifiers jsonb CONSTRAINT claim_line_items_modifiers_check CHECK (jsonb_typeof(modifiers) = 'array'),
    units integer NOT NULL DEFAULT 1 CONSTRAINT claim_line_items_units_check CHECK (units > 0),
    unit_charge numeric(10,2) NOT NULL CONSTRAINT claim_line_items_unit_charge_check CHECK (unit_charge >= 0),
    total_charge numeric(10,2) NOT NULL,
    paid_amount numeric(10,2) CONSTRAINT claim_line_items_paid_amount_check CHECK (paid_amount >= 0),
    adjustment_codes jsonb,
    adjustment_amount numeric(10,2),
    line_status varchar(50)
      CONSTRAINT claim_line_items_line_status_check
      CHECK (line_status IN ('PENDING','APPROVED','DENIED','ADJUSTED')),
    denial_code varchar(10),
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (claim_id, line_number),
    CONSTRAINT claim_line_items_total_charge_check CHECK (total_charge = units * unit_charge)
  )`,
  // (claim_id, line_number) is served by the UNIQUE constraint's index (which also covers the claim_id FK).
  `CREATE INDEX idx_claim_line_items_procedure_code ON claim_line_items (procedure_code)`,
  `CREATE INDEX idx_claim_line_items_service_date ON claim_line_items (service_date)`,
  `CREATE INDEX idx_claim_line_items_school_id ON claim_line_items (school_id)`,

  `CREATE TABLE claim_submissions (
    id text PRIMARY KEY,
    claim_id text NOT NULL REFERENCES billing_claims(id) ON DELETE RESTRICT,
    submission_date timestamptz NOT NULL DEFAULT now(),
    submission_method varchar(50)
      CONSTRAINT claim_submissions_submission_method_check
      CHECK (submission_method IN ('EDI_837P','PAPER','CLEARINGHOUSE','PORTAL')),
    clearinghouse_name varchar(100),
    transmission_id varchar(100),
    batch_id varchar(100),
    submission_status varchar(50) NOT NULL DEFAULT 'SENT'
      CONSTRAINT claim_submissions_submission_status_check
      CHECK (submission_status IN ('SENT','ACKNOWLEDGED','REJECTED','ACCEPTED')),
    acknowledgment_date timestamptz,
    acknowledgment_code varchar(50),
    rejection_reason text,
    edi_file_path varchar(500),
    response_file_path varchar(500),
    retry_count integer NOT NULL DEFAULT 0 CONSTRAINT claim_submissions_retry_count_check CHECK (retry_count >= 0),
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_claim_submissions_claim_id_submission_date ON claim_submissions (claim_id, submission_date DESC)`,
  `CREATE INDEX idx_claim_submissions_submission_status ON claim_submissions (submission_status)`,
  `CREATE INDEX idx_claim_submissions_batch_id ON claim_submissions (batch_id)`,
  `CREATE INDEX idx_claim_submissions_school_id ON claim_submissions (school_id)`,

  `CREATE TABLE payment_tracking (
    id text PRIMARY KEY,
    claim_id text NOT NULL REFERENCES billing_claims(id) ON DELETE RESTRICT,
    payment_date date NOT NULL,
    payment_method varchar(50)
      CONSTRAINT payment_tracking_payment_method_check CHECK (payment_method IN ('EFT','CHECK','ERA')),
    check_number varchar(50),
    eft_trace_number varchar(50),
    payment_amount numeric(10,2) NOT NULL CONSTRAINT payment_tracking_payment_amount_check CHECK (payment_amount >= 0),
    era_file_path varchar(500),
    adjustment_codes jsonb,
    adjustment_total numeric(10,2),
    contractual_adjustment numeric(10,2),
    patient_responsibility numeric(10,2)
      CONSTRAINT payment_tracking_patient_responsibility_check CHECK (patient_responsibility >= 0),
    remarks text,
    deposited_date date,
    bank_account_last_four varchar(4)
      CONSTRAINT payment_tracking_bank_account_last_four_check CHECK (bank_account_last_four ~ '^[0-9]{4}$'),
    reconciliation_status varchar(50) NOT NULL DEFAULT 'PENDING'
      CONSTRAINT payment_tracking_reconciliation_status_check
      CHECK (reconciliation_status IN ('PENDING','MATCHED','UNMATCHED','DISPUTED')),
    school_id text NOT NULL REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_payment_tracking_claim_id ON payment_tracking (claim_id)`,
  `CREATE INDEX idx_payment_tracking_payment_date ON payment_tracking (payment_date DESC)`,
  `CREATE INDEX idx_payment_tracking_check_number ON payment_tracking (check_number)`,
  `CREATE INDEX idx_payment_tracking_eft_trace_number ON payment_tracking (eft_trace_number)`,
  `CREATE INDEX idx_payment_tracking_reconciliation_status ON payment_tracking (reconciliation_status)`,
  `CREATE INDEX idx_payment_tracking_school_id ON payment_tracking (school_id)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE payment_tracking`,
  `DROP TABLE claim_submissions`,
  `DROP TABLE claim_line_items`,
  `DROP TABLE billing_claims`,
  `DROP TABLE medicaid_eligibility`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
