import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditUploadEntry } from '../../../src-shared/sync/audit-upload';
import { serverTargets } from '../../support/db';
import type { Tokens } from '../server/support';
import { startSyncApp, trail, type SyncApp } from './http';

/**
 * Security review, finding 2: POST /sync/audit accepted entries whose userId was any string (another school's
 * nurse, a user that does not exist), so a workstation could write audit_logs rows in anyone's name. Each entry's
 * user must be a user of the workstation's school (assigned to it, or a district-wide role of its district), or
 * none (null: the emergency identity of break-the-glass, or a failed sign-in of an unknown e-mail); otherwise 422
 * naming the entry, and nothing is saved.
 */

describe.each(serverTargets())('whose entries a workstation uploads, on $name', (target) => {
  let s: SyncApp;
  let device: Tokens;
  const post = (entries: AuditUploadEntry[]) =>
    s.app.inject({ method: 'POST', url: '/sync/audit', headers: s.headers(device), payload: { entries } });
  const copies = async () =>
    (
      await sql<{ user_id: string | null }>`SELECT user_id FROM audit_logs
        WHERE details->>'source' = 'workstation' ORDER BY chain_seq`.execute(s.h.db)
    ).rows;
  const uploaded = async () =>
    (
      await sql<{ last_seq: string | number }>`SELECT last_seq FROM workstation_audit_uploads
        WHERE device_id = ${device.deviceId ?? ''}`.execute(s.h.db)
    ).rows[0]?.last_seq;

  beforeAll(async () => {
    s = await startSyncApp(target);
    device = await s.signIn(s.d.nurseA.email, await s.enroll('A'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it("refuses an entry in the name of another school's nurse, naming the entry; nothing is saved", async () => {
    const entries = trail(s.d.nurseA.id, [
      { action: 'SIGN_IN' },
      { action: 'VIEW', table: 'students', recordId: s.d.studentA, userId: s.d.nurseB.id },
      { action: 'SIGN_OUT' },
    ]);
    const r = await post(entries);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({
      error: 'AUDIT_USER_UNKNOWN',
      message: expect.stringMatching(
        /^entries\[1\] \(seq 2\): user .* is not a user of this workstation's school/,
      ) as string,
    });
    expect(r.json<{ message: string }>().message).toContain(s.d.nurseB.id);
    expect(await copies()).toEqual([]);
    expect(await uploaded()).toBeUndefined();
  });

  it('refuses an entry in the name of a user that does not exist, with the same answer', async () => {
    const entries = trail(s.d.nurseA.id, [
      { action: 'SIGN_IN' },
      { action: 'SIGN_OUT', userId: 'no-such-user' },
    ]);
    const r = await post(entries);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ error: 'AUDIT_USER_UNKNOWN' });
    expect(r.json<{ message: string }>().message).toMatch(
      /^entries\[1\] \(seq 2\): user no-such-user is not a user of this workstation's school/,
    );
    expect(await copies()).toEqual([]);
  });

  it("accepts the school's own users, the district's district-wide roles, and the emergency identity (no user)", async () => {
    const entries = trail(s.d.nurseA.id, [
      { action: 'ENROLL', table: 'devices', recordId: device.deviceId ?? '', userId: s.d.adminA.id },
      { action: 'SIGN_IN' },
      { action: 'LOCK' },
      { action: 'BREAK_GLASS', details: { reason: 'Anaphylaxis in room 12' }, userId: null },
      { action: 'LOCK', details: { reason: 'emergency access ended' }, userId: null },
      { action: 'SIGN_IN_FAILED', details: { email: 'someone@example.org' }, userId: null },
      { action: 'SIGN_IN', userId: s.d.districtAdmin.id },
    ]);
    const r = await post(entries);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ accepted: 7, lastSeq: 7 });
    expect((await copies()).map((c) => c.user_id)).toEqual(entries.map((e) => e.userId));
  });
});
