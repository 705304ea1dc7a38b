import type Database from 'better-sqlite3-multiple-ciphers';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { ipcContract } from '../../src-shared/ipc/contract';
import { localDate, zonedToUtc } from '../../src-shared/time';
import type { Actor, WorkstationContext } from '../../src-main/workstation/context';
import { recordDose } from '../../src-main/workstation/mar/write';
import {
  decideSafety,
  medicationSafetyHandlers,
  requireMedication,
} from '../../src-main/workstation/medication-safety';
import type { Measurement } from './registry';

/**
 * The workstation bench's medication-safety lines (feature 48): `runs` students with 5 active orders each (one of
 * them scheduled at 00:00 school time, the dose the MAR line gives), a drug allergy for some; then
 * - medicationSafety.check for a student with 5 active orders (the handler: reference cached, input read, rules,
 *   the audited read; and the same without its audit row) against the raw limit of the same reads (plain prepared SELECTs of allergies, orders and the
 *   last 24 hours' doses, no rules);
 * - mar.record GIVEN with its check in the save path, against the raw limit of the same write (the administration
 *   and its outbox row in one transaction, no checks, no audit).
 */

const FORMULARY = [
  'Sertraline 50 mg tablet|sertraline|36437',
  'Methylphenidate 10 mg tablet|methylphenidate|6901',
  'Albuterol HFA inhaler|albuterol|435',
  'Cetirizine 10 mg tablet|cetirizine|20610',
  'Guanfacine ER 1 mg tablet|guanfacine|40114',
] as const;

export interface SafetyBenchSetup {
  readonly students: readonly { readonly id: string; readonly dose: string; readonly sertraline: string }[];
  readonly ibuprofen: string;
  /** every order the setup wrote (5 per student) */
  readonly orders: readonly string[];
}

/** Inside the setup transaction, the outbox guard open. */
export function setupSafetyBench(
  db: Database.Database,
  o: { schoolId: string; studentIds: readonly string[]; runs: number; ibuprofen: string },
): SafetyBenchSetup {
  const insMed = db.prepare(
    `INSERT INTO medications (id, name, generic_name, rxnorm_code) VALUES (?, ?, ?, ?)`,
  );
  const meds = FORMULARY.map((line) => {
    const [name, generic, rx] = line.split('|') as [string, string, string];
    const id = uuidv7();
    insMed.run(id, name, generic, rx);
    return id;
  });
  const insOrder = db.prepare(
    `INSERT INTO student_medications (id, student_id, medication_id, dose, route, schedule_times, is_prn, start_date, school_id) VALUES (?, ?, ?, '1 tablet', 'oral', ?, ?, '2020-01-01', ?)`,
  );
  const insAllergy = db.prepare(
    `INSERT INTO allergies (id, student_id, allergen, allergen_type, severity, school_id) VALUES (?, ?, 'Penicillin', 'DRUG', 'SEVERE', ?)`,
  );
  const orders: string[] = [];
  const students = o.studentIds.slice(0, o.runs).map((id, i) => {
    let dose = '';
    meds.forEach((m, k) => {
      const order = uuidv7();
      orders.push(order);
      if (k === 0) dose = order;
      insOrder.run(order, id, m, k === 0 ? '["00:00"]' : '[]', k === 0 ? 0 : 1, o.schoolId);
    });
    if (i % 4 === 0) insAllergy.run(uuidv7(), id, o.schoolId);
    return { id, dose, sertraline: meds[0]! };
  });
  return { students, ibuprofen: o.ibuprofen, orders };
}

export function runSafetyBench(
  ctx: WorkstationContext,
  actor: Actor,
  s: SafetyBenchSetup,
  deviceId: string,
  measure: (metric: string, n: number, fn: (i: number) => void) => { p50: number; p95: number },
  emit: (m: Measurement) => void,
  pct: (xs: number[], p: number) => number,
): void {
  const db = ctx.sqlite;
  const n = s.students.length;
  const handlers = medicationSafetyHandlers({ ctx: () => ctx, actor: () => actor });
  let findings = 0;
  const check = measure('medicationSafety.check.5_orders', n, (i) => {
    const args = ipcContract['medicationSafety.check'].args.parse({
      studentId: s.students[i]!.id,
      medicationId: s.ibuprofen,
    });
    findings += (handlers['medicationSafety.check'](args) as { findings: unknown[] }).findings.length;
  });
  emit({ metric: 'medicationSafety.check.findings', avg: Math.round((findings / n) * 10) / 10 });
  // the same check without its audit row (the audited read commits one row: a disk sync on this database)
  const med = requireMedication(ctx, s.ibuprofen, 'medicationId');
  const unaudited = measure('medicationSafety.check.unaudited', n, (i) => {
    decideSafety(ctx, s.students[i]!.id, med);
  });
  const since = () => new Date(Date.now() - 86_400_000).toISOString();
  const rawAllergies = db.prepare(
    `SELECT id, allergen, severity FROM allergies WHERE student_id = ? AND deleted_at IS NULL AND allergen_type IN ('DRUG','OTHER')`,
  );
  const rawOrders = db.prepare(
    `SELECT sm.id, sm.dose, m.name, m.generic_name, m.rxnorm_code FROM student_medications sm JOIN medications m ON m.id = sm.medication_id WHERE sm.student_id = ? AND sm.deleted_at IS NULL AND sm.order_status = 'ACTIVE' AND sm.start_date <= ? AND (sm.end_date IS NULL OR sm.end_date >= ?)`,
  );
  const rawDoses = db.prepare(
    `SELECT a.id, a.administered_at, m.name FROM medication_administrations a JOIN medications m ON m.id = a.medication_id WHERE a.student_id = ? AND a.deleted_at IS NULL AND a.administration_status = 'GIVEN' AND a.administered_at >= ?`,
  );
  const today = localDate(Date.now(), ctx.timeZone());
  const rawReads: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    const id = s.students[i]!.id;
    rawAllergies.all(id);
    rawOrders.all(id, today, today);
    rawDoses.all(id, since());
    rawReads.push(performance.now() - a);
  }
  emit({
    metric: 'medicationSafety.check.raw_limit',
    n,
    p50_ms: pct(rawReads, 50),
    p95_ms: pct(rawReads, 95),
  });
  emit({
    metric: 'medicationSafety.check.unaudited.ratio_to_raw',
    p50: Math.round((pct(rawReads, 50) / unaudited.p50) * 100) / 100,
    p95: Math.round((pct(rawReads, 95) / unaudited.p95) * 100) / 100,
  });
  // the audited check's raw limit: the same reads and one plain audit row committed (the disk sync it pays)
  const rawAudit = db.prepare(
    `INSERT INTO local_audit_log (seq, at, user_id, action, table_name, record_id, break_glass, details, prev_hash, hash)
     VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM local_audit_log), ?, ?, 'READ', 'students', ?, 0, '{}', 'x', 'y')`,
  );
  const rawAudited = db.transaction((id: string) => {
    rawAllergies.all(id);
    rawOrders.all(id, today, today);
    rawDoses.all(id, since());
    rawAudit.run(new Date().toISOString(), actor.userId, id);
  });
  const rawAuditedTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    rawAudited(s.students[i]!.id);
    rawAuditedTimes.push(performance.now() - a);
  }
  emit({
    metric: 'medicationSafety.check.audited_raw_limit',
    n,
    p50_ms: pct(rawAuditedTimes, 50),
    p95_ms: pct(rawAuditedTimes, 95),
  });
  emit({
    metric: 'medicationSafety.check.ratio_to_raw',
    p50: Math.round((pct(rawAuditedTimes, 50) / check.p50) * 100) / 100,
    p95: Math.round((pct(rawAuditedTimes, 95) / check.p95) * 100) / 100,
  });

  const scheduledAt = new Date(zonedToUtc(today, '00:00', ctx.timeZone())).toISOString();
  const dose = measure('mar.record.with_check', n, (i) => {
    const args = ipcContract['mar.record'].args.parse({
      studentMedicationId: s.students[i]!.dose,
      scheduledAt,
      status: 'GIVEN',
      safetyOverride: { reason: 'bench: reviewed with the prescriber' },
    });
    recordDose(ctx, actor, args);
  });
  const rawDose = db.prepare(
    `INSERT INTO medication_administrations (id, student_id, student_medication_id, medication_id, scheduled_for, administered_at, administration_status, dose_given, route, administered_by, school_id) VALUES (?, ?, ?, ?, ?, ?, 'GIVEN', '1 tablet', 'oral', ?, ?)`,
  );
  const rawOutbox = db.prepare(
    `INSERT INTO outbox (seq, table_name, row_id, operation, changed_columns, hlc, schema_version, created_at) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM outbox), 'medication_administrations', ?, 'UPSERT', '{"id":1}', ?, 1, ?)`,
  );
  const guardOpen = db.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`);
  const guardClose = db.prepare(`DELETE FROM sync_state WHERE key = 'write_path.open'`);
  const rawSave = db.transaction((i: number) => {
    guardOpen.run();
    const at = new Date().toISOString();
    const id = uuidv7();
    const st = s.students[i]!;
    // a different scheduled instant than the measured doses (the same order, its own row)
    rawDose.run(
      id,
      st.id,
      st.dose,
      st.sertraline,
      new Date(Date.parse(scheduledAt) - 60_000).toISOString(),
      at,
      actor.userId,
      ctx.schoolId,
    );
    rawOutbox.run(id, `${Date.now()}-0000-${deviceId}`, at);
    guardClose.run();
  });
  const rawTimes: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    rawSave(i);
    rawTimes.push(performance.now() - a);
  }
  emit({ metric: 'mar.record.raw_limit', n, p50_ms: pct(rawTimes, 50), p95_ms: pct(rawTimes, 95) });
  emit({
    metric: 'mar.record.ratio_to_raw',
    p50: Math.round((pct(rawTimes, 50) / dose.p50) * 100) / 100,
    p95: Math.round((pct(rawTimes, 95) / dose.p95) * 100) / 100,
  });
}

/**
 * Ends the setup's orders (5 per student, one scheduled every day: far more than one school's MAR holds), so the
 * lines after the safety ones (chart, Today) measure the school as it was before them. Outside the write path, the
 * guard open like the setup.
 */
export function retireSafetyBenchOrders(db: Database.Database, s: SafetyBenchSetup): void {
  const end = db.prepare(`UPDATE student_medications SET order_status = 'DISCONTINUED' WHERE id = ?`);
  db.transaction(() => {
    db.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`).run();
    for (const id of s.orders) end.run(id);
    db.prepare(`DELETE FROM sync_state WHERE key = 'write_path.open'`).run();
  })();
}
