import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import {
  loadSchoolEntry,
  readSchoolEntryDataset,
  type SchoolEntryDataset,
} from '../../../server-sync/immunizations';
import {
  requirementsFromRows,
  scheduleRowId,
  scheduleRows,
  type StoredScheduleRow,
} from '../../../src-shared/immunizations';
import { serverTargets } from '../../support/db';
import { enrolledStore, type EnrolledStore } from '../sync-client/support/enrolled-store';
import { TestClock } from '../server/support';

/**
 * The school-entry requirements over the real sync: after a load on the district server, a workstation's sync brings
 * every vaccination_schedules row with its rule (SQLite JSON text), from which the workstation reads each state's
 * requirements back unchanged; a retired vaccine reaches it as a tombstone.
 */
describe.each(serverTargets().slice(-1))('school-entry requirements sync on $name', (target) => {
  let ds: SchoolEntryDataset;
  const clock = new TestClock('2026-12-07T12:00:00.000Z');
  let w: EnrolledStore;
  let h: ServerDbHandle;
  const local = (q: string, ...args: unknown[]) => w.local(q, ...args);
  const sync = () => w.sync();

  beforeAll(async () => {
    w = await enrolledStore(target, clock);
    ({ h } = w);
    ds = await readSchoolEntryDataset();
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('a load reaches the workstation, and each state reads back from its rows unchanged', async () => {
    await loadSchoolEntry(h.db, ds, { now: clock.now() });
    await sync();
    const rows = local(
      `SELECT id, state_code, vaccine_type, requirement FROM vaccination_schedules WHERE deleted_at IS NULL`,
    ) as StoredScheduleRow[];
    expect(rows).toHaveLength(ds.states.reduce((n, s) => n + scheduleRows(s).length, 0));
    expect(typeof rows[0]!.requirement).toBe('string');
    for (const state of ds.states) {
      const back = requirementsFromRows(rows, state.state)!;
      expect({ ...back, requirements: [] }).toEqual({ ...state, requirements: [] });
      expect(back.requirements).toHaveLength(state.requirements.length);
      expect(back.requirements).toEqual(expect.arrayContaining(state.requirements));
    }
  });

  it('a retired vaccine arrives as a tombstone', async () => {
    clock.advance(60_000);
    const edited = {
      ...ds,
      states: ds.states.map((s) =>
        s.state === 'TX' ? { ...s, requirements: s.requirements.filter((q) => q.vaccine !== 'HepA') } : s,
      ),
    };
    await loadSchoolEntry(h.db, edited, { now: clock.now() });
    await sync();
    const row = local(
      `SELECT deleted_at FROM vaccination_schedules WHERE id = ?`,
      scheduleRowId('TX', 'HepA', 1),
    )[0] as { deleted_at: string | null } | undefined;
    expect(row === undefined || row.deleted_at !== null).toBe(true);
    const tx = requirementsFromRows(
      local(
        `SELECT id, state_code, vaccine_type, requirement FROM vaccination_schedules WHERE deleted_at IS NULL`,
      ) as StoredScheduleRow[],
      'TX',
    )!;
    expect(tx.requirements.some((r) => r.vaccine === 'HepA')).toBe(false);
  });
});
