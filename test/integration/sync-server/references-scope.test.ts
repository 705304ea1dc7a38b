import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxChange, PushRejection, PushResponse } from '../../../src-shared/sync/protocol';
import { serverTargets } from '../../support/db';
import type { Tokens } from '../server/support';
import { allergyChange, startSyncApp, type DeviceCredentials, type SyncApp } from './http';
import { row, SCHEMA } from './support';

/**
 * Security review, finding 5: a workstation could make its rows reference another school's rows
 * (class_time_missed.clinic_visit_id, student_drug_allergies_xref.allergy_id...): the foreign key, checked by
 * PostgreSQL without row-level security, accepted a row of another school and refused only an id that exists
 * nowhere, so the answer told which ids exist elsewhere. Now every reference of a pushed row to a table whose rows
 * belong to a school (src-shared/sync/tables.ts references) must name a row of the device's school (or one the
 * batch created): anything else, another school's row or none, gets the same rejection.
 */

describe.each(serverTargets())("references to another school's rows, on $name", (target) => {
  let s: SyncApp;
  let wsA: DeviceCredentials;
  let wsB: DeviceCredentials;
  let nurseA: Tokens;
  let nurseB: Tokens;
  const seqs = new Map<string, number>();
  const push = async (t: Tokens, device: DeviceCredentials, changes: Omit<OutboxChange, 'seq' | 'hlc'>[]) => {
    let seq = seqs.get(device.deviceId) ?? 0;
    const batch = changes.map((c) => ({ ...c, seq: ++seq, hlc: s.hlc(device.deviceId, seq) }));
    seqs.set(device.deviceId, seq);
    const r = await s.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: s.headers(t),
      payload: { schemaVersion: SCHEMA, changes: batch },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<PushResponse>();
  };
  const visit = (id: string, studentId: string, schoolId: string, nurseId: string) => ({
    table: 'clinic_visits',
    rowId: id,
    op: 'UPSERT' as const,
    columns: {
      student_id: studentId,
      school_id: schoolId,
      presenting_complaint: 'Headache',
      attended_by_user_id: nurseId,
    },
  });
  const classTime = (id: string, visitId: string) => ({
    table: 'class_time_missed',
    rowId: id,
    op: 'UPSERT' as const,
    columns: {
      clinic_visit_id: visitId,
      student_id: s.d.studentA,
      school_id: s.d.schoolA,
      minutes_missed: 20,
    },
  });
  const xref = (id: string, allergyId: string) => ({
    table: 'student_drug_allergies_xref',
    rowId: id,
    op: 'UPSERT' as const,
    columns: {
      student_id: s.d.studentA,
      allergy_id: allergyId,
      drug_class: 'PENICILLIN',
      school_id: s.d.schoolA,
    },
  });
  const allergy = (id: string, studentId: string, schoolId: string) => {
    const { seq: _seq, hlc: _hlc, ...c } = allergyChange(0, id, studentId, schoolId, '');
    return c;
  };
  /** A rejection with the ids it names put aside: what a workstation can learn from it. */
  const shape = (r: PushRejection | undefined, ...ids: string[]) => ({
    code: r?.code,
    reason: ids.reduce((t, id) => t.split(id).join('<id>'), r?.reason ?? ''),
  });

  beforeAll(async () => {
    s = await startSyncApp(target);
    wsA = await s.enroll('A');
    wsB = await s.enroll('B');
    nurseA = await s.signIn(s.d.nurseA.email, wsA);
    nurseB = await s.signIn(s.d.nurseB.email, wsB);
    const b = await push(nurseB, wsB, [
      visit('cv-b', s.d.studentB, s.d.schoolB, s.d.nurseB.id),
      allergy('alg-b', s.d.studentB, s.d.schoolB),
    ]);
    expect(b.rejections).toEqual([]);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("refuses a class time pointing at another school's visit exactly as one pointing at no visit", async () => {
    const r = await push(nurseA, wsA, [
      classTime('ct-elsewhere', 'cv-b'),
      classTime('ct-nowhere', 'cv-none'),
    ]);
    expect(r.applied).toBe(0);
    const [elsewhere, nowhere] = r.rejections;
    expect(elsewhere).toMatchObject({ rowId: 'ct-elsewhere', code: 'OUT_OF_SCOPE' });
    expect(elsewhere?.reason).toMatch(/clinic_visit_id/);
    expect(shape(elsewhere, 'ct-elsewhere', 'cv-b')).toEqual(shape(nowhere, 'ct-nowhere', 'cv-none'));
    for (const id of ['ct-elsewhere', 'ct-nowhere'])
      expect(await row(s.h.db, 'class_time_missed', id)).toBeUndefined();
  });

  it("refuses a drug allergy pointing at another school's allergy exactly as one pointing at no allergy", async () => {
    const r = await push(nurseA, wsA, [xref('x-elsewhere', 'alg-b'), xref('x-nowhere', 'alg-none')]);
    expect(r.applied).toBe(0);
    const [elsewhere, nowhere] = r.rejections;
    expect(elsewhere).toMatchObject({ rowId: 'x-elsewhere', code: 'OUT_OF_SCOPE' });
    expect(elsewhere?.reason).toMatch(/allergy_id/);
    expect(shape(elsewhere, 'x-elsewhere', 'alg-b')).toEqual(shape(nowhere, 'x-nowhere', 'alg-none'));
    for (const id of ['x-elsewhere', 'x-nowhere'])
      expect(await row(s.h.db, 'student_drug_allergies_xref', id)).toBeUndefined();
  });

  it("accepts references to its own school's rows, created before or earlier in the batch, and refuses moving one elsewhere", async () => {
    const ok = await push(nurseA, wsA, [
      visit('cv-a', s.d.studentA, s.d.schoolA, s.d.nurseA.id),
      allergy('alg-a', s.d.studentA, s.d.schoolA),
      classTime('ct-a', 'cv-a'),
      xref('x-a', 'alg-a'),
    ]);
    expect(ok.rejections).toEqual([]);
    expect(ok.applied).toBe(4);
    const later = await push(nurseA, wsA, [classTime('ct-a2', 'cv-a'), xref('x-a2', 'alg-a')]);
    expect(later).toMatchObject({ applied: 2, rejections: [] });
    const edits = await push(nurseA, wsA, [
      { table: 'class_time_missed', rowId: 'ct-a', op: 'UPSERT', columns: { clinic_visit_id: 'cv-b' } },
      { table: 'class_time_missed', rowId: 'ct-a', op: 'UPSERT', columns: { clinic_visit_id: 'cv-none' } },
      { table: 'class_time_missed', rowId: 'ct-a', op: 'UPSERT', columns: { minutes_missed: 30 } },
    ]);
    expect(edits.applied).toBe(1);
    const [elsewhere, nowhere] = edits.rejections;
    expect(elsewhere).toMatchObject({ rowId: 'ct-a', code: 'OUT_OF_SCOPE' });
    expect(shape(elsewhere, 'cv-b')).toEqual(shape(nowhere, 'cv-none'));
    expect(await row(s.h.db, 'class_time_missed', 'ct-a')).toMatchObject({
      clinic_visit_id: 'cv-a',
      minutes_missed: 30,
    });
  });
});
