import { sql, type Kysely } from 'kysely';

/**
 * Workstation-only: the index Today's visit list reads by. Today asks for the school's visits of one day in arrival
 * order; with only (school_id) to go by (every visit on a workstation is its school's), SQLite read every visit of
 * every year and sorted them. (school_id, arrival_time) finds the day's range already in order; it replaces the
 * (school_id) index, its prefix. An index changes nothing the sync protocol carries: this migration is local-only
 * (LOCAL_ONLY_MIGRATIONS) and does not count in the sync schema version.
 */
const UP: readonly string[] = [
  `CREATE INDEX idx_clinic_visits_school_id_arrival_time ON clinic_visits (school_id, arrival_time)`,
  `DROP INDEX idx_clinic_visits_school_id`,
];

const DOWN: readonly string[] = [
  `CREATE INDEX idx_clinic_visits_school_id ON clinic_visits (school_id)`,
  `DROP INDEX idx_clinic_visits_school_id_arrival_time`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
