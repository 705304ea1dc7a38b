import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTransientError } from '../../../src-main/sync/errors';
import { startDistrict, type District } from './support';

/**
 * Sim finding (two of the simulation's faults together: a nurse writes while a pull is under way, and a push
 * answer is lost): the pull skips another workstation's newer value of a column because a local write of that
 * column is still unsent (src-main/store/apply.ts, applyChange: right, the server decides); the push of that write
 * then loses (FIELD_LWW) and its answer is lost, so the retry is a duplicate and carries no conflict notice. The
 * pull records the open notice but no longer applies FIELD_LWW ones (applyPulledLostConflicts) and never resends
 * the change it skipped: the workstation keeps its losing value for good. The same without any skipped change when
 * the winning write left the value as it was (nothing to pull): seed 300 of --clients 10 --ops 80 on PostgreSQL.
 * Fixed by corrective changes (server-sync/sync/corrections.ts): a losing push logs the values the row holds after the batch, for the pull.
 */
describe('sim finding: a losing push whose answer is lost', () => {
  let d: District;
  beforeAll(async () => {
    d = await startDistrict();
  }, 120_000);
  afterAll(async () => d?.close());

  it("after a pull skipped the winner, the workstation still ends with the server's winning value", async () => {
    let writeBetweenPages: (() => void) | null = null;
    let loseNextPushAnswer = false;
    const a = await d.station('a', {
      pullLimit: 1,
      wrap: (t) => ({
        pull: async (q) => {
          const page = await t.pull(q);
          const w = writeBetweenPages;
          writeBetweenPages = null;
          w?.(); // the nurse writes while the pull is under way
          return page;
        },
        push: async (req) => {
          const r = await t.push(req);
          if (loseNextPushAnswer) {
            loseNextPushAnswer = false;
            throw new SyncTransientError('sim: connection reset after the server answered');
          }
          return r;
        },
      }),
    });
    const b = await d.station('b', { now: () => Date.now() + 120_000 }); // 2 minutes ahead: allowed, and later
    await a.sync();
    await b.sync();
    const { id } = a.store.sqlite.prepare(`SELECT id FROM allergies LIMIT 1`).get() as { id: string };
    const { id: other } = a.store.sqlite.prepare(`SELECT id FROM health_conditions LIMIT 1`).get() as {
      id: string;
    };

    b.store.update('health_conditions', other, { notes: 'first page' });
    b.store.update('allergies', id, { reaction: 'swelling' });
    await b.sync();
    writeBetweenPages = () => a.store.update('allergies', id, { reaction: 'hives' }); // older than B's
    const first = await a.sync();
    expect(first.pull.pendingSkipped).toBe(2); // B's reaction and updated_at, skipped: A's own write is unsent
    loseNextPushAnswer = true;
    const second = await a.sync(); // A's "hives" loses; the answer with the notice is lost; the retry is a duplicate
    expect(second.push.duplicates).toBe(1);
    await a.sync();

    expect(await d.serverValue('allergies', id, 'reaction')).toBe('swelling');
    expect(a.store.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(id)).toEqual({
      reaction: 'swelling',
    });
  });

  it('nor when the winning write left the value as it was (no change to pull)', async () => {
    let loseNextPushAnswer = false;
    const a = await d.station('c', {
      wrap: (t) => ({
        pull: (q) => t.pull(q),
        push: async (req) => {
          const r = await t.push(req);
          if (loseNextPushAnswer) {
            loseNextPushAnswer = false;
            throw new SyncTransientError('sim: connection reset after the server answered');
          }
          return r;
        },
      }),
    });
    const b = await d.station('e', { now: () => Date.now() + 120_000 });
    await a.sync();
    await b.sync();
    const { id } = a.store.sqlite.prepare(`SELECT id FROM vaccinations LIMIT 1`).get() as { id: string };
    const before = await d.serverValue('vaccinations', id, 'registry_status');

    a.store.update('vaccinations', id, { registry_status: 'NOT_REQUIRED' }); // older: loses
    b.store.update('vaccinations', id, { registry_status: before as 'NOT_SUBMITTED' }); // newer, the same value
    await b.sync();
    loseNextPushAnswer = true;
    await a.sync(); // A loses; the answer with the notice is lost; the retry is a duplicate
    await a.sync();

    expect(await d.serverValue('vaccinations', id, 'registry_status')).toBe(before);
    expect(a.store.sqlite.prepare(`SELECT registry_status FROM vaccinations WHERE id = ?`).get(id)).toEqual({
      registry_status: before,
    });
  });
  it('when a later change of the same batch writes the column again and wins, every workstation ends with that value', async () => {
    // seed 301 of --clients 10 --ops 80: the corrective change must carry the row's value after the whole batch
    let clock = Date.now();
    const a = await d.station('f', { now: () => clock });
    const b = await d.station('g', { now: () => clock + 60_000 });
    await a.sync();
    await b.sync();
    const { id } = a.store.sqlite.prepare(`SELECT id FROM allergies LIMIT 1`).get() as { id: string };

    a.store.update('allergies', id, { reaction: 'hives' }); // at T: will lose to B's
    b.store.update('allergies', id, { reaction: 'swelling' }); // at T + 1 min
    await b.sync();
    clock += 120_000;
    a.store.update('allergies', id, { reaction: 'rash' }); // at T + 2 min: wins, in the same batch as "hives"
    const pushed = await a.sync();
    expect(pushed.push.conflicts).toBeGreaterThan(0);
    await b.sync();
    await a.sync();

    expect(await d.serverValue('allergies', id, 'reaction')).toBe('rash');
    for (const s of [a, b]) {
      expect(s.store.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(id)).toEqual({
        reaction: 'rash',
      });
    }
  });
});
