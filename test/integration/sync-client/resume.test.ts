import { afterEach, describe, expect, it } from 'vitest';
import { PullApplyError } from '../../../src-main/store/errors';
import type { SyncTransport } from '../../../src-main/sync/transport';
import { allergy, student } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

/** Pages are atomic with their cursor, and a workstation killed at any point of a sync resumes from its file. */
describe('sync client: atomic pages, crash and resume', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const cursor = () => h.store.sync.pullCursor();
  const ids = (table: string) =>
    (h.store.sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: string }[]).map(
      (r) => r.id,
    );
  const addStudents = (n: number, from = 100) => {
    for (let i = 0; i < n; i++) {
      const { serverSeq: _s, ...c } = student(`st${from + i}`, 's1');
      h.server.serverChange(c);
    }
  };

  it('a page with a change that cannot be applied moves neither rows nor the cursor', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    const before = cursor();
    addStudents(3);
    h.serverRow(
      'allergies',
      'bad',
      { student_id: 'st100', school_id: 's1', allergen: 'x', allergen_type: 'FOOD', severity: 'HUGE' },
      null,
    );
    addStudents(2, 200);
    const err = await h
      .client()
      .syncOnce()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullApplyError);
    expect((err as Error).message).toMatch(/nothing of it was written.*allergies_severity_check/);
    expect(cursor()).toBe(before);
    expect(ids('students')).toEqual(['st1', 'st2']);
    // two changes a page: [st100, st101] is applied with its cursor; [st102, bad] is not, st102 included
    await expect(h.client({ pullLimit: 2 }).syncOnce()).rejects.toBeInstanceOf(PullApplyError);
    expect(ids('students')).toEqual(['st1', 'st100', 'st101', 'st2']);
    expect(cursor()).toBe(before + 2);
  });

  it('killed between two pages: reopened, it resumes at the cursor of the last applied page', async () => {
    h = await startHarness();
    addStudents(9);
    let pages = 0;
    const killer: SyncTransport = {
      push: (r) => h.transport.push(r),
      pull: async (q) => {
        const page = await h.transport.pull(q);
        if (++pages === 3) h.store.sqlite.close(); // the process dies with page 3 in hand
        return page;
      },
    };
    // one page a transaction; page 3 arrives while page 2 is applied (look-ahead), then the process dies
    await expect(h.client({ transport: killer, pullLimit: 4, pullCommitRows: 4 }).syncOnce()).rejects.toThrow(
      /not open/,
    );
    await h.reopen();
    // pages 1-2 applied: s1, s2, u1, st1 | st2, (st9 is school s2's: not sent), st100, st101, st102
    expect(cursor()).toBe(9);
    expect(ids('students')).toEqual(['st1', 'st100', 'st101', 'st102', 'st2']);
    const r = await h.client({ pullLimit: 4 }).syncOnce();
    expect(r.pull.changes).toBe(6);
    expect(ids('students')).toEqual(['st1', ...Array.from({ length: 9 }, (_, i) => `st${100 + i}`), 'st2']);
    expect(cursor()).toBe(h.server.log.length);
  });

  it('killed after the server committed a push but before the ack was stored: nothing lost, nothing applied twice', async () => {
    h = await startHarness();
    await h.client().syncOnce();
    h.store.insert('allergies', allergy('a1', 'st1', 's1'));
    h.store.insert('allergies', allergy('a2', 'st2', 's1'));
    const killer: SyncTransport = {
      push: async (r) => {
        const res = await h.transport.push(r);
        h.store.sqlite.close();
        return res;
      },
      pull: (q) => h.transport.pull(q),
    };
    await expect(h.client({ transport: killer }).syncOnce()).rejects.toThrow(/not open/);
    await h.reopen();
    expect(h.store.sync.countUnacked()).toBe(2);
    const r = await h.client().syncOnce();
    expect(r.push).toMatchObject({ acked: 2, duplicates: 2 });
    expect(h.server.appliedSeqs.map((x) => x.seq)).toEqual([1, 2]);
    expect(h.store.sync.countUnacked()).toBe(0);
    h.store.insert('allergies', allergy('a3', 'st1', 's1'));
    await h.client().syncOnce();
    expect(h.server.appliedSeqs.map((x) => x.seq)).toEqual([1, 2, 3]);
  });
});
