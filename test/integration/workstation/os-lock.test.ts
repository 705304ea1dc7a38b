import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lockOnOsEvents } from '../../../src-main/electron/policy';
import type { WorkstationCore } from '../../../src-main/workstation/core';
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
 * The OS lock: Electron's powerMonitor (which cannot run here: an EventEmitter emits its event names) wired by the
 * shell's own lockOnOsEvents to the real core. The screen lock and sleep lock the session at once, audited with why.
 */

let d: District;
let core: WorkstationCore;
const tmp = tempDir('wc-os-lock-');
const clock = new TestClock();
beforeAll(async () => {
  d = await startDistrict();
  core = await makeCore(tmp.dir, { now: clock.now });
  await enrollAndSync(core, d);
}, 120_000);
afterAll(async () => {
  await core?.close();
  tmp.dispose();
  await d?.close();
});

const lastLock = () =>
  core.internals
    .context()!
    .sqlite.prepare(`SELECT details FROM local_audit_log WHERE action = 'LOCK' ORDER BY seq DESC LIMIT 1`)
    .get() as { details: string } | undefined;

it('locks the session when the OS locks the screen or goes to sleep, and on nothing else', async () => {
  const powerMonitor = new EventEmitter();
  lockOnOsEvents(powerMonitor, core);
  expect((await core.call('app.status', {})).locked).toBe(false);

  powerMonitor.emit('resume');
  powerMonitor.emit('unlock-screen');
  expect((await core.call('app.status', {})).locked).toBe(false);

  powerMonitor.emit('lock-screen');
  expect(await core.call('app.status', {})).toMatchObject({ locked: true, signedIn: true });
  expect(JSON.parse(lastLock()!.details)).toEqual({ reason: 'os-lock' });
  await core.call('app.unlock', { password: PASSWORD });

  powerMonitor.emit('suspend');
  expect((await core.call('app.status', {})).locked).toBe(true);
  expect(JSON.parse(lastLock()!.details)).toEqual({ reason: 'os-suspend' });
});
