import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { TEXT_CHECKED_BY_ROUTE } from '../../../server-sync/plugins/text-check';
import { serverTargets } from '../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  PASSWORD,
  TestClock,
  type TestDistrict,
  type Tokens,
} from './support';

/**
 * Security finding 3 (the platform's part): text PostgreSQL cannot store (a NUL, a lone UTF-16 surrogate) in a
 * request's body, query string or route params is refused by one app-wide check with 400 naming the field, never a
 * 500, on every route; a route that handles such text itself opts out (config: { textCheck: 'route' }).
 */

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
const UNSTORABLE = /contains a (NUL character \(U\+0000\)|lone UTF-16 surrogate)/;

function expectRefused(r: LightMyRequestResponse, field: string): void {
  expect(r.statusCode, r.body).toBe(400);
  const b = r.json<{ error: string; message: string; issues: { path: string; message: string }[] }>();
  expect(b.error).toBe('BAD_REQUEST');
  expect(b.message.startsWith(`${field} `), b.message).toBe(true);
  expect(b.message).toMatch(UNSTORABLE);
  expect(b.issues).toEqual([{ path: field, message: expect.stringMatching(UNSTORABLE) as unknown }]);
}

describe.each(serverTargets())('text a database cannot store, refused at the door, on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let nurse: Tokens;
  let admin: Tokens;
  let device: Tokens;
  const seen: unknown[] = [];

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, new TestClock());
    // a route that handles such text itself (as POST /sync/push does), and its twin that does not
    app.post('/test/route-checks-text', { config: { ...TEXT_CHECKED_BY_ROUTE } }, (request) => {
      seen.push(request.body);
      return { handled: true };
    });
    app.post('/test/app-checks-text', () => ({ handled: true }));
    await app.ready();
    nurse = await login(app, d.nurseA.email);
    admin = await login(app, d.adminA.email);
    const code = await app.inject({
      method: 'POST',
      url: '/admin/enrollment-codes',
      headers: bearer(admin),
      payload: { schoolId: d.schoolA },
    });
    const enrolled = await app.inject({
      method: 'POST',
      url: '/devices/enroll',
      payload: { code: code.json<{ code: string }>().code, name: 'Clinic PC', platform: 'WINDOWS' },
    });
    const { deviceId, deviceSecret } = enrolled.json<{ deviceId: string; deviceSecret: string }>();
    device = await login(app, d.nurseA.email, { deviceId, deviceSecret });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('refuses %s in a JSON body field (auth, enrollment, admin), naming the field', async (_, bad) => {
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: d.nurseA.email, password: `${PASSWORD}${bad}` },
      }),
      'body.password',
    );
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/devices/enroll',
        payload: { code: 'ABCD-EFGH-IJKL-MNOP', name: `PC ${bad}`, platform: 'LINUX' },
      }),
      'body.name',
    );
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/admin/enrollment-codes',
        headers: bearer(admin),
        payload: { schoolId: `${d.schoolA}${bad}` },
      }),
      'body.schoolId',
    );
  });

  it.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('refuses %s in a nested field and in a field name of a JSON body, naming the path', async (_, bad) => {
    // (POST /sync/audit handles such text itself, keeping it escaped so a workstation's trail always uploads:
    // test/integration/sync-server/unstorable-text.test.ts)
    const entry = (seq: number, details: Record<string, unknown>) => ({ seq, details });
    const entries = [1, 2, 3].map((s) => entry(s, { reason: 'manual' }));
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/test/app-checks-text',
        payload: { entries: [...entries, entry(4, { reason: `pasted ${bad}`, nested: [1] })] },
      }),
      'body.entries.3.details.reason',
    );
    const r = await app.inject({
      method: 'POST',
      url: '/test/app-checks-text',
      payload: { entries: [entry(1, { notes: [{ [`k${bad}`]: 1 }] })] },
    });
    expectRefused(r, `body.entries.0.details.notes.0.k${bad}`);
    expect(r.json<{ message: string }>().message).toContain('the field name contains');
  });

  it('refuses a NUL in a query string (students search, sync pull) and in a route param (students, admin)', async () => {
    expectRefused(
      await app.inject({ method: 'GET', url: '/students?query=Alv%00', headers: bearer(nurse) }),
      'querystring.query',
    );
    expectRefused(
      await app.inject({
        method: 'GET',
        url: '/sync/pull?after=1%002',
        headers: { ...bearer(device), 'x-white-cross-schema': '1' },
      }),
      'querystring.after',
    );
    expectRefused(
      await app.inject({ method: 'GET', url: `/students/${d.studentA}%00`, headers: bearer(nurse) }),
      'params.id',
    );
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/admin/devices/dev%00ice/revoke',
        headers: bearer(admin),
        payload: {},
      }),
      'params.id',
    );
    const districtAdmin = await login(app, d.districtAdmin.email);
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/admin/users/u%00/revoke-sessions',
        headers: bearer(districtAdmin),
      }),
      'params.id',
    );
  });

  it('a lone surrogate has no UTF-8 form in a URL: percent-encoded it stays literal text or is a malformed URL, never a 500', async () => {
    const q = await app.inject({ method: 'GET', url: '/students?query=%ED%A0%80', headers: bearer(nurse) });
    expect(q.statusCode).toBe(200);
    const p = await app.inject({ method: 'GET', url: '/students/%ED%A0%80', headers: bearer(nurse) });
    expect(p.statusCode).toBe(400); // FST_ERR_BAD_URL (its answer's format: test/integration/server/framework-errors.test.ts)
  });

  it('refuses before anything is written or read: no audit row for a refused request', async () => {
    const n = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_logs`.execute(h.db)).rows[0]?.n;
    const before = await n();
    expectRefused(
      await app.inject({ method: 'GET', url: `/students/${d.studentA}?query=%00`, headers: bearer(nurse) }),
      'querystring.query',
    );
    expect(await n()).toBe(before);
  });

  it('leaves a route that checks text itself alone (config: { textCheck: route }), and refuses for its twin', async () => {
    const payload = { changes: [{ columns: { notes: NUL } }, { columns: { notes: LONE } }] };
    const own = await app.inject({ method: 'POST', url: '/test/route-checks-text', payload });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ handled: true });
    expect(seen).toEqual([payload]);
    expectRefused(
      await app.inject({ method: 'POST', url: '/test/app-checks-text', payload }),
      'body.changes.0.columns.notes',
    );
  });
});
