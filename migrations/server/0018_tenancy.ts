import { sql, type Kysely } from 'kysely';

/**
 * Tenancy by row-level security (docs/tenancy.md). Every read and write of student data runs in a
 * transaction as the non-superuser role white_cross_app with app.school_ids set from the caller's token
 * (server-sync/db/tenant.ts: SET LOCAL ROLE); the policies below then filter every table that holds
 * student data. The migrating user owns the tables and is not subject to them (auth, jobs, seed).
 *
 * - The role is cluster-wide: created here if missing (a DO block, safe when several databases of the
 *   cluster migrate at once), granted to the migrating user when that user is not a superuser (SET ROLE
 *   needs membership), and never dropped by down (other databases of the cluster use it). Down revokes
 *   every privilege granted here and drops every policy and the function.
 * - Privileges: SELECT/INSERT/UPDATE/DELETE on every table of the data model, except SELECT/INSERT only on
 *   the immutable trails (audit_logs and the other append-only logs) and nothing on auth_refresh_tokens
 *   (session secrets: only the authentication layer, as owner, touches them) or the materialized views
 *   (row-level security cannot filter a materialized view). USAGE on the schema and its sequences.
 * - Policies, by how a table reaches its school:
 *   - school_id NOT NULL: one policy, school_id in app.school_ids, for reading and writing;
 *   - school_id nullable (NULL = district-wide): NULL rows are readable by every school, but a tenant
 *     transaction writes, updates and deletes only rows of its own schools (so it cannot create or
 *     capture a district-wide row); audit_logs also accepts NULL-school inserts (logins, district actions);
 *   - no school_id, tied to a school through a parent: visible and writable when the parent row is
 *     (EXISTS over the parent, itself filtered by its own policy).
 * - audit_chain_head() gives the newest (chain_seq, row_hash) of audit_logs regardless of school: the
 *   audit writer links every new row to it, and under RLS the app role cannot see other schools' rows.
 */

const ROLE = 'white_cross_app';
const IN_SCOPE = `school_id = ANY (string_to_array(current_setting('app.school_ids', true), ','))`;

/** school_id NOT NULL. */
const DIRECT: readonly string[] = [
  'allergies',
  'billing_claims',
  'claim_line_items',
  'claim_submissions',
  'class_time_missed',
  'clinic_visits',
  'device_enrollment_codes',
  'devices',
  'documents',
  'guardians',
  'health_conditions',
  'immunization_exemptions',
  'immunization_reminders',
  'medicaid_eligibility',
  'medication_administrations',
  'outbreak_alerts',
  'payment_tracking',
  'phi_disclosure_audit',
  'phi_disclosure_recipients',
  'phi_disclosures',
  'registry_responses',
  'registry_submissions',
  'reminder_delivery_status',
  'shared_documents',
  'sis_sync_configs',
  'student_drug_allergies_xref',
  'student_medications',
  'students',
  'submission_error_log',
  'symptom_tracking',
  'sync_rejections',
  'user_schools',
  'vaccinations',
];

/** school_id nullable: NULL = district-wide. */
const NULLABLE: readonly string[] = [
  'alert_instances',
  'audit_logs',
  'report_instances',
  'sync_changes',
  'sync_conflicts',
];

/** No school_id: [table, fk column, parent table]. The parent's policy decides. */
const CHILD: readonly (readonly [string, string, string])[] = [
  ['outbreak_case_clusters', 'symptom_tracking_id', 'symptom_tracking'],
  ['alert_delivery_log', 'alert_instance_id', 'alert_instances'],
  ['report_generation_log', 'report_instance_id', 'report_instances'],
  ['sharing_permissions', 'shared_document_id', 'shared_documents'],
  ['document_access_tokens', 'shared_document_id', 'shared_documents'],
  ['share_access_audit', 'shared_document_id', 'shared_documents'],
  ['sis_sync_jobs', 'config_id', 'sis_sync_configs'],
  ['sis_sync_errors', 'sync_job_id', 'sis_sync_jobs'],
  ['sis_field_mappings', 'config_id', 'sis_sync_configs'],
];

/** Append-only (raise_immutable triggers): SELECT and INSERT only. */
const TRAILS: readonly string[] = [
  'audit_logs',
  'phi_disclosure_audit',
  'key_rotation_history',
  'alert_response_log',
  'share_access_audit',
  'report_generation_log',
];

/** Every other table of the data model: SELECT, INSERT, UPDATE, DELETE. */
const MUTABLE: readonly string[] = [
  'alert_definitions',
  'alert_delivery_log',
  'alert_instances',
  'alert_subscriptions',
  'allergies',
  'billing_claims',
  'claim_line_items',
  'claim_submissions',
  'class_time_missed',
  'clinic_visits',
  'data_integrity_checksums',
  'device_enrollment_codes',
  'devices',
  'districts',
  'document_access_tokens',
  'documents',
  'drug_catalog',
  'drug_interactions',
  'encrypted_field_metadata',
  'encryption_keys',
  'export_configurations',
  'export_history',
  'export_jobs',
  'guardians',
  'health_conditions',
  'immunization_exemptions',
  'immunization_reminders',
  'interaction_severity_levels',
  'medicaid_eligibility',
  'medication_administrations',
  'medications',
  'outbreak_alerts',
  'outbreak_case_clusters',
  'outbreak_patterns',
  'payment_tracking',
  'phi_disclosure_recipients',
  'phi_disclosures',
  'registry_connections',
  'registry_responses',
  'registry_submissions',
  'reminder_delivery_status',
  'report_definitions',
  'report_instances',
  'report_parameters',
  'scheduled_exports',
  'schools',
  'shared_documents',
  'sharing_permissions',
  'sis_field_mappings',
  'sis_sync_configs',
  'sis_sync_errors',
  'sis_sync_jobs',
  'student_drug_allergies_xref',
  'student_medications',
  'students',
  'submission_error_log',
  'symptom_tracking',
  'sync_changes',
  'sync_conflicts',
  'sync_device_cursors',
  'sync_field_versions',
  'sync_rejections',
  'tamper_alerts',
  'user_schools',
  'users',
  'vaccination_schedules',
  'vaccinations',
  'visit_reasons',
];

const SEQUENCES: readonly string[] = ['sync_changes_server_seq_seq'];

const RLS_TABLES: readonly string[] = [...DIRECT, ...NULLABLE, ...CHILD.map(([t]) => t)];

function policies(): string[] {
  const out: string[] = [];
  for (const t of DIRECT) {
    out.push(`CREATE POLICY tenant_isolation ON ${t} USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`);
  }
  for (const t of NULLABLE) {
    out.push(`CREATE POLICY tenant_read ON ${t} FOR SELECT USING (school_id IS NULL OR ${IN_SCOPE})`);
    const insertCheck = t === 'audit_logs' ? `school_id IS NULL OR ${IN_SCOPE}` : IN_SCOPE;
    out.push(`CREATE POLICY tenant_insert ON ${t} FOR INSERT WITH CHECK (${insertCheck})`);
    if (TRAILS.includes(t)) continue;
    out.push(`CREATE POLICY tenant_update ON ${t} FOR UPDATE USING (${IN_SCOPE}) WITH CHECK (${IN_SCOPE})`);
    out.push(`CREATE POLICY tenant_delete ON ${t} FOR DELETE USING (${IN_SCOPE})`);
  }
  for (const [t, fk, parent] of CHILD) {
    const visible = `EXISTS (SELECT 1 FROM ${parent} p WHERE p.id = ${t}.${fk})`;
    out.push(`CREATE POLICY tenant_isolation ON ${t} USING (${visible}) WITH CHECK (${visible})`);
  }
  return out;
}

function dropPolicies(): string[] {
  const out: string[] = [];
  for (const [t] of [...CHILD].reverse()) out.push(`DROP POLICY tenant_isolation ON ${t}`);
  for (const t of [...NULLABLE].reverse()) {
    if (!TRAILS.includes(t)) {
      out.push(`DROP POLICY tenant_delete ON ${t}`);
      out.push(`DROP POLICY tenant_update ON ${t}`);
    }
    out.push(`DROP POLICY tenant_insert ON ${t}`);
    out.push(`DROP POLICY tenant_read ON ${t}`);
  }
  for (const t of [...DIRECT].reverse()) out.push(`DROP POLICY tenant_isolation ON ${t}`);
  return out;
}

const UP: readonly string[] = [
  `DO $do$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN
      BEGIN
        CREATE ROLE ${ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database of the cluster created it at the same moment
      END;
    END IF;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, '${ROLE}', 'MEMBER') THEN
      EXECUTE format('GRANT ${ROLE} TO %I', current_user);
    END IF;
  END
  $do$`,
  `GRANT USAGE ON SCHEMA public TO ${ROLE}`,
  ...SEQUENCES.map((s) => `GRANT USAGE ON SEQUENCE ${s} TO ${ROLE}`),
  ...MUTABLE.map((t) => `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${t} TO ${ROLE}`),
  ...TRAILS.map((t) => `GRANT SELECT, INSERT ON TABLE ${t} TO ${ROLE}`),
  ...RLS_TABLES.map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`),
  ...policies(),
  `CREATE FUNCTION audit_chain_head(OUT chain_seq bigint, OUT row_hash varchar)
    RETURNS record LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
    SELECT a.chain_seq, a.row_hash FROM public.audit_logs a ORDER BY a.chain_seq DESC LIMIT 1
  $fn$`,
  `REVOKE ALL ON FUNCTION audit_chain_head() FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION audit_chain_head() TO ${ROLE}`,
];

const DOWN: readonly string[] = [
  `DROP FUNCTION audit_chain_head()`,
  ...dropPolicies(),
  ...[...RLS_TABLES].reverse().map((t) => `ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`),
  ...[...TRAILS, ...MUTABLE].map((t) => `REVOKE ALL ON TABLE ${t} FROM ${ROLE}`),
  ...SEQUENCES.map((s) => `REVOKE ALL ON SEQUENCE ${s} FROM ${ROLE}`),
  `REVOKE ALL ON SCHEMA public FROM ${ROLE}`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
