import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { ALERT_DEFINITIONS } from '../../../src-shared/alerts';
import { localTime } from '../../../src-shared/time';
import { enrollAndSync, makeCore, refusal, startDistrict, tempDir, TZ, type District } from './support';

/**
 * The MAR with the five rights on a real core synced from a real district server: the dose and time given
 * (defaults, implausible dose and future time refused by field), the timing, a repeat within the order's interval
 * refused unless confirmed as a PRN repeat with a reason; corrections and voids (never deleted, history, a reason
 * required); a controlled medication's stock (a given dose takes its units, a void gives them back, a witness for a
 * waste and a count, a count that does not reconcile raises CONTROLLED_COUNT_DISCREPANCY).
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
let med = '';
let order = '';
const nowSlot = localTime(Date.now(), TZ);
const laterSlot = localTime(Date.now() + 60 * 60_000, TZ);

const sqlite = () => core.internals.context()!.sqlite;
const row = async (time: string) => {
  const r = (await core.call('mar.today', {})).find(
    (x) => x.studentMedicationId === order && localTime(Date.parse(x.scheduledAt), TZ) === time,
  );
  if (!r) throw new Error(`no dose at ${time}`);
  return r;
};
const balance = async () =>
  (await core.call('mar.stock', {})).medications.find((m) => m.medicationId === med)!;

beforeAll(async () => {
  d = await startDistrict();
  const def = ALERT_DEFINITIONS.find((x) => x.code === 'CONTROLLED_COUNT_DISCREPANCY')!;
  await d.h.db
    .insertInto('alert_definitions')
    .values({
      id: uuidv7(),
      alert_code: def.code,
      alert_name: def.name,
      alert_category: def.category,
      priority_level: def.priority,
      alert_conditions: JSON.stringify(def.conditions),
      delivery_channels: JSON.stringify(def.channels),
      message_template: def.template,
      can_user_dismiss: def.dismiss,
      require_acknowledgment: def.ack,
    })
    .execute();
  med = uuidv7();
  await d.h.db
    .insertInto('medications')
    .values({
      id: med,
      name: 'Methylphenidate 5 mg tablet',
      generic_name: 'methylphenidate',
      strength: '5 mg',
      is_controlled: true,
      controlled_schedule: 'II',
      route: 'oral',
    })
    .execute();
  order = uuidv7();
  await d.h.db
    .insertInto('student_medications')
    .values({
      id: order,
      student_id: d.students.sam!,
      medication_id: med,
      dose: '10 mg',
      route: 'oral',
      frequency: 'every 4 hours',
      schedule_times: JSON.stringify([nowSlot, laterSlot]),
      is_prn: false,
      start_date: '2020-01-01',
      school_id: d.schoolId,
    })
    .execute();
  tmp = tempDir('wc-mar-');
  core = await makeCore(tmp.dir, { alertCheckIntervalMs: 0, alertStream: false });
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('the five rights on mar.record', () => {
  it('receives stock without a witness', async () => {
    const r = await core.call('mar.stockRecord', { medicationId: med, kind: 'RECEIVED', quantity: 30 });
    expect(r).toMatchObject({ balance: 30, discrepancy: false });
  });

  it('refuses an implausible dose and a time in the future, naming the field', async () => {
    const dose = await row(nowSlot);
    const big = await refusal(
      core.call('mar.record', {
        studentMedicationId: order,
        scheduledAt: dose.scheduledAt,
        status: 'GIVEN',
        doseGiven: '100 mg',
      }),
    );
    expect([big.field, big.message]).toEqual([
      'doseGiven',
      'doseGiven: more than 0 and at most the ordered 10 mg',
    ]);
    const unit = await refusal(
      core.call('mar.record', {
        studentMedicationId: order,
        scheduledAt: dose.scheduledAt,
        status: 'GIVEN',
        doseGiven: '10 mL',
      }),
    );
    expect(unit.field).toBe('doseGiven');
    const future = await refusal(
      core.call('mar.record', {
        studentMedicationId: order,
        scheduledAt: dose.scheduledAt,
        status: 'GIVEN',
        givenAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      }),
    );
    expect(future.field).toBe('givenAt');
    expect(sqlite().prepare(`SELECT count(*) AS n FROM medication_administrations`).get()).toEqual({ n: 0 });
  });

  it('records the ordered dose now by default, on time, and takes its unit doses from stock', async () => {
    const dose = await row(nowSlot);
    const r = await core.call('mar.record', {
      studentMedicationId: order,
      scheduledAt: dose.scheduledAt,
      status: 'GIVEN',
    });
    expect(r.timing).toBe('ON_TIME');
    expect(await row(nowSlot)).toMatchObject({
      status: 'GIVEN',
      doseGiven: '10 mg',
      timing: 'ON_TIME',
      voided: false,
    });
    expect((await balance()).balance).toBe(28);
    const audit = sqlite()
      .prepare(
        `SELECT details FROM local_audit_log WHERE table_name = 'medication_administrations' AND record_id = ?`,
      )
      .get(r.id) as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ dose_given: '10 mg', timing: 'ON_TIME' });
  });

  it('refuses a second dose within the interval unless confirmed as a PRN repeat with a reason', async () => {
    const dose = await row(laterSlot);
    const e = await refusal(
      core.call('mar.record', { studentMedicationId: order, scheduledAt: dose.scheduledAt, status: 'GIVEN' }),
    );
    expect(e.code).toBe('DUPLICATE');
    expect(e.field).toBe('prnRepeatReason');
    expect(e.message).toMatch(/already given today at .* within its interval of 240 minutes/);
    const r = await core.call('mar.record', {
      studentMedicationId: order,
      scheduledAt: dose.scheduledAt,
      status: 'GIVEN',
      doseGiven: '5 mg',
      prnRepeatReason: 'Physician asked for a half dose before the field trip',
    });
    expect(r.timing).toBe('EARLY');
    expect((await row(laterSlot)).note).toMatch(/^PRN repeat .*: Physician asked/);
    expect((await balance()).balance).toBe(27);
  });
});

describe('corrections and voids', () => {
  it('refuses a correction without a reason, and an implausible corrected dose', async () => {
    const dose = await row(nowSlot);
    const e = await refusal(
      core.call('mar.correct', { administrationId: dose.administrationId!, doseGiven: '5 mg', reason: ' ' }),
    );
    expect(e.field).toBe('reason');
    const big = await refusal(
      core.call('mar.correct', {
        administrationId: dose.administrationId!,
        doseGiven: '50 mg',
        reason: 'typo',
      }),
    );
    expect(big.field).toBe('doseGiven');
  });

  it('corrects the dose with a reason: the dose updated, the stock adjusted, the history kept', async () => {
    const dose = await row(nowSlot);
    await core.call('mar.correct', {
      administrationId: dose.administrationId!,
      doseGiven: '5 mg',
      reason: 'Only one tablet was given; entered the ordered dose by mistake',
    });
    expect(await row(nowSlot)).toMatchObject({ doseGiven: '5 mg', corrections: 1 });
    expect((await balance()).balance).toBe(28);
    const h = await core.call('mar.history', { administrationId: dose.administrationId! });
    expect(h.corrections).toEqual([
      expect.objectContaining({ kind: 'CORRECTION', changes: { doseGiven: ['10 mg', '5 mg'] } }),
    ]);
  });

  it('voids a dose with a reason: kept, shown voided, its units back, recordable again', async () => {
    const dose = await row(laterSlot);
    await core.call('mar.void', {
      administrationId: dose.administrationId!,
      reason: 'Recorded for the wrong student',
    });
    expect(
      sqlite()
        .prepare(`SELECT voided_at IS NOT NULL AS v, deleted_at FROM medication_administrations WHERE id = ?`)
        .get(dose.administrationId),
    ).toEqual({ v: 1, deleted_at: null });
    expect((await balance()).balance).toBe(29);
    const again = await refusal(
      core.call('mar.void', { administrationId: dose.administrationId!, reason: 'again' }),
    );
    expect(again.code).toBe('DUPLICATE');
    const h = await core.call('mar.history', { administrationId: dose.administrationId! });
    expect(h).toMatchObject({
      voided: true,
      corrections: [{ kind: 'VOID', reason: 'Recorded for the wrong student' }],
    });
    // the voided dose no longer counts as a repeat: the slot is recorded again (a repeat of the first dose still)
    const r = await core.call('mar.record', {
      studentMedicationId: order,
      scheduledAt: dose.scheduledAt,
      status: 'REFUSED',
      note: 'Student declined',
    });
    expect(r.id).not.toBe(dose.administrationId);
    expect(await row(laterSlot)).toMatchObject({ status: 'REFUSED', voided: false });
  });
});

describe('the chart shows the history of doses', () => {
  it('lists the doses newest first, a page at a time, each with its corrections and void', async () => {
    const studentId = d.students.sam!;
    const views = () =>
      (
        sqlite()
          .prepare(
            `SELECT count(*) AS n FROM local_audit_log WHERE action = 'VIEW' AND table_name = 'medication_administrations'`,
          )
          .get() as { n: number }
      ).n;
    const seen = views();
    const all = await core.call('mar.studentDoses', { studentId, limit: 100 });
    expect(views()).toBe(seen + 1);
    const n = sqlite()
      .prepare(
        `SELECT count(*) AS n FROM medication_administrations WHERE student_id = ? AND deleted_at IS NULL`,
      )
      .get(studentId) as { n: number };
    expect(n.n).toBeGreaterThanOrEqual(3);
    expect(all.total).toBe(n.n);
    expect(all.doses).toHaveLength(n.n);
    const times = all.doses.map((x) => x.at ?? '');
    expect(times).toEqual([...times].sort().reverse());
    const now = (await row(nowSlot)).administrationId;
    const corrected = all.doses.find((x) => x.administrationId === now);
    expect(corrected).toMatchObject({
      medication: 'Methylphenidate 5 mg tablet',
      doseGiven: '5 mg',
      voided: false,
      stock: false,
      by: 'Nora Nightingale',
      corrections: [
        {
          kind: 'CORRECTION',
          by: 'Nora Nightingale',
          reason: 'Only one tablet was given; entered the ordered dose by mistake',
          changes: { doseGiven: ['10 mg', '5 mg'] },
        },
      ],
    });
    const voided = all.doses.filter((x) => x.voided);
    expect(voided).toHaveLength(1);
    expect(voided[0]!.corrections).toEqual([
      expect.objectContaining({ kind: 'VOID', reason: 'Recorded for the wrong student' }),
    ]);
    const ids = (r: { doses: { administrationId: string }[] }) => r.doses.map((x) => x.administrationId);
    const p1 = await core.call('mar.studentDoses', { studentId, offset: 0, limit: 2 });
    const p2 = await core.call('mar.studentDoses', { studentId, offset: 2, limit: 2 });
    expect([...ids(p1), ...ids(p2)]).toEqual(ids(all).slice(0, 4));
    expect(p2).toMatchObject({ total: all.total, offset: 2 });
    expect(await refusal(core.call('mar.studentDoses', { studentId: uuidv7() }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'studentId',
    });
    expect(await refusal(core.call('mar.studentDoses', { studentId, limit: 1000 }))).toMatchObject({
      code: 'VALIDATION',
      field: 'limit',
    });
  });
});

describe('controlled-substance counts', () => {
  it('needs a witness for a waste and a count, and refuses a waste larger than the stock', async () => {
    const e = await refusal(core.call('mar.stockRecord', { medicationId: med, kind: 'WASTED', quantity: 1 }));
    expect(e.field).toBe('witnessUserId');
    const self = await refusal(
      core.call('mar.stockRecord', {
        medicationId: med,
        kind: 'COUNT',
        quantity: 29,
        witnessUserId: d.nurse.id,
      }),
    );
    expect(self.field).toBe('witnessUserId');
    const over = await refusal(
      core.call('mar.stockRecord', {
        medicationId: med,
        kind: 'WASTED',
        quantity: 40,
        witnessUserId: d.nurse2.id,
      }),
    );
    expect([over.field, over.message]).toEqual(['quantity', 'quantity: at most the 29 unit doses in stock']);
  });

  it('a count that reconciles raises nothing; one that does not raises CONTROLLED_COUNT_DISCREPANCY', async () => {
    const ok = await core.call('mar.stockRecord', {
      medicationId: med,
      kind: 'COUNT',
      quantity: 29,
      witnessUserId: d.nurse2.id,
    });
    expect(ok).toMatchObject({ balance: 29, discrepancy: false });
    const bad = await core.call('mar.stockRecord', {
      medicationId: med,
      kind: 'COUNT',
      quantity: 27,
      witnessUserId: d.nurse2.id,
      note: 'Two tablets short',
    });
    expect(bad).toMatchObject({ balance: 27, discrepancy: true });
    const alerts = await core.call('alerts.list', {});
    const a = alerts.find((x) => x.code === 'CONTROLLED_COUNT_DISCREPANCY');
    expect(a?.message).toMatch(/^Count of Methylphenidate 5 mg tablet at .* is 27, expected 29\.$/);
    const stock = await balance();
    expect(stock).toMatchObject({ balance: 27, discrepancy: true, schedule: 'II' });
    expect(stock.entries[0]).toMatchObject({ kind: 'COUNT', quantity: 27, expected: 29 });
    expect(stock.entries.map((x) => x.kind)).toEqual([
      'COUNT',
      'COUNT',
      'VOIDED',
      'VOIDED',
      'GIVEN',
      'GIVEN',
      'RECEIVED',
    ]);
  });
});
