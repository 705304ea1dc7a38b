import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrict, type District } from './support';

/**
 * Sim finding (npm run sim -- --clients 3 --ops 40 --seeds 1 --seed-start 2 on PGlite, "diverged"): the pull
 * re-applies every OPEN conflict this device lost (src-main/store/apply.ts, applyPulledLostConflicts), guarded
 * only by "the column still holds the losing value". When the device later writes that same value again and wins,
 * the column holds the old losing value once more, so the stale notice rolls it back to the old winner: the
 * workstation shows a value the server no longer has, and has no outbox row to heal it. The same happens when
 * another workstation later writes the value this one lost. Fixed since (the pull re-applies only EDIT_AFTER_DELETE
 * notices); kept as a regression test.
 */
describe('sim finding: a stale conflict notice rolls back a later winning write of the same value', () => {
  let d: District;
  beforeAll(async () => {
    d = await startDistrict();
  }, 120_000);
  afterAll(async () => d?.close());

  it('the workstation keeps the value it wrote last and the server holds', async () => {
    const a = await d.station('a');
    const b = await d.station('b');
    await a.sync();
    await b.sync();
    const { id } = a.store.sqlite.prepare(`SELECT id FROM allergies LIMIT 1`).get() as { id: string };

    a.store.update('allergies', id, { reaction: 'hives' }); // older: loses
    await new Promise((resolve) => setTimeout(resolve, 5));
    b.store.update('allergies', id, { reaction: 'swelling' });
    await b.sync();
    await a.sync(); // FIELD_LWW: A's "hives" lost to B's "swelling" (the conflict stays OPEN)
    expect(a.store.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(id)).toEqual({
      reaction: 'swelling',
    });

    a.store.update('allergies', id, { reaction: 'hives' }); // later: wins on the server
    await a.sync();
    await a.sync();
    expect(await d.serverValue('allergies', id, 'reaction')).toBe('hives');
    // the pull's stale notice (hives lost to swelling) used to put "swelling" back
    expect(a.store.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(id)).toEqual({
      reaction: 'hives',
    });
  });

  it('nor when another workstation later writes the value this one lost', async () => {
    const a = await d.station('c');
    const b = await d.station('d');
    await a.sync();
    await b.sync();
    const { id } = a.store.sqlite.prepare(`SELECT id FROM health_conditions LIMIT 1`).get() as { id: string };

    a.store.update('health_conditions', id, { status: 'RESOLVED' }); // older: loses
    await new Promise((resolve) => setTimeout(resolve, 5));
    b.store.update('health_conditions', id, { status: 'MANAGED' });
    await b.sync();
    await a.sync(); // FIELD_LWW: A's RESOLVED lost to B's MANAGED
    b.store.update('health_conditions', id, { status: 'RESOLVED' }); // B changes its mind
    await b.sync();
    await a.sync(); // pulls RESOLVED; the stale notice (RESOLVED lost to MANAGED) must not put MANAGED back
    expect(await d.serverValue('health_conditions', id, 'status')).toBe('RESOLVED');
    expect(a.store.sqlite.prepare(`SELECT status FROM health_conditions WHERE id = ?`).get(id)).toEqual({
      status: 'RESOLVED',
    });
  });
});
