import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN_LOCK_KEY } from '../../../server-sync/audit/writer';
import type { ServerDb, ServerDbHandle } from '../../../server-sync/db/connect';
import { withTenant } from '../../../server-sync/db/tenant';
import { SYNC_CAPTURE_LOCK_KEY } from '../../../server-sync/sync/capture';
import { APPLY_ORDER } from '../../../server-sync/sync/store';
import type { OutboxChange } from '../../../src-shared/sync/protocol';
import { serverTargets } from '../../support/db';
import {
  allergy,
  edit,
  hlc,
  makeWorld,
  maxSeq,
  openMigrated,
  pullAll,
  push,
  row,
  T0,
  type World,
} from './support';

/**
 * A push's write step (docs/sync.md, "Ordering" and "Push"; migration 0020): its writes grouped one statement per
 * table, parents first; their capture staged while the rows are written and logged under the capture lock, so
 * pushes write in parallel and server_seq order stays commit order.
 */

const visit = (seq: number, id: string, w: World, at: number, node: string): OutboxChange => ({
  seq,
  table: 'clinic_visits',
  rowId: id,
  op: 'UPSERT',
  columns: {
    student_id: w.studentA,
    school_id: w.schoolA,
    presenting_complaint: 'Headache',
    attended_by_user_id: w.nurseA,
  },
  hlc: hlc(at, node),
});
const classTime = (
  seq: number,
  id: string,
  visitId: string,
  w: World,
  at: number,
  node: string,
): OutboxChange => ({
  seq,
  table: 'class_time_missed',
  rowId: id,
  op: 'UPSERT',
  columns: { clinic_visit_id: visitId, student_id: w.studentA, school_id: w.schoolA, minutes_missed: 20 },
  hlc: hlc(at, node),
});
const guardian = (seq: number, id: string, w: World, at: number, node: string): OutboxChange => ({
  seq,
  table: 'guardians',
  rowId: id,
  op: 'UPSERT',
  columns: {
    student_id: w.studentA,
    school_id: w.schoolA,
    first_name: 'Pat',
    last_name: 'Doe',
    relationship: 'Parent',
    phone_primary: '555-0100',
  },
  hlc: hlc(at, node),
});

async function logOf(db: ServerDb, after: number) {
  const r = await sql<{
    server_seq: number;
    table_name: string;
    row_id: string;
    operation: string;
    device_seq: number | null;
    changed_columns: Record<string, unknown>;
  }>`SELECT server_seq, table_name, row_id, operation, device_seq, changed_columns FROM sync_changes
    WHERE server_seq > ${after} ORDER BY server_seq`.execute(db);
  return r.rows.map((x) => ({ ...x, device_seq: x.device_seq === null ? null : Number(x.device_seq) }));
}

describe.each(serverTargets())('staged capture and grouped writes on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  beforeAll(async () => {
    h = await openMigrated(target);
    w = await makeWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("APPLY_ORDER puts every foreign key's parent table before its child", async () => {
    const r = await sql<{ child: string; parent: string }>`
      SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f'`.execute(h.db);
    const rank = (t: string) => APPLY_ORDER.indexOf(t);
    const between = r.rows.filter((x) => rank(x.child) >= 0 && rank(x.parent) >= 0 && x.child !== x.parent);
    expect(between.length).toBeGreaterThan(3);
    for (const fk of between)
      expect(rank(fk.parent), `${fk.child} -> ${fk.parent}`).toBeLessThan(rank(fk.child));
  });

  it("applies an interleaved batch table by table, parents first, and logs each row's writes in their order", async () => {
    const start = await maxSeq(h.db);
    const r = await push(h.db, w, w.devA1, [
      visit(1, 'sc-cv1', w, T0, w.devA1),
      classTime(2, 'sc-ct1', 'sc-cv1', w, T0 + 1, w.devA1),
      allergy(3, 'sc-alg1', w.studentA, w.schoolA, T0 + 2, w.devA1),
      visit(4, 'sc-cv2', w, T0 + 3, w.devA1),
      edit(5, 'clinic_visits', 'sc-cv1', { nurse_notes: 'back to class' }, T0 + 4, w.devA1),
      classTime(6, 'sc-ct2', 'sc-cv2', w, T0 + 5, w.devA1),
      edit(7, 'allergies', 'sc-alg1', { notes: 'mild since' }, T0 + 6, w.devA1),
    ]);
    expect(r).toMatchObject({ ackedThrough: 7, applied: 7, rejections: [], conflicts: [] });
    const log = await logOf(h.db, start);
    // allergies, then clinic visits, then the class time they cost; within a table its inserts, then later writes
    expect(log.map((c) => [c.table_name, c.row_id, c.operation, c.device_seq])).toEqual([
      ['allergies', 'sc-alg1', 'UPSERT', 3],
      ['allergies', 'sc-alg1', 'UPSERT', 7],
      ['clinic_visits', 'sc-cv1', 'UPSERT', 1],
      ['clinic_visits', 'sc-cv2', 'UPSERT', 4],
      ['clinic_visits', 'sc-cv1', 'UPSERT', 5],
      ['class_time_missed', 'sc-ct1', 'UPSERT', 2],
      ['class_time_missed', 'sc-ct2', 'UPSERT', 6],
    ]);
    expect(log[4]?.changed_columns).toEqual({ nurse_notes: 'back to class' });
    expect(log[2]?.changed_columns).toMatchObject({ presenting_complaint: 'Headache' });
    // a workstation pulling this one change at a time meets each visit before the class time that names it
    const pulled = await pullAll(h.db, w, w.devA2, start, 1);
    const at = (id: string) => pulled.changes.findIndex((c) => c.rowId === id);
    expect(at('sc-cv1')).toBeLessThan(at('sc-ct1'));
    expect(at('sc-cv2')).toBeLessThan(at('sc-ct2'));
    expect(await row(h.db, 'clinic_visits', 'sc-cv1')).toMatchObject({ nurse_notes: 'back to class' });
  });

  it('reports a database refusal inside a grouped batch against its own seq, and logs the rest once', async () => {
    const start = await maxSeq(h.db);
    // the visit comes first in the batch but is applied last (clinic_visits after guardians and allergies)
    const badVisit = visit(1, 'sc-cv-bad', w, T0, w.devA2);
    const r = await push(h.db, w, w.devA2, [
      { ...badVisit, columns: { ...badVisit.columns, visit_reason_id: 'no-such-reason' } },
      guardian(2, 'sc-g1', w, T0 + 1, w.devA2),
      allergy(3, 'sc-alg2', w.studentA, w.schoolA, T0 + 2, w.devA2),
    ]);
    expect(r.applied).toBe(2);
    expect(r.rejections).toEqual([
      expect.objectContaining({ seq: 1, table: 'clinic_visits', rowId: 'sc-cv-bad', code: 'CONSTRAINT' }),
    ]);
    expect(r.rejections[0]?.reason).toMatch(/visit_reason/);
    const log = await logOf(h.db, start);
    expect(log.map((c) => [c.table_name, c.row_id, c.device_seq])).toEqual([
      ['guardians', 'sc-g1', 2],
      ['allergies', 'sc-alg2', 3],
    ]);
    expect(await row(h.db, 'clinic_visits', 'sc-cv-bad')).toBeUndefined();
  });

  it('stages nothing that a failed call, a rolled back savepoint or the caller never logs', async () => {
    const groups = (id: string) =>
      JSON.stringify([
        {
          t: 'allergies',
          op: 'INSERT',
          cols: ['id', 'student_id', 'school_id', 'allergen', 'allergen_type', 'severity'],
          rows: [
            {
              id,
              student_id: w.studentA,
              school_id: w.schoolA,
              allergen: 'Dust',
              allergen_type: 'ENVIRONMENTAL',
              severity: 'MILD',
            },
          ],
          meta: { [id]: { s: null, h: hlc(T0, 'server') } },
        },
      ]);
    const scope = { schoolIds: [w.schoolA], userId: w.nurseA, deviceId: null };
    const logged = await withTenant(h.db, scope, async (trx) => {
      const out: unknown[] = [];
      // a failing call (the student does not exist) writes and stages nothing
      const bad = groups('sc-st-bad').replace(w.studentA, 'no-such-student');
      const f = await sql<{ r: unknown }>`SELECT sync_apply_changes(${bad}::jsonb, true) AS r`.execute(trx);
      out.push(f.rows[0]?.r);
      // staged, then rolled back with its savepoint
      await sql`SAVEPOINT s`.execute(trx);
      await sql`SELECT sync_apply_changes(${groups('sc-st-rolled')}::jsonb, true)`.execute(trx);
      await sql`ROLLBACK TO SAVEPOINT s`.execute(trx);
      const none = await sql<{ r: { logged: number } }>`SELECT sync_log_staged() AS r`.execute(trx);
      out.push(none.rows[0]?.r.logged);
      // staged and logged by the caller
      await sql`SELECT sync_apply_changes(${groups('sc-st-later')}::jsonb, true)`.execute(trx);
      const one = await sql<{
        r: { logged: number; waited_ms: number };
      }>`SELECT sync_log_staged() AS r`.execute(trx);
      out.push(one.rows[0]?.r.logged, typeof one.rows[0]?.r.waited_ms);
      // logged by sync_apply_changes itself (the default)
      await sql`SELECT sync_apply_changes(${groups('sc-st-self')}::jsonb)`.execute(trx);
      const left = await sql<{
        s: string | null;
      }>`SELECT current_setting('app.sync_staged', true) AS s`.execute(trx);
      out.push(left.rows[0]?.s ?? '');
      return out;
    });
    expect(logged[0]).toMatchObject({ failed: 0, sqlstate: '23503' });
    expect(logged.slice(1)).toEqual([0, 1, 'number', '']);
    const r = await sql<{
      row_id: string;
    }>`SELECT row_id FROM sync_changes WHERE row_id LIKE 'sc-st-%' ORDER BY server_seq`.execute(h.db);
    expect(r.rows.map((x) => x.row_id)).toEqual(['sc-st-later', 'sc-st-self']);
    expect(await row(h.db, 'allergies', 'sc-st-rolled')).toBeUndefined();
    expect(await row(h.db, 'allergies', 'sc-st-bad')).toBeUndefined();
  });

  it('takes the audit chain lock with the key the writer names, and the capture lock in sync_log_staged', async () => {
    const held = await h.db.transaction().execute(async (trx) => {
      await sql`SELECT * FROM audit_chain_lock_head()`.execute(trx);
      await sql`SELECT sync_log_staged()`.execute(trx);
      const l = await sql<{
        classid: number;
        objid: number;
      }>`SELECT classid::int8::float8 AS classid, objid::int8::float8 AS objid
        FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() ORDER BY objid`.execute(
        trx,
      );
      return l.rows.map((x) => Number(x.classid) * 2 ** 32 + Number(x.objid)).sort((a, b) => a - b);
    });
    expect(held).toEqual([SYNC_CAPTURE_LOCK_KEY, AUDIT_CHAIN_LOCK_KEY].sort((a, b) => a - b));
  });
});

describe.each(serverTargets().filter((t) => t.name === 'postgres'))(
  'staged capture with concurrent pushes on $name',
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

    it('a push writes its rows without the capture lock, waits for it only to log them, and a pull never skips the earlier commit', async () => {
      const start = (await pullAll(h.db, w, w.devA1)).cursor;
      const first = new pg.Client({ connectionString: h.url });
      await first.connect();
      try {
        // Writer 1 writes and logs as a push does (staged, then sync_log_staged), and holds its transaction open.
        await first.query('BEGIN');
        await first.query(
          `SELECT set_config('app.school_ids', $1, true), set_config('app.device_id', '', true)`,
          [w.schoolA],
        );
        await first.query('SET LOCAL ROLE white_cross_app');
        const groups = [
          {
            t: 'allergies',
            op: 'INSERT',
            cols: ['id', 'student_id', 'school_id', 'allergen', 'allergen_type', 'severity'],
            rows: [
              {
                id: 'cc-slow',
                student_id: w.studentA,
                school_id: w.schoolA,
                allergen: 'Latex',
                allergen_type: 'LATEX',
                severity: 'MILD',
              },
            ],
            meta: { 'cc-slow': { s: null, h: hlc(T0, 'server') } },
          },
        ];
        const applied = await first.query<{ r: unknown }>('SELECT sync_apply_changes($1::jsonb, true) AS r', [
          JSON.stringify(groups),
        ]);
        expect(applied.rows[0]?.r).toBeNull();
        await first.query('SELECT sync_log_staged()');
        // Writer 2, a real push, writes its row while writer 1 holds the lock, then waits for the lock to log it.
        const second = push(h.db, w, w.devA2, [allergy(1, 'cc-fast', w.studentA, w.schoolA, T0, w.devA2)]);
        let waiting: string | undefined;
        for (let i = 0; i < 500 && waiting === undefined; i++) {
          const r = await sql<{ query: string }>`SELECT query FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`.execute(
            h.db,
          );
          waiting = r.rows[0]?.query;
          if (waiting === undefined) await new Promise((res) => setTimeout(res, 20));
        }
        expect(waiting).toMatch(/sync_log_staged/);
        const between = await pullAll(h.db, w, w.devA1, start);
        expect(between.changes.map((c) => c.rowId)).toEqual([]);
        await first.query('COMMIT');
        expect((await second).applied).toBe(1);
        const after = await pullAll(h.db, w, w.devA1, between.cursor);
        expect(after.changes.map((c) => c.rowId)).toEqual(['cc-slow', 'cc-fast']);
        const seqs = after.changes.map((c) => c.serverSeq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      } finally {
        await first.end();
      }
    });

    it('pushes of two schools at once both land, each logged whole and in its own order', async () => {
      const start = await maxSeq(h.db);
      const batch = (device: string, school: string, student: string, prefix: string) =>
        Array.from({ length: 40 }, (_, i) =>
          allergy(i + 1, `${prefix}-${i}`, student, school, T0 + i, device),
        );
      const [a, b] = await Promise.all([
        push(h.db, w, w.devA1, batch(w.devA1, w.schoolA, w.studentA, 'par-a')),
        push(h.db, w, w.devB1, batch(w.devB1, w.schoolB, w.studentB, 'par-b')),
      ]);
      expect([a.applied, b.applied]).toEqual([40, 40]);
      const log = await logOf(h.db, start);
      for (const prefix of ['par-a', 'par-b']) {
        const mine = log.filter((c) => c.row_id.startsWith(prefix));
        expect(mine.map((c) => c.device_seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      }
      // one push's changes are contiguous: each took the lock once and logged all of them
      const firstOf = log[0]?.row_id.slice(0, 5);
      expect(log.slice(0, 40).every((c) => c.row_id.startsWith(firstOf ?? '?'))).toBe(true);
    });
  },
);
