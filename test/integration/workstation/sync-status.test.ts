import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import type { SyncProgress } from '../../../src-main/sync/client';
import { enrollAndSync, makeCore, PASSWORD, startDistrict, tempDir, type District } from './support';

/**
 * The first sync's progress advances page by page (the UI's progress bar), not once at the end; the last sync time
 * is the last successful one, kept across restarts.
 */

let d: District;
beforeAll(async () => {
  d = await startDistrict();
}, 120_000);
afterAll(async () => {
  await d?.close();
});

describe('first sync progress', () => {
  const tmp = tempDir('wc-sync-progress-');
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });

  it('reports the pull after every applied page', async () => {
    const seen: SyncProgress[] = [];
    core = await makeCore(tmp.dir, { syncPullLimit: 10, onSyncProgress: (p) => seen.push({ ...p }) });
    await enrollAndSync(core, d);
    const pull = seen.filter((p) => p.phase === 'pull');
    const last = pull.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThan(20);
    // one report per page of 10: the bar moves before the end
    expect(pull.length).toBe(Math.ceil(last.done / 10));
    expect(pull[0]!.done).toBe(10);
    expect(pull[0]!.done).toBeLessThan(pull[0]!.total);
    for (let i = 1; i < pull.length; i++) expect(pull[i]!.done).toBeGreaterThan(pull[i - 1]!.done);
    // everything arrived, page after page
    expect((await core.call('catalog.visitReasons', {})).map((r) => r.code).sort()).toEqual([
      'FEVER',
      'HEADACHE',
    ]);
    expect((await core.call('students.search', { query: 'ana diaz' }))[0]).toBeDefined();
  });
});

describe('last sync time', () => {
  const tmp = tempDir('wc-last-sync-');
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });

  it('is the last successful sync: a failed attempt keeps it, and a restart remembers it', async () => {
    core = await makeCore(tmp.dir);
    await enrollAndSync(core, d);
    const ok = (await core.call('sync.status', {})).lastSyncAt;
    expect(ok).toBeDefined();
    await new Promise((r) => setTimeout(r, 20));
    await d.stop();
    try {
      const failed = await core.call('sync.now', {});
      expect(failed.lastError).toMatch(/offline/);
      expect(failed.lastSyncAt).toBe(ok);
      await core.close();
      core = await makeCore(tmp.dir);
      await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
      const s = await core.call('sync.now', {});
      expect(s.lastError).toMatch(/offline/);
      expect(s.lastSyncAt).toBe(ok);
    } finally {
      await d.start();
    }
    const again = await core.call('sync.now', {});
    expect(again.lastError).toBeUndefined();
    expect(Date.parse(again.lastSyncAt!)).toBeGreaterThan(Date.parse(ok!));
  });
});

describe('connection before the first contact', () => {
  const tmp = tempDir('wc-probe-');
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });

  it('probes the district server at start: online when it answers, offline when it does not', async () => {
    core = await makeCore(tmp.dir);
    await enrollAndSync(core, d);
    await core.close();

    core = await makeCore(tmp.dir);
    await expect.poll(async () => (await core.call('app.status', {})).connection).toBe('online');
    expect(await core.call('app.status', {})).toMatchObject({ signedIn: false, online: true });
    await core.close();

    await d.stop();
    try {
      core = await makeCore(tmp.dir);
      await expect.poll(async () => (await core.call('app.status', {})).connection).toBe('offline');
      expect((await core.call('app.status', {})).online).toBe(false);
    } finally {
      await d.start();
    }
  });
});
