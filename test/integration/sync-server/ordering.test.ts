import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { SYNC_CAPTURE_LOCK_KEY } from '../../../server-sync/sync/capture';
import { SYNCED_TABLES } from '../../../src-shared/sync/tables';
import { serverTargets } from '../../support/db';
import { allergy, makeWorld, openMigrated, pullAll, push, T0, type World } from './support';

/** pull by server sequence never skips a late-committing transaction (docs/sync.md, "Ordering"). */

describe.each(serverTargets())('capture ordering on $name', (target) => {
  let h: ServerDbHandle;
  beforeAll(async () => {
    h = await openMigrated(target);
    await makeWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every synced table has the capture triggers, and the migration lock key is the one the server takes', async () => {
    const r = await sql<{ table: string; n: number }>`
      SELECT c.relname AS table, count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname IN ('sync_capture_lock', 'sync_capture_insert', 'sync_capture_update', 'sync_capture_delete') GROUP BY c.relname ORDER BY c.relname`.execute(
      h.db,
    );
    expect(r.rows.map((x) => x.table)).toEqual([...SYNCED_TABLES].sort());
    expect(new Set(r.rows.map((x) => x.n))).toEqual(new Set([4]));
    const held = await h.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('visit_reasons')
        .values({ id: 'vr-lock', reason_code: 'LOCK', reason_name: 'Lock check' })
        .execute();
      const l = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND objid = ${SYNC_CAPTURE_LOCK_KEY % 2 ** 32}`.execute(
        trx,
      );
      return l.rows[0]?.n ?? 0;
    });
    expect(held).toBe(1);
  });
});

describe.each(serverTargets().filter((t) => t.name === 'postgres'))(
  'concurrent writers on $name',
  (target) => {
    let h: ServerDbHandle & { url?: string };
    let w: World;
    beforeAll(async () => {
      h = await openMigrated(target);
      w = await makeWorld(h.db);
    });
    afterAll(async () => {
      await h?.close();
    });

    async function waitForBlockedLock(): Promise<void> {
      for (let i = 0; i < 500; i++) {
        const r = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(h.db);
        if ((r.rows[0]?.n ?? 0) > 0) return;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error('the second writer never waited for the capture lock');
    }

    it('a pull between two overlapping pushes never returns a later seq and then misses the earlier one', async () => {
      const start = (await pullAll(h.db, w, w.devA1)).cursor;
      const first = new pg.Client({ connectionString: h.url });
      await first.connect();
      try {
        // Writer 1 takes the next server_seq and holds its transaction open.
        await first.query('BEGIN');
        await first.query(
          `INSERT INTO allergies (id, student_id, school_id, allergen, allergen_type, severity) VALUES ('alg-slow', $1, $2, 'Latex', 'LATEX', 'MILD')`,
          [w.studentA, w.schoolA],
        );
        // Writer 2, a real push, starts while writer 1 is open: it must wait for writer 1's commit before it draws a seq.
        const second = push(h.db, w, w.devA2, [allergy(1, 'alg-fast', w.studentA, w.schoolA, T0, w.devA2)]);
        await waitForBlockedLock();
        const between = await pullAll(h.db, w, w.devA1, start);
        expect(between.changes.map((c) => c.rowId)).toEqual([]);
        await first.query('COMMIT');
        expect((await second).applied).toBe(1);
        const after = await pullAll(h.db, w, w.devA1, between.cursor);
        const union = [...between.changes, ...after.changes];
        expect(union.map((c) => c.rowId)).toEqual(['alg-slow', 'alg-fast']);
        const seqs = union.map((c) => c.serverSeq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        const committed = await sql<{ server_seq: number }>`SELECT server_seq FROM sync_changes
        WHERE server_seq > ${start} AND (school_id = ${w.schoolA} OR school_id IS NULL) ORDER BY server_seq`.execute(
          h.db,
        );
        expect(seqs).toEqual(committed.rows.map((r) => r.server_seq));
      } finally {
        await first.end();
      }
    });

    it('the page query reads one school by its (school_id, server_seq) index, without sorting the backlog', async () => {
      await sql`INSERT INTO sync_changes (table_name, row_id, school_id, operation, changed_columns)
      SELECT 'allergies', 'bulk-' || g, CASE WHEN g % 2 = 0 THEN ${w.schoolA} ELSE ${w.schoolB} END, 'UPSERT', '{}'::jsonb
      FROM generate_series(1, 50000) g`.execute(h.db);
      await sql`ANALYZE sync_changes`.execute(h.db);
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM (
        (SELECT server_seq FROM sync_changes WHERE school_id = ${w.schoolA} AND server_seq > 0 ORDER BY server_seq LIMIT 5001)
        UNION ALL
        (SELECT server_seq FROM sync_changes WHERE school_id IS NULL AND server_seq > 0 ORDER BY server_seq LIMIT 5001)
      ) c ORDER BY server_seq LIMIT 5001`.execute(h.db);
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index (Only )?Scan using idx_sync_changes_school_id_server_seq/);
      expect(text).not.toMatch(/Seq Scan/);
      const all = await pullAll(h.db, w, w.devA1, 0, 5000);
      expect(all.changes.filter((c) => c.rowId.startsWith('bulk-'))).toHaveLength(25000);
    });
  },
);
