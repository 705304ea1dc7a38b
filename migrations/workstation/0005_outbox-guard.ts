import { sql, type Kysely } from 'kysely';

/**
 * The outbox guard (docs/sync-client.md): no write to a synced table can bypass the local store.
 * Every synced table (the workstation-writable tables and the pulled reference tables) refuses an INSERT,
 * UPDATE or DELETE unless the store's write path is open in this transaction: the store (and the sync pull's
 * apply path) inserts the sync_state row 'write_path.open' at the start of its transaction and deletes it
 * before commit, so the flag is never visible outside that transaction.
 * INSERT and DELETE are refused by BEFORE triggers; UPDATE by an AFTER trigger, which aborts and undoes the
 * statement just the same (RAISE(ABORT)). It is not a BEFORE trigger so that the schema introspection does not
 * take a table that blocks both BEFORE UPDATE and BEFORE DELETE for an immutable trail.
 * No tables: nothing to add to the manifest.
 */
const GUARDED: readonly string[] = [
  // reference data, pulled only
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
  // written on the workstation through the store, pushed and pulled
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
];

const CLOSED = `NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'write_path.open')`;
const TRIGGERS: readonly (readonly [suffix: string, timing: string])[] = [
  ['insert', 'BEFORE INSERT'],
  ['update', 'AFTER UPDATE'],
  ['delete', 'BEFORE DELETE'],
];

const UP: readonly string[] = GUARDED.flatMap((t) =>
  TRIGGERS.map(
    ([suffix, timing]) =>
      `CREATE TRIGGER ${t}_outbox_guard_${suffix} ${timing} ON ${t} WHEN ${CLOSED}
    BEGIN SELECT RAISE(ABORT, '${t} must be written through the local store (outbox)'); END`,
  ),
);

const DOWN: readonly string[] = [...GUARDED]
  .reverse()
  .flatMap((t) => [...TRIGGERS].reverse().map(([suffix]) => `DROP TRIGGER ${t}_outbox_guard_${suffix}`));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
