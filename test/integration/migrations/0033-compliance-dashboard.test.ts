import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { serverMigrations } from '../../../migrations/server/index';

/**
 * Migration 0033_compliance-dashboard: the dashboard's refreshes and daily snapshots, and compliance_dashboard_cache
 * redefined to publish each school's newest snapshot. The view shows only the newest day of a school, a snapshot's
 * counts cannot be negative nor its list anything but an array; down restores exactly the schema before it.
 */
const THIS = '0033_compliance-dashboard';
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf(THIS) - 1]!;

describe.each(serverTargets())('migration 0033_compliance-dashboard on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const failure = (q: ReturnType<typeof sql>) =>
    h.db
      .transaction()
      .execute((trx) => q.execute(trx))
      .then(
        () => 'no error',
        (x: unknown) => (x as Error).message,
      );

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, PREVIOUS);
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, THIS);
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d1', 'D', 'CA')`.execute(h.db);
    await sql`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd1', 'S', 'S1')`.execute(
      h.db,
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  const snapshot = (id: string, refresh: string, date: string, compliant: number) =>
    sql`INSERT INTO compliance_dashboard_snapshots (id, refresh_id, school_id, snapshot_date, grade_level,
      vaccine_type, total_students, compliant_count, conditional_count, overdue_count, exempt_count,
      exempt_medical_count, exempt_religious_count, exempt_philosophical_count, compliance_percentage, needing_action)
      VALUES (${id}, ${refresh}, 's1', ${date}, 'K', 'MMR', 10, ${compliant}, 0, ${10 - compliant}, 0, 0, 0, 0,
        ${(compliant * 10).toFixed(2)}, '[]'::jsonb)`;

  it("publishes each school's newest snapshot only", async () => {
    for (const [id, date] of [
      ['r1', '2026-09-01'],
      ['r2', '2026-09-02'],
    ] as const)
      await sql`INSERT INTO compliance_dashboard_refreshes (id, school_id, snapshot_date, state_code, students_evaluated, computed_at)
        VALUES (${id}, 's1', ${date}, 'CA', 10, now())`.execute(h.db);
    await snapshot('a', 'r1', '2026-09-01', 5).execute(h.db);
    await snapshot('b', 'r2', '2026-09-02', 8).execute(h.db);
    await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY compliance_dashboard_cache`.execute(h.db);
    const r = await sql<Record<string, unknown>>`
      SELECT id, compliant_count, overdue_count, compliance_percentage, non_compliance_list
      FROM compliance_dashboard_cache`.execute(h.db);
    expect(r.rows).toEqual([
      {
        id: 's1:K:MMR',
        compliant_count: 8,
        overdue_count: 2,
        compliance_percentage: '80.00',
        non_compliance_list: [],
      },
    ]);
  });

  it('refuses a negative count and a list that is not an array', async () => {
    expect(await failure(sql`UPDATE compliance_dashboard_snapshots SET overdue_count = -1`)).toMatch(
      /compliance_dashboard_snapshots_overdue_count_check/,
    );
    expect(
      await failure(sql`UPDATE compliance_dashboard_snapshots SET needing_action = '{}'::jsonb`),
    ).toMatch(/compliance_dashboard_snapshots_needing_action_check/);
  });

  it('rolls back to exactly the schema before it and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0033')).toEqual([]);
    await migrateServerTo(h.db, THIS);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM compliance_dashboard_cache`.execute(
      h.db,
    );
    expect(r.rows).toEqual([{ n: 0 }]);
  });
});
