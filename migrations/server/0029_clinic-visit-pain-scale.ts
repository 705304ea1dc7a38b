import { sql, type Kysely } from 'kysely';

/**
 * The pain score's scale (issue 10: "pain score, 0 to 10 or faces"): clinic_visits.pain_scale says which scale the
 * nurse used for pain_score — NUMERIC (the 0–10 number the student gives) or FACES (six drawn faces scored 0, 2, 4,
 * 6, 8, 10, for a young child; src-shared/clinic-visits/pain.ts). Null when no pain score was taken; a pain score
 * saved before this migration has no scale and reads as NUMERIC (the only scale the form offered then).
 *
 * A new column of a synced table: the change capture of 0019/0020 carries it like any other column.
 */
const UP: readonly string[] = [
  `ALTER TABLE clinic_visits ADD COLUMN pain_scale varchar(10)
    CONSTRAINT clinic_visits_pain_scale_check CHECK (pain_scale IN ('NUMERIC','FACES'))`,
];

const DOWN: readonly string[] = [`ALTER TABLE clinic_visits DROP COLUMN pain_scale`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
