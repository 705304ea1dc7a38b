import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import {
  ensureSupportingData,
  loadSupportingData,
  readSupportingData,
  shippedSupportingDataDir,
  type LoadedSupportingData,
} from '../../../server-sync/immunizations';
import type { LocalStore } from '../../../src-main/store/open';
import { createWorkstationContext } from '../../../src-main/workstation/context';
import {
  currentSupportingData,
  readShippedSupportingData,
} from '../../../src-main/workstation/immunizations';
import { serverTargets } from '../../support/db';
import { enrolledStore, type EnrolledStore } from '../sync-client/support/enrolled-store';
import { TestClock, type TestDistrict } from '../server/support';

/**
 * CDC's CDSi supporting data over the real sync: the release the district's start loaded reaches a workstation (the
 * release row and its 31 files, 2.6 MB, in one pull page) and the workstation's currentSupportingData rebuilds the
 * same model from the pulled texts (before the pull, the shipped folder); a new release loaded on the district
 * becomes current on the workstation at its next sync (the old one's flag cleared first, the UNIQUE index holds).
 */
describe.each(serverTargets().slice(-1))('CDSi supporting data sync on $name', (target) => {
  let shipped: LoadedSupportingData;
  const tmp = mkdtempSync(join(tmpdir(), 'wc-cdsi-sync-'));
  const clock = new TestClock('2026-12-07T12:00:00.000Z');
  let w: EnrolledStore;
  let h: ServerDbHandle;
  let d: TestDistrict;
  let store: LocalStore;
  const local = (q: string, ...args: unknown[]) => w.local(q, ...args);
  const sync = () => w.sync();
  const ctx = () =>
    createWorkstationContext({ store, schoolId: d.schoolA, now: () => clock.now().getTime() });

  beforeAll(async () => {
    w = await enrolledStore(target, clock);
    ({ h, d, store } = w);
    shipped = await readSupportingData();
  }, 120_000);
  afterAll(async () => {
    await w?.close();
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
