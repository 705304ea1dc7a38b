import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0027_clinic-visit-amendments: the vital-sign and disposition columns of clinic_visits (an existing visit
 * keeps its values, the ranges hold), clinic_visit_amendments (constraints, row-level security, change capture with
 * its school, the push's existence check knowing it); down leaves exactly the schema of 0026, and up works again.
 */
describe.each(serverTargets())('migration 0027_clinic-visit-amendments on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const fails = async (q: ReturnType<typeof sql>, constraint: RegExp) => {
    const e = await h.db
      .transaction()
      .execute((trx) => q.execute(trx))
      .then(
        () => null,
        (x: unknown) => x as Error,
      );
    expect(e?.message ?? 'no error').toMatch(constraint);
  };

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0026_medication-safety');
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d1', 'D', 'OH')`.execute(h.db);
    await sql`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd1', 'S', 'S1')`.execute(
      h.db,
    );
    await sql`INSERT INTO users (id, district_id, email, first_name, last_name, role) VALUES ('u1', 'd1', 'n@x.org', 'N', 'N', 'NURSE')`.execute(
      h.db,
    );
    await sql`INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth, grade_level)
      VALUES ('st1', 'd1', 's1', '1', 'A', 'B', '2014-01-01', '6')`.execute(h.db);
    await sql`INSERT INTO clinic_visits (id, student_id, arrival_time, presenting_complaint, attended_by_user_id, school_id, heart_rate)
      VALUES ('v1', 'st1', '2026-01-05T14:00:00Z', 'Headache', 'u1', 's1', 90)`.execute(h.db);
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, '0027_clinic-visit-amendments');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps an existing visit, the new columns empty, and enforces their ranges', async () => {
    const r = await sql<Record<string, unknown>>`
      SELECT heart_rate, blood_glucose_mg_dl, spo2_percent, respiratory_rate, pain_score, peak_flow_l_min, disposition
      FROM clinic_visits`.execute(h.db);
    expect(r.rows).toEqual([
      {
        heart_rate: 90,
        blood_glucose_mg_dl: null,
        spo2_percent: null,
        respiratory_rate: null,
        pain_score: null,
        peak_flow_l_min: null,
        disposition: null,
      },
    ]);
    await fails(
      sql`UPDATE clinic_visits SET blood_glucose_mg_dl = 700`,
      /clinic_visits_blood_glucose_mg_dl_check/,
    );
    await fails(sql`UPDATE clinic_visits SET spo2_percent = 49`, /clinic_visits_spo2_percent_check/);
    await fails(sql`UPDATE clinic_visits SET respiratory_rate = 81`, /clinic_visits_respiratory_rate_check/);
    await fails(sql`UPDATE clinic_visits SET pain_score = -1`, /clinic_visits_pain_score_check/);
    await fails(sql`UPDATE clinic_visits SET peak_flow_l_min = 901`, /clinic_visits_peak_flow_l_min_check/);
    await fails(sql`UPDATE clinic_visits SET disposition = 'LEFT'`, /clinic_visits_disposition_check/);
  });

  it('checks amendments, filters them by school and captures them for sync', async () => {
    await fails(
      sql`INSERT INTO clinic_visit_amendments (id, clinic_visit_id, student_id, school_id, changes, reason, amended_by, amended_at)
          VALUES ('a0', 'v1', 'st1', 's1', '[]', 'typo', 'u1', now())`,
      /clinic_visit_amendments_changes_check/,
    );
    await fails(
      sql`INSERT INTO clinic_visit_amendments (id, clinic_visit_id, student_id, school_id, changes, reason, amended_by, amended_at)
          VALUES ('a0', 'v1', 'st1', 's1', '{}', ' ', 'u1', now())`,
      /clinic_visit_amendments_reason_check/,
    );
    await sql`INSERT INTO clinic_visit_amendments (id, clinic_visit_id, student_id, school_id, changes, reason, amended_by, amended_at)
      VALUES ('a1', 'v1', 'st1', 's1', '{"heart_rate":{"old":90,"new":96}}', 'typo', 'u1', now())`.execute(
      h.db,
    );
    const log = await sql<{ operation: string; school_id: string | null }>`
      SELECT operation, school_id FROM sync_changes WHERE table_name = 'clinic_visit_amendments' AND row_id = 'a1'`.execute(
      h.db,
    );
    expect(log.rows).toEqual([{ operation: 'UPSERT', school_id: 's1' }]);
    const found = await sql<{ table_name: string; row_id: string }>`
      SELECT * FROM sync_rows_elsewhere_by_table('{"clinic_visit_amendments": ["a1", "none"]}'::jsonb)`.execute(
      h.db,
    );
    expect(found.rows).toEqual([{ table_name: 'clinic_visit_amendments', row_id: 'a1' }]);
    const policies = await sql<{ policyname: string }>`
      SELECT policyname FROM pg_policies WHERE tablename = 'clinic_visit_amendments'`.execute(h.db);
    expect(policies.rows).toEqual([{ policyname: 'tenant_isolation' }]);
    const seen = await h.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL ROLE white_cross_app`.execute(trx);
      await sql`SELECT set_config('app.school_ids', 'other-school', true)`.execute(trx);
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM clinic_visit_amendments`.execute(trx))
        .rows[0]?.n;
    });
    expect(seen).toBe(0);
  });

  it('rolls back to exactly the schema of 0026 and migrates up again', async () => {
    await sql`DELETE FROM clinic_visit_amendments`.execute(h.db);
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0027')).toEqual([]);
    await fails(
      sql`SELECT * FROM sync_rows_elsewhere_by_table('{"clinic_visit_amendments": ["x"]}'::jsonb)`,
      /clinic_visit_amendments is not a synced table/,
    );
    await migrateServerTo(h.db, '0027_clinic-visit-amendments');
    const t = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'clinic_visit_amendments'`.execute(
      h.db,
    );
    expect(t.rows[0]?.n).toBe(1);
  });
});
