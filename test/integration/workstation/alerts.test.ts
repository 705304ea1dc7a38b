import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { raiseLocalAlert } from '../../../src-main/workstation/alerts';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { localDate, zonedToUtc } from '../../../src-shared/time';
import {
  enrollAndSync,
  makeCore,
  PASSWORD,
  refusal,
  startDistrict,
  tempDir,
  TestClock,
  TZ,
  type District,
} from './support';
import { addAlertDefinitions } from './alerts-support';

/**
 * Feature 26 on the workstation, against a real district server on loopback and a real encrypted database: alerts
 * raised where their trigger happens (an EMERGENCY visit, an allergy override, a missed dose, an overdue
 * immunization), once per key; acknowledge, resolve and dismiss through the outbox (the next push carries them to
 * the server) and the local audit trail; emergency access reads but cannot act.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
const clock = new TestClock();
const logs: string[] = [];

const sqlite = () => core.internals.context()!.sqlite;
const outbox = (): number => core.internals.context()!.store.sync.countUnacked();
const rows = (code: string) =>
  sqlite()
    .prepare(
      `SELECT i.* FROM alert_instances i JOIN alert_definitions d ON d.id = i.alert_definition_id WHERE d.alert_code = ?`,
    )
    .all(code) as { id: string; alert_status: string; target_entity_id: string; alert_data: string }[];
const lastAudit = () =>
  sqlite()
    .prepare(
      `SELECT action, table_name, record_id, user_id, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`,
    )
    .get() as {
    action: string;
    table_name: string;
    record_id: string;
    user_id: string | null;
    details: string;
  };
const serverAlert = (id: string) =>
  d.h.db.selectFrom('alert_instances').selectAll().where('id', '=', id).executeTakeFirst();

beforeAll(async () => {
  d = await startDistrict();
  await addAlertDefinitions(d);
  // Kai's 10:00 dose (school time), never recorded
  await d.h.db
    .insertInto('student_medications')
    .values({
      id: uuidv7(),
      student_id: d.students.kai!,
      medication_id: d.meds.cetirizine,
      dose: '1 tablet',
      route: 'oral',
      schedule_times: JSON.stringify(['10:00']),
      is_prn: false,
      start_date: '2020-01-01',
      school_id: d.schoolId,
    })
    .execute();
  tmp = tempDir('wc-alerts-');
  core = await makeCore(tmp.dir, {
    now: clock.now,
    alertCheckIntervalMs: 0,
    alertStream: false,
    // the clock below moves by hours; inactivity must not lock the nurse out
    autoLockSeconds: 2 * 86_400,
    log: (l) => logs.push(l),
  });
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('checks after a pull', () => {
  const tmp2 = tempDir('wc-alerts-checks-');
  let core2: WorkstationCore | undefined;
  afterAll(async () => {
    await core2?.close();
    tmp2.dispose();
  });

  it('the first sync (definitions, schedules, doses) is checked at once, not a check period later', async () => {
    core2 = await makeCore(tmp2.dir, { alertCheckIntervalMs: 3_600_000, alertStream: false });
    await enrollAndSync(core2, d, d.nurse2.email);
    const ctx = core2.internals.context()!;
    const overdue = () =>
      (
        ctx.sqlite
          .prepare(
            `SELECT count(*) AS n FROM alert_instances i JOIN alert_definitions d ON d.id = i.alert_definition_id
             WHERE d.alert_code = 'IMMUNIZATION_OVERDUE'`,
          )
          .get() as { n: number }
      ).n;
    await vi.waitFor(() => expect(overdue()).toBe(10), { timeout: 10_000, interval: 20 });
  });
});

describe('an EMERGENCY visit', () => {
  it('raises EMERGENCY_HEALTH with the visit, in the same transaction, shown on Today and in the alerts', async () => {
    const before = outbox();
    const { visitId } = await core.call('clinicVisits.create', {
      studentId: d.students.noah!,
      arrivedAt: new Date(clock.now() - 5 * 60_000).toISOString(),
      reasonId: d.reasons.headache,
      triage: 'EMERGENCY',
      complaint: 'Fell from the climbing frame, unresponsive for a moment',
    });
    const id = alertInstanceId(alertKey.emergencyVisit(visitId));
    // the visit and its alert: two outbox rows
    expect(outbox()).toBe(before + 2);
    const list = await core.call('alerts.list', {});
    expect(list[0]).toMatchObject({
      id,
      code: 'EMERGENCY_HEALTH',
      priority: 'EMERGENCY',
      status: 'ACTIVE',
      studentId: d.students.noah,
      studentName: 'Noah Williams',
      message: 'EMERGENCY: Noah Williams - Fell from the climbing frame, unresponsive for a moment.',
      canDismiss: false,
    });
    const today = await core.call('today.get', {});
    expect(today.alerts.map((a) => a.id)).toContain(id);
    expect((await core.call('alerts.summary', {})).open).toBeGreaterThanOrEqual(1);
    // the push carries it to the district server
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    expect(await serverAlert(id)).toMatchObject({ alert_status: 'ACTIVE', school_id: d.schoolId });
  });

  it('a ROUTINE visit raises nothing', async () => {
    const n = rows('EMERGENCY_HEALTH').length;
    await core.call('clinicVisits.create', {
      studentId: d.students.zoe!,
      arrivedAt: new Date(clock.now() - 60_000).toISOString(),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Mild headache',
    });
    expect(rows('EMERGENCY_HEALTH')).toHaveLength(n);
  });
});

describe('one row per key', () => {
  it('raising the same key twice (here, or pulled from the server) writes one row', async () => {
    const ctx = core.internals.context()!;
    const nurse = { userId: d.nurse.id, name: 'Nora Nightingale', role: 'NURSE' as const, breakGlass: false };
    const key = alertKey.emergencyVisit('visit-raised-twice');
    const alert = {
      code: 'EMERGENCY_HEALTH',
      key,
      target: { type: 'STUDENT' as const, id: d.students.sam! },
      event: 'test',
      data: { student_name: 'Samuel Johnson' },
    };
    const before = outbox();
    expect(raiseLocalAlert(ctx, nurse, alert)).toEqual({ id: alertInstanceId(key), created: true });
    expect(raiseLocalAlert(ctx, nurse, alert)).toEqual({ id: alertInstanceId(key), created: false });
    expect(outbox()).toBe(before + 1);
    expect(rows('EMERGENCY_HEALTH').filter((r) => r.id === alertInstanceId(key))).toHaveLength(1);

    // raised on the server first (same key, same id): the pull brings it, a local raise adds nothing
    const serverKey = alertKey.emergencyVisit('visit-raised-on-the-server');
    const def = await d.h.db
      .selectFrom('alert_definitions')
      .select('id')
      .where('alert_code', '=', 'EMERGENCY_HEALTH')
      .executeTakeFirstOrThrow();
    await d.h.db
      .insertInto('alert_instances')
      .values({
        id: alertInstanceId(serverKey),
        alert_definition_id: def.id,
        target_entity_type: 'STUDENT',
        target_entity_id: d.students.sam!,
        alert_data: JSON.stringify({ student_name: 'Samuel Johnson' }),
        school_id: d.schoolId,
      })
      .execute();
    await core.call('sync.now', {});
    const pulled = outbox();
    expect(raiseLocalAlert(ctx, nurse, { ...alert, key: serverKey }).created).toBe(false);
    expect(outbox()).toBe(pulled);
  });

  it('a code the district has no definition for raises nothing, and says so in the log', () => {
    const ctx = core.internals.context()!;
    const r = raiseLocalAlert(
      ctx,
      { userId: null, name: 'x', role: null, breakGlass: false },
      {
        code: 'NO_SUCH_ALERT',
        key: 'NO_SUCH_ALERT:1',
        event: 'test',
        data: {},
      },
    );
    expect(r).toMatchObject({ id: null, created: false, reason: 'NO_DEFINITION' });
    expect(logs.some((l) => l.includes('NO_SUCH_ALERT') && l.includes('no active definition'))).toBe(true);
  });
});

describe('the workstation checks', () => {
  it('raises MEDICATION_MISSED once for a dose past its window, and Today and the MAR agree it is missed', async () => {
    // 11:30 school time: the 10:00 dose is past its window (60 minutes). The clock only moves
    // back (yesterday when it is not yet 11:30), so no later check sees a workstation from the future.
    const todayNow = localDate(Date.now(), TZ);
    const today =
      zonedToUtc(todayNow, '11:30', TZ) <= Date.now()
        ? todayNow
        : localDate(zonedToUtc(todayNow, '12:00', TZ) - 86_400_000, TZ);
    clock.offset = zonedToUtc(today, '11:30', TZ) - Date.now();
    try {
      const kai = (await core.call('today.get', {})).medsDue.find((m) => m.studentId === d.students.kai);
      expect(kai).toMatchObject({ status: 'MISSED' });
      const first = core.internals.runAlertChecks()!;
      expect(first.missedDoses).toBeGreaterThanOrEqual(1);
      const again = core.internals.runAlertChecks()!;
      expect(again.missedDoses).toBe(0);
      const missed = rows('MEDICATION_MISSED').filter((r) => r.target_entity_id === d.students.kai);
      expect(missed).toHaveLength(1);
      expect(missed[0]!.id).toBe(
        alertInstanceId(
          alertKey.missedDose(
            kai!.studentMedicationId,
            new Date(zonedToUtc(today, '10:00', TZ)).toISOString(),
          ),
        ),
      );
      // the message gives the dose's time as the school's clock shows it
      expect((await core.call('alerts.list', {})).find((a) => a.id === missed[0]!.id)?.message).toBe(
        'Kai Nakamura did not receive Cetirizine 10 mg tablet scheduled at 10:00 AM.',
      );
      // 10:45: overdue, not yet missed; nothing more raised
      clock.offset = zonedToUtc(today, '10:45', TZ) - Date.now();
      expect(
        (await core.call('today.get', {})).medsDue.find((m) => m.studentId === d.students.kai),
      ).toMatchObject({
        status: 'OVERDUE',
      });
    } finally {
      clock.offset = 0;
    }
  });

  it('raises IMMUNIZATION_OVERDUE once per student, vaccine and dose; a dismissable alert can be dismissed', async () => {
    core.internals.runAlertChecks();
    // every student lacks an MMR dose (Ana has one of two): one alert each, however often the check runs
    expect(rows('IMMUNIZATION_OVERDUE')).toHaveLength(10);
    expect(core.internals.runAlertChecks()!.immunizationsOverdue).toBe(0);
    expect(rows('IMMUNIZATION_OVERDUE')).toHaveLength(10);
    const list = await core.call('alerts.list', {});
    const ana = list.find((a) => a.code === 'IMMUNIZATION_OVERDUE' && a.studentId === d.students.ana);
    expect(ana).toMatchObject({ canDismiss: true, priority: 'MEDIUM' });
    expect(ana!.message).toMatch(/^Ana Diaz is overdue for MMR dose 2 \(due \d{4}-\d{2}-\d{2}\)\.$/);
    const dismissed = await core.call('alerts.dismiss', {
      id: ana!.id,
      reason: 'Record on paper, entering it',
    });
    expect(dismissed).toMatchObject({
      status: 'RESOLVED',
      resolutionNotes: 'Dismissed: Record on paper, entering it',
    });
    expect((await core.call('alerts.list', {})).some((a) => a.id === ana!.id)).toBe(false);
  });
});

describe('an allergy override', () => {
  it('raises CONTRAINDICATED_OVERRIDE for the dose given despite the warning', async () => {
    const { visitId } = await core.call('clinicVisits.create', {
      studentId: d.students.ana!,
      arrivedAt: new Date(clock.now() - 10 * 60_000).toISOString(),
      reasonId: d.reasons.fever,
      triage: 'URGENT',
      complaint: 'Ear infection, prescribed antibiotic',
      medications: [
        {
          medicationId: d.meds.amoxicillin,
          studentMedicationId: d.orders.anaAmoxicillin,
          dose: '250 mg',
          route: 'oral',
          givenAt: new Date(clock.now() - 5 * 60_000).toISOString(),
          safetyOverride: { reason: 'Prescriber confirmed tolerance after testing' },
        },
      ],
    });
    const adm = sqlite()
      .prepare(`SELECT id FROM medication_administrations WHERE clinic_visit_id = ?`)
      .get(visitId) as { id: string };
    const list = await core.call('alerts.list', {});
    expect(
      list.find((a) => a.id === alertInstanceId(alertKey.contraindicatedOverride(adm.id))),
    ).toMatchObject({
      code: 'CONTRAINDICATED_OVERRIDE',
      priority: 'CRITICAL',
      studentName: 'Ana Diaz',
    });
  });
});

describe('acknowledge and resolve', () => {
  it('go through the outbox (the push carries them to the server) and are audited', async () => {
    const emergency = (await core.call('alerts.list', {})).find((a) => a.code === 'EMERGENCY_HEALTH')!;
    const before = outbox();
    const acked = await core.call('alerts.acknowledge', { id: emergency.id });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'Nora Nightingale' });
    expect(outbox()).toBe(before + 1);
    expect(lastAudit()).toMatchObject({
      action: 'UPDATE',
      table_name: 'alert_instances',
      record_id: emergency.id,
    });
    expect(JSON.parse(lastAudit().details)).toMatchObject({ action: 'ACKNOWLEDGE' });
    // acknowledged today: still listed, after the open ones
    const list = await core.call('alerts.list', {});
    expect(list.find((a) => a.id === emergency.id)?.status).toBe('ACKNOWLEDGED');
    expect(list.at(-1)?.status).toBe('ACKNOWLEDGED');
    expect((await core.call('today.get', {})).alerts.some((a) => a.id === emergency.id)).toBe(false);

    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    expect(await serverAlert(emergency.id)).toMatchObject({
      alert_status: 'ACKNOWLEDGED',
      acknowledged_by: d.nurse.id,
    });

    expect(await refusal(core.call('alerts.resolve', { id: emergency.id, notes: '   ' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'notes',
    });
    const resolved = await core.call('alerts.resolve', {
      id: emergency.id,
      notes: 'EMS transported to Children’s; parent met the ambulance.',
    });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedBy: 'Nora Nightingale' });
    expect(JSON.parse(lastAudit().details)).toMatchObject({ action: 'RESOLVE' });
    await core.call('sync.now', {});
    expect(await serverAlert(emergency.id)).toMatchObject({
      alert_status: 'RESOLVED',
      resolved_by: d.nurse.id,
      resolution_notes: 'EMS transported to Children’s; parent met the ambulance.',
    });
    // opening one alert is audited as a view
    await core.call('alerts.get', { id: emergency.id });
    expect(lastAudit()).toMatchObject({
      action: 'VIEW',
      table_name: 'alert_instances',
      record_id: emergency.id,
    });
    // closed: no second resolve
    expect(await refusal(core.call('alerts.resolve', { id: emergency.id, notes: 'again' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'id',
    });
  });

  it('an alert the definition does not let a user dismiss cannot be dismissed', async () => {
    const missed = (await core.call('alerts.list', {})).find((a) => a.code === 'MEDICATION_MISSED')!;
    expect(await refusal(core.call('alerts.dismiss', { id: missed.id }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('an unknown alert is NOT_FOUND', async () => {
    expect(await refusal(core.call('alerts.acknowledge', { id: uuidv7() }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
  });

  it('emergency access (no clinical account) reads the alerts but cannot acknowledge, resolve or dismiss', async () => {
    const open = (await core.call('alerts.list', {})).find((a) => a.status === 'ACTIVE')!;
    await core.call('app.lock', {});
    await core.call('app.breakGlass', { reason: 'Anaphylaxis in room 12, need the alerts' });
    try {
      expect((await core.call('alerts.list', {})).length).toBeGreaterThan(0);
      for (const p of [
        core.call('alerts.acknowledge', { id: open.id }),
        core.call('alerts.resolve', { id: open.id, notes: 'not allowed' }),
        core.call('alerts.dismiss', { id: open.id }),
      ])
        expect(await refusal(p)).toMatchObject({ code: 'FORBIDDEN' });
      expect(rows(open.code).find((r) => r.id === open.id)?.alert_status).toBe('ACTIVE');
    } finally {
      await core.call('app.unlock', { password: PASSWORD });
    }
  });
});
