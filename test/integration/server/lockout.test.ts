import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server-sync/auth/users';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { auditRows, makeApp, makeDistrict, PASSWORD, TestClock, type TestDistrict } from './support';

/**
 * Security finding 8: a locked account answered 423 ACCOUNT_LOCKED, an unknown e-mail 401: which e-mails exist was
 * one request away. Both (and a wrong password, an inactive account) are now the same 401 INVALID_CREDENTIALS with the
 * same message, after one argon2 verification each (the locked and the unknown against a dummy hash).
 *
 * Security finding 7: wrong-password logins sent in parallel each checked their password against an unlocked
 * account (8 checks against a threshold of 5). Failures are now counted in one UPDATE ... RETURNING before the
 * password is checked. What is asserted: of N parallel wrong logins, exactly `threshold` passwords are checked
 * (LOGIN_FAILED wrong_password), the account is locked after exactly `threshold` failures, and the others are
 * refused as locked without a password check (LOGIN_FAILED locked).
 */
describe.each(serverTargets())('account lockout on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  const clock = new TestClock();
  const THRESHOLD = 5;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock, { lockoutThreshold: THRESHOLD, lockoutMinutes: 15 });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const newNurse = async (email: string) =>
    (
      await createUser(h.db, {
        email,
        role: 'NURSE',
        password: PASSWORD,
        firstName: 'P',
        lastName: 'L',
        schools: [d.schoolA],
      })
    ).id;
  const attempt = (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  const failuresOf = async (userId: string) => {
    const rows = (await auditRows(h.db, 'LOGIN_FAILED')).filter((r) => r.user_id === userId);
    const by = (reason: string) => rows.filter((r) => r.details?.['reason'] === reason).length;
    return { wrongPassword: by('wrong_password'), locked: by('locked') };
  };
  const userRow = (id: string) =>
    h.db
      .selectFrom('users')
      .select(['failed_login_count', 'locked_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it(`checks at most ${THRESHOLD} passwords of 12 parallel wrong logins, then the account is locked`, async () => {
    const id = await newNurse('parallel@example.org');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt('parallel@example.org', `wrong password ${i}`)),
    );
    for (const a of answers) expect(a.statusCode).toBe(401);
    expect(await failuresOf(id)).toEqual({ wrongPassword: THRESHOLD, locked: 12 - THRESHOLD });
    const u = await userRow(id);
    expect(u.failed_login_count).toBe(THRESHOLD);
    expect(u.locked_until?.toISOString()).toBe(new Date(clock.now().getTime() + 15 * 60_000).toISOString());
    // locked: the right password is refused too, and not checked
    const right = await attempt('parallel@example.org', PASSWORD);
    expect(right.statusCode).not.toBe(200);
    expect((await failuresOf(id)).locked).toBe(12 - THRESHOLD + 1);
  });

  it('a right password among parallel wrong ones before the threshold lets the nurse in and clears the count', async () => {
    const id = await newNurse('mixed@example.org');
    const answers = await Promise.all([
      attempt('mixed@example.org', 'wrong 1'),
      attempt('mixed@example.org', 'wrong 2'),
      attempt('mixed@example.org', PASSWORD),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401]);
    expect((await failuresOf(id)).wrongPassword).toBe(2);
    expect((await userRow(id)).locked_until).toBeNull();
    const ok = await attempt('mixed@example.org', PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(await userRow(id)).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('answers a locked account exactly as an unknown e-mail, an inactive account and a wrong password', async () => {
    await newNurse('locked.out@example.org');
    for (let i = 0; i < THRESHOLD; i++) await attempt('locked.out@example.org', 'wrong password');
    const inactive = await newNurse('gone@example.org');
    await h.db.updateTable('users').set({ is_active: false }).where('id', '=', inactive).execute();
    await newNurse('fine@example.org');

    const answers = {
      locked: await attempt('locked.out@example.org', 'wrong password'),
      lockedRightPassword: await attempt('locked.out@example.org', PASSWORD),
      unknown: await attempt('no.such.nurse@example.org', 'wrong password'),
      unknownAgain: await attempt('no.such.nurse@example.org', PASSWORD),
      inactive: await attempt('gone@example.org', PASSWORD),
      wrongPassword: await attempt('fine@example.org', 'wrong password'),
    };
    const expected = {
      status: 401,
      body: {
        error: 'INVALID_CREDENTIALS',
        message: `email or password is incorrect (after ${THRESHOLD} failed sign-ins in a row, an account is locked for 15 minutes)`,
      },
    };
    for (const [what, r] of Object.entries(answers)) {
      expect({ status: r.statusCode, body: r.json<unknown>() }, what).toEqual(expected);
      expect(r.headers['content-type'], what).toBe(answers.unknown.headers['content-type']);
      expect(r.headers['content-length'], what).toBe(answers.unknown.headers['content-length']);
    }
  });
});
