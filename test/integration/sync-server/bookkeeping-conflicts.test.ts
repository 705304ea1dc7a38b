import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDb, ServerDbHandle } from '../../../server-sync/db/connect';
import { serverTargets } from '../../support/db';
import { startDistrict, type District, type Station } from '../sim-findings/support';
import { allergy, edit, makeWorld, openMigrated, push, row, T0, type World } from './support';

/**
 * Bookkeeping columns (src-shared/sync/bookkeeping.ts: updated_at, created_at) change with every write of a row:
 * the server merges them like any other column and corrects the losing workstation, but keeps no conflict of
 * them for review (docs/sync.md, "Conflicts").
 */

const iso = (ms: number): string => new Date(ms).toISOString();

async function conflictsOf(db: ServerDb, id: string) {
  const r = await sql<{ column_name: string | null; conflict_type: string }>`
    SELECT column_name, conflict_type FROM sync_conflicts WHERE row_id = ${id} ORDER BY created_at, id`.execute(
    db,
  );
  return r.rows;
}

/** The corrective changes logged for a row (server changes: no device), their columns as stored. */
async function correctionsOf(db: ServerDb, id: string) {
  const r = await sql<{ changed_columns: Record<string, unknown> }>`
    SELECT changed_columns FROM sync_changes WHERE row_id = ${id} AND device_id IS NULL ORDER BY server_seq`.execute(
    db,
  );
  return r.rows.map((x) => x.changed_columns);
}

describe.each(serverTargets())('bookkeeping columns in a push on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  beforeAll(async () => {
    h = await openMigrated(target);
    w = await makeWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('edits of different columns of a row merge with no conflict; the older updated_at is corrected', async () => {
    const created = { created_at: iso(T0), updated_at: iso(T0) };
    await push(h.db, w, w.devA1, [allergy(1, 'alg-bk-1', w.studentA, w.schoolA, T0, w.devA1, created)]);
    // devA2's edit is older than devA1's and arrives second: its updated_at loses, its reaction wins
    const newer = await push(h.db, w, w.devA1, [
      edit(2, 'allergies', 'alg-bk-1', { severity: 'MILD', updated_at: iso(T0 + 2000) }, T0 + 2000, w.devA1),
    ]);
    expect(newer.conflicts).toEqual([]);
    const older = await push(h.db, w, w.devA2, [
      edit(1, 'allergies', 'alg-bk-1', { reaction: 'hives', updated_at: iso(T0 + 1000) }, T0 + 1000, w.devA2),
    ]);
    expect(older).toMatchObject({ applied: 1, rejections: [], conflicts: [] });
    // and a newer edit over another device's updated_at records no overwritten value either
    const newest = await push(h.db, w, w.devA2, [
      edit(2, 'allergies', 'alg-bk-1', { notes: 'EpiPen', updated_at: iso(T0 + 3000) }, T0 + 3000, w.devA2),
    ]);
    expect(newest.conflicts).toEqual([]);
    expect(await conflictsOf(h.db, 'alg-bk-1')).toEqual([]);
    const srv = await row(h.db, 'allergies', 'alg-bk-1');
    expect(srv).toMatchObject({ severity: 'MILD', reaction: 'hives', notes: 'EpiPen' });
    expect((srv?.updated_at as Date).toISOString()).toBe(iso(T0 + 3000));
    // devA2's losing updated_at is still corrected: the server's value (devA1's) goes back to it
    const corrections = await correctionsOf(h.db, 'alg-bk-1');
    expect(corrections.map((c) => Object.keys(c))).toEqual([['updated_at']]);
    expect(Date.parse(String(corrections[0]?.updated_at))).toBe(T0 + 2000);
  });

  it('edits of the same column keep exactly one FIELD_LWW conflict, of that column; updated_at is corrected', async () => {
    const created = { created_at: iso(T0), updated_at: iso(T0) };
    await push(h.db, w, w.devA1, [allergy(3, 'alg-bk-2', w.studentA, w.schoolA, T0, w.devA1, created)]);
    await push(h.db, w, w.devA1, [
      edit(
        4,
        'allergies',
        'alg-bk-2',
        { reaction: 'swelling', updated_at: iso(T0 + 2000) },
        T0 + 2000,
        w.devA1,
      ),
    ]);
    const lost = await push(h.db, w, w.devA2, [
      edit(3, 'allergies', 'alg-bk-2', { reaction: 'rash', updated_at: iso(T0 + 1000) }, T0 + 1000, w.devA2),
    ]);
    expect(lost.conflicts).toEqual([
      expect.objectContaining({
        column: 'reaction',
        type: 'FIELD_LWW',
        winningValue: 'swelling',
        losingValue: 'rash',
      }),
    ]);
    expect(await conflictsOf(h.db, 'alg-bk-2')).toEqual([
      { column_name: 'reaction', conflict_type: 'FIELD_LWW' },
    ]);
    const corrections = await correctionsOf(h.db, 'alg-bk-2');
    expect(corrections.map((c) => Object.keys(c).sort())).toEqual([['reaction', 'updated_at']]);
    expect(corrections[0]?.reaction).toBe('swelling');
    expect(Date.parse(String(corrections[0]?.updated_at))).toBe(T0 + 2000);
  });
});

describe('bookkeeping columns between two real workstations', () => {
  let d: District;
  beforeAll(async () => {
    d = await startDistrict();
  }, 120_000);
  afterAll(async () => d?.close());

  const local = (s: Station, id: string) =>
    s.store.sqlite.prepare(`SELECT severity, reaction, updated_at FROM allergies WHERE id = ?`).get(id);
  const server = async (id: string) => ({
    severity: await d.serverValue('allergies', id, 'severity'),
    reaction: await d.serverValue('allergies', id, 'reaction'),
    updated_at: ((await d.serverValue('allergies', id, 'updated_at')) as Date).toISOString(),
  });

  it('different columns: no conflict anywhere, both values kept, both workstations equal to the server', async () => {
    const clock = Date.now();
    const a = await d.station('a', { now: () => clock });
    const b = await d.station('b', { now: () => clock + 60_000 });
    await a.sync();
    await b.sync();
    const { id } = a.store.sqlite.prepare(`SELECT id FROM allergies LIMIT 1`).get() as { id: string };

    a.store.update('allergies', id, { reaction: 'hives' }); // older
    b.store.update('allergies', id, { severity: 'MILD' }); // a minute later
    await b.sync();
    const pushed = await a.sync(); // A's updated_at loses to B's: corrected in this same run's pull
    expect(pushed.push.conflicts).toBe(0);
    await b.sync();

    expect(await d.h.db.selectFrom('sync_conflicts').select('id').where('row_id', '=', id).execute()).toEqual(
      [],
    );
    const want = await server(id);
    expect(want).toMatchObject({ severity: 'MILD', reaction: 'hives' });
    for (const s of [a, b]) {
      expect(local(s, id)).toEqual(want);
      expect(s.store.sqlite.prepare(`SELECT count(*) AS n FROM sync_conflicts`).get()).toEqual({ n: 0 });
    }
  });

  it('the same column: one FIELD_LWW conflict of it, and the losing workstation ends with the server’s updated_at', async () => {
    const clock = Date.now();
    const a = await d.station('c', { now: () => clock });
    const b = await d.station('d', { now: () => clock + 60_000 });
    await a.sync();
    const some = a.store.sqlite.prepare(`SELECT student_id, school_id FROM allergies LIMIT 1`).get() as {
      student_id: string;
      school_id: string;
    };
    const id = 'alg-bk-same-column'; // a row of its own: no earlier value of another device to overwrite
    a.store.insert('allergies', {
      id,
      ...some,
      allergen: 'Latex',
      allergen_type: 'LATEX',
      severity: 'MILD',
      epinephrine_required: 0,
    });
    await a.sync();
    await b.sync();

    a.store.update('allergies', id, { reaction: 'rash' }); // older: loses
    b.store.update('allergies', id, { reaction: 'swelling' });
    await b.sync();
    const pushed = await a.sync();
    expect(pushed.push.conflicts).toBe(1);

    const stored = await d.h.db
      .selectFrom('sync_conflicts')
      .select(['column_name', 'conflict_type'])
      .where('row_id', '=', id)
      .execute();
    expect(stored).toEqual([{ column_name: 'reaction', conflict_type: 'FIELD_LWW' }]);
    const want = await server(id);
    expect(want.reaction).toBe('swelling');
    expect(local(a, id)).toEqual(want); // updated_at included, after this one sync
    expect(a.store.sqlite.prepare(`SELECT column_name FROM sync_conflicts WHERE row_id = ?`).all(id)).toEqual(
      [{ column_name: 'reaction' }],
    );
    await b.sync();
    expect(local(b, id)).toEqual(want);
  });
});
