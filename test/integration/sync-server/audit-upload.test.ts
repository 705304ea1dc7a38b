import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredAuditChain } from '../../../server-sync/audit/verify';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import type { AuditUploadEntry } from '../../../src-shared/sync/audit-upload';
import { serverTargets } from '../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';
import { trail } from './http';

/**
 * POST /sync/audit through the real server: a workstation's local audit trail copied into audit_logs, checked
 * entry by entry (hash, chain, seq), never twice.
 */

describe.each(serverTargets())('workstation audit upload on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let device: Tokens;
  let plain: Tokens;
  let entries: AuditUploadEntry[];
  const clock = new TestClock('2026-11-20T12:00:00.000Z');
  const post = (t: Tokens, payload: unknown) =>
    app.inject({ method: 'POST', url: '/sync/audit', headers: bearer(t), payload: payload as object });
  const copies = async () =>
    (
      await sql<{
        action: string;
        device_id: string;
        school_id: string;
        user_id: string;
        details: Record<string, unknown>;
      }>`
        SELECT action, device_id, school_id, user_id, details FROM audit_logs
        WHERE details->>'source' = 'workstation' ORDER BY chain_seq`.execute(h.db)
    ).rows;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    app = makeApp(h, clock);
    await app.ready();
    const admin = await login(app, 'admin.a@example.org');
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
    device = await login(app, 'nurse.a@example.org', { deviceId, deviceSecret });
    plain = await login(app, 'nurse.a@example.org');
    entries = trail(d.nurseA.id, [
      { action: 'SIGN_IN', details: { online: true } },
      { action: 'VIEW', table: 'students', recordId: d.studentA },
      { action: 'CREATE', table: 'clinic_visits', recordId: 'visit-1', details: { medications: 0 } },
      { action: 'PRINT', table: 'clinic_visits', recordId: 'visit-1', details: { document: 'excuse_note' } },
      { action: 'LOCK', details: { reason: 'manual' } },
      { action: 'BREAK_GLASS', details: { reason: 'Anaphylaxis in room 12', minutes: 15 } },
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('refuses a token without a device', async () => {
    const r = await post(plain, { entries: entries.slice(0, 1) });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ error: 'DEVICE_REQUIRED' });
    const none = await app.inject({ method: 'POST', url: '/sync/audit', payload: { entries } });
    expect(none.statusCode).toBe(401);
    expect(await copies()).toEqual([]);
  });

  it('names the field of a malformed entry', async () => {
    const r = await post(device, { entries: [{ ...entries[0]!, action: 'DANCE' }] });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ message: string }>().message).toMatch(/entries\.0\.action/);
  });

  it('refuses a gap with the seq it expects, and saves nothing', async () => {
    const r = await post(device, { entries: entries.slice(2, 4) });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ error: 'SEQUENCE_GAP', expectedSeq: 1 });
    expect(await copies()).toEqual([]);
  });

  it('refuses an entry changed after it was recorded, naming it, and saves nothing', async () => {
    const altered = entries.slice(0, 4).map((e) => ({ ...e }));
    altered[3] = { ...altered[3]!, details: { document: 'medication_log' } };
    const r = await post(device, { entries: altered });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ error: 'AUDIT_HASH_MISMATCH' });
    expect(r.json<{ message: string }>().message).toMatch(/^entries\[3\] \(seq 4\)/);
    const relinked = entries.slice(0, 3).map((e) => ({ ...e }));
    relinked[2] = { ...relinked[2]!, seq: 4 };
    expect((await post(device, { entries: relinked })).statusCode).toBe(422);
    expect(await copies()).toEqual([]);
  });

  it('copies the entries into audit_logs with the device, its school, the mapped actions and the local seq', async () => {
    const r = await post(device, { entries: entries.slice(0, 4) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ accepted: 4, lastSeq: 4 });
    const rest = await post(device, { entries: entries.slice(4) });
    expect(rest.json()).toEqual({ accepted: 2, lastSeq: 6 });
    const rows = await copies();
    expect(rows.map((x) => x.action)).toEqual(['LOGIN', 'READ', 'CREATE', 'PRINT', 'LOGOUT', 'BREAK_GLASS']);
    expect(rows.map((x) => x.details.localSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((x) => x.details.localAction)).toEqual(entries.map((e) => e.action));
    for (const x of rows) {
      expect(x).toMatchObject({ device_id: device.deviceId, school_id: d.schoolA, user_id: d.nurseA.id });
    }
    expect(rows[3]!.details).toMatchObject({
      source: 'workstation',
      localHash: entries[3]!.hash,
      localAt: entries[3]!.at,
      breakGlass: false,
      document: 'excuse_note',
    });
    expect(rows[5]!.details).toMatchObject({ breakGlass: true, reason: 'Anaphylaxis in room 12' });
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('skips what it already received (a retry), and copies only what is new', async () => {
    const again = await post(device, { entries: entries.slice(0, 4) });
    expect(again.json()).toEqual({ accepted: 0, lastSeq: 6 });
    const whole = await post(device, { entries });
    expect(whole.json()).toEqual({ accepted: 0, lastSeq: 6 });
    const more = trail(d.nurseA.id, [
      ...entries.map((e) => ({
        action: e.action,
        ...(e.table ? { table: e.table } : {}),
        ...(e.recordId ? { recordId: e.recordId } : {}),
        details: e.details,
      })),
      { action: 'UNLOCK', details: { with: 'password' } },
    ]);
    expect(more.slice(0, 6)).toEqual(entries);
    const straddling = await post(device, { entries: more.slice(3) });
    expect(straddling.json()).toEqual({ accepted: 1, lastSeq: 7 });
    const rows = await copies();
    expect(rows.map((x) => x.details.localSeq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows.at(-1)!.action).toBe('LOGIN');
    expect(await verifyStoredAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it('refuses a received seq sent again with other contents (409), and a chain that does not continue', async () => {
    const forged = trail(d.nurseA.id, [
      { action: 'SIGN_IN', details: { online: false } },
      { action: 'VIEW', table: 'students', recordId: d.studentA },
    ]);
    const r = await post(device, { entries: forged });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ error: 'AUDIT_CHAIN_CONFLICT' });
    expect(r.json<{ message: string }>().message).toMatch(/^entries\[1\] \(seq 2\)/);
    // seq 8 chained to something other than the seq 7 received
    const other = trail(
      d.nurseA.id,
      Array.from({ length: 8 }, () => ({ action: 'VIEW' as const })),
    );
    const next = await post(device, { entries: other.slice(7) });
    expect(next.statusCode).toBe(409);
    expect(next.json()).toMatchObject({ error: 'AUDIT_CHAIN_CONFLICT' });
    expect((await copies()).length).toBe(7);
  });
});
