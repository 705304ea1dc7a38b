import { sql } from 'kysely';
import { seedCatalogs } from './catalogs';
import { seedClinical } from './clinical';
import { seedDistrict } from './district';
import { seedSessions } from './district-sessions';
import { seedImmunizations } from './immunizations';
import { seedIntegrations } from './integrations';
import { seedReporting } from './reporting';
import { seedSecurity } from './security';
import { seedStudents } from './students';
import { hasDistrict, makeContext, type SeedDb, type SeedOptions, type SeedProgress } from './helpers';

/**
 * `white-cross seed-demo`: a synthetic, deterministic demo district (no real person's data). The
 * output is a pure function of the options: every id, timestamp and value comes from the seed and
 * the asOf anchor. Everything is written in one transaction; the materialized views are refreshed
 * after it commits.
 *
 * Staff accounts are created without a password (users.password_hash NULL: the column only admits
 * argon2id hashes); the server's demo login is set up elsewhere.
 */

export { hasDistrict, type SeedOptions, type SeedProgress } from './helpers';

/** Rows written per table (tables left empty are not listed). */
export type SeedSummary = Readonly<Record<string, number>>;

/** Defaults of `white-cross seed-demo`; asOf is the caller's choice (the CLI uses today). */
export const DEFAULT_SEED_OPTIONS: Readonly<Omit<SeedOptions, 'asOf'>> = Object.freeze({
  seed: 1,
  students: 1500,
  years: 1,
  schools: 3,
});

function validate(options: SeedOptions): void {
  const positive = (name: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw new Error(`seed-demo: ${name} must be a whole number from 1 to ${max}, got ${v}`);
  };
  if (!Number.isInteger(options.seed) || options.seed < 0)
    throw new Error(`seed-demo: seed must be a whole number >= 0, got ${options.seed}`);
  positive('students', options.students, 200_000);
  positive('years', options.years, 13);
  positive('schools', options.schools, 100);
  if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime()))
    throw new Error('seed-demo: asOf must be a valid date');
}

export async function seedDemo(
  db: SeedDb,
  options: SeedOptions,
  progress?: SeedProgress,
): Promise<SeedSummary> {
  validate(options);
  if (await hasDistrict(db)) {
    const existing = await db
      .selectFrom('districts')
      .select((eb) => [eb.fn.min('name').as('name'), eb.fn.countAll<number>().as('n')])
      .executeTakeFirst();
    const n = Number(existing?.n ?? 1);
    throw new Error(
      `the database already holds a district (${existing?.name ?? 'unnamed'}${n > 1 ? ` and ${n - 1} more` : ''}); seed a fresh database`,
    );
  }
  await db.transaction().execute(async (trx) => {
    const ctx = makeContext(trx, options, progress);
    const district = await seedDistrict(ctx);
    await seedSessions(ctx, district);
    const catalogs = await seedCatalogs(ctx, district);
    const students = await seedStudents(ctx, district, catalogs);
    const immunizations = await seedImmunizations(ctx, district, catalogs, students);
    await seedClinical(ctx, district, catalogs, students, immunizations);
    await seedIntegrations(trx, options, progress);
    await seedReporting(trx, options, progress);
    // Last: the hash-chained audit trail of everything seeded above.
    await seedSecurity(trx, options, progress);
  });
  for (const view of ['visit_frequency_analytics', 'compliance_dashboard_cache']) {
    progress?.(`refresh ${view}`, 0, 1);
    await sql`REFRESH MATERIALIZED VIEW ${sql.table(view)}`.execute(db);
    progress?.(`refresh ${view}`, 1, 1);
  }
  return summarize(db);
}

/** Row counts of every table of the data model that holds rows (partitions counted in their parent). */
async function summarize(db: SeedDb): Promise<SeedSummary> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND c.relname NOT IN ('kysely_migration', 'kysely_migration_lock')
    ORDER BY c.relname`.execute(db);
  const out: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(db);
    const n = r.rows[0]?.n ?? 0;
    if (n > 0) out[name] = n;
  }
  return Object.freeze(out);
}
