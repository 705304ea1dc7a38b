import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxChange, PushResponse } from '../../../src-shared/sync/protocol';
import { serverTargets } from '../../support/db';
import type { Tokens } from '../server/support';
import { allergyChange, startSyncApp, trail, type DeviceCredentials, type SyncApp } from './http';
import { row, SCHEMA } from './support';

/**
 * Security review, finding 3, on the district server: text PostgreSQL cannot store (a NUL character, a lone UTF-16
 * surrogate) answered 500 and, in a push, refused the whole batch for ever. Now a pushed change holding it is
 * rejected alone (a per-row rejection naming table, row and column), the rest applies and the device's sequence
 * moves on; an id or table name holding it is a 400 naming the field; the other sync routes answer 400 naming the
 * field (their own check: the server's global check does the same for every route); a workstation's audit entry
 * holding it is kept, escaped. The workstation's side: test/integration/sync-client/unstorable-text.test.ts.
 */

describe.each(serverTargets())('text a database cannot store, at the sync routes, on $name', (target) => {
  let s: SyncApp;
  let ws: DeviceCredentials;
  let nurse: Tokens;
  const push = (changes: OutboxChange[]) =>
    s.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: s.headers(nurse),
      payload: { schemaVersion: SCHEMA, changes },
    });
  const allergy = (seq: number, id: string, extra: OutboxChange['columns'] = {}) =>
    allergyChange(seq, id, s.d.studentA, s.d.schoolA, s.hlc(ws.deviceId, seq), extra);

  beforeAll(async () => {
    s = await startSyncApp(target);
    ws = await s.enroll('A');
    nurse = await s.signIn(s.d.nurseA.email, ws);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('rejects each change holding such text alone, applies the rest, and takes the next batch', async () => {
    const symptoms: OutboxChange = {
      seq: 5,
      table: 'symptom_tracking',
      rowId: 'sym-nul',
      op: 'UPSERT',
      columns: {
        student_id: s.d.studentA,
        school_id: s.d.schoolA,
        symptom_onset_date: '2026-11-19',
        symptoms: { list: ['fever', 'cough\u0000'] },
      },
      hlc: s.hlc(ws.deviceId, 5),
    };
    const r = await push([
      allergy(1, 'alg-ok-1'),
      allergy(2, 'alg-nul', { reaction: 'hives\u0000' }),
      allergy(3, 'alg-surrogate', { notes: 'swelling \ud83d' }),
      allergy(4, 'alg-key', { ['notes\u0000']: 'x' }),
      symptoms,
      allergy(6, 'alg-ok-2'),
    ]);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<PushResponse>();
    expect(body).toMatchObject({ ackedThrough: 6, applied: 2 });
    expect(body.rejections.map((x) => [x.seq, x.rowId, x.code])).toEqual([
      [2, 'alg-nul', 'INVALID_VALUE'],
      [3, 'alg-surrogate', 'INVALID_VALUE'],
      [4, 'alg-key', 'INVALID_VALUE'],
      [5, 'sym-nul', 'INVALID_VALUE'],
    ]);
    const reasons = body.rejections.map((x) => x.reason);
    expect(reasons[0]).toMatch(/^allergies row alg-nul, column reaction: contains a NUL character/);
    expect(reasons[1]).toMatch(
      /^allergies row alg-surrogate, column notes: contains a lone UTF-16 surrogate/,
    );
    expect(reasons[2]).toMatch(/^allergies row alg-key, column name "notes\\u0000": contains a NUL/);
    expect(reasons[3]).toMatch(/^symptom_tracking row sym-nul, column symptoms\.list\.1: contains a NUL/);
    for (const id of ['alg-ok-1', 'alg-ok-2']) expect(await row(s.h.db, 'allergies', id)).toBeDefined();
    for (const id of ['alg-nul', 'alg-surrogate', 'alg-key'])
      expect(await row(s.h.db, 'allergies', id)).toBeUndefined();
    // filed with the change, its text escaped as JSON writes it
    const filed = await sql<{ device_seq: string | number; payload: { columns: Record<string, unknown> } }>`
      SELECT device_seq, payload FROM sync_rejections WHERE device_id = ${ws.deviceId} ORDER BY device_seq`.execute(
      s.h.db,
    );
    expect(filed.rows.map((x) => Number(x.device_seq))).toEqual([2, 3, 4, 5]);
    expect(filed.rows[0]?.payload.columns.reaction).toBe('hives\\u0000');
    expect(filed.rows[1]?.payload.columns.notes).toBe('swelling \\ud83d');
    // the device's sequence moved past them: the next batch is accepted, no SEQUENCE_GAP
    const next = await push([allergy(7, 'alg-ok-3')]);
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json<PushResponse>()).toMatchObject({ ackedThrough: 7, applied: 1, rejections: [] });
  });

  it('refuses an id or a table name holding such text with 400 naming the field (the protocol, not a nurse, writes them)', async () => {
    for (const [change, field] of [
      [allergy(8, 'alg\u0000x'), 'body.changes.0.rowId'],
      [{ ...allergy(8, 'alg-t'), table: 'allergies\ud800' }, 'body.changes.0.table'],
    ] as const) {
      const r = await push([change]);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain(field);
    }
    expect((await push([allergy(8, 'alg-ok-4')])).statusCode).toBe(200);
  });

  it('answers 400 naming the field, never 500, for such text in a pull query or the conflict routes', async () => {
    const pull = await s.app.inject({
      method: 'GET',
      url: '/sync/pull?after=0%00',
      headers: s.headers(nurse),
    });
    expect(pull.statusCode, pull.body).toBe(400);
    expect(pull.body).toMatch(/after/);
    const list = await s.app.inject({
      method: 'GET',
      url: '/sync/conflicts?status=OPEN%00',
      headers: s.headers(nurse),
    });
    expect(list.statusCode, list.body).toBe(400);
    expect(list.body).toMatch(/status/);
    const resolveId = await s.app.inject({
      method: 'POST',
      url: '/sync/conflicts/abc%00def/resolve',
      headers: s.headers(nurse),
      payload: { resolution: 'KEPT_WINNER', reason: 'checked with the parent' },
    });
    expect(resolveId.statusCode, resolveId.body).toBe(400);
    expect(resolveId.body).toMatch(/id/);
    const resolveReason = await s.app.inject({
      method: 'POST',
      url: '/sync/conflicts/abc/resolve',
      headers: s.headers(nurse),
      payload: { resolution: 'KEPT_WINNER', reason: 'checked\u0000 with the parent' },
    });
    expect(resolveReason.statusCode, resolveReason.body).toBe(400);
    expect(resolveReason.body).toMatch(/reason/);
  });

  it("keeps a workstation audit entry holding such text, escaped, so the trail's upload never stops", async () => {
    const entries = trail(s.d.nurseA.id, [
      { action: 'SIGN_IN_FAILED', details: { email: 'nurse.a@example.org\u0000' }, userId: null },
      { action: 'VIEW', table: 'students', recordId: s.d.studentA, details: { query: 'ana \ud83d' } },
    ]);
    const r = await s.app.inject({
      method: 'POST',
      url: '/sync/audit',
      headers: s.headers(nurse),
      payload: { entries },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ accepted: 2, lastSeq: 2 });
    const copies = await sql<{ details: Record<string, unknown> }>`SELECT details FROM audit_logs
      WHERE details->>'source' = 'workstation' ORDER BY chain_seq`.execute(s.h.db);
    expect(copies.rows.map((c) => c.details)).toEqual([
      expect.objectContaining({
        email: 'nurse.a@example.org\\u0000',
        textEscaped: ['details.email'],
        localHash: entries[0]?.hash,
      }),
      expect.objectContaining({ query: 'ana \\ud83d', textEscaped: ['details.query'] }),
    ]);
  });
});
