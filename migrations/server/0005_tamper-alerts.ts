import { sql, type Kysely } from 'kysely';

/**
 * Feature 33: tamper alert system. Server-only tables.
 * Enumerations listed in the spec's comments (or, wider, in its enum section: TamperAlertType)
 * are CHECKs. data_integrity_checksums: a NULL column_name is the whole-record checksum, so the
 * UNIQUE (table_name, record_id, column_name) treats NULLs as equal (NULLS NOT DISTINCT), otherwise
 * a record could have two whole-record checksums. alert_response_log is append-only (UPDATE, DELETE
 * and TRUNCATE raise); its ON DELETE CASCADE from tamper_alerts is the spec's, which in effect
 * makes an alert that has responses undeletable.
 */
const UP: readonly string[] = [
  `CREATE TABLE tamper_alerts (
    id text PRIMARY KEY,
    alert_type varchar(50) NOT NULL
      CONSTRAINT tamper_alerts_alert_type_check
      CHECK (alert_type IN ('CHECKSUM_MISMATCH','UNAUTHORIZED_MODIFICATION','LOG_TAMPERING','DELETED_RECORD',
        'SUSPICIOUS_PATTERN')),
    severity varchar(20) NOT NULL
      CONSTRAINT tamper_alerts_severity_check CHECK (severity IN ('LOW','MEDIUM','HIGH','CRITICAL')),
    affected_table varchar(100) NOT NULL,
    affected_record_id text,
    expected_checksum varchar(64),
    actual_checksum varchar(64),
    detection_method varchar(100)
      CONSTRAINT tamper_alerts_detection_method_check
      CHECK (detection_method IN ('SCHEDULED_SCAN','REAL_TIME_VERIFICATION','AUDIT_REVIEW')),
    detected_at timestamptz NOT NULL DEFAULT now(),
    detected_by text REFERENCES users(id),
    resolution_status varchar(50) NOT NULL DEFAULT 'OPEN'
      CONSTRAINT tamper_alerts_resolution_status_check
      CHECK (resolution_status IN ('OPEN','INVESTIGATING','FALSE_POSITIVE','CONFIRMED','RESOLVED')),
    resolved_at timestamptz,
    resolved_by text REFERENCES users(id),
    resolution_notes text,
    impact_assessment jsonb,
    automated_response varchar(100)
      CONSTRAINT tamper_alerts_automated_response_check
      CHECK (automated_response IN ('NOTIFICATION_SENT','ACCESS_REVOKED','BACKUP_RESTORED')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tamper_alerts_resolved_at_check CHECK (resolved_at IS NULL OR resolved_at >= detected_at)
  )`,
  `CREATE INDEX idx_tamper_alerts_alert_type_detected_at ON tamper_alerts (alert_type, detected_at DESC)`,
  `CREATE INDEX idx_tamper_alerts_severity_resolution_status ON tamper_alerts (severity, resolution_status)`,
  `CREATE INDEX idx_tamper_alerts_affected_table_detected_at ON tamper_alerts (affected_table, detected_at)`,
  `CREATE INDEX idx_tamper_alerts_detected_by ON tamper_alerts (detected_by)`,
  `CREATE INDEX idx_tamper_alerts_resolved_by ON tamper_alerts (resolved_by)`,

  `CREATE TABLE data_integrity_checksums (
    id text PRIMARY KEY,
    table_name varchar(100) NOT NULL,
    record_id text NOT NULL,
    column_name varchar(100),
    checksum varchar(64) NOT NULL,
    checksum_algorithm varchar(50) NOT NULL DEFAULT 'SHA-256',
    last_verified_at timestamptz NOT NULL DEFAULT now(),
    verification_count integer NOT NULL DEFAULT 0
      CONSTRAINT data_integrity_checksums_verification_count_check CHECK (verification_count >= 0),
    last_modified_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT data_integrity_checksums_table_name_record_id_column_name_key
      UNIQUE NULLS NOT DISTINCT (table_name, record_id, column_name)
  )`,
  `CREATE INDEX idx_data_integrity_checksums_table_name_record_id ON data_integrity_checksums (table_name, record_id)`,
  `CREATE INDEX idx_data_integrity_checksums_last_verified_at ON data_integrity_checksums (last_verified_at)`,
  `CREATE INDEX idx_data_integrity_checksums_checksum ON data_integrity_checksums (checksum)`,

  `CREATE TABLE alert_response_log (
    id text PRIMARY KEY,
    tamper_alert_id text NOT NULL REFERENCES tamper_alerts(id) ON DELETE CASCADE,
    response_action varchar(100) NOT NULL
      CONSTRAINT alert_response_log_response_action_check
      CHECK (response_action IN ('NOTIFIED_ADMIN','LOCKED_RECORD','REVOKED_ACCESS')),
    performed_by text NOT NULL,
    performed_at timestamptz NOT NULL DEFAULT now(),
    action_details jsonb,
    success boolean NOT NULL DEFAULT true,
    error_message text,
    CONSTRAINT alert_response_log_error_message_check CHECK (success OR error_message IS NOT NULL)
  )`,
  `CREATE INDEX idx_alert_response_log_tamper_alert_id_performed_at ON alert_response_log (tamper_alert_id, performed_at)`,
  `CREATE TRIGGER alert_response_log_immutable BEFORE UPDATE OR DELETE ON alert_response_log
    FOR EACH ROW EXECUTE FUNCTION raise_immutable()`,
  `CREATE TRIGGER alert_response_log_no_truncate BEFORE TRUNCATE ON alert_response_log
    FOR EACH STATEMENT EXECUTE FUNCTION raise_immutable()`,
];

const DOWN: readonly string[] = [
  `DROP TRIGGER alert_response_log_no_truncate ON alert_response_log`,
  `DROP TRIGGER alert_response_log_immutable ON alert_response_log`,
  `DROP TABLE alert_response_log`,
  `DROP TABLE data_integrity_checksums`,
  `DROP TABLE tamper_alerts`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
