import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { raiseMedicationMissed } from '../alerts';
import { fullName, query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { parseTimes } from '../students';
import { localDate, localTime, timeIn } from '../../../src-shared/time';
import {
  decideSafety,
  enforceSafety,
  overrideNote,
  recordSafetyOverride,
  requireMedication,
  safetyAudit,
} from '../medication-safety';
import { newId, pastInstant, writing } from '../write-support';
import { unitsForDose } from '../../../src-shared/mar';
import { controlledMedication, recordControlledDose } from './controlled';
import { fiveRights, type GivenDose } from './rights';

/**
 * mar.record: given / missed / refused for one scheduled dose of an order. The dose must be one the order
 * schedules (its time of day, within the order's dates), recorded once; a GIVEN dose passes the medication-safety
 * check first (allergies, interactions with the student's other medications), like a visit's medication, and the
 * five rights (./rights.ts: the dose and time given, its timing, no repeat within the order's interval unless
 * confirmed as a PRN repeat with a reason). A GIVEN dose of a controlled medication takes its unit doses from the
 * school's stock (./controlled.ts).
 */
export function recordDose(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'mar.record'>,
): { id: string; timing?: GivenDose['timing'] } {
  requireWriter(actor);
  const o = ctx.first(
    query
      .selectFrom('student_medications as sm')
      .innerJoin('students as s', 's.id', 'sm.student_id')
      .select([
        'sm.id',
        'sm.student_id',
        's.first_name',
        's.last_name',
        's.preferred_name',
        'sm.medication_id',
        'sm.dose',
        'sm.route',
        'sm.schedule_times',
        'sm.order_status',
        'sm.start_date',
        'sm.end_date',
        'sm.is_prn',
        'sm.frequency',
      ])
      .where('sm.id', '=', args.studentMedicationId)
      .where('sm.school_id', '=', ctx.schoolId)
      .where('sm.deleted_at', 'is', null)
      .where('s.deleted_at', 'is', null),
  );
  if (!o)
    throw new IpcError(
      'MEDICATION_NOT_ORDERED',
      'no such medication order at this school',
      'studentMedicationId',
    );
  const tz = ctx.timeZone();
  const scheduled = new Date(Date.parse(args.scheduledAt)).toISOString();
  const day = localDate(Date.parse(scheduled), tz);
  const time = localTime(Date.parse(scheduled), tz);
  if (o.order_status !== 'ACTIVE' || o.start_date > day || (o.end_date !== null && o.end_date < day))
    throw new IpcError(
      'MEDICATION_NOT_ORDERED',
      'the order is not in effect on that day',
      'studentMedicationId',
    );
  if (!parseTimes(o.schedule_times).includes(time))
    throw new IpcError(
      'VALIDATION',
      `scheduledAt: the order has no dose at ${timeIn(Date.parse(scheduled), tz)}`,
      'scheduledAt',
    );
  if (Date.parse(scheduled) > ctx.now() + 2 * 60 * 60_000)
    throw new IpcError(
      'VALIDATION',
      'scheduledAt: a dose cannot be recorded more than 2 hours ahead',
      'scheduledAt',
    );
  const prior = ctx.first(
    query
      .selectFrom('medication_administrations')
      .select('id')
      .where('student_medication_id', '=', o.id)
      .where('scheduled_for', '=', scheduled)
      .where('deleted_at', 'is', null)
      .where('voided_at', 'is', null), // a voided dose may be recorded again
  );
  if (prior) throw new IpcError('DUPLICATE', `this dose was already recorded (${prior.id})`, 'scheduledAt');

  const given = args.status === 'GIVEN';
  const givenAt = given ? pastInstant(ctx, args.givenAt ?? ctx.nowIso(), 'givenAt', 'the dose') : null;
  const rights = givenAt
    ? fiveRights(ctx, o, {
        scheduledAt: scheduled,
        givenAt,
        doseGiven: args.doseGiven,
        prnRepeatReason: args.prnRepeatReason,
      })
    : null;
  const medication = requireMedication(ctx, o.medication_id, 'studentMedicationId');
  const controlled = rights ? controlledMedication(ctx, o.medication_id) : null;
  const safety = given
    ? decideSafety(ctx, o.student_id, medication, { excludeStudentMedicationId: o.id })
    : null;
  if (safety) enforceSafety(safety, args.safetyOverride);
  const id = newId();
  writing(ctx, () => {
    ctx.store.insert('medication_administrations', {
      id,
      student_id: o.student_id,
      student_medication_id: o.id,
      medication_id: o.medication_id,
      scheduled_for: scheduled,
      administered_at: givenAt,
      administration_status: args.status,
      dose_given: rights ? rights.doseGiven : null,
      dose_timing: rights ? rights.timing : null,
      route: o.route,
      administered_by: given ? actor.userId : null,
      reason_not_given: given ? null : (args.note ?? null),
      notes:
        [
          given ? args.note : null,
          rights?.repeatOf
            ? `PRN repeat (given earlier at ${rights.repeatOf.at}): ${args.prnRepeatReason}`
            : null,
          safety ? overrideNote(safety, args.safetyOverride) : null,
          given ? null : `Recorded by ${actor.name}`,
        ]
          .filter((x): x is string => !!x)
          .join(' / ') || null,
      school_id: ctx.schoolId,
    });
    ctx.audit(actor, 'CREATE', 'medication_administrations', id, {
      student_medication_id: o.id,
      status: args.status,
      ...(rights
        ? {
            dose_given: rights.doseGiven,
            timing: rights.timing,
            ...(rights.repeatOf
              ? { prn_repeat_of: rights.repeatOf.id, prn_repeat_reason: args.prnRepeatReason }
              : {}),
          }
        : {}),
      ...(safety ? { safety_check: safetyAudit(safety) } : {}),
    });
    // feature 48: an override of the check is recorded, audited and alerted with the dose
    if (safety)
      recordSafetyOverride(ctx, actor, safety, args.safetyOverride, {
        administrationId: id,
        studentId: o.student_id,
        studentName: fullName(o),
      });
    if (controlled && rights && givenAt)
      recordControlledDose(ctx, actor, {
        medicationId: controlled.id,
        kind: 'GIVEN',
        units: unitsForDose(rights.doseGiven, controlled.strength),
        administrationId: id,
        at: givenAt,
      });
    // feature 26: a dose recorded as missed raises its alert here
    if (args.status === 'MISSED')
      raiseMedicationMissed(ctx, actor, {
        studentMedicationId: o.id,
        scheduledAt: scheduled,
        studentId: o.student_id,
        studentName: fullName(o),
        medication: medication.name,
        status: 'MISSED',
      });
  });
  return rights ? { id, timing: rights.timing } : { id };
}
