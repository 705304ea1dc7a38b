import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../server-sync/auth/users';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import {
  auditRows,
  bearer,
  login,
  makeApp,
  makeDistrict,
  MINUTE,
  PASSWORD,
  TestClock,
  type TestDistrict,
} from './support';

describe.each(serverTargets())('auth on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  const clock = new TestClock();

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('logs in: a short-lived access token with the user, role and schools, a refresh token, an audited LOGIN', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'Nurse.A@example.org', password: PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    const b = r.json<{
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
      tokenType: string;
      deviceId: null;
      user: { id: string; role: string; schoolIds: string[] };
    }>();
    expect(b.tokenType).toBe('Bearer');
    expect(b.expiresIn).toBe(900);
    expect(b.user).toMatchObject({ id: d.nurseA.id, role: 'NURSE', schoolIds: [d.schoolA] });
    expect(b.refreshToken.length).toBeGreaterThanOrEqual(40);
    const claims = decodeJwt(b.accessToken);
    expect(claims).toMatchObject({ sub: d.nurseA.id, role: 'NURSE', sch: [d.schoolA], did: null });
    expect(typeof claims.jti).toBe('string');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
    const stored = await h.db
      .selectFrom('auth_refresh_tokens')
      .select('token_hash')
      .where('user_id', '=', d.nurseA.id)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((s) => s.token_hash)).not.toContain(b.refreshToken);
    const logins = await auditRows(h.db, 'LOGIN');
    expect(logins.at(-1)).toMatchObject({
      user_id: d.nurseA.id,
      table_name: 'users',
      record_id: d.nurseA.id,
    });
    expect(logins.at(-1)?.ip_address).toBeTruthy();
  });

  it('district-wide roles see every school of the district', async () => {
    const t = await login(app, d.auditor.email);
    expect([...t.user.schoolIds].sort()).toEqual([d.schoolA, d.schoolB].sort());
  });

  it('refuses a wrong password and an unknown email with the same answer, and audits both', async () => {
    const before = (await auditRows(h.db, 'LOGIN_FAILED')).length;
    const wrong = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: d.nurseB.email, password: 'not the password' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'nobody@example.org', password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: 'INVALID_CREDENTIALS',
      message:
        'email or password is incorrect (after 5 failed sign-ins in a row, an account is locked for 15 minutes)',
    });
    expect(unknown.json()).toEqual(wrong.json());
    const failed = await auditRows(h.db, 'LOGIN_FAILED');
    expect(failed.length).toBe(before + 2);
    expect(failed.at(-2)).toMatchObject({ user_id: d.nurseB.id, details: { reason: 'wrong_password' } });
    expect(failed.at(-1)).toMatchObject({ user_id: null, details: { reason: 'unknown_account' } });
    // a later success resets the counter
    await login(app, d.nurseB.email);
    const u = await h.db
      .selectFrom('users')
      .select('failed_login_count')
      .where('id', '=', d.nurseB.id)
      .executeTakeFirstOrThrow();
    expect(u.failed_login_count).toBe(0);
  });

  it('locks an account after 5 failures for 15 minutes (answered as any refused sign-in), even for the right password, then lets it in', async () => {
    const { id } = await createUser(h.db, {
      email: 'lock.me@example.org',
      role: 'NURSE',
      password: PASSWORD,
      firstName: 'L',
      lastName: 'M',
      schools: [d.schoolA],
    });
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'lock.me@example.org', password } });
    for (let i = 1; i <= 4; i++) expect((await attempt('wrong password')).statusCode).toBe(401);
    const fifth = await attempt('wrong password');
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json()).toMatchObject({ error: 'INVALID_CREDENTIALS' });
    expect(fifth.json<{ message: string }>().message).toMatch(/an account is locked for 15 minutes/);
    const locked = await h.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(locked.locked_until?.toISOString()).toBe('2026-11-20T12:15:00.000Z');
    const right = await attempt(PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.json()).toEqual(fifth.json());
    expect((await auditRows(h.db, 'LOGIN_FAILED')).at(-1)).toMatchObject({
      user_id: id,
      details: { reason: 'locked' },
    });
    clock.advance(14 * MINUTE);
    expect((await attempt(PASSWORD)).statusCode).toBe(401);
    clock.advance(1 * MINUTE);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('access tokens expire after 15 minutes (401 TOKEN_EXPIRED); a garbage token is 401 INVALID_TOKEN; no token is 401', async () => {
    const t = await login(app, d.nurseA.email);
    const me = () => app.inject({ method: 'GET', url: `/students/${d.studentA}`, headers: bearer(t) });
    expect((await me()).statusCode).toBe(200);
    clock.advance(15 * MINUTE);
    const expired = await me();
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ error: 'TOKEN_EXPIRED' });
    const garbage = await app.inject({
      method: 'GET',
      url: '/students',
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    expect(garbage.json()).toMatchObject({ error: 'INVALID_TOKEN' });
    const forged = await app.inject({
      method: 'GET',
      url: '/students',
      headers: { authorization: `Bearer ${t.accessToken.slice(0, -4)}AAAA` },
    });
    expect(forged.statusCode).toBe(401);
    const none = await app.inject({ method: 'GET', url: '/students' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
  });

  it('rotates refresh tokens; reusing a used one revokes the whole session', async () => {
    const first = await login(app, d.nurseA.email);
    const r1 = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: first.refreshToken },
    });
    expect(r1.statusCode).toBe(200);
    const second = r1.json<{ accessToken: string; refreshToken: string }>();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(second.accessToken).fam).toBe(decodeJwt(first.accessToken).fam);
    expect((await app.inject({ method: 'GET', url: '/students', headers: bearer(second) })).statusCode).toBe(
      200,
    );

    const reuse = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: first.refreshToken },
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ error: 'REFRESH_TOKEN_REUSED' });
    // the thief's successor and every access token of the session are dead too
    const next = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: second.refreshToken },
    });
    expect(next.statusCode).toBe(401);
    expect(next.json()).toMatchObject({ error: 'SESSION_REVOKED' });
    const access = await app.inject({ method: 'GET', url: '/students', headers: bearer(second) });
    expect(access.json()).toMatchObject({ error: 'SESSION_REVOKED' });
    const failed = await auditRows(h.db, 'LOGIN_FAILED');
    expect(failed.at(-1)).toMatchObject({ user_id: d.nurseA.id, details: { reason: 'refresh_token_reuse' } });
    // another session of the same user is untouched
    const other = await login(app, d.nurseA.email);
    expect((await app.inject({ method: 'GET', url: '/students', headers: bearer(other) })).statusCode).toBe(
      200,
    );
    const unknown = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: 'x'.repeat(43) },
    });
    expect(unknown.json()).toMatchObject({ error: 'INVALID_REFRESH_TOKEN' });
  });

  it('logout revokes the session: its access and refresh tokens stop working', async () => {
    const t = await login(app, d.nurseA.email);
    const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(t) });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ revokedTokens: 1 });
    expect((await app.inject({ method: 'GET', url: '/students', headers: bearer(t) })).json()).toMatchObject({
      error: 'SESSION_REVOKED',
    });
    const r = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: t.refreshToken },
    });
    expect(r.json()).toMatchObject({ error: 'SESSION_REVOKED' });
    expect((await auditRows(h.db, 'LOGOUT')).at(-1)).toMatchObject({ user_id: d.nurseA.id });
  });

  it('a district admin revokes every session of a user; others may not', async () => {
    const s1 = await login(app, d.nurseB.email);
    const s2 = await login(app, d.nurseB.email);
    const nurse = await login(app, d.nurseA.email);
    const denied = await app.inject({
      method: 'POST',
      url: `/admin/users/${d.nurseB.id}/revoke-sessions`,
      headers: bearer(nurse),
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({
      error: 'FORBIDDEN',
      message: 'this action requires the role DISTRICT_ADMIN',
    });
    const admin = await login(app, d.districtAdmin.email);
    const r = await app.inject({
      method: 'POST',
      url: `/admin/users/${d.nurseB.id}/revoke-sessions`,
      headers: bearer(admin),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ revokedSessions: number }>().revokedSessions).toBeGreaterThanOrEqual(2);
    for (const s of [s1, s2]) {
      expect((await app.inject({ method: 'GET', url: '/students', headers: bearer(s) })).statusCode).toBe(
        401,
      );
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/auth/refresh',
            payload: { refreshToken: s.refreshToken },
          })
        ).statusCode,
      ).toBe(401);
    }
    const missing = await app.inject({
      method: 'POST',
      url: '/admin/users/nobody/revoke-sessions',
      headers: bearer(admin),
    });
    expect(missing.statusCode).toBe(404);
    expect((await auditRows(h.db, 'ADMIN')).at(-1)).toMatchObject({
      record_id: d.nurseB.id,
      details: { event: 'revoke_sessions' },
    });
    // a new login works
    await login(app, d.nurseB.email);
  });

  it('a disabled account cannot log in, refresh or use its access token', async () => {
    const { id } = await createUser(h.db, {
      email: 'leaver@example.org',
      role: 'NURSE',
      password: PASSWORD,
      firstName: 'L',
      lastName: 'V',
      schools: [d.schoolA],
    });
    const t = await login(app, 'leaver@example.org');
    await h.db.updateTable('users').set({ is_active: false }).where('id', '=', id).execute();
    expect((await app.inject({ method: 'GET', url: '/students', headers: bearer(t) })).json()).toMatchObject({
      error: 'ACCOUNT_DISABLED',
    });
    expect(
      (
        await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: t.refreshToken } })
      ).json(),
    ).toMatchObject({ error: 'ACCOUNT_DISABLED' });
    const again = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'leaver@example.org', password: PASSWORD },
    });
    expect(again.json()).toMatchObject({ error: 'INVALID_CREDENTIALS' });
  });
});
