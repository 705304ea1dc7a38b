import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetPinArgs } from '../../../src-shared/ipc/contract';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { verifyLocalAudit } from '../../../src-main/workstation/local-db';
import {
  enrollAndSync,
  makeCore,
  PASSWORD,
  startDistrict,
  tempDir,
  TestClock,
  type District,
  refusal,
} from './support';

/**
 * The unlock PIN: set with the password, unlocks a locked session (never signs in), counts toward the session's
 * unlock attempts, three wrong PINs remove it, kept across restarts, audited; against a real district server and
 * the real encrypted database.
 */

let d: District;
beforeAll(async () => {
  d = await startDistrict();
}, 120_000);
afterAll(async () => {
  await d?.close();
});

const err = refusal;
const MINUTE = 60_000;

describe('unlock PIN', () => {
  const tmp = tempDir('wc-pin-');
  const clock = new TestClock();
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });
  const actions = () =>
    (
      core.internals
        .context()!
        .sqlite.prepare(`SELECT action, details FROM local_audit_log ORDER BY seq`)
        .all() as { action: string; details: string }[]
    ).map((r) => ({ action: r.action, details: JSON.parse(r.details) as Record<string, unknown> }));
  const lockByInactivity = async () => {
    clock.advance(11 * MINUTE);
    expect((await core.call('app.status', {})).locked).toBe(true);
  };

  it('refuses weak or malformed PINs with the field named', () => {
    for (const [pin, message] of [
      ['123', 'must be 4 to 8 digits'],
      ['12a4', 'must be 4 to 8 digits'],
      ['123456789', 'must be 4 to 8 digits'],
      ['0000', 'must not be one digit repeated'],
      ['1234', 'must not be a run of digits like 1234'],
      ['8765', 'must not be a run of digits like 1234'],
    ] as const) {
      const r = SetPinArgs.safeParse({ password: 'x', pin });
      expect(r.success, pin).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ path: ['pin'], message });
    }
    expect(SetPinArgs.safeParse({ password: 'x', pin: '480213' }).success).toBe(true);
  });

  it('sets a PIN only with the right password, while signed in and unlocked', async () => {
    core = await makeCore(tmp.dir, { now: clock.now });
    await enrollAndSync(core, d);
    expect((await core.call('app.status', {})).pinSet).toBe(false);
    expect(await err(core.call('app.setPin', { password: 'wrong one', pin: '480213' }))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      field: 'password',
    });
    expect((await core.call('app.status', {})).pinSet).toBe(false);
    expect(await core.call('app.setPin', { password: PASSWORD, pin: '480213' })).toMatchObject({
      pinSet: true,
    });
    await core.call('app.lock', {});
    // a locked session cannot set or clear a PIN
    expect(await err(core.call('app.setPin', { password: PASSWORD, pin: '112358' }))).toMatchObject({
      code: 'LOCKED',
    });
    expect(await err(core.call('app.clearPin', {}))).toMatchObject({ code: 'LOCKED' });
    expect(actions().filter((a) => a.action === 'PIN_SET')).toEqual([
      { action: 'PIN_SET', details: { replaced: false } },
    ]);
  });

  it('unlocks with the PIN; a wrong PIN is refused on the pin field', async () => {
    expect(await core.call('app.status', {})).toMatchObject({ locked: true, pinSet: true });
    expect(await err(core.call('app.unlock', { pin: '999111' }))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      field: 'pin',
      message: 'wrong PIN (2 more wrong and the PIN is removed)',
    });
    expect(await core.call('app.unlock', { pin: '480213' })).toMatchObject({ locked: false, signedIn: true });
    expect(actions().slice(-2)).toEqual([
      { action: 'UNLOCK_FAILED', details: { attempt: 1, with: 'pin' } },
      { action: 'UNLOCK', details: { with: 'pin' } },
    ]);
    // the password still unlocks too
    await lockByInactivity();
    expect(await core.call('app.unlock', { password: PASSWORD })).toMatchObject({ locked: false });
  });

  it('asks for exactly one of password and PIN', async () => {
    await core.call('app.lock', {});
    expect(await err(core.call('app.unlock', {}))).toMatchObject({ code: 'VALIDATION', field: 'password' });
    expect(await err(core.call('app.unlock', { password: PASSWORD, pin: '480213' }))).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await err(core.call('app.unlock', { pin: '12' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'pin',
    });
    expect((await core.call('app.status', {})).locked).toBe(true);
    await core.call('app.unlock', { pin: '480213' });
  });

  it('never signs in: after a restart the PIN is kept, but signing in needs the password', async () => {
    await core.close();
    core = await makeCore(tmp.dir, { now: clock.now });
    expect(await err(core.call('app.unlock', { pin: '480213' }))).toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD })).toMatchObject({
      signedIn: true,
      pinSet: true,
    });
    await lockByInactivity();
    expect(await core.call('app.unlock', { pin: '480213' })).toMatchObject({ locked: false });
  });

  it('three wrong PINs remove the PIN; the password unlocks; a new PIN can be set', async () => {
    await core.call('app.lock', {});
    await err(core.call('app.unlock', { pin: '111222' }));
    await err(core.call('app.unlock', { pin: '111223' }));
    expect(await err(core.call('app.unlock', { pin: '111224' }))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      field: 'pin',
      message: expect.stringMatching(/PIN is removed; unlock with your password/) as unknown,
    });
    expect(await core.call('app.status', {})).toMatchObject({ locked: true, pinSet: false });
    // the right PIN no longer works
    expect(await err(core.call('app.unlock', { pin: '480213' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'pin',
    });
    expect(await core.call('app.unlock', { password: PASSWORD })).toMatchObject({ locked: false });
    expect(await core.call('app.setPin', { password: PASSWORD, pin: '271828' })).toMatchObject({
      pinSet: true,
    });
    expect(await core.call('app.clearPin', {})).toMatchObject({ pinSet: false });
    const trail = actions();
    expect(trail.filter((a) => a.action === 'PIN_CLEARED')).toHaveLength(1);
    expect(trail.some((a) => a.action === 'UNLOCK_FAILED' && a.details.pinRemoved === true)).toBe(true);
    expect(verifyLocalAudit(core.internals.context()!.sqlite)).toBeNull();
  });

  it('five wrong attempts in all (PIN and password together) sign the nurse out', async () => {
    await core.call('app.setPin', { password: PASSWORD, pin: '480213' });
    await core.call('app.lock', {});
    await err(core.call('app.unlock', { pin: '111222' }));
    await err(core.call('app.unlock', { pin: '111223' }));
    await err(core.call('app.unlock', { password: 'nope 1' }));
    await err(core.call('app.unlock', { password: 'nope 2' }));
    expect(await err(core.call('app.unlock', { password: 'nope 3' }))).toMatchObject({
      code: 'NOT_SIGNED_IN',
    });
    expect(await core.call('app.status', {})).toMatchObject({ signedIn: false, locked: false });
  });
});
