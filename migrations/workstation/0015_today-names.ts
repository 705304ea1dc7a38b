import { sql, type Kysely } from 'kysely';

/**
 * Workstation-only: the index the lists read students' names by. Today's visits and doses due, the MAR and the
 * alerts join each row to its student for the name; through the primary key's index that is two searches per row
 * (the key, then the row with every column of the student). This index holds what those joins read (the name, and
 * whether the student is deleted or enrolled), so one search answers. Local-only (LOCAL_ONLY_MIGRATIONS): an index
 * changes nothing the sync protocol carries.
 */
const UP: readonly string[] = [
  `CREATE INDEX idx_students_id_names ON students (id, last_name, first_name, preferred_name, deleted_at, enrollment_status)`,
];

const DOWN: readonly string[] = [`DROP INDEX idx_students_id_names`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
