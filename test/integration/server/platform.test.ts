import type { AddressInfo } from 'node:net';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { openServerDb } from '../../../server-sync/db/connect';
import { bearer, login, makeApp, makeDistrict, PASSWORD, TestClock, type TestDistrict } from './support';

/** The HTTP platform: validation errors, the 500 handler, limits, headers, docs, rate limits, logs, real HTTP. */
describe('district server platform (PGlite)', () => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  const logs: string[] = [];
  const routes: RouteOptions[] = [];
  const clock = new TestClock();

  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock, { logLevel: 'info' }, { write: (l) => void logs.push(l) });
    app.addHook('onRoute', (r) => void routes.push(r));
    app.get('/test/boom', () => {
      const e = new Error('duplicate key value violates unique constraint "students_pkey"');
      Object.assign(e, { code: '23505', detail: 'Key (first_name)=(Jonathan Secretname) already exists.' });
      throw e;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('answers 400 with the path of every bad field, and writes nothing', async () => {
    const before = await h.db
      .selectFrom('audit_logs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'not-an-email', password: '', extra: 1 },
    });
    expect(r.statusCode).toBe(400);
    const b = r.json<{ error: string; message: string; issues: { path: string; message: string }[] }>();
    expect(b.error).toBe('BAD_REQUEST');
    const paths = b.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body']));
    expect(b.message).toMatch(/^invalid body: body\./);
    const pair = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'a@example.org', password: 'x', deviceId: 'd' },
    });
    expect(pair.json<{ issues: { path: string; message: string }[] }>().issues).toEqual([
      { path: 'body.deviceSecret', message: 'deviceId and deviceSecret must be given together' },
    ]);
    const t = await login(app, d.nurseA.email);
    const q = await app.inject({ method: 'GET', url: '/students?limit=1000', headers: bearer(t) });
    expect(q.statusCode).toBe(400);
    expect(q.json<{ issues: { path: string }[] }>().issues[0]?.path).toBe('querystring.limit');
    const after = await h.db
      .selectFrom('audit_logs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1); // only the LOGIN of this test
  });

  it('answers malformed JSON with 400, a wrong content type with 415, an oversized body with 413, an unknown route with 404', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'BAD_REQUEST' });
    const type = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(type.statusCode).toBe(415);
    expect(type.json()).toMatchObject({ error: 'UNSUPPORTED_MEDIA_TYPE' });
    const big = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
    const missing = await app.inject({ method: 'GET', url: '/nope?name=Secret' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'NOT_FOUND', message: 'no route GET /nope' });
  });

  it('answers an unexpected error with 500 and a request id only; the log has no row values', async () => {
    const r = await app.inject({ method: 'GET', url: '/test/boom' });
    expect(r.statusCode).toBe(500);
    const b = r.json<Record<string, unknown>>();
    expect(Object.keys(b).sort()).toEqual(['error', 'message', 'requestId']);
    expect(b).toMatchObject({ error: 'INTERNAL', message: 'internal error' });
    expect(r.body).not.toMatch(/students_pkey|Secretname|duplicate/);
    const logged = logs.join('\n');
    expect(logged).toContain('request failed');
    expect(logged).toContain(String(b.requestId));
    expect(logged).not.toContain('Secretname');
  });

  it('sends security headers and a rate-limit budget on every response', async () => {
    const r = await app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: 'pglite' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeDefined();
    expect(r.headers['content-security-policy']).toBeDefined();
    expect(r.headers['x-ratelimit-limit']).toBe('10000');
    const l = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'x@example.org', password: 'y' },
    });
    expect(l.headers['x-ratelimit-limit']).toBe('1000');
  });

  it('serves OpenAPI generated from the zod schemas at /docs', async () => {
    const r = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/auth/login',
      '/auth/refresh',
      '/auth/logout',
      '/devices/enroll',
      '/admin/enrollment-codes',
      '/admin/devices/{id}/revoke',
      '/admin/users/{id}/revoke-sessions',
      '/admin/workstation-policy',
      '/students/',
      '/students/{id}',
      '/health',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(JSON.stringify(doc.paths['/auth/login']?.post?.requestBody)).toContain('"email"');
    expect(Object.keys(doc.paths['/auth/login']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '429']),
    );
    // a locked account is answered as any refused sign-in (401), never 423 (security finding 8)
    expect(Object.keys(doc.paths['/auth/login']?.post?.responses ?? {})).not.toContain('423');
    expect(doc.paths['/test/boom']).toBeUndefined(); // no schema, not documented (test-only route)
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('declares request and response schemas on every route but the docs', () => {
    // the docs and the console's static pages (files, not API) aside
    const own = routes.filter(
      (r) =>
        !r.url.startsWith('/docs') &&
        r.url !== '/test/boom' &&
        r.url !== '/console' &&
        r.url !== '/console/*',
    );
    expect(own.length).toBeGreaterThanOrEqual(10);
    for (const r of own) {
      expect(r.schema?.response, `${String(r.method)} ${r.url}`).toBeDefined();
      // actions on the resource the path names take no body (retry, approve, test a connection, resubmit); a
      // OneRoster zip upload (/sis/imports) is a binary body, read and checked by the zip reader, each file named
      const bodiless =
        /logout|revoke-sessions|\/jobs\/:id\/(retry|cancel)|\/withdrawals\/:id\/(approve|reject)$|\/:id\/test$|\/submissions\/:id\/resubmit$|^\/sis\/imports$/;
      if (r.method === 'POST' && !bodiless.test(r.url)) {
        expect(r.schema?.body, `${String(r.method)} ${r.url}`).toBeDefined();
      }
    }
  });

  it('never logs bodies, query strings, passwords or tokens', async () => {
    const t = await login(app, d.nurseA.email);
    await app.inject({ method: 'GET', url: '/students?query=Alvarez', headers: bearer(t) });
    await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: t.refreshToken } });
    const logged = logs.join('\n');
    expect(logged).toContain('"url":"/students"');
    for (const secret of [PASSWORD, t.accessToken, t.refreshToken, 'Alvarez', 'query=']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('rate-limits login attempts per address (429)', async () => {
    const strict = makeApp(h, clock, { loginRateLimitMax: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await strict.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: 'nobody@example.org', password: 'wrong' },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) expect(r.json()).toMatchObject({ error: 'RATE_LIMITED' });
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
  });

  it('serves real HTTP (listen on port 0)', async () => {
    const live = makeApp(h, clock);
    try {
      await live.listen({ host: '127.0.0.1', port: 0 });
      const { port } = live.server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: d.nurseA.email, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      const { accessToken } = (await res.json()) as { accessToken: string };
      const s = await fetch(`${base}/students/${d.studentA}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(s.status).toBe(200);
      expect(((await s.json()) as { lastName: string }).lastName).toBe('Alvarez');
      expect(s.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await live.close();
    }
  });
});
