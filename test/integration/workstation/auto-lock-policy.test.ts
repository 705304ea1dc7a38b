import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { getSetting } from '../../../src-main/workstation/local-db';
import { remoteTokens } from '../../../src-main/workstation/remote';
import {
  enrollAndSync,
  makeCore,
  PASSWORD,
  startDistrict,
  tempDir,
  TestClock,
  type District,
} from './support';

/**
 * The inactivity lock the district sets (PUT /admin/workstation-policy): received at sign-in and token refresh,
 * applied to the running session, kept for offline sign-in; an explicit setting at launch wins.
 */

const MINUTE = 60_000;

let d: District;
const setPolicy = async (autoLockMinutes: number): Promise<void> => {
  const login = await fetch(`${d.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: d.admin.email, password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${d.url}/admin/workstation-policy`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ autoLockMinutes }),
  });
  if (!res.ok) throw new Error(`workstation policy: ${res.status} ${await res.text()}`);
};

beforeAll(async () => {
  d = await startDistrict();
  await setPolicy(2);
}, 120_000);
afterAll(async () => {
  await d?.close();
});

describe("the district's inactivity lock on a workstation", () => {
  const tmp = tempDir('wc-autolock-');
  const clock = new TestClock();
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });
  const stored = () => getSetting(core.internals.context()!.sqlite, 'district.autoLockMinutes');
  const signIn = () => core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
  const locked = async () => (await core.call('app.status', {})).locked;

  it("a nurse signing in online gets the district's 2 minutes", async () => {
    core = await makeCore(tmp.dir, { now: clock.now });
    await enrollAndSync(core, d);
    await core.call('app.signOut', {});
    expect(await signIn()).toMatchObject({
      signedIn: true,
      online: true,
      autoLockMinutes: 2,
      autoLockSeconds: 120,
      autoLockSource: 'district',
    });
    expect(stored()).toBe('2');
  });

  it('locks after 2 minutes without activity', async () => {
    await core.call('app.activity', {});
    clock.advance(2 * MINUTE - 1_000);
    expect(await locked()).toBe(false);
    clock.advance(1_000);
    expect(await locked()).toBe(true);
    await core.call('app.unlock', { password: PASSWORD });
    await core.call('app.signOut', {});
  });

  it('after a restart with the server stopped, the offline sign-in uses the stored 2 minutes', async () => {
    await core.close();
    await d.stop();
    try {
      core = await makeCore(tmp.dir, { now: clock.now });
      expect(await signIn()).toMatchObject({
        signedIn: true,
        online: false,
        autoLockMinutes: 2,
        autoLockSource: 'district',
      });
      clock.advance(2 * MINUTE);
      expect(await locked()).toBe(true);
      await core.call('app.signOut', {});
    } finally {
      await d.start();
    }
  });

  it('a change by the district reaches the running session at its next token refresh', async () => {
    expect(await signIn()).toMatchObject({ online: true, autoLockMinutes: 2 });
    await setPolicy(5);
    // the access token (15 minutes) expires while the nurse keeps working; the next sync refreshes it
    for (let i = 0; i < 16; i++) {
      clock.advance(MINUTE);
      await core.call('app.activity', {});
    }
    const sync = await core.call('sync.now', {});
    expect(sync.lastError).toBeUndefined();
    expect(await core.call('app.status', {})).toMatchObject({
      locked: false,
      autoLockMinutes: 5,
      autoLockSource: 'district',
    });
    expect(stored()).toBe('5');
    clock.advance(4 * MINUTE);
    expect(await locked()).toBe(false);
    clock.advance(MINUTE);
    expect(await locked()).toBe(true);
  });

  it('and the next sign-in gets a later change', async () => {
    await core.call('app.signOut', {});
    await setPolicy(6);
    expect(await signIn()).toMatchObject({ autoLockMinutes: 6, autoLockSource: 'district' });
    await core.call('app.signOut', {});
  });

  it('an explicit setting at launch wins over the district (and the district value is still stored)', async () => {
    await core.close();
    core = await makeCore(tmp.dir, { now: clock.now, autoLockMinutes: 7 });
    await setPolicy(3);
    expect(await signIn()).toMatchObject({
      online: true,
      autoLockMinutes: 7,
      autoLockSeconds: 420,
      autoLockSource: 'workstation',
    });
    expect(stored()).toBe('3');
    clock.advance(6 * MINUTE);
    expect(await locked()).toBe(false);
    clock.advance(MINUTE);
    expect(await locked()).toBe(true);
  });
});

describe('the token response from the district server', () => {
  const base = {
    accessToken: 'a',
    expiresIn: 900,
    refreshToken: 'r',
    refreshExpiresAt: '2026-12-01T00:00:00.000Z',
    deviceId: null,
    user: {
      id: 'u',
      email: 'n@example.org',
      firstName: 'N',
      lastName: 'N',
      role: 'NURSE',
      districtId: 'd',
      schoolIds: [],
    },
  };
  it('is understood without a policy (an older server) or with one it cannot use: nothing to apply', () => {
    expect(remoteTokens.parse(base).workstationPolicy).toBeUndefined();
    expect(
      remoteTokens.parse({ ...base, workstationPolicy: { autoLockMinutes: 0 } }).workstationPolicy,
    ).toBeUndefined();
    expect(
      remoteTokens.parse({ ...base, workstationPolicy: { autoLockMinutes: 4 } }).workstationPolicy,
    ).toEqual({ autoLockMinutes: 4 });
  });
});
