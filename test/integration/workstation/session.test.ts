import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../server-sync/auth/passwords';
import { signInRefusedMessage } from '../../../src-shared/api/auth';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import type { SafeStorageLike } from '../../../src-main/workstation/keys/protector';
import { safeStorageProtector } from '../../../src-main/workstation/keys/safe-storage';
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
 * Sign-in, offline sign-in with the district server stopped, the inactivity lock, unlock, break-the-glass, and the
 * two ways the database key is protected (passphrase slots; the OS keychain through an injected stand-in for
 * Electron's safeStorage, since Electron cannot run here).
 */

let d: District;
beforeAll(async () => {
  d = await startDistrict();
}, 120_000);
afterAll(async () => {
  await d?.close();
});

const err = refusal;
const recent = (ms: number) => new Date(Date.now() - ms).toISOString();
const MINUTE = 60_000;

describe('passphrase mode (browser mode)', () => {
  const tmp = tempDir('wc-session-');
  const clock = new TestClock();
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });
  const audit = () =>
    core.internals
      .context()!
      .sqlite.prepare(`SELECT action, user_id, break_glass, details FROM local_audit_log ORDER BY seq`)
      .all() as { action: string; user_id: string | null; break_glass: number; details: string }[];

  it('enrolls, then after a restart the records stay closed until a nurse signs in', async () => {
    core = await makeCore(tmp.dir, { now: clock.now });
    await enrollAndSync(core, d);
    const kf = JSON.parse(readFileSync(join(tmp.dir, 'workstation.json'), 'utf8')) as {
      protection: { kind: string; slots: { email: string }[] };
    };
    expect(kf.protection.kind).toBe('passphrase');
    expect(kf.protection.slots.map((s) => s.email)).toEqual([d.nurse.email]);
    await core.close();

    core = await makeCore(tmp.dir, { now: clock.now });
    expect(await core.call('app.status', {})).toMatchObject({
      enrolled: true,
      signedIn: false,
      locked: false,
    });
    expect(core.internals.context()).toBeNull();
    expect(await err(core.call('students.search', { query: 'ana' }))).toMatchObject({
      code: 'NOT_SIGNED_IN',
    });
    expect(
      await err(core.call('app.breakGlass', { reason: 'Student collapsed, need allergies' })),
    ).toMatchObject({
      code: 'NO_KEY_SLOT',
    });
    expect(await err(core.call('app.signIn', { email: d.nurse2.email, password: PASSWORD }))).toMatchObject({
      code: 'NO_KEY_SLOT',
    });
    expect(
      await err(core.call('app.signIn', { email: d.nurse.email, password: 'wrong password!' })),
    ).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      field: 'password',
    });
    expect(core.internals.context()).toBeNull();
  });

  it('signs in online; a second nurse signing in while the records are open gets her own key slot', async () => {
    const s = await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
    expect(s).toMatchObject({ signedIn: true, online: true, user: { name: 'Nora Nightingale' } });
    await core.call('app.signOut', {});
    expect(core.internals.context()).toBeNull(); // passphrase mode closes the records on sign-out
    await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
    await core.call('app.lock', {});
    const b = await core.call('app.signIn', { email: d.nurse2.email, password: PASSWORD });
    expect(b).toMatchObject({ signedIn: true, locked: false, user: { name: 'Clara Barton' } });
    const kf = JSON.parse(readFileSync(join(tmp.dir, 'workstation.json'), 'utf8')) as {
      protection: { slots: { email: string }[] };
    };
    expect(kf.protection.slots.map((x) => x.email).sort()).toEqual([d.nurse.email, d.nurse2.email]);
    await core.call('app.signOut', {});
  });

  it('shows the district server’s own answer to a refused sign-in (the same for an unknown, locked or inactive account)', async () => {
    await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
    await core.call('app.lock', {});
    // the records are open: the sign-in goes to the district server, which refuses an unknown e-mail with its 401
    const e = await err(
      core.call('app.signIn', { email: 'nobody@alpha.example', password: 'whatever password' }),
    );
    expect(e).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'password' });
    expect(e.message).toBe(signInRefusedMessage(50, 15));
    await core.call('app.unlock', { password: PASSWORD });
    await core.call('app.signOut', {});
  });

  it('signs in offline against the cached verifier with the district server stopped, and records care', async () => {
    await d.stop();
    try {
      expect(
        await err(core.call('app.signIn', { email: d.nurse2.email, password: 'not her password' })),
      ).toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
      const s = await core.call('app.signIn', { email: d.nurse2.email, password: PASSWORD });
      expect(s).toMatchObject({ signedIn: true, online: false, user: { name: 'Clara Barton' } });
      expect(await err(core.call('app.signIn', { email: d.admin.email, password: PASSWORD }))).toMatchObject({
        code: 'NO_CACHED_CREDENTIALS',
      });
      // the admin attempt did not replace Clara's session
      expect((await core.call('app.status', {})).user?.name).toBe('Clara Barton');
      const hits = await core.call('students.search', { query: 'benjamin' });
      await core.call('clinicVisits.create', {
        studentId: hits[0]!.id,
        arrivedAt: recent(5 * MINUTE),
        reasonText: 'Scraped knee',
        triage: 'ROUTINE',
        complaint: 'Fell at recess',
      });
      const sync = await core.call('sync.now', {});
      expect(sync).toMatchObject({ online: false, waiting: 1 });
      expect(sync.lastError).toMatch(/offline/);
    } finally {
      await d.start();
    }
  });

  it('locks after 10 minutes without activity; polling does not count; unlock needs the password', async () => {
    clock.advance(9 * MINUTE);
    await core.call('app.status', {});
    await core.call('sync.status', {});
    await core.call('today.get', {});
    expect((await core.call('app.status', {})).locked).toBe(false);
    await core.call('app.activity', {});
    clock.advance(9 * MINUTE);
    expect((await core.call('app.status', {})).locked).toBe(false);
    clock.advance(2 * MINUTE);
    expect(await core.call('app.status', {})).toMatchObject({
      locked: true,
      signedIn: true,
      autoLockMinutes: 10,
    });
    expect(await err(core.call('students.search', { query: 'ana' }))).toMatchObject({ code: 'LOCKED' });
    expect(
      await err(
        core.call('clinicVisits.create', {
          studentId: d.students.ana!,
          arrivedAt: recent(MINUTE),
          reasonText: 'x',
          triage: 'ROUTINE',
          complaint: 'x',
        }),
      ),
    ).toMatchObject({ code: 'LOCKED' });
    // app.activity while locked does not unlock
    await core.call('app.activity', {});
    expect((await core.call('app.status', {})).locked).toBe(true);
    expect(audit().at(-1)).toMatchObject({
      action: 'LOCK',
      details: JSON.stringify({ reason: 'inactivity' }),
    });
  });

  it('breaks the glass: reason required, read-only, audited, ends at unlock', async () => {
    expect(await err(core.call('app.breakGlass', { reason: 'help' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'reason',
    });
    const s = await core.call('app.breakGlass', { reason: 'Anaphylaxis in room 12, need allergy list' });
    expect(s.breakGlass?.reason).toBe('Anaphylaxis in room 12, need allergy list');
    const hits = await core.call('students.search', { query: 'ana diaz' });
    const chart = await core.call('students.chart', { studentId: hits[0]!.id });
    expect(chart.allergies[0]?.allergen).toBe('Penicillin');
    expect(
      await err(
        core.call('clinicVisits.create', {
          studentId: hits[0]!.id,
          arrivedAt: recent(MINUTE),
          reasonText: 'x',
          triage: 'EMERGENCY',
          complaint: 'x',
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(core.call('sync.conflicts', {}))).toMatchObject({ code: 'FORBIDDEN' });
    const trail = audit();
    const glass = trail.find((a) => a.action === 'BREAK_GLASS');
    expect(glass).toMatchObject({ user_id: null, break_glass: 1 });
    expect(JSON.parse(glass!.details)).toMatchObject({
      reason: 'Anaphylaxis in room 12, need allergy list',
      locked_user_id: d.nurse2.id,
    });
    expect(trail.at(-1)).toMatchObject({ action: 'VIEW', break_glass: 1 });

    expect(await err(core.call('app.unlock', { password: 'nope nope' }))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      field: 'password',
    });
    const u = await core.call('app.unlock', { password: PASSWORD });
    expect(u).toMatchObject({ locked: false, user: { name: 'Clara Barton' } });
    expect(u.breakGlass).toBeUndefined();
    expect(
      audit()
        .map((a) => a.action)
        .slice(-2),
    ).toEqual(['UNLOCK_FAILED', 'UNLOCK']);
    expect(verifyLocalAudit(core.internals.context()!.sqlite)).toBeNull();
  });

  it('emergency access ends by itself', async () => {
    await core.call('app.lock', {});
    await core.call('app.breakGlass', { reason: 'Seizure in the gym, need the action plan' });
    await core.call('students.search', { query: 'kai' });
    clock.advance(16 * MINUTE);
    expect((await core.call('app.status', {})).breakGlass).toBeUndefined();
    expect(await err(core.call('students.search', { query: 'kai' }))).toMatchObject({ code: 'LOCKED' });
    clock.offset = 0;
    await core.call('app.unlock', { password: PASSWORD });
  });

  it('sends what was recorded offline once the server is back', async () => {
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    expect(s).toMatchObject({ online: true, waiting: 0 });
    const row = await d.h.db
      .selectFrom('clinic_visits')
      .select(['presenting_complaint', 'attended_by_user_id'])
      .where('presenting_complaint', '=', 'Fell at recess')
      .executeTakeFirst();
    expect(row).toEqual({ presenting_complaint: 'Fell at recess', attended_by_user_id: d.nurse2.id });
  });

  it('after a password change on the server, the previous password re-protects the key once', async () => {
    await core.call('app.signOut', {});
    const next = 'a brand new password for nora';
    await d.h.db
      .updateTable('users')
      .set({ password_hash: await hashSecret(next) })
      .where('id', '=', d.nurse.id)
      .execute();
    try {
      expect(await err(core.call('app.signIn', { email: d.nurse.email, password: next }))).toMatchObject({
        code: 'KEY_SLOT_STALE',
        field: 'previousPassword',
      });
      expect(
        await err(
          core.call('app.signIn', {
            email: d.nurse.email,
            password: next,
            previousPassword: 'not it either',
          }),
        ),
      ).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'previousPassword' });
      expect(
        await core.call('app.signIn', { email: d.nurse.email, password: next, previousPassword: PASSWORD }),
      ).toMatchObject({
        signedIn: true,
        online: true,
      });
      await core.call('app.signOut', {});
      expect(await core.call('app.signIn', { email: d.nurse.email, password: next })).toMatchObject({
        signedIn: true,
      });
      await core.call('app.signOut', {});
      expect(await err(core.call('app.signIn', { email: d.nurse.email, password: PASSWORD }))).toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    } finally {
      await d.h.db
        .updateTable('users')
        .set({ password_hash: await hashSecret(PASSWORD) })
        .where('id', '=', d.nurse.id)
        .execute();
    }
  });
});

/** A stand-in for Electron's safeStorage: AES-GCM under a key only this "OS account" has. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    decryptString: (buf) => {
      const dc = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      dc.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([dc.update(buf.subarray(28)), dc.final()]).toString('utf8');
    },
  };
}

describe('safeStorage mode (Electron)', () => {
  const tmp = tempDir('wc-safe-');
  let core: WorkstationCore | null = null;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });

  it('refuses Linux’s basic_text backend: nothing is enrolled', async () => {
    core = await makeCore(tmp.dir, {
      mode: 'electron',
      safeStorage: safeStorageProtector(fakeSafeStorage('basic_text'), 'linux'),
      keyProtection: 'safeStorage',
    });
    const e = await err(
      core.call('app.enroll', {
        serverUrl: d.url,
        enrollmentCode: await d.enrollmentCode(),
        email: d.nurse.email,
        password: PASSWORD,
      }),
    );
    expect(e.code).toBe('KEY_PROTECTION_UNAVAILABLE');
    expect(e.message).toMatch(/basic_text/);
    expect(existsSync(join(tmp.dir, 'workstation.json'))).toBe(false);
    await core.close();
    core = null;
  });

  it('wraps the key with the keychain: the records open at launch, sign-in works offline, another account cannot unwrap', async () => {
    const safe = fakeSafeStorage('gnome_libsecret');
    const options = {
      mode: 'electron' as const,
      safeStorage: safeStorageProtector(safe, 'linux'),
      keyProtection: 'safeStorage' as const,
    };
    core = await makeCore(tmp.dir, options);
    await enrollAndSync(core, d);
    const kf = JSON.parse(readFileSync(join(tmp.dir, 'workstation.json'), 'utf8')) as {
      protection: { kind: string; wrapped: string };
    };
    expect(kf.protection.kind).toBe('safeStorage');
    expect(await core.call('app.status', {})).toMatchObject({
      mode: 'electron',
      keyProtection: 'safeStorage',
    });
    await core.close();

    core = await makeCore(tmp.dir, options);
    expect(core.internals.context()).not.toBeNull();
    expect(await err(core.call('students.search', { query: 'ana' }))).toMatchObject({
      code: 'NOT_SIGNED_IN',
    });
    // emergency access works on a signed-out workstation whose records are open
    await core.call('app.breakGlass', { reason: 'Asthma attack at recess, need the plan' });
    expect((await core.call('students.search', { query: 'ana' })).length).toBeGreaterThan(0);
    await d.stop();
    try {
      expect(await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD })).toMatchObject({
        signedIn: true,
        online: false,
      });
    } finally {
      await d.start();
    }
    await core.close();

    core = await makeCore(tmp.dir, {
      ...options,
      safeStorage: safeStorageProtector(fakeSafeStorage('gnome_libsecret'), 'linux'),
    });
    expect(core.internals.context()).toBeNull();
    expect(await err(core.call('app.signIn', { email: d.nurse.email, password: PASSWORD }))).toMatchObject({
      code: 'KEY_PROTECTION_UNAVAILABLE',
    });
  });
});

describe('a short inactivity lock in seconds', () => {
  const tmp = tempDir('wc-session-seconds-');
  const clock = new TestClock();
  let core: WorkstationCore;
  afterAll(async () => {
    await core?.close();
    tmp.dispose();
  });

  it('locks after autoLockSeconds, and reports the setting exactly', async () => {
    core = await makeCore(tmp.dir, { now: clock.now, autoLockSeconds: 15, autoLockMinutes: 10 });
    await enrollAndSync(core, d);
    await core.call('app.activity', {});
    expect(await core.call('app.status', {})).toMatchObject({
      signedIn: true,
      locked: false,
      autoLockSeconds: 15,
      autoLockMinutes: 1,
    });
    clock.advance(14_000);
    expect((await core.call('app.status', {})).locked).toBe(false);
    clock.advance(2_000);
    expect((await core.call('app.status', {})).locked).toBe(true);
  });
});
