import { sql, type Kysely } from 'kysely';

/**
 * Workstation (SQLite) copy of server migration 0029_clinic-visit-pain-scale: clinic_visits.pain_scale (NUMERIC or
 * FACES; null when no pain score was taken), mapped per docs/data-model.md (TEXT, the CHECK named as PostgreSQL
 * names it). clinic_visits keeps its outbox guard of 0005: the column is written through the local store only.
 */
const UP: readonly string[] = [
  `ALTER TABLE clinic_visits ADD COLUMN pain_scale TEXT
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
