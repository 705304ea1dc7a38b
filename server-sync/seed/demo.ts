import { sql } from 'kysely';
import { seedAlerts } from './alerts';
import { seedAudit } from './audit';
import { seedSessions } from './auth';
import { seedBilling } from './billing';
import { seedCatalog } from './catalog';
import { seedSafetyScenarios } from './medication-safety';
import { readDataset } from '../medication-safety';
import { seedVisitAmendments, seedVisits } from './clinic-visits';
import { seedDistrict } from './district';
import { seedDocumentSharing } from './document-sharing';
import { linkEncryptionKeys, seedEncryptedFields, seedEncryptionKeys } from './encryption';
import { seedExports } from './exports';
import {
  hasDistrict,
  makeContext,
  sectionFaker,
  type SeedDb,
  type SeedOptions,
  type SeedProgress,
} from './helpers';
import { seedComplianceDashboard, seedImmunizations } from './immunizations';
import { seedMarLedger, seedOrders } from './mar';
import { planGiCluster, seedOutbreaks } from './outbreaks';
import { seedDisclosures } from './phi-disclosures';
import { seedRegistry } from './registry';
import { seedReports } from './reports';
import { seedSis } from './sis';
import { seedStudents } from './students';
import { seedSyncState } from './sync';
import { seedTamperAlerts } from './tamper-alerts';

/**
 * `white-cross seed-demo`: a synthetic, deterministic demo district (no real person's data). The
 * output is a pure function of the options: every id, timestamp and value comes from the seed and
 * the asOf anchor. Everything is written in one transaction; the materialized views are refreshed
 * after it commits.
 *
 * One module per feature (named as the feature's migration), called in dependency order below. Each section
 * draws from its own seeded random stream, keyed by a section name ('district', 'catalogs', 'students',
 * 'integrations.claims'...): the names are part of the output and never change when modules move.
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
    await seedSyncState(ctx, district);
    await seedSessions(ctx, district);
    const catalogs = await seedCatalog(ctx, district);
    const students = await seedStudents(ctx, district, catalogs);
    const immunizations = await seedImmunizations(ctx, district, catalogs, students);
    // The clinical year(s): medication orders and scheduled doses, clinic visits (with PRN doses and class
    // time missed; the planted GI cluster among them), symptom tracking and outbreak detection, the alerts all
    // of that raised, and the PHI disclosures.
    const orders = await seedOrders(ctx, catalogs, students);
    await seedSafetyScenarios(ctx, catalogs, await readDataset());
    const cluster = planGiCluster(ctx, district, students);
    const { visits, events } = await seedVisits(
      ctx,
      district,
      catalogs,
      students,
      orders,
      immunizations.schoolDoses,
      cluster?.visits ?? [],
    );
    await seedVisitAmendments(ctx, visits);
    await seedMarLedger(ctx);
    const outbreaks = await seedOutbreaks(ctx, district, catalogs, students, visits, cluster);
    await seedAlerts(ctx, district, catalogs, {
      missed: orders.missed,
      events,
      outbreaks,
      overdue: immunizations.overdue,
      orders: orders.orders,
      visits,
    });
    await seedDisclosures(ctx, district, students, visits, events, outbreaks);
    const eligibility = await seedBilling(ctx);
    await seedRegistry(ctx, eligibility);
    await seedSis(ctx);
    await seedComplianceDashboard(ctx);
    await seedReports(ctx);
    await seedDocumentSharing(ctx);
    await seedExports(ctx);
    // Security and compliance: data keys, then one random stream ('security.integrity') for the encrypted-field
    // metadata and, after it, the integrity baselines and tamper alerts.
    const encryption = await seedEncryptionKeys(ctx);
    const integrity = sectionFaker(ctx.options.seed, 'security.integrity');
    await seedEncryptedFields(ctx, integrity, encryption);
    const tamperEvents = await seedTamperAlerts(ctx, integrity);
    await linkEncryptionKeys(ctx, encryption.keys);
    // Last: the hash-chained audit trail of everything seeded above.
    await seedAudit(ctx, [...encryption.auditEvents, ...tamperEvents]);
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
