import type { IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { sql } from 'kysely';
import { raiseEmergencyVisit } from '../alerts';
import { recordSymptoms } from '../symptoms';
import {
  fullName,
  query,
  requireStudent,
  requireWriter,
  type Actor,
  type WorkstationContext,
} from '../context';
import { checkSubmission, newId, pastInstant, recordSubmission, writing } from '../write-support';
import { extraVitalColumns, initialDisposition, requireReasonVitals } from './vitals';
import {
  decideSafety,
  enforceSafety,
  overrideNote,
  recordSafetyOverride,
  requireMedication,
  safetyAudit,
  type MedicationInfo,
} from '../medication-safety';

/**
 * visits.create: the clinic visit, its medications (each a medication_administrations row, GIVEN, tied to the
 * visit), its class time missed, and the audit rows, in ONE transaction through the store's write path (each
 * synced row with its outbox row). Every check runs before anything is written: nothing is half-saved.
 */

const cToF = (c: number): number => Math.round(((c * 9) / 5) * 10 + 320) / 10;

export function createVisit(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.create'>,
): { visitId: string } {
  requireWriter(actor);
  checkSubmission(ctx, args.idempotencyKey, 'visit');
  const student = requireStudent(ctx, args.studentId);
  if (!ctx.first(query.selectFrom('users').select(sql.lit(1).as('x')).where('id', '=', actor.userId)))
    throw new IpcError(
      'SYNC_FAILED',
      'your account is not on this workstation yet: wait for the first sync to finish, then save again',
    );

  const arrival = pastInstant(ctx, args.arrivedAt, 'arrivedAt', 'arrival');
  const departure = args.departedAt ? pastInstant(ctx, args.departedAt, 'departedAt', 'departure') : null;
  const returned = args.returnedToClassAt
    ? pastInstant(ctx, args.returnedToClassAt, 'returnedToClassAt', 'return to class')
    : null;
  const notified = args.parentNotifiedAt
    ? pastInstant(ctx, args.parentNotifiedAt, 'parentNotifiedAt', 'parent notification')
    : null;

  let reasonName: string | null = null;
  if (args.reasonId) {
    const r = ctx.first(
      query
        .selectFrom('visit_reasons')
        .select('reason_name')
        .where('id', '=', args.reasonId)
        .where('deleted_at', 'is', null)
        .where('is_active', '=', 1),
    );
    if (!r) throw new IpcError('NOT_FOUND', 'reasonId: no such visit reason', 'reasonId');
    reasonName = r.reason_name;
  }

  // duplicate submit without a key: the same student, arrival and complaint
  const dup = ctx.first(
    query
      .selectFrom('clinic_visits')
      .select('id')
      .where('student_id', '=', student.id)
      .where('arrival_time', '=', arrival)
      .where('presenting_complaint', '=', args.complaint)
      .where('deleted_at', 'is', null),
  );
  if (dup) throw new IpcError('DUPLICATE', `this visit was already saved (visit ${dup.id})`, 'arrivedAt');

  // medications: ordered for this student (or OTC stock), each checked (allergies, interactions with the
  // student's other medications and the visit's earlier lines) before anything is written
  const earlier: MedicationInfo[] = [];
  const meds = (args.medications ?? []).map((m, i) => {
    const field = `medications.${i}`;
    const medication = requireMedication(ctx, m.medicationId, `${field}.medicationId`);
    if (m.studentMedicationId) {
      const o = ctx.first(
        query
          .selectFrom('student_medications')
          .select([
            'id',
            'student_id',
            'medication_id',
            'order_status',
            'start_date',
            'end_date',
            'deleted_at',
          ])
          .where('id', '=', m.studentMedicationId),
      );
      const givenDay = m.givenAt.slice(0, 10);
      if (!o || o.deleted_at !== null || o.student_id !== student.id || o.medication_id !== medication.id)
        throw new IpcError(
          'MEDICATION_NOT_ORDERED',
          `${medication.name} is not ordered for this student`,
          `${field}.studentMedicationId`,
        );
      if (
        o.order_status !== 'ACTIVE' ||
        o.start_date > givenDay ||
        (o.end_date !== null && o.end_date < givenDay)
      )
        throw new IpcError(
          'MEDICATION_NOT_ORDERED',
          `the order for ${medication.name} is ${o.order_status === 'ACTIVE' ? 'not in effect on that day' : o.order_status.toLowerCase().replace('_', ' ')}`,
          `${field}.studentMedicationId`,
        );
    } else if (medication.is_otc !== 1) {
      throw new IpcError(
        'MEDICATION_NOT_ORDERED',
        `${medication.name} is a prescription medication with no order for this student: choose it from the student's orders`,
        `${field}.medicationId`,
      );
    }
    const givenAt = pastInstant(ctx, m.givenAt, `${field}.givenAt`, 'the dose');
    if (givenAt < arrival)
      throw new IpcError('VALIDATION', `${field}.givenAt: given before arrival`, `${field}.givenAt`);
    const safety = decideSafety(ctx, student.id, medication, {
      excludeStudentMedicationId: m.studentMedicationId,
      alsoGiven: [...earlier],
    });
    enforceSafety(safety, m.safetyOverride, `${field}.`);
    earlier.push(medication);
    return { input: m, medication, givenAt, safety };
  });

  const v = args.vitals;
  const temperatureF = v?.temperatureF ?? (v?.temperatureC !== undefined ? cToF(v.temperatureC) : undefined);
  const vitalsTaken = v !== undefined && (temperatureF !== undefined || Object.keys(v).length > 0);
  requireReasonVitals(ctx, args.reasonId, v);

  const visitId = newId();
  writing(ctx, () => {
    ctx.store.insert('clinic_visits', {
      id: visitId,
      student_id: student.id,
      arrival_time: arrival,
      departure_time: departure,
      visit_reason_id: args.reasonId ?? null,
      visit_reason_custom: args.reasonText ?? null,
      severity_triage: args.triage,
      presenting_complaint: args.complaint,
      vital_signs_taken: vitalsTaken ? 1 : 0,
      temperature_f: temperatureF ?? null,
      heart_rate: v?.heartRate ?? null,
      blood_pressure_systolic: v?.systolic ?? null,
      blood_pressure_diastolic: v?.diastolic ?? null,
      ...extraVitalColumns(v),
      disposition: initialDisposition(args),
      treatment_provided: args.treatment ?? null,
      medications_administered:
        meds.length > 0
          ? JSON.stringify(
              meds.map((m) => ({
                medication_id: m.medication.id,
                name: m.medication.name,
                dose: m.input.dose,
                route: m.input.route,
                given_at: m.givenAt,
              })),
            )
          : null,
      sent_home: args.sentHome ? 1 : 0,
      parent_notified: notified ? 1 : 0,
      parent_notification_time: notified,
      follow_up_required: args.followUp ? 1 : 0,
      follow_up_notes: args.followUp ?? null,
      return_to_class_time: returned,
      nurse_notes: args.notes ?? null,
      attended_by_user_id: actor.userId,
      school_id: ctx.schoolId,
    });
    ctx.audit(actor, 'CREATE', 'clinic_visits', visitId, {
      student_id: student.id,
      reason: reasonName ?? args.reasonText ?? null,
      triage: args.triage,
    });
    // feature 26: an EMERGENCY visit raises its alert here, offline included (synced with the visit)
    if (args.triage === 'EMERGENCY')
      raiseEmergencyVisit(ctx, actor, {
        visitId,
        studentId: student.id,
        studentName: fullName(student),
        complaint: args.complaint,
      });
    for (const m of meds) {
      const id = newId();
      ctx.store.insert('medication_administrations', {
        id,
        student_id: student.id,
        student_medication_id: m.input.studentMedicationId ?? null,
        medication_id: m.medication.id,
        clinic_visit_id: visitId,
        administered_at: m.givenAt,
        administration_status: 'GIVEN',
        dose_given: m.input.dose,
        route: m.input.route,
        administered_by: actor.userId,
        notes: overrideNote(m.safety, m.input.safetyOverride),
        school_id: ctx.schoolId,
      });
      ctx.audit(actor, 'CREATE', 'medication_administrations', id, {
        clinic_visit_id: visitId,
        medication_id: m.medication.id,
        safety_check: safetyAudit(m.safety),
      });
      recordSafetyOverride(ctx, actor, m.safety, m.input.safetyOverride, {
        administrationId: id,
        studentId: student.id,
        studentName: fullName(student),
        clinicVisitId: visitId,
      });
    }
    if (args.classTimeMissed) {
      const id = newId();
      ctx.store.insert('class_time_missed', {
        id,
        clinic_visit_id: visitId,
        student_id: student.id,
        class_period: args.classTimeMissed.period ?? null,
        subject: args.classTimeMissed.subject ?? null,
        minutes_missed: args.classTimeMissed.minutes,
        school_id: ctx.schoolId,
      });
      ctx.audit(actor, 'CREATE', 'class_time_missed', id, { clinic_visit_id: visitId });
    }
    // the symptom checklist of the form, in the same transaction (the symptoms feature's own write)
    if (args.symptoms) recordSymptoms(ctx, actor, { visitId, symptoms: args.symptoms });
    recordSubmission(ctx, args.idempotencyKey, 'visit', visitId);
  });
  return { visitId };
}
