import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import {
  auditRows,
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from './support';

/**
 * The district's workstation policy (the inactivity lock): read by its nurses and administrators, set by a
 * district administrator (validated, merged into districts.settings, audited), and sent with every token response.
 */
describe.each(serverTargets())('workstation policy on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let districtAdmin: Tokens;
  const clock = new TestClock();

  const put = (t: Tokens, payload: unknown) =>
    app.inject({
      method: 'PUT',
      url: '/admin/workstation-policy',
      headers: bearer(t),
      payload: payload as object,
    });
  const get = (t: Tokens) =>
    app.inject({ method: 'GET', url: '/admin/workstation-policy', headers: bearer(t) });
  const settings = async () =>
    (
      await h.db
        .selectFrom('districts')
        .select('settings')
        .where('id', '=', d.districtId)
        .executeTakeFirstOrThrow()
    ).settings as Record<string, unknown>;
  const refresh = async (refreshToken: string) => {
    const r = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
    expect(r.statusCode).toBe(200);
    return r.json<Tokens & { workstationPolicy: { autoLockMinutes: number } }>();
  };
  type WithPolicy = Tokens & { workstationPolicy: { autoLockMinutes: number } };
  const loginNurse = async () => (await login(app, d.nurseA.email)) as WithPolicy;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    // the district's other settings, which setting the policy must keep
    await sql`UPDATE districts SET settings = ${JSON.stringify({
      county: 'Mercer',
      medication_window_minutes: 30,
      workstation: { note: 'kept' },
    })}::jsonb WHERE id = ${d.districtId}`.execute(h.db);
    app = makeApp(h, clock);
    await app.ready();
    districtAdmin = await login(app, d.districtAdmin.email);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('is 10 minutes by default: in the token response and for every role that may read it', async () => {
    expect((await loginNurse()).workstationPolicy).toEqual({ autoLockMinutes: 10 });
    for (const email of [d.nurseA.email, d.adminA.email, d.districtAdmin.email]) {
      const r = await get(await login(app, email));
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ autoLockMinutes: 10 });
    }
    expect((await get(await login(app, d.auditor.email))).statusCode).toBe(403);
  });

  it('only a district administrator may set it', async () => {
    expect((await put(await login(app, d.nurseA.email), { autoLockMinutes: 3 })).statusCode).toBe(403);
    expect((await put(await login(app, d.adminA.email), { autoLockMinutes: 3 })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/admin/workstation-policy' })).statusCode).toBe(401);
    expect((await get(districtAdmin)).json()).toEqual({ autoLockMinutes: 10 });
  });

  it.each([0, 241, 'ten', 2.5, null])('refuses autoLockMinutes %j with a 400 naming the field', async (v) => {
    const r = await put(districtAdmin, { autoLockMinutes: v });
    expect(r.statusCode).toBe(400);
    const b = r.json<{ error: string; message: string; issues: { path: string }[] }>();
    expect(b.error).toBe('BAD_REQUEST');
    expect(b.message).toContain('autoLockMinutes');
    expect(b.issues.map((i) => i.path)).toContain('body.autoLockMinutes');
  });

  it('refuses a missing value and unknown keys', async () => {
    expect((await put(districtAdmin, {})).statusCode).toBe(400);
    expect((await put(districtAdmin, { autoLockMinutes: 3, autoLockSeconds: 5 })).statusCode).toBe(400);
    expect((await get(districtAdmin)).json()).toEqual({ autoLockMinutes: 10 });
  });

  it('a district administrator sets 3: merged into settings, audited, and sent at login and refresh', async () => {
    const before = await loginNurse();
    const r = await put(districtAdmin, { autoLockMinutes: 3 });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ autoLockMinutes: 3 });
    expect(await settings()).toEqual({
      county: 'Mercer',
      medication_window_minutes: 30,
      workstation: { note: 'kept', autoLockMinutes: 3 },
    });
    const audit = (await auditRows(h.db, 'ADMIN')).filter((a) => a.table_name === 'districts');
    expect(audit).toEqual([
      expect.objectContaining({
        user_id: d.districtAdmin.id,
        record_id: d.districtId,
        details: {
          event: 'workstation_policy_updated',
          old: { autoLockMinutes: 10 },
          new: { autoLockMinutes: 3 },
        },
      }),
    ]);
    expect((await loginNurse()).workstationPolicy).toEqual({ autoLockMinutes: 3 });
    // a session started before the change gets it at its next refresh
    expect((await refresh(before.refreshToken)).workstationPolicy).toEqual({ autoLockMinutes: 3 });
    expect((await get(await login(app, d.nurseA.email))).json()).toEqual({ autoLockMinutes: 3 });
  });

  it('a later change reaches the next refresh and is audited with the old value', async () => {
    const t = await loginNurse();
    expect((await put(districtAdmin, { autoLockMinutes: 240 })).statusCode).toBe(200);
    expect((await refresh(t.refreshToken)).workstationPolicy).toEqual({ autoLockMinutes: 240 });
    const last = (await auditRows(h.db, 'ADMIN')).filter((a) => a.table_name === 'districts').at(-1);
    expect(last?.details).toMatchObject({ old: { autoLockMinutes: 3 }, new: { autoLockMinutes: 240 } });
  });

  it('reads a stored value it does not understand as the default', async () => {
    await sql`UPDATE districts SET settings = jsonb_set(settings, '{workstation,autoLockMinutes}', '"ten"')
              WHERE id = ${d.districtId}`.execute(h.db);
    expect((await loginNurse()).workstationPolicy).toEqual({ autoLockMinutes: 10 });
    expect((await get(districtAdmin)).json()).toEqual({ autoLockMinutes: 10 });
    expect((await put(districtAdmin, { autoLockMinutes: 5 })).statusCode).toBe(200);
    expect((await settings())['workstation']).toEqual({ note: 'kept', autoLockMinutes: 5 });
  });
});
