import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { openServerDb } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { bearer, login, makeApp, makeDistrict, PASSWORD, TestClock, type TestDistrict } from './support';

/**
 * Security finding 9: `Cache-Control: no-store` on every answer but the docs' static assets; the router's and the
 * HTTP parser's own refusals (a malformed URL, a path segment too long, headers too large, a malformed request) in the
 * app's error format; and a request whose client reset the connection while the server was frozen no longer makes
 * @fastify/rate-limit throw in normalizeIP (request.ip is undefined once the socket is gone).
 */

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes on a new connection and reads the whole answer (the server closes the connection after it). */
function raw(port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(bytes));
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (text += c));
    s.on('error', reject);
    s.on('close', () => {
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const appFormat = (body: string) => {
  const b = JSON.parse(body) as Record<string, unknown>;
  expect(Object.keys(b).sort()).toEqual(['error', 'message']);
  expect(b.error).toMatch(/^[A-Z_]+$/);
  expect(typeof b.message).toBe('string');
  return b;
};

describe('framework answers, caching and gone clients (PGlite)', () => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let port: number;
  const logs: string[] = [];

  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, new TestClock(), { logLevel: 'info' }, { write: (l) => void logs.push(l) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('sends Cache-Control: no-store on every answer carrying tokens or health data, and on every error', async () => {
    const t = await login(app, d.nurseA.email);
    const answers: Record<string, LightMyRequestResponse> = {
      health: await app.inject({ method: 'GET', url: '/health' }),
      login: await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: d.nurseA.email, password: PASSWORD },
      }),
      refresh: await app.inject({
        method: 'POST',
        url: '/auth/refresh',
        payload: { refreshToken: t.refreshToken },
      }),
      refused: await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: 'nobody@example.org', password: 'x' },
      }),
      student: await app.inject({ method: 'GET', url: `/students/${d.studentA}`, headers: bearer(t) }),
      search: await app.inject({ method: 'GET', url: '/students?query=alv', headers: bearer(t) }),
      invalid: await app.inject({ method: 'GET', url: '/students?limit=0', headers: bearer(t) }),
      unauthenticated: await app.inject({ method: 'GET', url: '/students' }),
      notFound: await app.inject({ method: 'GET', url: '/nope' }),
      badUrl: await app.inject({ method: 'GET', url: '/students/%E0%A4%A' }),
      docsJson: await app.inject({ method: 'GET', url: '/docs/json' }),
    };
    for (const [what, r] of Object.entries(answers))
      expect(r.headers['cache-control'], what).toBe('no-store');
    expect(answers.login?.statusCode).toBe(200);
    expect(answers.student?.statusCode).toBe(200);
    // the docs' static assets (no tokens, no health data) keep their own caching
    const asset = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui.css' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).not.toBe('no-store');
  });

  it("answers the router's refusals in the app's format: a malformed URL (400), a path segment too long (414)", async () => {
    const bad = await app.inject({ method: 'GET', url: '/students/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(appFormat(bad.body)).toMatchObject({
      error: 'BAD_REQUEST',
      message: expect.stringMatching(/URL is malformed/) as unknown,
    });
    const long = await app.inject({ method: 'POST', url: `/admin/devices/${'x'.repeat(200)}/revoke` });
    expect(long.statusCode).toBe(414);
    expect(appFormat(long.body)).toMatchObject({ error: 'URI_TOO_LONG' });
  });

  it("answers a bad JSON body, an empty one, an unsupported media type and a body too large in the app's format", async () => {
    const cases = [
      { payload: '{"email":', type: 'application/json', status: 400, error: 'BAD_REQUEST' },
      { payload: '', type: 'application/json', status: 400, error: 'BAD_REQUEST' },
      {
        payload: 'email=x',
        type: 'application/x-www-form-urlencoded',
        status: 415,
        error: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        payload: `{"p":"${'x'.repeat(3 * 1024 * 1024)}"}`,
        type: 'application/json',
        status: 413,
        error: 'PAYLOAD_TOO_LARGE',
      },
    ];
    for (const c of cases) {
      const r = await app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': c.type },
        payload: c.payload,
      });
      expect(r.statusCode, c.type).toBe(c.status);
      expect(appFormat(r.body).error).toBe(c.error);
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it("answers what the HTTP parser refuses in the app's format: headers too large (431), a malformed request (400)", async () => {
    const big = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(big.headers['cache-control']).toBe('no-store');
    expect(big.headers['content-type']).toMatch(/^application\/json/);
    expect(appFormat(big.body)).toMatchObject({ error: 'HEADERS_TOO_LARGE' });
    const garbage = await raw(port, 'NOT A REQUEST\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(appFormat(garbage.body)).toMatchObject({ error: 'BAD_REQUEST' });
    const badLength = await raw(port, 'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    expect(badLength.status).toBe(400);
    expect(appFormat(badLength.body)).toMatchObject({ error: 'BAD_REQUEST' });
  });

  it('serves a request whose client reset the connection while the server was frozen, without a rate-limit crash', async () => {
    // A client (another process) sends a request and resets the connection while this process's event loop is
    // blocked, as a frozen server's clients give up. When the loop resumes the request is handled with its socket
    // gone: request.ip is undefined, and @fastify/rate-limit's default key threw in normalizeIP (a logged 500).
    const client = `
      const s = require('node:net').connect(${port}, '127.0.0.1', () => {
        s.write('GET /health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n');
        setTimeout(() => { s.resetAndDestroy(); setTimeout(() => process.exit(0), 50); }, 300);
      });`;
    const from = logs.length;
    let blocked = false;
    const onConnection = () => {
      if (blocked) return;
      blocked = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); // the freeze
    };
    app.server.on('connection', onConnection);
    try {
      const child = spawn(process.execPath, ['-e', client], { stdio: 'ignore' });
      await new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      app.server.off('connection', onConnection);
    }
    expect(blocked).toBe(true);
    const after = logs
      .slice(from)
      .map((l) => JSON.parse(l) as { level: number; msg: string; res?: { statusCode?: number } });
    expect(after.filter((l) => l.level >= 50)).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('toLowerCase');
    expect(after.some((l) => l.msg === 'request completed' && l.res?.statusCode === 200)).toBe(true);
  });
});
