import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  loadSchoolEntry,
  readSchoolEntryDataset,
  type SchoolEntryDataset,
} from '../../../server-sync/immunizations';
import type { LocalStore } from '../../../src-main/store/open';
import { createSyncClient } from '../../../src-main/sync/client';
import { createFetchTransport } from '../../../src-main/sync/transport';
import {
  requirementsFromRows,
  scheduleRowId,
  scheduleRows,
  type StoredScheduleRow,
} from '../../../src-shared/immunizations';
import { serverTargets } from '../../support/db';
import { storeFile, type StoreFile } from '../sync-client/support/fixtures';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';

/**
 * The school-entry requirements over the real sync: after a load on the district server, a workstation's sync brings
 * every vaccination_schedules row with its rule (SQLite JSON text), from which the workstation reads each state's
 * requirements back unchanged; a retired vaccine reaches it as a tombstone.
 */
describe.each(serverTargets().slice(-1))('school-entry requirements sync on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let url: string;
  let d: TestDistrict;
  let ds: SchoolEntryDataset;
  let file: StoreFile;
  let store: LocalStore;
  let tokens: Tokens;
  const clock = new TestClock('2026-12-07T12:00:00.000Z');
  const local = (q: string, ...args: unknown[]) => store.sqlite.prepare(q).all(...args);
  const sync = () =>
    createSyncClient({
      store,
      transport: createFetchTransport({
        baseUrl: url,
        schemaVersion: store.schemaVersion,
        getAccessToken: () => tokens.accessToken,
        refreshAccessToken: () => Promise.reject(new Error('no refresh in this test')),
      }),
      retry: { sleep: () => Promise.resolve(), random: () => 0.5 },
    }).syncOnce();

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    ds = await readSchoolEntryDataset();
    app = makeApp(h, clock);
    await app.ready();
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await login(app, d.adminA.email);
    const code = await app.inject({
      method: 'POST',
      url: '/admin/enrollment-codes',
      headers: bearer(admin),
      payload: { schoolId: d.schoolA },
    });
    const enrolled = await app.inject({
      method: 'POST',
      url: '/devices/enroll',
      payload: { code: code.json<{ code: string }>().code, name: 'Clinic PC', platform: 'LINUX' },
    });
    const { deviceId, deviceSecret } = enrolled.json<{ deviceId: string; deviceSecret: string }>();
    file = storeFile(deviceId);
    store = await file.open(() => clock.now().getTime());
    tokens = await login(app, d.nurseA.email, { deviceId, deviceSecret });
  }, 120_000);
  afterAll(async () => {
    if (store?.sqlite.open) await store.close();
    file?.dispose();
    await app?.close();
    await h?.close();
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
