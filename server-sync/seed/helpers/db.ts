import { sql, type Kysely } from 'kysely';
import type { SeedProgress } from './context';

export const BATCH_ROWS = 500;

/**
 * Inserts rows in batches inside the caller's transaction. jsonb values must already be JSON strings
 * (`json(...)`), so arrays are not mistaken for PostgreSQL arrays.
 */
export async function insertMany(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the seed writes every table
  db: Kysely<any>,
  table: string,
  rows: readonly Record<string, unknown>[],
  progress?: SeedProgress,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    await db.insertInto(table).values(batch).execute();
    progress?.(table, Math.min(i + BATCH_ROWS, rows.length), rows.length);
  }
}

/** A jsonb value for insertMany. */
export const json = (v: unknown): string => JSON.stringify(v);

/** Whether the database already has a district (seeding twice is refused, never doubled). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function hasDistrict(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}
