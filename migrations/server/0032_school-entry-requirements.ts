import { sql, type Kysely } from 'kysely';

/**
 * State school-entry requirements (issue 12): vaccination_schedules.requirement, the state's rule for the row's
 * vaccine as data (src-shared/immunizations/compliance, schema StateRequirements holding that vaccine's grade bands):
 * the alternatives ("4 doses if the 4th was on or after the 4th birthday, else 5"), minimum ages and intervals per
 * dose, the grace period, the exemption types the state accepts, conditional admission, the date each requirement
 * took effect, and the document and date of every fact. Every dose row of a vaccine holds the same object; the flat
 * columns keep their meaning (one row per dose, its minimum age and interval, the grade from which it is required).
 * Written by the school-entry loader from reference-data/school-entry; null on a row written by hand or by an older
 * seed (the simple rules of src-shared/immunizations/status.ts read those).
 *
 * A new column of a synced (pulled) table: the change capture of 0019 carries it like any other column, and the
 * workstation's 0013 adds it to its copy.
 */
const UP: readonly string[] = [
  `ALTER TABLE vaccination_schedules ADD COLUMN requirement jsonb
    CONSTRAINT vaccination_schedules_requirement_check CHECK (jsonb_typeof(requirement) = 'object')`,
];

const DOWN: readonly string[] = [`ALTER TABLE vaccination_schedules DROP COLUMN requirement`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
