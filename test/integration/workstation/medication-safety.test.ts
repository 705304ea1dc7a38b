import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { loadSafetyReference } from '../../../src-main/workstation/medication-safety';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { localTime } from '../../../src-shared/time';
import { addAlertDefinitions } from './alerts-support';
import type { MedicationSafetyDataset } from '../../../src-shared/medication-safety';
import {
  enrollAndSync,
  makeCore,
  refusal,
  shippedDataset,
  startDistrict,
  tempDir,
  TZ,
  type District,
} from './support';

/**
 * Feature 48 on the workstation with a real district server (the shipped reference loaded by the server's loader
 * and pulled) and a real core: the check a nurse sees, and its enforcement before every administration (the MAR
 * and a visit's medication): contraindicated needs a physician's approval, major and allergy conflicts a reason,
 * moderate passes and is recorded, an unknown drug is acknowledged; an override is a row (audited, alerted,
 * synced up).
 */

let d: District;
let shipped: MedicationSafetyDataset;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
const meds: Record<string, string> = {};
const orders: Record<string, string> = {};

const sqlite = () => core.internals.context()!.sqlite;
const overrides = () =>
  sqlite()
    .prepare(
      `SELECT id, student_id, medication_administration_id, clinic_visit_id, highest_severity, reason,
              physician_name, physician_approved_at, reference_version, findings
         FROM medication_safety_overrides ORDER BY overridden_at, id`,
    )
    .all() as {
    id: string;
    student_id: string;
    medication_administration_id: string;
    clinic_visit_id: string | null;
    highest_severity: string;
    reason: string;
    physician_name: string | null;
    physician_approved_at: string | null;
    reference_version: string;
    findings: string;
  }[];
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  shipped = await shippedDataset();
  d = await startDistrict();
  await addAlertDefinitions(d);
  const db = d.h.db;
  const med = async (
    key: string,
    name: string,
    generic: string | null,
    rxnorm: string | null,
    otc: boolean,
  ) => {
    meds[key] = uuidv7();
    await db
      .insertInto('medications')
      .values({
        id: meds[key],
        name,
        generic_name: generic,
        rxnorm_code: rxnorm,
        is_otc: otc,
        route: 'oral',
      })
      .execute();
  };
  await med('sertraline', 'Sertraline 50 mg tablet', 'sertraline', '36437', false);
  await med('phenelzine', 'Phenelzine 15 mg tablet', 'phenelzine', '8123', false);
  await med('fluoxetine', 'Fluoxetine 20 mg capsule', 'fluoxetine', '4493', false);
  // no RxNorm code: matched by its generic name
  await med('dextromethorphan', 'Dextromethorphan 15 mg/5 mL syrup', 'dextromethorphan', null, true);
  await med('elderberry', 'Elderberry syrup', null, null, true);
  const now = localTime(Date.now(), TZ);
  const order = async (key: string, student: string, medication: string, where: 'SCHOOL' | 'HOME') => {
    orders[key] = uuidv7();
    await db
      .insertInto('student_medications')
      .values({
        id: orders[key],
        student_id: d.students[student]!,
        medication_id: meds[medication]!,
        dose: '1 tablet',
        route: 'oral',
        schedule_times: JSON.stringify(where === 'SCHOOL' ? [now] : []),
        is_prn: false,
        start_date: '2020-01-01',
        administration_location: where,
        school_id: d.schoolId,
      })
      .execute();
  };
  await order('kaiPhenelzine', 'kai', 'phenelzine', 'HOME');
  await order('kaiSertraline', 'kai', 'sertraline', 'SCHOOL');
  await order('lilyFluoxetine', 'lily', 'fluoxetine', 'HOME');
  await order('lilySertraline', 'lily', 'sertraline', 'SCHOOL');
  await order('noahSertraline', 'noah', 'sertraline', 'HOME');
  tmp = tempDir('wc-safety-');
  core = await makeCore(tmp.dir, { alertCheckIntervalMs: 0, alertStream: false });
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

const dueDose = async (orderId: string) => {
  const row = (await core.call('mar.today', {})).find((r) => r.studentMedicationId === orderId);
  if (!row) throw new Error(`no dose today for ${orderId}`);
  return row;
};

describe('medicationSafety.check', () => {
  it('shows a contraindicated interaction with a home medication, with its level, management and source; audited', async () => {
    const r = await core.call('medicationSafety.check', {
      studentId: d.students.kai!,
      medicationId: meds.dextromethorphan!,
    });
    expect(r).toMatchObject({
      drug: { name: 'Dextromethorphan' },
      requires: 'PHYSICIAN',
      highest: { severity: 'CONTRAINDICATED', displayName: 'Contraindicated', color: '#6A1B1B' },
      version: shipped.manifest.version,
    });
    const withPhenelzine = r.findings.find(
      (f) => f.with === 'Phenelzine 15 mg tablet 1 tablet (home medication)',
    );
    expect(withPhenelzine).toMatchObject({
      kind: 'INTERACTION',
      match: expect.stringMatching(/^(PAIR|CLASS_RULE)$/) as unknown,
      blocking: true,
      level: { severity: 'CONTRAINDICATED' },
    });
    expect(withPhenelzine!.management).toBeTruthy();
    expect(withPhenelzine!.source).toMatch(/Phansalkar/);
    expect(withPhenelzine!.level.guidance).toMatch(/physician/i);
    const last = sqlite()
      .prepare(`SELECT action, table_name, record_id, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
      .get() as { action: string; table_name: string; record_id: string; details: string };
    expect(last).toMatchObject({ action: 'VIEW', table_name: 'students', record_id: d.students.kai });
    expect(JSON.parse(last.details)).toMatchObject({
      what: 'medication_safety_check',
      highest: 'CONTRAINDICATED',
    });
  });

  it('does not compare an order with itself, and reads the reference once until it changes', async () => {
    const r = await core.call('medicationSafety.check', {
      studentId: d.students.noah!,
      medicationId: meds.sertraline!,
      studentMedicationId: orders.noahSertraline!,
    });
    expect(r).toMatchObject({ findings: [], requires: 'NONE' });
    const ctx = core.internals.context()!;
    expect(loadSafetyReference(ctx)).toBe(loadSafetyReference(ctx));
    expect(loadSafetyReference(ctx).reference.drugs.length).toBeGreaterThanOrEqual(shipped.drugs.length);
  });

  it('calls a drug not in the catalog unknown, never guessed', async () => {
    const r = await core.call('medicationSafety.check', {
      studentId: d.students.sam!,
      medicationId: meds.elderberry!,
    });
    expect(r).toMatchObject({ requires: 'ACKNOWLEDGE_UNKNOWN', findings: [], unknown: ['Elderberry syrup'] });
    expect(r.drug).toBeUndefined();
  });
});

describe('mar.record', () => {
  it('refuses a contraindicated dose without a physician’s approval, and records it with one (override, audit, alert)', async () => {
    const row = await dueDose(orders.kaiSertraline!);
    const give = (safetyOverride?: { reason?: string; physicianName?: string }) =>
      core.call('mar.record', {
        studentMedicationId: row.studentMedicationId,
        scheduledAt: row.scheduledAt,
        status: 'GIVEN',
        ...(safetyOverride ? { safetyOverride } : {}),
      });
    const none = await refusal(give());
    expect(none).toMatchObject({ code: 'SAFETY_OVERRIDE_REQUIRED', field: 'safetyOverride.physicianName' });
    expect(none.message).toMatch(/contraindicated interaction with Phenelzine/);
    expect(await refusal(give({ reason: 'Psychiatrist asked for it' }))).toMatchObject({
      field: 'safetyOverride.physicianName',
    });
    expect(await refusal(give({ physicianName: 'Dr. Amy Patel' }))).toMatchObject({
      field: 'safetyOverride.reason',
    });
    expect(overrides()).toEqual([]);
    const { id } = await give({
      reason: 'Phenelzine stopped last week, per parent',
      physicianName: 'Dr. Amy Patel',
    });
    const [o] = overrides();
    expect(o).toMatchObject({
      student_id: d.students.kai,
      medication_administration_id: id,
      clinic_visit_id: null,
      highest_severity: 'CONTRAINDICATED',
      reason: 'Phenelzine stopped last week, per parent',
      physician_name: 'Dr. Amy Patel',
      reference_version: shipped.manifest.version,
    });
    expect(o!.physician_approved_at).toBeTruthy();
    expect(JSON.parse(o!.findings)).toEqual([
      expect.objectContaining({ kind: 'INTERACTION', match: 'PAIR', severity: 'CONTRAINDICATED' }),
    ]);
    const audit = sqlite()
      .prepare(`SELECT action, details FROM local_audit_log WHERE table_name = ? AND record_id = ?`)
      .all('medication_safety_overrides', o!.id) as { action: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ physician_name: 'Dr. Amy Patel' });
    const alert = (await core.call('alerts.list', {})).find(
      (a) => a.id === alertInstanceId(alertKey.contraindicatedOverride(id)),
    );
    expect(alert).toMatchObject({
      code: 'CONTRAINDICATED_OVERRIDE',
      priority: 'CRITICAL',
      studentName: 'Kai Nakamura',
    });
    const notes = sqlite().prepare(`SELECT notes FROM medication_administrations WHERE id = ?`).get(id) as {
      notes: string;
    };
    expect(notes.notes).toMatch(/Safety override \(contraindicated: .*approved by Dr\. Amy Patel/);
  });

  it('a major interaction needs a reason (no physician), and is recorded as an override', async () => {
    const row = await dueDose(orders.lilySertraline!);
    const args = {
      studentMedicationId: row.studentMedicationId,
      scheduledAt: row.scheduledAt,
      status: 'GIVEN' as const,
    };
    const e = await refusal(core.call('mar.record', args));
    expect(e).toMatchObject({ code: 'SAFETY_OVERRIDE_REQUIRED', field: 'safetyOverride.reason' });
    expect(e.message).toMatch(/major interaction with Fluoxetine/);
    const { id } = await core.call('mar.record', {
      ...args,
      safetyOverride: { reason: 'Cross-taper ordered by the psychiatrist' },
    });
    expect(overrides().find((o) => o.medication_administration_id === id)).toMatchObject({
      highest_severity: 'MAJOR',
      physician_name: null,
      physician_approved_at: null,
    });
  });
});

describe('a visit’s medication', () => {
  const visit = (student: string, medicationId: string, safetyOverride?: object) =>
    core.call('clinicVisits.create', {
      studentId: d.students[student]!,
      arrivedAt: ago(20 * 60_000),
      reasonText: 'Cough',
      triage: 'ROUTINE',
      complaint: 'Cough since this morning',
      medications: [
        {
          medicationId,
          dose: '5 mL',
          route: 'oral',
          givenAt: ago(10 * 60_000),
          ...(safetyOverride ? { safetyOverride } : {}),
        },
      ],
    });

  it('a moderate interaction is shown and recorded, and does not stop the dose', async () => {
    const before = overrides().length;
    const { visitId } = await visit('noah', d.meds.ibuprofen);
    expect(overrides()).toHaveLength(before);
    const adm = sqlite()
      .prepare(`SELECT id FROM medication_administrations WHERE clinic_visit_id = ?`)
      .get(visitId) as { id: string };
    const audit = sqlite()
      .prepare(`SELECT details FROM local_audit_log WHERE action = 'CREATE' AND record_id = ?`)
      .get(adm.id) as { details: string };
    expect((JSON.parse(audit.details) as { safety_check: unknown }).safety_check).toMatchObject({
      highest: 'MODERATE',
      findings: [
        expect.objectContaining({
          kind: expect.stringMatching(/^(PAIR|CLASS_RULE)$/) as unknown,
          severity: 'MODERATE',
          other: orders.noahSertraline,
        }),
      ],
    });
  });

  it('an unknown drug must be acknowledged as unchecked', async () => {
    const e = await refusal(visit('sam', meds.elderberry!));
    expect(e).toMatchObject({
      code: 'SAFETY_OVERRIDE_REQUIRED',
      field: 'medications.0.safetyOverride.acknowledgeUnknown',
    });
    expect(e.message).toMatch(/not in the drug catalog/);
    await visit('sam', meds.elderberry!, { acknowledgeUnknown: true });
  });

  it('a contraindicated stock medication needs the physician, and saves the override with the visit', async () => {
    const e = await refusal(visit('kai', meds.dextromethorphan!, { reason: 'Severe cough, parent asked' }));
    expect(e).toMatchObject({
      code: 'SAFETY_OVERRIDE_REQUIRED',
      field: 'medications.0.safetyOverride.physicianName',
    });
    const { visitId } = await visit('kai', meds.dextromethorphan!, {
      reason: 'Severe cough, parent asked',
      physicianName: 'Dr. Lee',
    });
    expect(overrides().find((o) => o.clinic_visit_id === visitId)).toMatchObject({
      highest_severity: 'CONTRAINDICATED',
      physician_name: 'Dr. Lee',
    });
  });
});

describe('sync', () => {
  it('pushes the overrides to the district server', async () => {
    const local = overrides().map((o) => o.id);
    expect(local).toHaveLength(3);
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    const server = await d.h.db
      .selectFrom('medication_safety_overrides')
      .select(['id', 'highest_severity', 'physician_name'])
      .execute();
    expect(server.map((r) => r.id).sort()).toEqual([...local].sort());
  });
});
