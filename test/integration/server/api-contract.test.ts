import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEndpoints, enrollRequest } from '../../../src-shared/api/admin';
import { authEndpoints, loginRequest, tokenResponse } from '../../../src-shared/api/auth';
import { apiErrorBody } from '../../../src-shared/api/errors';
import { remoteTokens } from '../../../src-main/workstation/remote';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { openServerDb } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { login, makeApp, makeDistrict, PASSWORD, TestClock, type TestDistrict } from './support';

/** The one HTTP contract of sign-in and enrollment (src-shared/api/): the server serves it, the workstation reads it. */
describe('the auth and enrollment contract (PGlite)', () => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;

  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, new TestClock());
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('the server registers every route of the contract, with the method the contract names', () => {
    for (const e of [...Object.values(authEndpoints), ...Object.values(adminEndpoints)]) {
      expect(app.hasRoute({ method: e.method, url: e.path }), `${e.method} ${e.path}`).toBe(true);
    }
  });

  it("the server's login answer is the contract's, and the workstation reads it (policy included)", async () => {
    const r = await app.inject({
      method: 'POST',
      url: authEndpoints.login.path,
      payload: loginRequest.parse({ email: d.nurseA.email, password: PASSWORD }),
    });
    expect(r.statusCode).toBe(200);
    const answer = tokenResponse.parse(r.json());
    expect(answer.user.role).toBe('NURSE');
    const read = remoteTokens.parse(r.json());
    expect(read.workstationPolicy).toEqual(answer.workstationPolicy);
    expect(read.user).toEqual(answer.user);
  });

  it('the workstation still reads an older server (no policy, no tokenType) and ignores a policy key it does not know', () => {
    const older = {
      accessToken: 'a',
      expiresIn: 900,
      refreshToken: 'r',
      refreshExpiresAt: '2026-12-01T00:00:00.000Z',
      deviceId: null,
      user: {
        id: 'u',
        email: 'n@example.org',
        firstName: 'N',
        lastName: 'N',
        role: 'NURSE',
        districtId: 'd',
        schoolIds: [],
      },
    };
    expect(remoteTokens.parse(older).workstationPolicy).toBeUndefined();
    expect(
      remoteTokens.parse({ ...older, workstationPolicy: { autoLockMinutes: 5, pinRequired: true } })
        .workstationPolicy,
    ).toEqual({ autoLockMinutes: 5 });
    expect(remoteTokens.safeParse({ ...older, user: { ...older.user, role: 'JANITOR' } }).success).toBe(
      false,
    );
  });

  it('a request the contract refuses, the server refuses, in the error format of the contract', async () => {
    const bad = { code: 'short', name: ' ', platform: 'BEOS' };
    expect(enrollRequest.safeParse(bad).success).toBe(false);
    const r = await app.inject({ method: 'POST', url: adminEndpoints.enroll.path, payload: bad });
    expect(r.statusCode).toBe(400);
    const b = apiErrorBody.parse(r.json());
    expect(b.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['body.code', 'body.name', 'body.platform']),
    );
    const t = await login(app, d.nurseA.email);
    expect(t.user.role).toBe('NURSE');
  });
});
