import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import {
  ensureSupportingData,
  loadShippedSchoolEntry,
  refreshSchoolDashboard,
} from '../../server-sync/immunizations';
import { seedDemo } from '../../server-sync/seed/demo';
import { serverTableSchemas } from '../../src-shared/db/server-schema.generated';
import { serverTargets } from '../support/db';
import { loadManifest } from '../support/manifest';

const manifest = loadManifest();
const immutableTables = Object.entries(manifest.server)
  .filter(([, t]) => t.immutable)
  .map(([name]) => name);

/** The message of a rejected statement, including the constraint PostgreSQL names. */
async function rejection(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    const err = e as { message?: string; constraint?: string };
    return `${err.message ?? String(e)} ${err.constraint ?? ''}`;
  }
  throw new Error('statement was accepted but should have been rejected');
}

describe.each(serverTargets())('district database behaviour on $name (small seeded district)', (target) => {
  let h: ServerDbHandle;
  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    await seedDemo(h.db, {
      seed: 3,
      students: 30,
      years: 1,
      schools: 2,
      asOf: new Date('2026-11-20T12:00:00Z'),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has immutable audit trails', () => {
    expect(immutableTables).toEqual(
      expect.arrayContaining([
        'audit_logs',
        'phi_disclosure_audit',
        'key_rotation_history',
        'share_access_audit',
      ]),
    );
  });

  it.each(immutableTables)('%s rejects UPDATE, DELETE and TRUNCATE', async (table) => {
    const row = await sql<{ id: string }>`SELECT id FROM ${sql.table(table)} LIMIT 1`.execute(h.db);
    const id = row.rows[0]?.id;
    expect(id, `the demo seed wrote no ${table} row to test with`).toBeDefined();
    expect(
      await rejection(() => sql`UPDATE ${sql.table(table)} SET id = id WHERE id = ${id}`.execute(h.db)),
    ).toMatch(/append-only|immutable|not allowed/i);
    expect(
      await rejection(() => sql`DELETE FROM ${sql.table(table)} WHERE id = ${id}`.execute(h.db)),
    ).toMatch(/append-only|immutable|not allowed/i);
    expect(await rejection(() => sql`TRUNCATE ${sql.table(table)} CASCADE`.execute(h.db))).toMatch(
      /append-only|immutable|not allowed/i,
    );
    const still = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE id = ${id}`.execute(h.db);
    expect(still.rows[0]?.n).toBe(1);
  });

  it('refreshes both materialized views concurrently', async () => {
    // compliance_dashboard_cache publishes the compliance engine's snapshots (migration 0033): the demo's Ohio has no
    // school-entry rules on record, so one school is put in California for its refresh, then back
    const school = (
      await sql<{
        id: string;
        state: string | null;
      }>`SELECT id, state FROM schools ORDER BY id LIMIT 1`.execute(h.db)
    ).rows[0]!;
    await ensureSupportingData(h.db);
    await loadShippedSchoolEntry(h.db);
    await sql`UPDATE schools SET state = 'CA' WHERE id = ${school.id}`.execute(h.db);
    await refreshSchoolDashboard(h.db, { now: () => new Date('2026-11-20T12:00:00Z') }, school.id);
    await sql`UPDATE schools SET state = ${school.state} WHERE id = ${school.id}`.execute(h.db);
    for (const view of ['visit_frequency_analytics', 'compliance_dashboard_cache']) {
      await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY ${sql.table(view)}`.execute(h.db);
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(view)}`.execute(h.db);
      expect(n.rows[0]?.n, `${view} is empty after refresh`).toBeGreaterThan(0);
    }
  });

  it('rejects bad data with the constraint name in the error, writing nothing', async () => {
    const student = (await sql<{ id: string }>`SELECT id FROM students ORDER BY id LIMIT 1`.execute(h.db))
      .rows[0];
    expect(student).toBeDefined();
    expect(
      await rejection(() => sql`UPDATE students SET sex = 'Q' WHERE id = ${student?.id}`.execute(h.db)),
    ).toContain('students_sex_check');
    expect(
      await rejection(() =>
        sql`INSERT INTO allergies (id, student_id, school_id, allergen, allergen_type, severity)
            SELECT 'bad-allergy', 'no-such-student', id, 'peanut', 'FOOD', 'SEVERE' FROM schools LIMIT 1`.execute(
          h.db,
        ),
      ),
    ).toContain('allergies_student_id_fkey');
    expect(
      await rejection(() =>
        sql`UPDATE clinic_visits SET temperature_f = 130 WHERE id = (SELECT id FROM clinic_visits ORDER BY id LIMIT 1)`.execute(
          h.db,
        ),
      ),
    ).toMatch(/clinic_visits_\w*temperature\w*check/);
    const none = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM allergies WHERE id = 'bad-allergy'`.execute(h.db);
    expect(none.rows[0]?.n).toBe(0);
  });

  it('every row of every table parses with the generated zod row schema', async () => {
    const failures: string[] = [];
    for (const [table, s] of Object.entries(serverTableSchemas)) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} LIMIT 50`.execute(
        h.db,
      );
      for (const r of rows.rows) {
        const parsed = s.row.safeParse(r);
        if (!parsed.success) {
          failures.push(
            `${table}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
          break;
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
