import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPush } from '../../../server-sync/sync/apply';
import type { PushResponse } from '../../../src-shared/sync/protocol';
import { serverTargets } from '../../support/db';
import type { Tokens } from '../server/support';
import { allergyChange, startSyncApp, type DeviceCredentials, type SyncApp } from './http';
import { row, SCHEMA } from './support';

/**
 * Security review, finding 1: AUDITOR and BILLING sessions wrote clinical rows through POST /sync/push (applied,
 * audited as theirs). Only the roles that write a table (src-shared/sync/tables.ts writers: NURSE, SCHOOL_ADMIN,
 * DISTRICT_ADMIN for every clinical table) may push it; any other gets 403 naming the roles, and nothing is saved.
 */

describe.each(serverTargets())('who may push, on $name', (target) => {
  let s: SyncApp;
  let ws: DeviceCredentials;
  beforeAll(async () => {
    s = await startSyncApp(target);
    ws = await s.enroll('A');
  });
  afterAll(async () => {
    await s?.close();
  });

  const pushAs = (t: Tokens, seq: number, id: string) =>
    s.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: s.headers(t),
      payload: {
        schemaVersion: SCHEMA,
        changes: [allergyChange(seq, id, s.d.studentA, s.d.schoolA, s.hlc(ws.deviceId))],
      },
    });
  const auditedWrites = async (userId: string) =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_logs
        WHERE user_id = ${userId} AND table_name = 'allergies'`.execute(s.h.db)
    ).rows[0]?.n ?? 0;
  const cursor = async () =>
    (
      await sql<{ last_push_seq: string | number }>`SELECT last_push_seq FROM sync_device_cursors
        WHERE device_id = ${ws.deviceId}`.execute(s.h.db)
    ).rows[0]?.last_push_seq;

  it('refuses an AUDITOR and a BILLING session on a workstation with 403 naming the clinical roles; nothing is saved', async () => {
    for (const [email, id] of [
      [s.d.auditor.email, s.d.auditor.id],
      [s.billing.email, s.billing.id],
    ] as const) {
      const t = await s.signIn(email, ws);
      expect(t.deviceId).toBe(ws.deviceId);
      const r = await pushAs(t, 1, `alg-by-${id}`);
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json()).toMatchObject({
        error: 'FORBIDDEN',
        message: expect.stringMatching(/NURSE, SCHOOL_ADMIN or DISTRICT_ADMIN/) as string,
        requiredRoles: ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
      });
      expect(await row(s.h.db, 'allergies', `alg-by-${id}`)).toBeUndefined();
      expect(await auditedWrites(id)).toBe(0);
    }
    expect(await cursor()).toBeUndefined(); // the device's sequence did not move: its nurse pushes seq 1 next
  });

  it('lets the clinical roles push from their workstation', async () => {
    let seq = 0;
    for (const email of [s.d.nurseA.email, s.d.adminA.email, s.d.districtAdmin.email]) {
      const t = await s.signIn(email, ws);
      const r = await pushAs(t, ++seq, `alg-by-${email}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json<PushResponse>()).toMatchObject({ ackedThrough: seq, applied: 1, rejections: [] });
      expect(await row(s.h.db, 'allergies', `alg-by-${email}`)).toMatchObject({ school_id: s.d.schoolA });
    }
    expect(Number(await cursor())).toBe(3);
  });

  it('checks the role in the push itself, whatever the route (a token of another role never applies)', async () => {
    for (const role of ['AUDITOR', 'BILLING'] as const) {
      await expect(
        applyPush(
          s.h.db,
          { userId: s.d.auditor.id, role, deviceId: ws.deviceId, schoolIds: [s.d.schoolA] },
          {
            schemaVersion: SCHEMA,
            changes: [allergyChange(4, 'alg-direct', s.d.studentA, s.d.schoolA, s.hlc(ws.deviceId))],
          },
        ),
      ).rejects.toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    }
    expect(await row(s.h.db, 'allergies', 'alg-direct')).toBeUndefined();
  });
});
