import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0024_outbreaks: the scan's index on symptom_tracking (school_id, symptom_onset_date) of live rows. It
 * answers the scan's read of one school's onset-date range, and its down leaves exactly the schema of 0023.
 */
describe.each(serverTargets())('migration 0024_outbreaks on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0023_alerts');
    before = await introspectPostgres(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  const plan = async () => {
    // a planner choice on an empty table says nothing: forbid the sequential scan and see which index it takes
    const rows = await h.db.connection().execute(async (c) => {
      await sql`SET enable_seqscan = off`.execute(c);
      try {
        return (
          await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM symptom_tracking
            WHERE deleted_at IS NULL AND school_id = 's1'
              AND symptom_onset_date BETWEEN '2026-03-01'::date AND '2026-03-05'::date`.execute(c)
        ).rows;
      } finally {
        await sql`RESET enable_seqscan`.execute(c);
      }
    });
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  it("adds the index the scan's read of one school's days uses", async () => {
    await migrateServerTo(h.db, '0024_outbreaks');
    const idx = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_symptom_tracking_school_id_symptom_onset_date'`.execute(
      h.db,
    );
    expect(idx.rows[0]?.indexdef).toMatch(/\(school_id, symptom_onset_date\) WHERE \(deleted_at IS NULL\)/);
    expect(await plan()).toContain('idx_symptom_tracking_school_id_symptom_onset_date');
  });

  it('rolls back to exactly the schema of 0023 and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0024')).toEqual([]);
    expect(await plan()).not.toContain('idx_symptom_tracking_school_id_symptom_onset_date');
    await migrateServerTo(h.db, '0024_outbreaks');
  });
});
