import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { enrollAndSync, makeCore, startDistrict, tempDir, type District } from '../workstation/support';

/**
 * Two workstations of one school amend the same visit's same field offline, with different values: the district
 * server keeps the later value and records the other as a conflict to review (sync_conflicts); neither amendment row
 * is lost (both histories reach the server and both workstations), and the nurse resolves it with a reason.
 */

let d: District;
let a: WorkstationCore;
let b: WorkstationCore;
const dirA = tempDir('wc-amend-a-');
const dirB = tempDir('wc-amend-b-');

beforeAll(async () => {
  d = await startDistrict();
  // a loaded CI machine can take seconds per request: a timed-out push leaves its reply unknown (and its retry, a
  // later conflict), so these two cores wait longer than the default 3 s
  a = await makeCore(dirA.dir, { remoteTimeoutMs: 20_000 });
  await enrollAndSync(a, d);
  b = await makeCore(dirB.dir, { remoteTimeoutMs: 20_000 });
  await enrollAndSync(b, d, d.nurse2.email);
}, 180_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await d?.close();
  dirA.dispose();
  dirB.dispose();
});

describe('a conflicting amendment of the same visit from two workstations', () => {
  it('is a conflict to review, never lost', async () => {
    const { visitId } = await a.call('clinicVisits.create', {
      studentId: d.students.noah!,
      arrivedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      reasonId: d.reasons.fever,
      triage: 'ROUTINE',
      complaint: 'Feels warm',
      vitals: { heartRate: 100 },
    });
    expect((await a.call('sync.now', {})).lastError).toBeUndefined();
    expect((await b.call('sync.now', {})).lastError).toBeUndefined();
    expect((await b.call('clinicVisits.get', { visitId })).vitals.heartRate).toBe(100);

    // both amend the heart rate offline; B's amendment is the later one and syncs first
    const first = await a.call('clinicVisits.amend', {
      visitId,
      changes: { heartRate: 104 },
      reason: 'Recounted over a full minute',
    });
    await new Promise((r) => setTimeout(r, 5));
    const second = await b.call('clinicVisits.amend', {
      visitId,
      changes: { heartRate: 98 },
      reason: 'Pulse oximeter reading after rest',
    });
    expect((await b.call('sync.now', {})).lastError).toBeUndefined();
    const s = await a.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    expect(s.conflicts).toBeGreaterThanOrEqual(1);

    // the engine keeps every value B's later write replaced (A's amendment, and the value A saved the visit with)
    const all = await a.call('sync.conflicts', {});
    expect(
      all.every((x) => x.table === 'clinic_visits' && x.rowId === visitId && x.column === 'heart_rate'),
    ).toBe(true);
    const c = all.find((x) => x.yours === 104);
    expect(c).toMatchObject({
      table: 'clinic_visits',
      rowId: visitId,
      column: 'heart_rate',
      type: 'FIELD_LWW',
      label: 'Clinic visit heart rate of Noah Williams',
      yours: 104,
      theirs: 98,
      yoursWon: false,
    });
    const server = await d.h.db
      .selectFrom('sync_conflicts')
      .selectAll()
      .where('row_id', '=', visitId)
      .execute();
    expect(server.length).toBe(all.length);

    // both amendments are kept: on the server and, after a pull, on each workstation's history
    const rows = await d.h.db
      .selectFrom('clinic_visit_amendments')
      .select('id')
      .where('clinic_visit_id', '=', visitId)
      .execute();
    expect(rows.map((r) => r.id).sort()).toEqual([first.amendmentId, second.amendmentId].sort());
    expect((await b.call('sync.now', {})).lastError).toBeUndefined();
    for (const core of [a, b]) {
      const v = await core.call('clinicVisits.get', { visitId });
      expect(v.vitals.heartRate).toBe(98);
      expect(v.amendments.map((x) => x.reason).sort()).toEqual([
        'Pulse oximeter reading after rest',
        'Recounted over a full minute',
      ]);
    }

    // the nurse reviews it and applies her value, with a reason
    await a.call('sync.resolveConflict', {
      id: c!.id,
      choice: 'APPLY_OTHER',
      reason: 'I counted it myself over a full minute',
    });
    for (const other of all.filter((x) => x.id !== c!.id))
      await a.call('sync.resolveConflict', {
        id: other.id,
        choice: 'KEEP_SERVER',
        reason: 'Superseded by my amendment',
      });
    expect((await a.call('sync.now', {})).lastError).toBeUndefined();
    expect(await a.call('sync.conflicts', {})).toEqual([]);
    const after = await d.h.db
      .selectFrom('clinic_visits')
      .select('heart_rate')
      .where('id', '=', visitId)
      .executeTakeFirst();
    expect(after?.heart_rate).toBe(104);
  });
});
