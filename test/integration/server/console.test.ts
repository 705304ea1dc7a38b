import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_PAGES, CONSOLE_SESSION_COOKIE, consoleEndpoints } from '../../../src-shared/api/console';
import { APP_CSP } from '../../../src-shared/csp';
import { buildServer } from '../../../server-sync/app';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import {
  auditRows,
  login,
  makeDistrict,
  PASSWORD,
  TestClock,
  testConfig,
  type TestDistrict,
} from './support';

/**
 * The district console's server side: the cookie session (flags, CSRF token, own-origin check), role gating,
 * sign-out, and the built pages at /console with the app's CSP and an SPA fallback.
 */
const HOST = 'console.test:8080';
const ORIGIN = `http://${HOST}`;

describe.each(serverTargets())('district console: cookie session, CSRF, pages on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let dir: string;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    dir = mkdtempSync(join(tmpdir(), 'wc-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'main-AbCdEf12.js'), 'console.log(1)');
    app = buildServer({ db: h, config: testConfig(), clock: new TestClock(), consoleDir: dir });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(email: string) {
    const r = await app.inject({
      method: 'POST',
      url: '/console/session',
      headers: { host: HOST, origin: ORIGIN },
      payload: { email, password: PASSWORD },
    });
    expect(r.statusCode, r.body).toBe(200);
    const c = r.cookies.find((x) => x.name === CONSOLE_SESSION_COOKIE);
    if (!c) throw new Error('no session cookie');
    return {
      cookie: `${CONSOLE_SESSION_COOKIE}=${c.value}`,
      raw: c,
      body: r.json<{ csrfToken: string; user: { role: string } }>(),
    };
  }

  const send = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: Record<string, unknown>,
  ): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, headers: { host: HOST, ...headers }, ...(payload ? { payload } : {}) });

  it('registers every route of the contract', () => {
    for (const e of Object.values(consoleEndpoints))
      expect(app.hasRoute({ method: e.method, url: e.path }), `${e.method} ${e.path}`).toBe(true);
  });

  it('signs in with an HttpOnly, SameSite=Strict, Path=/ cookie (Secure only over TLS) and no token in the body', async () => {
    const s = await signIn(d.districtAdmin.email);
    expect(s.raw.httpOnly).toBe(true);
    expect(s.raw.sameSite).toBe('Strict');
    expect(s.raw.path).toBe('/');
    expect(s.raw.secure).toBeFalsy();
    expect(s.body.user.role).toBe('DISTRICT_ADMIN');
    expect(s.body.csrfToken.length).toBeGreaterThan(20);
    expect(JSON.stringify(s.body)).not.toContain(s.raw.value);
    const who = await send('GET', '/console/session', { cookie: s.cookie });
    expect(who.statusCode).toBe(200);
    expect(who.json<{ csrfToken: string }>().csrfToken).toBe(s.body.csrfToken);
    const rows = await auditRows(h.db, 'LOGIN');
    expect(rows.at(-1)?.user_id).toBe(d.districtAdmin.id);
  });

  it('a wrong password is refused like the bearer login, and audited', async () => {
    const r = await send(
      'POST',
      '/console/session',
      { origin: ORIGIN },
      { email: d.auditor.email, password: 'wrong password here' },
    );
    expect(r.statusCode).toBe(401);
    expect(r.json<{ error: string }>().error).toBe('INVALID_CREDENTIALS');
    expect(r.cookies).toHaveLength(0);
    expect((await auditRows(h.db, 'LOGIN_FAILED')).at(-1)?.user_id).toBe(d.auditor.id);
  });

  it('a nurse cannot sign in to the console (her session is ended at once)', async () => {
    const r = await send(
      'POST',
      '/console/session',
      { origin: ORIGIN },
      { email: d.nurseA.email, password: PASSWORD },
    );
    expect(r.statusCode).toBe(403);
    expect(r.json<{ error: string }>().error).toBe('CONSOLE_NOT_ALLOWED');
    expect(r.cookies).toHaveLength(0);
  });

  it('a sign-in posted from another origin is refused', async () => {
    const r = await send(
      'POST',
      '/console/session',
      { origin: 'https://evil.example' },
      { email: d.districtAdmin.email, password: PASSWORD },
    );
    expect(r.statusCode).toBe(403);
    expect(r.json<{ error: string }>().error).toBe('CSRF');
  });

  it('the cookie authenticates reads; a change needs the CSRF token and the own Origin (403 CSRF otherwise)', async () => {
    const s = await signIn(d.districtAdmin.email);
    expect((await send('GET', '/admin/workstation-policy', { cookie: s.cookie })).statusCode).toBe(200);
    const put = (headers: Record<string, string>) =>
      send('PUT', '/admin/workstation-policy', { cookie: s.cookie, ...headers }, { autoLockMinutes: 12 });
    const code = (r: LightMyRequestResponse) => [r.statusCode, r.json<{ error?: string }>().error];
    expect(code(await put({ origin: ORIGIN }))).toEqual([403, 'CSRF']);
    expect(code(await put({ origin: ORIGIN, 'x-csrf-token': 'x'.repeat(43) }))).toEqual([403, 'CSRF']);
    expect(code(await put({ origin: 'https://evil.example', 'x-csrf-token': s.body.csrfToken }))).toEqual([
      403,
      'CSRF',
    ]);
    expect(code(await put({ 'x-csrf-token': s.body.csrfToken }))).toEqual([403, 'CSRF']);
    // another session's token does not fit this one
    const other = await signIn(d.districtAdmin.email);
    expect(code(await put({ origin: ORIGIN, 'x-csrf-token': other.body.csrfToken }))).toEqual([403, 'CSRF']);
    const ok = await put({ origin: ORIGIN, 'x-csrf-token': s.body.csrfToken });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ autoLockMinutes: 12 });
  });

  it('bearer tokens still work, without CSRF (no cookie involved)', async () => {
    const t = await login(app, d.districtAdmin.email);
    const r = await send(
      'PUT',
      '/admin/workstation-policy',
      { authorization: `Bearer ${t.accessToken}` },
      { autoLockMinutes: 10 },
    );
    expect(r.statusCode).toBe(200);
  });

  it('roles are enforced on the console APIs: an auditor reads the audit log, not the users; a school admin neither', async () => {
    const auditor = await signIn(d.auditor.email);
    expect((await send('GET', '/audit/entries?limit=5', { cookie: auditor.cookie })).statusCode).toBe(200);
    expect((await send('GET', '/admin/users', { cookie: auditor.cookie })).statusCode).toBe(403);
    const schoolAdmin = await signIn(d.adminA.email);
    expect((await send('GET', '/audit/entries', { cookie: schoolAdmin.cookie })).statusCode).toBe(403);
    expect((await send('GET', '/admin/users', { cookie: schoolAdmin.cookie })).statusCode).toBe(403);
    const devices = await send('GET', '/admin/devices', { cookie: schoolAdmin.cookie });
    expect(devices.statusCode).toBe(200);
    const activity = await send('GET', '/district/activity', { cookie: schoolAdmin.cookie });
    expect(activity.statusCode).toBe(200);
    expect(activity.json<{ schools: { schoolId: string }[] }>().schools.map((s) => s.schoolId)).toEqual([
      d.schoolA,
    ]);
  });

  it('the outbreaks page and its API agree on roles: the admins read, only the district admin edits patterns, an auditor neither', async () => {
    expect(CONSOLE_PAGES.outbreaks.roles).toEqual(['DISTRICT_ADMIN', 'SCHOOL_ADMIN']);
    const auditor = await signIn(d.auditor.email);
    expect((await send('GET', '/outbreaks/alerts', { cookie: auditor.cookie })).statusCode).toBe(403);
    const schoolAdmin = await signIn(d.adminA.email);
    expect((await send('GET', '/outbreaks/alerts', { cookie: schoolAdmin.cookie })).statusCode).toBe(200);
    expect((await send('GET', '/outbreaks/patterns', { cookie: schoolAdmin.cookie })).statusCode).toBe(200);
    const pattern = { name: 'Pink eye watch', symptoms: { conjunctivitis: true } };
    const refused = await send(
      'POST',
      '/outbreaks/patterns',
      { cookie: schoolAdmin.cookie, origin: ORIGIN, 'x-csrf-token': schoolAdmin.body.csrfToken },
      pattern,
    );
    expect(refused.statusCode).toBe(403);
    const admin = await signIn(d.districtAdmin.email);
    const headers = { cookie: admin.cookie, origin: ORIGIN, 'x-csrf-token': admin.body.csrfToken };
    const bad = await send('POST', '/outbreaks/patterns', headers, {
      ...pattern,
      symptoms: { pink_eye: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ issues: { path: string; message: string }[] }>().issues[0]).toMatchObject({
      path: 'body.symptoms',
      message: expect.stringContaining('pink_eye') as string,
    });
    expect((await send('POST', '/outbreaks/patterns', headers, pattern)).statusCode).toBe(201);
  });

  it('sign-out revokes the session and clears the cookie; the old cookie no longer works', async () => {
    const s = await signIn(d.districtAdmin.email);
    expect((await send('DELETE', '/console/session', { cookie: s.cookie, origin: ORIGIN })).statusCode).toBe(
      403,
    );
    const out = await send('DELETE', '/console/session', {
      cookie: s.cookie,
      origin: ORIGIN,
      'x-csrf-token': s.body.csrfToken,
    });
    expect(out.statusCode, out.body).toBe(200);
    const cleared = out.cookies.find((c) => c.name === CONSOLE_SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect((await send('GET', '/console/session', { cookie: s.cookie })).statusCode).toBe(401);
    expect((await send('GET', '/admin/workstation-policy', { cookie: s.cookie })).statusCode).toBe(401);
  });

  it('serves the console with the strict CSP, and index.html for any page path', async () => {
    for (const url of ['/console', '/console/', '/console/audit/anything']) {
      const r = await send('GET', url, {});
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.headers['content-security-policy']).toBe(APP_CSP);
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.body).toContain('<div id="root">');
    }
    const js = await send('GET', '/console/assets/main-AbCdEf12.js', {});
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toMatch(/immutable/);
    expect((await send('GET', '/console/assets/missing-AbCdEf12.js', {})).statusCode).toBe(404);
    expect((await send('GET', '/console/..%2f..%2fpackage.json', {})).body).toContain('<div id="root">');
  });
});
