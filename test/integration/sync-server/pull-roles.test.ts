import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../src-shared/sync/protocol';
import { serverTargets } from '../../support/db';
import type { Tokens } from '../server/support';
import { startSyncApp, type DeviceCredentials, type SyncApp } from './http';

/**
 * Security review, finding 4: the district-wide roles (BILLING, AUDITOR) pulled every school's clinical rows, nurse
 * notes included, through GET /sync/pull without a workstation. Minimum necessary: a pull is a clinic workstation's
 * (NURSE, SCHOOL_ADMIN, DISTRICT_ADMIN with a device-bound token); without a workstation only DISTRICT_ADMIN pulls.
 * Everyone else gets 403 naming the reason, and nothing is read. The conflicts under review hold clinical values
 * too: only the clinical roles list them.
 */

describe.each(serverTargets())('who may pull, on $name', (target) => {
  let s: SyncApp;
  let ws: DeviceCredentials;
  const pull = (t: Tokens) =>
    s.app.inject({ method: 'GET', url: '/sync/pull?after=0&limit=5000', headers: s.headers(t) });
  const conflicts = (t: Tokens) =>
    s.app.inject({ method: 'GET', url: '/sync/conflicts', headers: s.headers(t) });
  const pullsAudited = async (userId: string) =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_logs
        WHERE user_id = ${userId} AND action = 'SYNC_PULL'`.execute(s.h.db)
    ).rows[0]?.n ?? 0;

  beforeAll(async () => {
    s = await startSyncApp(target);
    ws = await s.enroll('A');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses BILLING and AUDITOR, with a workstation or without, naming the roles a pull is for; nothing is read', async () => {
    for (const [email, id] of [
      [s.d.auditor.email, s.d.auditor.id],
      [s.billing.email, s.billing.id],
    ] as const) {
      for (const t of [await s.signIn(email), await s.signIn(email, ws)]) {
        const r = await pull(t);
        expect(r.statusCode, r.body).toBe(403);
        expect(r.json()).toMatchObject({
          error: 'FORBIDDEN',
          message: expect.stringMatching(/cannot pull .* NURSE, SCHOOL_ADMIN or DISTRICT_ADMIN/) as string,
          requiredRoles: ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
        });
        expect(r.body).not.toContain(s.d.studentB);
        const c = await conflicts(t);
        expect(c.statusCode, c.body).toBe(403);
      }
      expect(await pullsAudited(id)).toBe(0);
    }
  });

  it('refuses a nurse and a school administrator without their workstation (DEVICE_REQUIRED)', async () => {
    for (const email of [s.d.nurseA.email, s.d.adminA.email]) {
      const r = await pull(await s.signIn(email));
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json()).toMatchObject({
        error: 'DEVICE_REQUIRED',
        message: expect.stringMatching(/without a workstation is for DISTRICT_ADMIN only/) as string,
      });
    }
  });

  it("lets a clinical role pull on the school's workstation, and the district administrator without one", async () => {
    const nurse = await pull(await s.signIn(s.d.nurseA.email, ws));
    expect(nurse.statusCode, nurse.body).toBe(200);
    const mine = nurse.json<PullResponse>().changes.map((c) => c.rowId);
    expect(mine).toContain(s.d.studentA);
    expect(mine).not.toContain(s.d.studentB);
    const admin = await pull(await s.signIn(s.d.districtAdmin.email));
    expect(admin.statusCode, admin.body).toBe(200);
    const all = admin.json<PullResponse>().changes.map((c) => c.rowId);
    expect(all).toEqual(expect.arrayContaining([s.d.studentA, s.d.studentB]));
    expect((await conflicts(await s.signIn(s.d.nurseA.email))).statusCode).toBe(200);
  });
});
