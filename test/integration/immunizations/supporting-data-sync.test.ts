import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  ensureSupportingData,
  loadSupportingData,
  readSupportingData,
  shippedSupportingDataDir,
  type LoadedSupportingData,
} from '../../../server-sync/immunizations';
import type { LocalStore } from '../../../src-main/store/open';
import { createSyncClient } from '../../../src-main/sync/client';
import { createFetchTransport } from '../../../src-main/sync/transport';
import { createWorkstationContext } from '../../../src-main/workstation/context';
import {
  currentSupportingData,
  readShippedSupportingData,
} from '../../../src-main/workstation/immunizations';
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
 * CDC's CDSi supporting data over the real sync: the release the district's start loaded reaches a workstation (the
 * release row and its 31 files, 2.6 MB, in one pull page) and the workstation's currentSupportingData rebuilds the
 * same model from the pulled texts (before the pull, the shipped folder); a new release loaded on the district
 * becomes current on the workstation at its next sync (the old one's flag cleared first, the UNIQUE index holds).
 */
describe.each(serverTargets().slice(-1))('CDSi supporting data sync on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let url: string;
  let d: TestDistrict;
  let file: StoreFile;
  let store: LocalStore;
  let tokens: Tokens;
  let shipped: LoadedSupportingData;
  const tmp = mkdtempSync(join(tmpdir(), 'wc-cdsi-sync-'));
  const clock = new TestClock('2026-12-07T12:00:00.000Z');
  const local = (q: string, ...args: unknown[]) => store.sqlite.prepare(q).all(...args);
  const ctx = () =>
    createWorkstationContext({ store, schoolId: d.schoolA, now: () => clock.now().getTime() });
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
    shipped = await readSupportingData();
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
    rmSync(tmp, { recursive: true, force: true });
  });

  it('before any pull the workstation reads the shipped folder', () => {
    const c = currentSupportingData(ctx());
    expect(c).toMatchObject({ source: 'shipped folder', version: '4.64', checksum: shipped.checksum });
    expect(c.data).toEqual(shipped.data);
    expect(readShippedSupportingData().checksum).toBe(shipped.checksum);
  });

  it("the district's release reaches the workstation, which rebuilds the same model from the pulled texts", async () => {
    const loaded = await ensureSupportingData(h.db, { now: clock.now() });
    const r = await sync();
    expect(r.pull.changes).toBeGreaterThanOrEqual(32);
    expect(
      local(
        `SELECT id, version, checksum, file_count, is_current FROM immunization_supporting_data_releases`,
      ),
    ).toEqual([
      { id: loaded!.releaseId, version: '4.64', checksum: shipped.checksum, file_count: 31, is_current: 1 },
    ]);
    const files = local(
      `SELECT file_name, length(content) AS n FROM immunization_supporting_data_files ORDER BY file_name`,
    ) as { file_name: string; n: number }[];
    expect(files.map((f) => f.file_name)).toEqual(shipped.files);
    expect(files.reduce((n, f) => n + f.n, 0)).toBe(shipped.contents.reduce((n, f) => n + f.text.length, 0));
    const c = currentSupportingData(ctx());
    expect(c).toMatchObject({ source: 'database', releaseId: loaded!.releaseId, checksum: shipped.checksum });
    expect(c.data).toEqual(shipped.data);
  }, 60_000);

  it('a new release loaded on the district becomes current on the workstation at its next sync', async () => {
    const dir = join(tmp, '4.65');
    cpSync(shippedSupportingDataDir(), dir, { recursive: true });
    const f = join(dir, 'AntigenSupportingData-HepA-508.xml');
    writeFileSync(
      f,
      readFileSync(f, 'utf8').replace(
        '<seriesAdminGuidance/>',
        '<seriesAdminGuidance>new in 4.65</seriesAdminGuidance>',
      ),
    );
    clock.advance(60_000);
    const next = await loadSupportingData(h.db, await readSupportingData(dir), { now: clock.now() });
    expect(next.status).toBe('loaded');
    await sync();
    expect(
      local(`SELECT version, is_current FROM immunization_supporting_data_releases ORDER BY version`),
    ).toEqual([
      { version: '4.64', is_current: 0 },
      { version: '4.65', is_current: 1 },
    ]);
    const c = currentSupportingData(ctx());
    expect(c).toMatchObject({ source: 'database', version: '4.65', releaseId: next.releaseId });
    expect(JSON.stringify(c.data.antigens['HepA'])).toContain('new in 4.65');
  }, 60_000);

  it('the pulled tables are read-only on the workstation', () => {
    expect(() =>
      store.sqlite.prepare(`UPDATE immunization_supporting_data_releases SET is_current = 0`).run(),
    ).toThrow(/must be written through the local store/);
  });
});
