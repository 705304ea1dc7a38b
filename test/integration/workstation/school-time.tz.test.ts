import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { formatTime, setDisplayTimeZone } from '../../../src-renderer/lib/format';
import { doseWindow } from '../../../src-shared/mar';
import {
  enrollAndSync,
  makeCore,
  PASSWORD,
  refusal,
  startDistrict,
  tempDir,
  TZ,
  type District,
} from './support';

/**
 * The school's time zone governs every time the nurse sees and prints. This file runs in the vitest project
 * "school-time-zone": the process is in Asia/Tokyo while the school (support.ts) is in America/New_York. An insulin
 * order "at 11:30" is due at 11:30 school time, shows as 11:30 AM, and the excuse note prints the school's times.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
let insulin: string;
/** The workstation's clock: real time for enrollment and sync, then a fixed instant the test chooses. */
let fixed: number | null = null;
const at = (iso: string): void => {
  fixed = Date.parse(iso);
};

beforeAll(async () => {
  d = await startDistrict();
  const insulinDrug = uuidv7();
  await d.h.db
    .insertInto('medications')
    .values({ id: insulinDrug, name: 'Insulin lispro 100 units/mL', drug_class: 'INSULIN', is_otc: false })
    .execute();
  insulin = uuidv7();
  await d.h.db
    .insertInto('student_medications')
    .values({
      id: insulin,
      student_id: d.students.kai!,
      medication_id: insulinDrug,
      dose: '4 units',
      route: 'subcutaneous',
      schedule_times: JSON.stringify(['11:30']),
      is_prn: false,
      start_date: '2020-01-01',
      school_id: d.schoolId,
    })
    .execute();
  tmp = tempDir('wc-tz-');
  core = await makeCore(tmp.dir, { now: () => fixed ?? Date.now() });
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

const insulinDue = async () =>
  (await core.call('today.get', {})).medsDue.find((m) => m.studentMedicationId === insulin);

describe('school time zone (process in Asia/Tokyo, school in America/New_York)', () => {
  it('runs with the computer in another zone than the school', async () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('Asia/Tokyo');
    expect(TZ).toBe('America/New_York');
    expect((await core.call('app.status', {})).schoolTimeZone).toBe(TZ);
  });

  it("never tells the UI the computer's zone as the school's, even before the school's row is pulled", async () => {
    const t2 = tempDir('wc-tz-first-');
    const fresh = await makeCore(t2.dir);
    try {
      await fresh.call('app.enroll', {
        serverUrl: d.url,
        enrollmentCode: await d.enrollmentCode(),
        email: d.nurse.email,
        password: PASSWORD,
      });
      // the first pull runs in the background: until it brings the school's row, status names no zone at all
      // (the UI keeps its own), never the computer's Asia/Tokyo standing in for the school's
      const before = (await fresh.call('app.status', {})).schoolTimeZone;
      expect([undefined, TZ]).toContain(before);
      expect((await fresh.call('sync.now', {})).lastError).toBeUndefined();
      expect((await fresh.call('app.status', {})).schoolTimeZone).toBe(TZ);
    } finally {
      await fresh.close();
      t2.dispose();
    }
  });

  it('schedules the 11:30 dose at 11:30 school time (winter and summer) on the MAR', async () => {
    at('2026-01-15T16:00:00Z'); // 11:00 AM in New York (EST)
    const winter = (await core.call('mar.today', {})).find((r) => r.studentMedicationId === insulin);
    expect(winter).toMatchObject({ scheduledAt: '2026-01-15T16:30:00.000Z', status: 'SCHEDULED' });
    at('2026-07-15T15:00:00Z'); // 11:00 AM in New York (EDT)
    const summer = (await core.call('mar.today', {})).find((r) => r.studentMedicationId === insulin);
    expect(summer).toMatchObject({ scheduledAt: '2026-07-15T15:30:00.000Z', status: 'SCHEDULED' });
    // shown as the nurse wrote it, in the school's zone
    setDisplayTimeZone((await core.call('app.status', {})).schoolTimeZone);
    expect(formatTime(winter!.scheduledAt)).toBe('11:30 AM');
    expect(formatTime(summer!.scheduledAt)).toBe('11:30 AM');
  });

  it('lists the dose on Today as due from 11:00, overdue after 12:00 and missed after 12:30, school time', async () => {
    at('2026-01-15T15:59:00Z'); // 10:59 AM: not yet
    expect(await insulinDue()).toBeUndefined();
    at('2026-01-15T16:00:00Z'); // 11:00 AM
    expect(await insulinDue()).toMatchObject({ dueAt: '2026-01-15T16:30:00.000Z', status: 'DUE' });
    at('2026-01-15T17:00:00Z'); // 12:00 PM: 30 minutes late, still due
    expect(await insulinDue()).toMatchObject({ status: 'DUE' });
    at('2026-01-15T17:01:00Z'); // 12:01 PM
    expect(await insulinDue()).toMatchObject({ status: 'OVERDUE' });
    at('2026-01-15T17:30:00Z'); // 12:30 PM
    expect(await insulinDue()).toMatchObject({ status: 'OVERDUE' });
    at('2026-01-15T17:31:00Z'); // 12:31 PM
    expect(await insulinDue()).toMatchObject({ status: 'MISSED' });
    // 8 PM in New York is the next day in Tokyo: still the school's Jan 15, the dose still missed
    at('2026-01-16T01:00:00Z');
    const t = await core.call('today.get', {});
    expect(t.date).toBe('2026-01-15');
    expect(t.medsDue.find((m) => m.studentMedicationId === insulin)).toMatchObject({
      dueAt: '2026-01-15T16:30:00.000Z',
      status: 'MISSED',
    });
  });

  it("lists on Today exactly the MAR's doses not recorded whose window has opened, in the MAR's order", async () => {
    for (const iso of [
      '2026-01-15T13:00:00Z',
      '2026-01-15T16:10:00Z',
      '2026-01-15T17:20:00Z',
      '2026-01-15T23:00:00Z',
    ]) {
      at(iso);
      const mar = await core.call('mar.today', {});
      const expected = mar
        .filter(
          (r) =>
            r.status === 'SCHEDULED' && doseWindow(Date.parse(r.scheduledAt), Date.parse(iso)) !== 'UPCOMING',
        )
        .map((r) => ({
          studentMedicationId: r.studentMedicationId,
          studentId: r.studentId,
          studentName: r.studentName,
          medication: r.medication,
          dose: r.dose,
          route: r.route,
          dueAt: r.scheduledAt,
          status: doseWindow(Date.parse(r.scheduledAt), Date.parse(iso)),
        }));
      expect((await core.call('today.get', {})).medsDue, iso).toEqual(expected);
    }
    // the instants chosen see the insulin dose upcoming, due, overdue and missed: the comparison covers each
    at('2026-01-15T17:20:00Z');
    expect(await insulinDue()).toMatchObject({ status: 'OVERDUE' });
  });

  it('lists an evening visit on the school’s day and prints its times on the excuse note', async () => {
    at('2026-01-16T01:30:00Z'); // Jan 15, 8:30 PM at the school (Jan 16 in Tokyo)
    const { visitId } = await core.call('clinicVisits.create', {
      idempotencyKey: 'tz-visit-0001',
      studentId: d.students.kai!,
      arrivedAt: '2026-01-15T19:45:00.000Z', // 2:45 PM at the school
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Headache after lunch',
      returnedToClassAt: '2026-01-15T20:15:00.000Z', // 3:15 PM
      classTimeMissed: { period: '6', subject: 'Science', minutes: 30 },
    });
    const t = await core.call('today.get', {});
    expect(t.visits.find((v) => v.visitId === visitId)).toMatchObject({
      arrivedAt: '2026-01-15T19:45:00.000Z',
      returnedToClassAt: '2026-01-15T20:15:00.000Z',
    });
    const note = await core.call('clinicVisits.excuseNote', { visitId });
    expect(note.html).toContain('Was seen in the health office on Jan 15, 2026 from 2:45 PM to 3:15 PM.');
    expect(note.html).not.toMatch(/\b14:45\b|\b15:15\b|2026-01-1[56]/);
  });

  it('prints "at" when the student left the same minute, and "from" while still in the clinic', async () => {
    at('2026-01-15T21:00:00Z');
    const quick = await core.call('clinicVisits.create', {
      idempotencyKey: 'tz-visit-0002',
      studentId: d.students.lily!,
      arrivedAt: '2026-01-15T13:05:00.000Z', // 8:05 AM
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Bumped head, ice pack',
      returnedToClassAt: '2026-01-15T13:05:30.000Z',
    });
    expect((await core.call('clinicVisits.excuseNote', quick)).html).toContain(
      'Was seen in the health office on Jan 15, 2026 at 8:05 AM. The student returned to class.',
    );
    const staying = await core.call('clinicVisits.create', {
      idempotencyKey: 'tz-visit-0003',
      studentId: d.students.noah!,
      arrivedAt: '2026-01-15T20:50:00.000Z', // 3:50 PM
      reasonId: d.reasons.fever,
      triage: 'URGENT',
      complaint: 'Fever',
    });
    expect((await core.call('clinicVisits.excuseNote', staying)).html).toContain(
      'Was seen in the health office on Jan 15, 2026 from 3:50 PM.',
    );
  });

  it('names a dose time in the school’s 12-hour clock when refusing it', async () => {
    at('2026-01-15T16:00:00Z');
    const e = await refusal(
      core.call('mar.record', {
        studentMedicationId: insulin,
        scheduledAt: '2026-01-15T15:30:00.000Z', // 10:30 AM at the school: not a time of the order
        status: 'MISSED',
        note: 'x',
      }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'scheduledAt' });
    expect(e.message).toContain('the order has no dose at 10:30 AM');
  });
});
