import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { pullChanges, type PullCaller } from '../../../server-sync/sync/pull';
import { serverTargets } from '../../support/db';
import {
  allergy,
  del,
  edit,
  makeWorld,
  maxSeq,
  openMigrated,
  pullAll,
  push,
  T0,
  type World,
} from './support';

describe.each(serverTargets())('sync pull on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  beforeAll(async () => {
    h = await openMigrated(target);
    w = await makeWorld(h.db);
    await push(h.db, w, w.devA1, [
      allergy(1, 'alg-a', w.studentA, w.schoolA, T0, w.devA1),
      allergy(2, 'alg-a2', w.studentA2, w.schoolA, T0 + 1, w.devA1),
    ]);
    await push(h.db, w, w.devB1, [allergy(1, 'alg-b', w.studentB, w.schoolB, T0, w.devB1)]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("returns the device's school and district-wide data, never another school's rows", async () => {
    const a = await pullAll(h.db, w, w.devA1);
    const ids = new Set(a.changes.map((c) => c.rowId));
    expect(ids).toContain('alg-a');
    expect(ids).toContain(w.studentA);
    expect(ids).toContain(w.schoolB); // the school directory is district-wide
    expect(ids).not.toContain('alg-b');
    expect(ids).not.toContain(w.studentB);
    expect(ids).not.toContain(w.devB1);
    const b = await pullAll(h.db, w, w.devB1);
    expect(b.changes.map((c) => c.rowId)).toContain('alg-b');
    expect(b.changes.map((c) => c.rowId)).not.toContain('alg-a');
    const seqs = a.changes.map((c) => c.serverSeq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('sends values in wire form and never the server-only columns', async () => {
    await h.db
      .insertInto('vaccinations')
      .values({
        id: 'vac-1',
        student_id: w.studentA,
        school_id: w.schoolA,
        vaccine_type: 'MMR',
        cvx_code: '03',
        administration_date: '2015-04-01',
        source: 'HISTORICAL',
        dose_volume_ml: '0.50',
      })
      .execute();
    await sql`UPDATE users SET password_hash = '$argon2id$v=19$x', failed_login_count = 2 WHERE id = ${w.nurseA}`.execute(
      h.db,
    );
    const a = await pullAll(h.db, w, w.devA1);
    const vac = a.changes.find((c) => c.rowId === 'vac-1');
    expect(vac?.columns).toMatchObject({
      dose_volume_ml: '0.5',
      administration_date: '2015-04-01',
      vaccine_type: 'MMR',
    });
    expect(vac?.columns.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    for (const c of a.changes.filter((x) => x.table === 'users')) {
      expect(Object.keys(c.columns)).not.toContain('password_hash');
      expect(Object.keys(c.columns)).not.toContain('failed_login_count');
    }
  });

  it('pages by server sequence with hasMore, nextAfter and a remaining count that reaches zero', async () => {
    const all = await pullAll(h.db, w, w.devA1);
    const pages: (number | null)[] = [];
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const p = await pullChanges(
        h.db,
        { userId: w.nurseA, role: 'NURSE', deviceId: w.devA1, schoolIds: [w.schoolA] },
        { after, limit: 3 },
      );
      seen.push(...p.changes.map((c) => c.serverSeq));
      pages.push(p.remaining);
      expect(p.remaining).toBe(all.changes.length - seen.length);
      after = p.nextAfter;
      if (!p.hasMore) break;
    }
    expect(seen).toEqual(all.changes.map((c) => c.serverSeq));
    expect(pages[pages.length - 1]).toBe(0);
  });

  it('counts remaining only when asked: null while there is more with count=false, 0 on the last page', async () => {
    const all = await pullAll(h.db, w, w.devA1);
    const caller: PullCaller = { userId: w.nurseA, role: 'NURSE', deviceId: w.devA1, schoolIds: [w.schoolA] };
    const first = await pullChanges(h.db, caller, { after: 0, limit: 3, count: true });
    expect(first.remaining).toBe(all.changes.length - 3);
    const seen = first.changes.map((c) => c.serverSeq);
    const remaining: (number | null)[] = [];
    let after = first.nextAfter;
    for (;;) {
      const p = await pullChanges(h.db, caller, { after, limit: 3, count: false });
      seen.push(...p.changes.map((c) => c.serverSeq));
      remaining.push(p.remaining);
      after = p.nextAfter;
      if (!p.hasMore) break;
    }
    expect(seen).toEqual(all.changes.map((c) => c.serverSeq));
    expect(remaining).toEqual([...remaining.slice(0, -1).map(() => null), 0]);
    expect(remaining.length).toBeGreaterThan(1);
  });

  it('reference data changed at the district reaches every school', async () => {
    const cursorA = (await pullAll(h.db, w, w.devA1)).cursor;
    const cursorB = (await pullAll(h.db, w, w.devB1)).cursor;
    await h.db
      .insertInto('visit_reasons')
      .values({ id: 'vr-1', reason_code: 'HEADACHE', reason_name: 'Headache' })
      .execute();
    await sql`UPDATE visit_reasons SET reason_name = 'Headache / migraine' WHERE id = 'vr-1'`.execute(h.db);
    for (const [device, cursor] of [
      [w.devA1, cursorA],
      [w.devB1, cursorB],
    ] as const) {
      const p = await pullAll(h.db, w, device, cursor);
      expect(p.changes.map((c) => [c.table, c.rowId, c.op])).toEqual([
        ['visit_reasons', 'vr-1', 'UPSERT'],
        ['visit_reasons', 'vr-1', 'UPSERT'],
      ]);
      expect(p.changes[1]?.columns).toEqual({ reason_name: 'Headache / migraine' });
    }
  });

  it('open conflicts of the school ride on the last page', async () => {
    await push(h.db, w, w.devA1, [del(3, 'allergies', 'alg-a', T0 + 20, w.devA1)]);
    await push(h.db, w, w.devA2, [edit(1, 'allergies', 'alg-a', { notes: 'late' }, T0 + 30, w.devA2)]);
    const a = await pullAll(h.db, w, w.devA1, 0, 2);
    expect(a.conflicts).toEqual([
      expect.objectContaining({
        table: 'allergies',
        rowId: 'alg-a',
        type: 'EDIT_AFTER_DELETE',
        status: 'OPEN',
      }),
    ]);
    const b = await pullAll(h.db, w, w.devB1);
    expect(b.conflicts).toEqual([]);
    const first = await pullChanges(
      h.db,
      { userId: w.nurseA, role: 'NURSE', deviceId: w.devA1, schoolIds: [w.schoolA] },
      { after: 0, limit: 1 },
    );
    expect(first).toMatchObject({ hasMore: true, conflicts: [] });
    expect(await maxSeq(h.db)).toBeGreaterThan(0);
  });
});
