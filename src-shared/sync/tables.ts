/**
 * Which tables travel between the district server and the workstations, and in which direction.
 * Column sets come from the generated schemas (src-shared/db/*.generated.ts); a table the workstation has
 * and the server has under the same name syncs column for column.
 */

/** Written on the workstation by the nurse and pushed; also pulled (other devices of the school, corrections). */
export const WORKSTATION_WRITABLE_TABLES = Object.freeze([
  'guardians',
  'allergies',
  'health_conditions',
  'student_medications',
  'medication_administrations',
  'vaccinations',
  'immunization_exemptions',
  'immunization_reminders',
  'clinic_visits',
  'class_time_missed',
  'symptom_tracking',
  'student_drug_allergies_xref',
  'alert_instances',
  'phi_disclosures',
  'phi_disclosure_recipients',
  'report_instances',
  'report_generation_log',
] as const);

/** Owned by the district (SIS roster, catalogs, directory): pulled only; a push to them is rejected. */
export const PULL_ONLY_TABLES = Object.freeze([
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
] as const);

export type WorkstationWritableTable = (typeof WORKSTATION_WRITABLE_TABLES)[number];
export type PullOnlyTable = (typeof PULL_ONLY_TABLES)[number];
export type SyncedTable = WorkstationWritableTable | PullOnlyTable;

export const SYNCED_TABLES: readonly SyncedTable[] = Object.freeze([
  ...PULL_ONLY_TABLES,
  ...WORKSTATION_WRITABLE_TABLES,
]);

export const isWorkstationWritable = (t: string): t is WorkstationWritableTable =>
  (WORKSTATION_WRITABLE_TABLES as readonly string[]).includes(t);
export const isSyncedTable = (t: string): t is SyncedTable =>
  (SYNCED_TABLES as readonly string[]).includes(t);

/** Columns the server keeps to itself and never sends (secrets, server-side bookkeeping). */
export const SERVER_ONLY_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  users: ['password_hash', 'failed_login_count', 'locked_until', 'last_login_at', 'password_changed_at'],
});
