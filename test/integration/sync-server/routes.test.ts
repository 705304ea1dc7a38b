import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../../src-shared/sync/hlc';
import {
  pullResponse,
  type OutboxChange,
  type PullResponse,
  type PushResponse,
} from '../../../src-shared/sync/protocol';
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
} from '../server/support';
import { row, SCHEMA } from './support';

/** The sync routes through the real server (buildServer mounts them at /sync): login, a device enrolled by code, a device-bound token. */

describe.each(serverTargets())('sync routes on $name', (target) => {
  let h: ServerDbHandle;
  let app: FastifyInstance;
  let d: TestDistrict;
  let device: Tokens;
  let plain: Tokens;
  const clock = new TestClock('2026-11-20T12:00:00.000Z');
  const at = (offsetMs: number, node: string) =>
    formatHlc({ wallMs: clock.now().getTime() + offsetMs, counter: 0, node });
  const headers = (t: Tokens) => ({ ...bearer(t), 'x-white-cross-schema': String(SCHEMA) });
  const allergyChange = (seq: number, id: string, node: string, offset = 0): OutboxChange => ({
    seq,
    table: 'allergies',
    rowId: id,
    op: 'UPSERT',
    columns: {
      student_id: d.studentA,
      school_id: d.schoolA,
      allergen: 'Bee sting',
      allergen_type: 'INSECT',
      severity: 'SEVERE',
    },
    hlc: at(offset, node),
  });

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
    expect(code.statusCode).toBe(201);
    const enrolled = await app.inject({
      method: 'POST',
      url: '/devices/enroll',
      payload: { code: code.json<{ code: string }>().code, name: 'Clinic PC', platform: 'WINDOWS' },
    });
    expect(enrolled.statusCode).toBe(201);
    const { deviceId, deviceSecret } = enrolled.json<{ deviceId: string; deviceSecret: string }>();
    device = await login(app, 'nurse.a@example.org', { deviceId, deviceSecret });
    plain = await login(app, 'nurse.a@example.org');
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('pushes and pulls with a device-bound token, idempotently', async () => {
    const id = device.deviceId ?? '';
    const payload = { schemaVersion: SCHEMA, changes: [allergyChange(1, 'alg-http', id)] };
    const r = await app.inject({ method: 'POST', url: '/sync/push', headers: headers(device), payload });
    expect(r.statusCode).toBe(200);
    expect(r.json<PushResponse>().rejections).toEqual([]);
    expect(r.json<PushResponse>()).toMatchObject({ ackedThrough: 1, applied: 1, duplicates: 0 });
    const again = await app.inject({ method: 'POST', url: '/sync/push', headers: headers(device), payload });
    expect(again.json<PushResponse>()).toMatchObject({ ackedThrough: 1, applied: 0, duplicates: 1 });
    const p = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0&limit=5000',
      headers: headers(device),
    });
    expect(p.statusCode).toBe(200);
    const page = p.json<PullResponse>();
    expect(page.changes.map((c) => c.rowId)).toContain('alg-http');
    expect(page.changes.map((c) => c.rowId)).not.toContain(d.studentB);
    expect(pullResponse.parse(page)).toEqual(page); // serialized without zod, still the protocol's shape
    const counted = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0&limit=1',
      headers: headers(device),
    });
    expect(counted.json<PullResponse>()).toMatchObject({ hasMore: true, remaining: page.changes.length - 1 });
    const uncounted = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0&limit=1&count=false',
      headers: headers(device),
    });
    expect(uncounted.json<PullResponse>()).toMatchObject({ hasMore: true, remaining: null });
  });

  it('answers bad requests with precise 4xx errors and writes nothing', async () => {
    const id = device.deviceId ?? '';
    const gap = await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: headers(device),
      payload: { schemaVersion: SCHEMA, changes: [allergyChange(5, 'alg-gap', id)] },
    });
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toMatchObject({ error: 'SEQUENCE_GAP', expectedSeq: 2 });
    const drift = await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: headers(device),
      payload: { schemaVersion: SCHEMA, changes: [allergyChange(2, 'alg-drift', id, 10 * 60_000)] },
    });
    expect(drift.statusCode).toBe(400);
    expect(drift.json()).toMatchObject({
      error: 'CLOCK_DRIFT',
      message: expect.stringMatching(/your clock is 10 minutes ahead/) as string,
      serverTime: clock.now().toISOString(),
    });
    const noHeader = await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: bearer(device),
      payload: { schemaVersion: SCHEMA, changes: [allergyChange(2, 'alg-h', id)] },
    });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json()).toMatchObject({
      error: 'BAD_REQUEST',
      message: expect.stringMatching(/x-white-cross-schema/) as string,
    });
    const newer = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0',
      headers: { ...bearer(device), 'x-white-cross-schema': String(SCHEMA + 5) },
    });
    expect(newer.statusCode).toBe(400);
    expect(newer.json()).toMatchObject({ error: 'SCHEMA_UNSUPPORTED' });
    const malformed = await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: headers(device),
      payload: { schemaVersion: SCHEMA, changes: [{ seq: 2, table: 'allergies' }] },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({
      error: 'BAD_REQUEST',
      issues: expect.arrayContaining([
        expect.objectContaining({ path: expect.stringMatching(/^body\.changes\.0/) as string }),
      ]) as unknown,
    });
    const noDevice = await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: headers(plain),
      payload: { schemaVersion: SCHEMA, changes: [allergyChange(2, 'alg-nd', id)] },
    });
    expect(noDevice.statusCode).toBe(403);
    expect(noDevice.json()).toMatchObject({ error: 'DEVICE_REQUIRED' });
    const noToken = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0',
      headers: { 'x-white-cross-schema': String(SCHEMA) },
    });
    expect(noToken.statusCode).toBe(401);
    const badLimit = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=-1&limit=99999',
      headers: headers(device),
    });
    expect(badLimit.statusCode).toBe(400);
    const badCount = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0&count=maybe',
      headers: headers(device),
    });
    expect(badCount.statusCode).toBe(400);
    expect(badCount.json<{ message: string }>().message).toMatch(/count/);
    for (const rowId of ['alg-gap', 'alg-drift', 'alg-h', 'alg-nd'])
      expect(await row(h.db, 'allergies', rowId)).toBeUndefined();
  });

  it('lists conflicts and resolves one by applying the losing value back, audited', async () => {
    const id = device.deviceId ?? '';
    // Two edits of one field arrive with their HLCs out of order: the older one loses and is kept as a conflict.
    await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: headers(device),
      payload: {
        schemaVersion: SCHEMA,
        changes: [
          {
            seq: 2,
            table: 'allergies',
            rowId: 'alg-http',
            op: 'UPSERT',
            columns: { severity: 'MILD' },
            hlc: at(2000, id),
          },
        ],
      },
    });
    const lost = await app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: headers(device),
      payload: {
        schemaVersion: SCHEMA,
        changes: [
          {
            seq: 3,
            table: 'allergies',
            rowId: 'alg-http',
            op: 'UPSERT',
            columns: { severity: 'MODERATE' },
            hlc: at(1000, id),
          },
        ],
      },
    });
    const conflict = lost.json<PushResponse>().conflicts[0];
    expect(conflict).toMatchObject({ column: 'severity', winningValue: 'MILD', losingValue: 'MODERATE' });
    const list = await app.inject({ method: 'GET', url: '/sync/conflicts', headers: bearer(plain) });
    expect(list.json<{ conflicts: { id: string }[] }>().conflicts.map((c) => c.id)).toContain(conflict?.id);
    const noReason = await app.inject({
      method: 'POST',
      url: `/sync/conflicts/${conflict?.id ?? ''}/resolve`,
      headers: bearer(plain),
      payload: { resolution: 'APPLIED_LOSER', reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    const auditor = await login(app, 'auditor@example.org');
    const denied = await app.inject({
      method: 'POST',
      url: `/sync/conflicts/${conflict?.id ?? ''}/resolve`,
      headers: bearer(auditor),
      payload: { resolution: 'KEPT_WINNER', reason: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    const nurseB = await login(app, 'nurse.b@example.org');
    const other = await app.inject({
      method: 'POST',
      url: `/sync/conflicts/${conflict?.id ?? ''}/resolve`,
      headers: bearer(nurseB),
      payload: { resolution: 'KEPT_WINNER', reason: 'x' },
    });
    expect(other.statusCode).toBe(404);
    const ok = await app.inject({
      method: 'POST',
      url: `/sync/conflicts/${conflict?.id ?? ''}/resolve`,
      headers: bearer(plain),
      payload: { resolution: 'APPLIED_LOSER', reason: 'the parent called: moderate' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ conflict: { id: conflict?.id, status: 'RESOLVED' } });
    expect(await row(h.db, 'allergies', 'alg-http')).toMatchObject({ severity: 'MODERATE' });
    const audit = (await auditRows(h.db, 'UPDATE')).filter(
      (a) => a.table_name === 'sync_conflicts' || a.details?.via === 'conflict_resolution',
    );
    expect(audit.map((a) => [a.table_name, a.record_id, a.user_id])).toEqual([
      ['allergies', 'alg-http', d.nurseA.id],
      ['sync_conflicts', conflict?.id, d.nurseA.id],
    ]);
    const twice = await app.inject({
      method: 'POST',
      url: `/sync/conflicts/${conflict?.id ?? ''}/resolve`,
      headers: bearer(plain),
      payload: { resolution: 'KEPT_WINNER', reason: 'again' },
    });
    expect(twice.statusCode).toBe(409);
    const p = await app.inject({
      method: 'GET',
      url: '/sync/pull?after=0&limit=5000',
      headers: headers(device),
    });
    const last = p
      .json<PullResponse>()
      .changes.filter((c) => c.rowId === 'alg-http')
      .pop();
    expect(last).toMatchObject({ op: 'UPSERT', columns: { severity: 'MODERATE' } });
    expect(last?.hlc).toMatch(/:server$/);
  });
});
