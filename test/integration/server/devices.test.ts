import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDevice } from '../../../server-sync/auth/plugin';
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
  TestClock,
  type TestDistrict,
  type Tokens,
} from './support';

interface Enrolled {
  deviceId: string;
  deviceSecret: string;
  schoolId: string;
}

describe.each(serverTargets())('device enrollment and device-bound tokens on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let adminA: Tokens;
  const clock = new TestClock();

  const issueCode = async (t: Tokens, schoolId: string) =>
    app.inject({ method: 'POST', url: '/admin/enrollment-codes', headers: bearer(t), payload: { schoolId } });
  const enroll = (code: string, name = 'Nurse office PC') =>
    app.inject({ method: 'POST', url: '/devices/enroll', payload: { code, name, platform: 'WINDOWS' } });
  const newDevice = async (schoolId: string, issuer = adminA): Promise<Enrolled> => {
    const c = await issueCode(issuer, schoolId);
    expect(c.statusCode).toBe(201);
    const e = await enroll(c.json<{ code: string }>().code);
    expect(e.statusCode).toBe(201);
    return e.json<Enrolled>();
  };

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock);
    // a stand-in for a sync route: requires a device-bound token
    app.get('/test/device-only', { onRequest: app.authenticate, preHandler: requireDevice }, (request) => ({
      deviceId: request.auth?.deviceId,
    }));
    await app.ready();
    adminA = await login(app, d.adminA.email);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('a school admin issues a one-time code for her school only; nurses cannot', async () => {
    const ok = await issueCode(adminA, d.schoolA);
    expect(ok.statusCode).toBe(201);
    const b = ok.json<{ id: string; code: string; schoolId: string; expiresAt: string }>();
    expect(b.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(b.schoolId).toBe(d.schoolA);
    expect(Date.parse(b.expiresAt) - clock.now().getTime()).toBe(7 * 24 * 60 * MINUTE);
    const row = await h.db
      .selectFrom('device_enrollment_codes')
      .select('code_hash')
      .where('id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.code_hash).not.toContain(b.code);
    const other = await issueCode(adminA, d.schoolB);
    expect(other.statusCode).toBe(403);
    const nurse = await login(app, d.nurseA.email);
    expect((await issueCode(nurse, d.schoolA)).statusCode).toBe(403);
    const district = await login(app, d.districtAdmin.email);
    expect((await issueCode(district, d.schoolB)).statusCode).toBe(201);
    expect((await auditRows(h.db, 'ADMIN')).at(-1)).toMatchObject({
      table_name: 'device_enrollment_codes',
      school_id: d.schoolB,
    });
  });

  it('enrolls a workstation once per code (second use 409, unknown 404, expired 410)', async () => {
    const c = (await issueCode(adminA, d.schoolA)).json<{ code: string }>().code;
    const first = await enroll(c.toLowerCase());
    expect(first.statusCode).toBe(201);
    const dev = first.json<Enrolled>();
    expect(dev.schoolId).toBe(d.schoolA);
    expect(dev.deviceSecret.length).toBeGreaterThanOrEqual(40);
    const stored = await h.db
      .selectFrom('devices')
      .select(['secret_hash', 'enrolled_by', 'school_id'])
      .where('id', '=', dev.deviceId)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).toMatch(/^\$argon2id\$/);
    expect(stored.enrolled_by).toBe(d.adminA.id);
    const again = await enroll(c);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'ENROLLMENT_CODE_USED' });
    expect((await enroll('AAAA-BBBB-CCCC-DDDD')).json()).toMatchObject({ error: 'ENROLLMENT_CODE_UNKNOWN' });
    const late = (await issueCode(adminA, d.schoolA)).json<{ code: string }>().code;
    clock.advance(7 * 24 * 60 * MINUTE);
    const expired = await enroll(late);
    expect(expired.statusCode).toBe(410);
    adminA = await login(app, d.adminA.email); // the old access token expired with the clock
    expect(
      (await auditRows(h.db, 'ADMIN')).some(
        (a) => a.device_id === dev.deviceId && a.details?.event === 'device_enrolled',
      ),
    ).toBe(true);
  });

  it('binds a token to the workstation it logs in from (claim did, scope = its school)', async () => {
    const dev = await newDevice(d.schoolA);
    const t = await login(app, d.nurseA.email, { deviceId: dev.deviceId, deviceSecret: dev.deviceSecret });
    expect(t.deviceId).toBe(dev.deviceId);
    expect(decodeJwt(t.accessToken)).toMatchObject({ did: dev.deviceId, sch: [d.schoolA] });
    const ok = await app.inject({ method: 'GET', url: '/test/device-only', headers: bearer(t) });
    expect(ok.json()).toEqual({ deviceId: dev.deviceId });
    const plain = await login(app, d.nurseA.email);
    const refused = await app.inject({ method: 'GET', url: '/test/device-only', headers: bearer(plain) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'DEVICE_REQUIRED' });
    // the refreshed token stays bound
    const r = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: t.refreshToken },
    });
    expect(decodeJwt(r.json<{ accessToken: string }>().accessToken)).toMatchObject({ did: dev.deviceId });
    expect((await auditRows(h.db, 'LOGIN')).at(-1)).toMatchObject({ user_id: d.nurseA.id });
  });

  it("refuses a wrong device secret (401) and another school's workstation (403)", async () => {
    const dev = await newDevice(d.schoolA);
    const wrong = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: {
        email: d.nurseA.email,
        password: 'correct horse battery staple',
        deviceId: dev.deviceId,
        deviceSecret: 'not-the-secret',
      },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'DEVICE_INVALID' });
    const foreign = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: {
        email: d.nurseB.email,
        password: 'correct horse battery staple',
        deviceId: dev.deviceId,
        deviceSecret: dev.deviceSecret,
      },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: 'DEVICE_NOT_ALLOWED' });
  });

  it('revoking a workstation ends its sessions, refresh and future logins', async () => {
    const dev = await newDevice(d.schoolA);
    const t = await login(app, d.nurseA.email, { deviceId: dev.deviceId, deviceSecret: dev.deviceSecret });
    const nurse = await login(app, d.nurseA.email);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/admin/devices/${dev.deviceId}/revoke`,
          headers: bearer(nurse),
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    const r = await app.inject({
      method: 'POST',
      url: `/admin/devices/${dev.deviceId}/revoke`,
      headers: bearer(adminA),
      payload: { reason: 'stolen laptop' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ deviceId: dev.deviceId, revokedSessions: 1 });
    const use = await app.inject({ method: 'GET', url: '/test/device-only', headers: bearer(t) });
    expect(use.statusCode).toBe(401);
    expect(['DEVICE_REVOKED', 'SESSION_REVOKED']).toContain(use.json<{ error: string }>().error);
    expect(
      (await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: t.refreshToken } }))
        .statusCode,
    ).toBe(401);
    const relog = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: {
        email: d.nurseA.email,
        password: 'correct horse battery staple',
        deviceId: dev.deviceId,
        deviceSecret: dev.deviceSecret,
      },
    });
    expect(relog.json()).toMatchObject({ error: 'DEVICE_INVALID' });
    const twice = await app.inject({
      method: 'POST',
      url: `/admin/devices/${dev.deviceId}/revoke`,
      headers: bearer(adminA),
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    const district = await login(app, d.districtAdmin.email);
    const devB = await newDevice(d.schoolB, district);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/admin/devices/${devB.deviceId}/revoke`,
          headers: bearer(adminA),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await auditRows(h.db, 'ADMIN')).some(
        (a) => a.record_id === dev.deviceId && a.details?.event === 'device_revoked',
      ),
    ).toBe(true);
  });

  it.runIf(target.name === 'postgres')(
    'two workstations presenting one code at the same moment: exactly one enrolls',
    async () => {
      const c = (await issueCode(adminA, d.schoolA)).json<{ code: string }>().code;
      const results = await Promise.all([enroll(c, 'one'), enroll(c, 'two'), enroll(c, 'three')]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    },
  );

  it.runIf(target.name === 'postgres')(
    'two concurrent refreshes with one token: one rotates, the other is a reuse that revokes the session',
    async () => {
      const t = await login(app, d.nurseA.email);
      const [a, b] = await Promise.all([
        app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: t.refreshToken } }),
        app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: t.refreshToken } }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
      const winner = (a.statusCode === 200 ? a : b).json<{ accessToken: string }>();
      expect(
        (await app.inject({ method: 'GET', url: '/students', headers: bearer(winner) })).json(),
      ).toMatchObject({ error: 'SESSION_REVOKED' });
    },
  );
});
