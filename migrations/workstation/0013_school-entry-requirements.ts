import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0032_school-entry-requirements: vaccination_schedules.requirement
 * (the state's rule for the row's vaccine, as JSON), mapped per docs/data-model.md (jsonb as TEXT with json_valid,
 * the CHECK named as PostgreSQL names it; an object, as the server's jsonb_typeof check wants). The table is pulled:
 * the column arrives with the district's rows, and the workstation reads it to show a student's compliance.
 */
const UP: readonly string[] = [
  `ALTER TABLE vaccination_schedules ADD COLUMN requirement TEXT
    CONSTRAINT vaccination_schedules_requirement_check
    CHECK (json_valid(requirement) AND json_type(requirement) = 'object')`,
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
