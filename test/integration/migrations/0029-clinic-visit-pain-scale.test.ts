import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0029_clinic-visit-pain-scale: clinic_visits.pain_scale (NUMERIC or FACES). An existing visit keeps its
 * pain score with no scale, a new scale is captured for sync like any column; down leaves exactly the schema of
 * 0028 and up works again.
 */
describe.each(serverTargets())('migration 0029_clinic-visit-pain-scale on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0028_mar-five-rights');
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d1', 'D', 'OH')`.execute(h.db);
    await sql`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd1', 'S', 'S1')`.execute(
      h.db,
    );
    await sql`INSERT INTO users (id, district_id, email, first_name, last_name, role) VALUES ('u1', 'd1', 'n@x.org', 'N', 'N', 'NURSE')`.execute(
      h.db,
    );
    await sql`INSERT INTO students (id, district_id, school_id, student_number, first_name, last_name, date_of_birth, grade_level)
      VALUES ('st1', 'd1', 's1', '1', 'A', 'B', '2014-01-01', '6')`.execute(h.db);
    await sql`INSERT INTO clinic_visits (id, student_id, arrival_time, presenting_complaint, attended_by_user_id, school_id, pain_score)
      VALUES ('v1', 'st1', '2026-01-05T14:00:00Z', 'Knee', 'u1', 's1', 6)`.execute(h.db);
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, '0029_clinic-visit-pain-scale');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps an existing pain score with no scale, and takes NUMERIC or FACES only', async () => {
    const r = await sql<Record<string, unknown>>`SELECT pain_score, pain_scale FROM clinic_visits`.execute(
      h.db,
    );
    expect(r.rows).toEqual([{ pain_score: 6, pain_scale: null }]);
    const e = await h.db
      .transaction()
      .execute((trx) => sql`UPDATE clinic_visits SET pain_scale = 'EMOJI'`.execute(trx))
      .then(
        () => null,
        (x: unknown) => x as Error,
      );
    expect(e?.message ?? 'no error').toMatch(/clinic_visits_pain_scale_check/);
  });

  it('captures a new scale for sync with the visit’s school', async () => {
    await sql`UPDATE clinic_visits SET pain_scale = 'FACES' WHERE id = 'v1'`.execute(h.db);
    const log = await sql<{ school_id: string | null; pain_scale: string | null }>`
      SELECT school_id, changed_columns->>'pain_scale' AS pain_scale FROM sync_changes
      WHERE table_name = 'clinic_visits' AND row_id = 'v1'
      ORDER BY server_seq DESC LIMIT 1`.execute(h.db);
    expect(log.rows).toEqual([{ school_id: 's1', pain_scale: 'FACES' }]);
  });

  it('rolls back to exactly the schema of 0028 and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0029')).toEqual([]);
    const r = await sql<Record<string, unknown>>`SELECT id, pain_score FROM clinic_visits`.execute(h.db);
    expect(r.rows).toEqual([{ id: 'v1', pain_score: 6 }]);
    await migrateServerTo(h.db, '0029_clinic-visit-pain-scale');
    const again = await sql<Record<string, unknown>>`SELECT pain_scale FROM clinic_visits`.execute(h.db);
    expect(again.rows).toEqual([{ pain_scale: null }]);
  });
});
