import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { applyPush } from '../../../server-sync/sync/apply';
import { serverTargets } from '../../support/db';
import {
  allergy,
  count,
  del,
  edit,
  hlc,
  makeWorld,
  maxSeq,
  openMigrated,
  push,
  row,
  SCHEMA,
  T0,
  type World,
} from './support';

describe.each(serverTargets())('sync push on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  beforeAll(async () => {
    h = await openMigrated(target);
    w = await makeWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('applies a batch with its device seqs and HLCs, and a repeated push is a no-op', async () => {
    const batch = [
      allergy(1, 'alg-1', w.studentA, w.schoolA, T0, w.devA1),
      edit(2, 'allergies', 'alg-1', { severity: 'MODERATE', notes: 'carries an EpiPen' }, T0 + 1, w.devA1),
    ];
    const first = await push(h.db, w, w.devA1, batch);
    expect(first).toMatchObject({
      ackedThrough: 2,
      applied: 2,
      duplicates: 0,
      rejections: [],
      conflicts: [],
    });
    expect(await row(h.db, 'allergies', 'alg-1')).toMatchObject({
      severity: 'MODERATE',
      notes: 'carries an EpiPen',
      school_id: w.schoolA,
    });
    const log = await sql<{
      operation: string;
      device_id: string;
      device_seq: number;
      hlc: string;
      school_id: string;
    }>`
      SELECT operation, device_id, device_seq, hlc, school_id FROM sync_changes WHERE row_id = 'alg-1' ORDER BY server_seq`.execute(
      h.db,
    );
    expect(log.rows).toEqual([
      { operation: 'UPSERT', device_id: w.devA1, device_seq: 1, hlc: hlc(T0, w.devA1), school_id: w.schoolA },
      {
        operation: 'UPSERT',
        device_id: w.devA1,
        device_seq: 2,
        hlc: hlc(T0 + 1, w.devA1),
        school_id: w.schoolA,
      },
    ]);
    const before = {
      changes: await count(h.db, 'sync_changes'),
      versions: await count(h.db, 'sync_field_versions'),
      audit: await count(h.db, 'audit_logs'),
    };
    const again = await push(h.db, w, w.devA1, batch);
    expect(again).toMatchObject({
      ackedThrough: 2,
      applied: 0,
      duplicates: 2,
      rejections: [],
      conflicts: [],
    });
    expect({
      changes: await count(h.db, 'sync_changes'),
      versions: await count(h.db, 'sync_field_versions'),
      audit: await count(h.db, 'audit_logs'),
    }).toEqual(before);
    const audit = await sql<{
      action: string;
      table_name: string;
      device_id: string;
      details: { row_ids: string[] };
    }>`
      SELECT action, table_name, device_id, details FROM audit_logs WHERE table_name = 'allergies' ORDER BY chain_seq`.execute(
      h.db,
    );
    expect(audit.rows.map((a) => [a.action, a.device_id, a.details.row_ids])).toEqual([
      ['CREATE', w.devA1, ['alg-1']],
      ['UPDATE', w.devA1, ['alg-1']],
    ]);
  });

  it('refuses a gap with 409 SEQUENCE_GAP and the expected seq, writing nothing', async () => {
    const before = await maxSeq(h.db);
    await expect(
      push(h.db, w, w.devA1, [allergy(4, 'alg-gap', w.studentA, w.schoolA, T0 + 10, w.devA1)]),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'SEQUENCE_GAP',
      extra: { expectedSeq: 3 },
    });
    await expect(
      push(h.db, w, w.devA1, [
        allergy(3, 'alg-gap', w.studentA, w.schoolA, T0 + 10, w.devA1),
        allergy(5, 'alg-gap2', w.studentA, w.schoolA, T0 + 11, w.devA1),
      ]),
    ).rejects.toMatchObject({ statusCode: 409, code: 'SEQUENCE_GAP', extra: { expectedSeq: 3 } });
    expect(await maxSeq(h.db)).toBe(before);
    expect(await row(h.db, 'allergies', 'alg-gap')).toBeUndefined();
    const cursor = await h.db
      .selectFrom('sync_device_cursors')
      .select('last_push_seq')
      .where('device_id', '=', w.devA1)
      .executeTakeFirst();
    expect(cursor?.last_push_seq).toBe(2);
  });

  it('applies only the new changes of a batch that repeats acknowledged ones', async () => {
    const r = await push(h.db, w, w.devA1, [
      edit(2, 'allergies', 'alg-1', { severity: 'MODERATE', notes: 'carries an EpiPen' }, T0 + 1, w.devA1),
      edit(3, 'allergies', 'alg-1', { reaction: 'hives' }, T0 + 2, w.devA1),
    ]);
    expect(r).toMatchObject({ ackedThrough: 3, applied: 1, duplicates: 1 });
    expect(await row(h.db, 'allergies', 'alg-1')).toMatchObject({ reaction: 'hives' });
  });

  it('rejects bad rows with precise reasons, records them, and applies the rest of the batch', async () => {
    await push(h.db, w, w.devB1, [allergy(1, 'alg-b', w.studentB, w.schoolB, T0, w.devB1)]);
    const before = await count(h.db, 'allergies');
    const r = await push(h.db, w, w.devA1, [
      edit(4, 'no_such_table', 'x1', { a: 1 }, T0 + 20, w.devA1),
      edit(5, 'students', w.studentA, { first_name: 'Changed' }, T0 + 20, w.devA1),
      edit(6, 'allergies', 'alg-1', { colour: 'red' }, T0 + 20, w.devA1),
      edit(7, 'allergies', 'alg-1', { severity: 'HUGE' }, T0 + 20, w.devA1),
      allergy(8, 'alg-in-b', w.studentB, w.schoolB, T0 + 20, w.devA1),
      allergy(9, 'alg-student-b', w.studentB, w.schoolA, T0 + 20, w.devA1),
      edit(10, 'allergies', 'alg-b', { notes: 'not yours' }, T0 + 20, w.devA1),
      allergy(11, 'alg-ok', w.studentA, w.schoolA, T0 + 20, w.devA1),
      allergy(12, 'alg-fk', w.studentA, w.schoolA, T0 + 20, w.devA1, { verified_by: 'no-such-user' }),
      edit(13, 'allergies', 'alg-missing-cols', { allergen: 'Latex' }, T0 + 20, w.devA1),
      edit(14, 'clinic_visits', 'cv-1', { visit_duration_minutes: 5 }, T0 + 20, w.devA1),
      del(15, 'allergies', 'alg-never', T0 + 20, w.devA1),
    ]);
    expect(r.ackedThrough).toBe(15);
    expect(r.applied).toBe(1);
    expect(r.rejections.map((x) => [x.seq, x.code])).toEqual([
      [4, 'UNKNOWN_TABLE'],
      [5, 'READ_ONLY_TABLE'],
      [6, 'UNKNOWN_COLUMN'],
      [7, 'INVALID_VALUE'],
      [8, 'OUT_OF_SCOPE'],
      [9, 'OUT_OF_SCOPE'],
      [10, 'OUT_OF_SCOPE'],
      [12, 'CONSTRAINT'],
      [13, 'INVALID_VALUE'],
      [14, 'INVALID_VALUE'],
      [15, 'CONSTRAINT'],
    ]);
    const reason = (seq: number) => r.rejections.find((x) => x.seq === seq)?.reason ?? '';
    expect(reason(6)).toMatch(/allergies has no column colour/);
    expect(reason(7)).toMatch(/^column severity: /);
    expect(reason(8)).toMatch(/school_id "school-b" is not this device's school/);
    expect(reason(9)).toMatch(/student stu-b is not a student of this device's school|student "stu-b"/);
    expect(reason(12)).toMatch(/foreign key/);
    expect(reason(13)).toMatch(/needs columns student_id, .*severity/);
    expect(reason(14)).toMatch(/computed by the database/);
    expect(await count(h.db, 'allergies')).toBe(before + 1);
    expect(await row(h.db, 'allergies', 'alg-b')).toMatchObject({ notes: null });
    expect(await row(h.db, 'allergies', 'alg-fk')).toBeUndefined();
    const stored = await sql<{ device_seq: number; reason_code: string; school_id: string }>`
      SELECT device_seq, reason_code, school_id FROM sync_rejections WHERE device_id = ${w.devA1} ORDER BY device_seq`.execute(
      h.db,
    );
    expect(stored.rows.map((s) => s.device_seq)).toEqual([4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]);
    expect(new Set(stored.rows.map((s) => s.school_id))).toEqual(new Set([w.schoolA]));
  });

  it('last writer wins per field by HLC; both the older losing edit and an overwritten value are kept as conflicts', async () => {
    await push(h.db, w, w.devA2, [allergy(1, 'alg-lww', w.studentA, w.schoolA, T0 + 1000, w.devA2)]);
    const newer = await push(h.db, w, w.devA1, [
      edit(16, 'allergies', 'alg-lww', { severity: 'MILD' }, T0 + 5000, w.devA1),
    ]);
    expect(newer.conflicts).toEqual([
      expect.objectContaining({
        column: 'severity',
        type: 'FIELD_LWW',
        winningValue: 'MILD',
        losingValue: 'SEVERE',
        winningHlc: hlc(T0 + 5000, w.devA1),
        losingHlc: hlc(T0 + 1000, w.devA2),
        status: 'OPEN',
      }),
    ]);
    const older = await push(h.db, w, w.devA2, [
      edit(2, 'allergies', 'alg-lww', { severity: 'MODERATE', reaction: 'rash' }, T0 + 3000, w.devA2),
    ]);
    expect(older.applied).toBe(1);
    expect(older.conflicts).toEqual([
      expect.objectContaining({
        column: 'severity',
        type: 'FIELD_LWW',
        winningValue: 'MILD',
        losingValue: 'MODERATE',
        winningHlc: hlc(T0 + 5000, w.devA1),
        losingHlc: hlc(T0 + 3000, w.devA2),
      }),
    ]);
    expect(await row(h.db, 'allergies', 'alg-lww')).toMatchObject({ severity: 'MILD', reaction: 'rash' });
    const stored = await sql<{
      winning_device_id: string;
      losing_device_id: string;
      losing_user_id: string | null;
    }>`
      SELECT winning_device_id, losing_device_id, losing_user_id FROM sync_conflicts WHERE row_id = 'alg-lww' ORDER BY created_at, id`.execute(
      h.db,
    );
    expect(stored.rows).toEqual([
      { winning_device_id: w.devA1, losing_device_id: w.devA2, losing_user_id: null },
      { winning_device_id: w.devA1, losing_device_id: w.devA2, losing_user_id: w.nurseA },
    ]);
  });

  it('a delete is a tombstone, and an edit after it is a conflict, never a revival', async () => {
    const d = await push(h.db, w, w.devA1, [del(17, 'allergies', 'alg-ok', T0 + 6000, w.devA1)]);
    expect(d.applied).toBe(1);
    const tomb = await row(h.db, 'allergies', 'alg-ok');
    expect(tomb?.deleted_at).toEqual(new Date(T0 + 6000));
    const last = await sql<{
      operation: string;
    }>`SELECT operation FROM sync_changes WHERE row_id = 'alg-ok' ORDER BY server_seq DESC LIMIT 1`.execute(
      h.db,
    );
    expect(last.rows[0]?.operation).toBe('DELETE');
    const e = await push(h.db, w, w.devA2, [
      edit(3, 'allergies', 'alg-ok', { notes: 'edited offline' }, T0 + 7000, w.devA2),
    ]);
    expect(e.conflicts).toEqual([
      expect.objectContaining({
        type: 'EDIT_AFTER_DELETE',
        column: null,
        losingValue: { notes: 'edited offline' },
        winningHlc: hlc(T0 + 6000, w.devA1),
      }),
    ]);
    expect(await row(h.db, 'allergies', 'alg-ok')).toMatchObject({
      notes: null,
      deleted_at: new Date(T0 + 6000),
    });
    const again = await push(h.db, w, w.devA2, [del(4, 'allergies', 'alg-ok', T0 + 8000, w.devA2)]);
    expect(again).toMatchObject({ applied: 1, rejections: [] });
  });

  it('refuses a clock more than 5 minutes ahead with 400 CLOCK_DRIFT, writing nothing', async () => {
    const before = await maxSeq(h.db);
    const now = T0 + 60_000;
    await expect(
      push(
        h.db,
        w,
        w.devA1,
        [allergy(18, 'alg-future', w.studentA, w.schoolA, now + 7 * 60_000, w.devA1)],
        now,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'CLOCK_DRIFT',
      message: expect.stringMatching(/your clock is 7 minutes ahead/) as string,
    });
    expect(await maxSeq(h.db)).toBe(before);
    const ok = await push(
      h.db,
      w,
      w.devA1,
      [allergy(18, 'alg-future', w.studentA, w.schoolA, now + 4 * 60_000, w.devA1)],
      now,
    );
    expect(ok.applied).toBe(1);
  });

  it('refuses a schema it cannot read, a token without the device, and a device of another school', async () => {
    const change = [allergy(19, 'alg-x', w.studentA, w.schoolA, T0, w.devA1)];
    await expect(
      applyPush(
        h.db,
        { userId: w.nurseA, role: 'NURSE', deviceId: w.devA1, schoolIds: [w.schoolA] },
        { schemaVersion: SCHEMA + 1, changes: change },
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'SCHEMA_UNSUPPORTED',
    });
    await expect(
      applyPush(
        h.db,
        { userId: w.nurseA, role: 'NURSE', deviceId: null, schoolIds: [w.schoolA] },
        { schemaVersion: SCHEMA, changes: change },
      ),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'DEVICE_REQUIRED',
    });
    await expect(
      applyPush(
        h.db,
        { userId: w.nurseB, role: 'NURSE', deviceId: w.devA1, schoolIds: [w.schoolB] },
        { schemaVersion: SCHEMA, changes: change },
      ),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'DEVICE_REVOKED',
    });
    expect(await row(h.db, 'allergies', 'alg-x')).toBeUndefined();
  });
});
