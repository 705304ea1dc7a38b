import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredAuditChain } from '../../../server-sync/audit/verify';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { getSetting, setSetting, verifyLocalAudit } from '../../../src-main/workstation/local-db';
import { AUDIT_UPLOADED_SETTING } from '../../../src-main/workstation/sync/audit-upload';
import { enrollAndSync, makeCore, PASSWORD, startDistrict, tempDir, type District } from './support';

/**
 * The workstation's local audit trail reaches the district's audit_logs after each successful sync (docs/sync.md,
 * "Workstation audit trail"): chart views, writes, prints and break-glass access, in order, each once, and what
 * could not be sent while the server was down goes out at the next sync.
 */

let d: District;
let core: WorkstationCore;
const tmp = tempDir('wc-audit-upload-');

const sqlite = () => core.internals.context()!.sqlite;
const local = () =>
  sqlite().prepare(`SELECT seq, action, user_id, hash FROM local_audit_log ORDER BY seq`).all() as {
    seq: number;
    action: string;
    user_id: string | null;
    hash: string;
  }[];
const uploaded = async () =>
  (
    await sql<{
      action: string;
      device_id: string | null;
      school_id: string | null;
      user_id: string | null;
      table_name: string | null;
      record_id: string | null;
      details: Record<string, unknown>;
    }>`SELECT action, device_id, school_id, user_id, table_name, record_id, details FROM audit_logs
       WHERE details->>'source' = 'workstation' ORDER BY chain_seq`.execute(d.h.db)
  ).rows;
const recent = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  d = await startDistrict();
  core = await makeCore(tmp.dir);
  await enrollAndSync(core, d);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp.dispose();
});

describe('the local audit trail at the district', () => {
  it('sends chart views, a visit, a print and break-glass access, in order, with the device and mapped actions', async () => {
    await core.call('students.chart', { studentId: d.students.ana! });
    const { visitId } = await core.call('clinicVisits.create', {
      studentId: d.students.ben!,
      arrivedAt: recent(20 * 60_000),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Headache since lunch',
    });
    await core.call('clinicVisits.excuseNote', { visitId });
    await core.call('app.lock', {});
    await core.call('app.breakGlass', { reason: 'Anaphylaxis in room 12, need allergy list' });
    await core.call('students.chart', { studentId: d.students.ben! });
    await core.call('app.unlock', { password: PASSWORD });
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    expect(s.auditWaiting).toBe(0);

    const mine = local();
    const device = getSetting(sqlite(), 'device.id');
    expect(device).toEqual(expect.any(String));
    const rows = await uploaded();
    expect(rows.map((r) => r.details.localSeq)).toEqual(mine.map((r) => r.seq));
    expect(rows.map((r) => r.details.localHash)).toEqual(mine.map((r) => r.hash));
    expect(rows.map((r) => r.details.localAction)).toEqual(mine.map((r) => r.action));
    expect(Number(getSetting(sqlite(), AUDIT_UPLOADED_SETTING))).toBe(mine.at(-1)!.seq);
    for (const r of rows) expect(r).toMatchObject({ device_id: device, school_id: d.schoolId });

    const byAction = (a: string) => rows.filter((r) => r.details.localAction === a);
    expect(byAction('ENROLL').map((r) => r.action)).toEqual(['ADMIN']);
    expect(byAction('VIEW').map((r) => [r.action, r.record_id, r.details.breakGlass])).toEqual([
      ['READ', d.students.ana, false],
      ['READ', d.students.ben, true],
    ]);
    expect(byAction('VIEW')[0]).toMatchObject({ user_id: d.nurse.id, table_name: 'students' });
    expect(byAction('CREATE').find((r) => r.record_id === visitId)).toMatchObject({
      action: 'CREATE',
      table_name: 'clinic_visits',
    });
    const prints = byAction('PRINT');
    expect(prints.map((r) => [r.action, r.record_id, r.details.what])).toEqual([
      ['PRINT', visitId, 'excuse_note'],
    ]);
    const glass = byAction('BREAK_GLASS');
    expect(glass.map((r) => [r.action, r.details.breakGlass, r.details.reason])).toEqual([
      ['BREAK_GLASS', true, 'Anaphylaxis in room 12, need allergy list'],
    ]);
    expect(byAction('LOCK').map((r) => r.action)).toEqual(['LOGOUT']);
    expect(byAction('UNLOCK').map((r) => r.action)).toEqual(['LOGIN']);
    expect(await verifyStoredAuditChain(d.h.db)).toMatchObject({ ok: true });
  });

  it('sends nothing twice: a second sync, and a lost cursor, add no rows', async () => {
    const before = (await uploaded()).length;
    await core.call('sync.now', {});
    // the sync itself adds nothing to the local trail: the server holds exactly the local rows
    expect((await uploaded()).length).toBe(local().length);
    setSetting(sqlite(), AUDIT_UPLOADED_SETTING, '0');
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    expect((await uploaded()).length).toBe(before);
    expect(Number(getSetting(sqlite(), AUDIT_UPLOADED_SETTING))).toBe(local().at(-1)!.seq);
  });

  it('moves the cursor back to where the server expects (a gap) and sends what it missed', async () => {
    await core.call('students.chart', { studentId: d.students.kai! });
    await core.call('students.chart', { studentId: d.students.lily! });
    await core.call('students.chart', { studentId: d.students.noah! });
    const mine = local();
    // the cursor says two of the three went out, which the server never received
    setSetting(sqlite(), AUDIT_UPLOADED_SETTING, String(mine.at(-1)!.seq - 1));
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    const rows = await uploaded();
    expect(rows.map((r) => r.details.localSeq)).toEqual(mine.map((r) => r.seq));
    expect(rows.slice(-3).map((r) => r.record_id)).toEqual([
      d.students.kai,
      d.students.lily,
      d.students.noah,
    ]);
  });

  it('keeps entries while the server is down and sends them when it is back', async () => {
    await d.stop();
    try {
      await core.call('students.chart', { studentId: d.students.zoe! });
      const offline = await core.call('sync.now', {});
      expect(offline.lastError).toMatch(/offline/);
      expect(offline.auditWaiting).toBe(1);
    } finally {
      await d.start();
    }
    const rowsBefore = (await uploaded()).length;
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    expect(s.auditWaiting).toBe(0);
    const rows = await uploaded();
    expect(rows.length).toBe(rowsBefore + 1);
    expect(rows.at(-1)).toMatchObject({ action: 'READ', record_id: d.students.zoe });
    expect(rows.map((r) => r.details.localSeq)).toEqual(local().map((r) => r.seq));
    expect(verifyLocalAudit(sqlite())).toBeNull();
    expect(await verifyStoredAuditChain(d.h.db)).toMatchObject({ ok: true });
  });
});
