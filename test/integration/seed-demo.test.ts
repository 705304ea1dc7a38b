import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { raiseImmunizationOverdueAlerts } from '../../server-sync/alerts/triggers';
import { seedDemo, type SeedOptions } from '../../server-sync/seed/demo';
import { alertInstanceId, alertKey, renderTemplate } from '../../src-shared/alerts';

const OPTIONS: SeedOptions = {
  seed: 7,
  students: 40,
  years: 1,
  schools: 3,
  asOf: new Date('2026-11-20T12:00:00Z'),
};

/**
 * Sync machinery, not seed output: conflicts and rejections come only from live traffic, and the change
 * log (filled by the capture triggers as the seed writes) records the server's commit clock and xids.
 */
const SYNC_TRAFFIC = ['sync_changes', 'sync_field_versions', 'sync_conflicts', 'sync_rejections'];
/**
 * Job queue bookkeeping (migration 0022_jobs), not seed output either: job_schedules and job_keys are written by a
 * running server's job runner (a schedule's last slot, the idempotency key of a job it sent), never by the seed.
 */
const JOB_QUEUE = ['job_schedules', 'job_keys'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Tables and partitioned tables of the data model (partitions and the migration tool's tables excluded). */
async function dataModelTables(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND c.relname NOT IN ('kysely_migration', 'kysely_migration_lock')
    ORDER BY c.relname`.execute(db);
  return r.rows.map((t) => t.name);
}

/** Row count and an md5 of every row's text, per table (order-independent). */
async function digests(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await dataModelTables(db)) {
    if (SYNC_TRAFFIC.includes(table) || JOB_QUEUE.includes(table)) continue;
    const r = await sql<{ n: number; h: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, E'\n' ORDER BY t::text)) AS h FROM ${sql.table(table)} t`.execute(
      db,
    );
    out[table] = `${r.rows[0]?.n ?? 0}:${r.rows[0]?.h ?? ''}`;
  }
  return out;
}

async function seededDatabase(options: SeedOptions): Promise<ServerDbHandle> {
  const h = await openServerDb({ pgliteDir: ':memory:' });
  await migrateServerToLatest(h.db);
  await seedDemo(h.db, options);
  return h;
}

describe('seed-demo (PGlite, 40 students)', () => {
  const handles: ServerDbHandle[] = [];
  let first: ServerDbHandle;
  let firstDigests: Record<string, string>;

  beforeAll(async () => {
    first = await seededDatabase(OPTIONS);
    handles.push(first);
    firstDigests = await digests(first.db);
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it('writes at least one row to every table of the data model', async () => {
    const empty = Object.entries(firstDigests)
      .filter(([, d]) => d.startsWith('0:'))
      .map(([table]) => table);
    expect(empty, `tables the demo seed left empty: ${empty.join(', ')}`).toEqual([]);
    for (const view of ['visit_frequency_analytics', 'compliance_dashboard_cache']) {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(view)}`.execute(first.db);
      expect(r.rows[0]?.n, `${view} is empty after the seed`).toBeGreaterThan(0);
    }
  });

  it('refuses to seed a database that already holds a district, and changes nothing', async () => {
    await expect(seedDemo(first.db, OPTIONS)).rejects.toThrow(
      /already holds a district .*seed a fresh database/,
    );
    expect(await digests(first.db)).toEqual(firstDigests);
  });

  it('is a pure function of its options: a fresh database seeded the same way is identical, table by table', async () => {
    const second = await seededDatabase(OPTIONS);
    handles.push(second);
    const again = await digests(second.db);
    const differing = Object.keys(firstDigests).filter((t) => firstDigests[t] !== again[t]);
    expect(
      differing,
      `tables whose content differs between two identical seeds: ${differing.join(', ')}`,
    ).toEqual([]);
    expect(Object.keys(again).sort()).toEqual(Object.keys(firstDigests).sort());
  });

  it('seeds alerts as the triggers raise them: their keys, every placeholder filled, open and acknowledged, an outbreak', async () => {
    const rows = await first.db
      .selectFrom('alert_instances as i')
      .innerJoin('alert_definitions as d', 'd.id', 'i.alert_definition_id')
      .select([
        'i.id',
        'i.alert_status',
        'i.alert_data',
        'i.target_entity_id',
        'd.alert_code',
        'd.message_template',
      ])
      .execute();
    const data = (r: (typeof rows)[number]) => r.alert_data as Record<string, unknown>;
    const unfilled = rows
      .map((r) => renderTemplate(r.message_template ?? '', data(r)))
      .filter((m) => m.includes('{{'));
    expect(unfilled, 'messages with a placeholder the data lacks').toEqual([]);
    const keyOf = (r: (typeof rows)[number]): string | null => {
      const x = data(r);
      switch (r.alert_code) {
        case 'OUTBREAK_DETECTED':
          return alertKey.outbreak(String(x.outbreak_alert_id));
        case 'EMERGENCY_HEALTH':
          return alertKey.emergencyVisit(String(x.visit_id));
        case 'MEDICATION_MISSED':
          return alertKey.missedDose(String(x.student_medication_id), String(x.scheduled_time));
        case 'IMMUNIZATION_OVERDUE':
          return alertKey.immunizationOverdue(
            r.target_entity_id!,
            String(x.vaccine),
            Number(x.dose),
            String(x.due_date),
          );
        default:
          return null;
      }
    };
    for (const r of rows) {
      const key = keyOf(r);
      if (key) expect(r.id, `${r.alert_code} ${key}`).toBe(alertInstanceId(key));
    }
    const codes = new Set(rows.map((r) => r.alert_code));
    for (const code of ['OUTBREAK_DETECTED', 'IMMUNIZATION_OVERDUE', 'MEDICATION_MISSED'])
      expect(codes).toContain(code);
    const statuses = new Set(rows.map((r) => r.alert_status));
    expect(statuses).toContain('ACKNOWLEDGED');
    expect(statuses.has('ACTIVE') || statuses.has('ESCALATED')).toBe(true);
    // the server's own nightly trigger, run on the seeded district at asOf, finds every overdue dose already raised
    expect(await raiseImmunizationOverdueAlerts(first.db, { now: () => OPTIONS.asOf })).toBe(0);
  });

  it('gives a different district for a different seed', async () => {
    // The second database again, emptied down to a bare schema (opening another PGlite costs ~5 s).
    const other = handles[1] ?? (await openServerDb({ pgliteDir: ':memory:' }));
    if (!handles.includes(other)) handles.push(other);
    await sql`DROP SCHEMA public CASCADE`.execute(other.db);
    await sql`CREATE SCHEMA public`.execute(other.db);
    await migrateServerToLatest(other.db);
    await seedDemo(other.db, { ...OPTIONS, seed: 8 });
    const d = await digests(other.db);
    for (const table of ['districts', 'students', 'clinic_visits', 'vaccinations']) {
      expect(d[table], `${table} is the same for seeds 7 and 8`).not.toEqual(firstDigests[table]);
    }
  });
});
