import type { Insertable, Kysely, Selectable } from 'kysely';
import type { JsonValue } from '../../../src-shared/db/column-types';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import type { SeedProgress } from './options';

/** The district database the seed writes (the caller's transaction). */
export type SeedDb = Kysely<ServerDatabase>;

/** A table of the district database. */
export type SeedTable = keyof ServerDatabase;

/** A row of `T` as the seed inserts it (the generated Kysely types: jsonb as JSON text, numeric as a string). */
export type NewRow<T extends SeedTable> = Insertable<ServerDatabase[T]>;

/** The type of a column of `T` as read back (an enum column is the union of its CHECK values). */
export type ColumnOf<T extends SeedTable, C extends keyof Selectable<ServerDatabase[T]>> = Selectable<
  ServerDatabase[T]
>[C];

export const BATCH_ROWS = 500;

/**
 * Inserts rows in batches inside the caller's transaction. jsonb values must already be JSON strings
 * (`json(...)`), so arrays are not mistaken for PostgreSQL arrays.
 */
export async function insertMany<T extends SeedTable>(
  db: SeedDb,
  table: T,
  rows: readonly NewRow<T>[],
  progress?: SeedProgress,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    await db.insertInto(table).values(batch).execute();
    progress?.(table, Math.min(i + BATCH_ROWS, rows.length), rows.length);
  }
}

/** The strings of a jsonb array read back (anything else: none). */
export const stringList = (v: JsonValue | null): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** A jsonb value for insertMany. */
export const json = (v: unknown): string => JSON.stringify(v);

/** Whether the database already has a district (seeding twice is refused, never doubled). */
export async function hasDistrict(db: SeedDb): Promise<boolean> {
  const r = await db
    .selectFrom('districts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0) > 0;
}
