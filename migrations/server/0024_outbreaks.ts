import { sql, type Kysely } from 'kysely';

/**
 * Feature 37: the outbreak scan (server-sync/outbreaks/service.ts) reads one district's symptom records by school
 * and onset date (the daily counts of the last 29 days, then each alarm's cases). The spec's indexes are on
 * school_id and on symptom_onset_date apart; this one answers both reads with a range scan per school.
 */
const UP: readonly string[] = [
  `CREATE INDEX idx_symptom_tracking_school_id_symptom_onset_date
     ON symptom_tracking (school_id, symptom_onset_date) WHERE deleted_at IS NULL`,
];

const DOWN: readonly string[] = [`DROP INDEX idx_symptom_tracking_school_id_symptom_onset_date`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
