import { Faker, en, en_US } from '@faker-js/faker';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';

/** Options of `white-cross seed-demo`. Output is a pure function of these (deterministic). */
export interface SeedOptions {
  readonly seed: number;
  readonly students: number;
  readonly years: number;
  readonly schools: number;
  /** The "today" of the demo district: the last school year ends here. */
  readonly asOf: Date;
}

export interface SeedProgress {
  (step: string, done: number, total: number): void;
}

/** A seeded random source per section, so adding rows to one section never reshuffles another. */
export function sectionFaker(seed: number, section: string): Faker {
  let h = seed >>> 0;
  for (const ch of section) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const f = new Faker({ locale: [en_US, en] });
  f.seed(h);
  return f;
}

/** Deterministic UUIDv7: the time part is the row's own creation time, the rest comes from the section's faker. */
export function idAt(f: Faker, at: Date): string {
  const random = new Uint8Array(16);
  for (let i = 0; i < 16; i++) random[i] = f.number.int({ min: 0, max: 255 });
  return uuidv7({ msecs: at.getTime(), random });
}

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

/** 'YYYY-MM-DD' of a Date in UTC. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** Whether the database already has a district (seeding twice is refused, never doubled). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function hasDistrict(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}
