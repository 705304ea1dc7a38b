import type { CatalogIds } from '../helpers';
import { VISIT_REASONS } from './reasons';
import { formularyName, type OrdersResult } from '../mar';
import { careFor } from './care';
import {
  BASE_SENT_HOME,
  bandOf,
  classTime,
  fluIntensity,
  HOURS,
  reasonWeights,
  symptomFor,
  vitalsFor,
  type ClinicalEvent,
  type ForcedVisit,
  type VisitRec,
} from './model';
import { VISIT_TEXT } from './text';
import type { DistrictRec } from '../district';
import type { SchoolDose } from '../immunizations';
import { enrolledOn, gradeOn, hasCondition, isAbsent, nurseOf, type StudentRec } from '../students';
import {
  insertMany,
  json,
  sectionFaker,
  addMinutes,
  ageOn,
  chance,
  gradeNumber,
  localTime,
  newId,
  pick,
  poisson,
  stamps,
  weighted,
  type SeedContext,
  type NewRow,
} from '../helpers';

/**
 * clinic_visits (about 4 per student per school year, weekday school hours), class_time_missed (one
 * row per visit), the PRN doses given during visits and the diabetic-check lunch insulin in
 * medication_administrations. Returns the visits (for symptom tracking and outbreak detection) and
 * the clinical events that raise alerts.
 */

export interface VisitsResult {
  readonly visits: readonly VisitRec[];
  readonly events: readonly ClinicalEvent[];
}

export async function seedVisits(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  students: readonly StudentRec[],
  orders: OrdersResult,
  schoolDoses: readonly SchoolDose[],
  forced: readonly ForcedVisit[],
): Promise<VisitsResult> {
  const f = sectionFaker(ctx.options.seed, 'clinic-visits');
  const reasonDef = new Map(VISIT_REASONS.map((r) => [r.code, r]));
  const visitRows: NewRow<'clinic_visits'>[] = [];
  const ctmRows: NewRow<'class_time_missed'>[] = [];
  const adminRows: NewRow<'medication_administrations'>[] = [];
  const visits: VisitRec[] = [];
  const events: ClinicalEvent[] = [];
  const hospital = `${district.county} Regional Medical Center`;

  const build = (
    s: StudentRec,
    day: string,
    reason: string,
    opts: { at?: Date; nurseId?: string; vaccine?: SchoolDose; cluster?: boolean } = {},
  ) => {
    const g = gradeNumber(gradeOn(ctx, s, day) ?? s.grade);
    const band = bandOf(g);
    const [startMin, endMin] = HOURS[band];
    const age = ageOn(s.dob, day);
    let arrivalMin: number;
    if (opts.at) arrivalMin = 0;
    else if (reason === 'DIABETIC_CHECK') arrivalMin = 11 * 60 + 10 + f.number.int({ min: 0, max: 20 });
    else if (reason === 'INJURY_PLAYGROUND' && band === 'ELEM')
      arrivalMin = pick(f, [10 * 60 + 20, 12 * 60 + 20]) + f.number.int({ min: 0, max: 25 });
    else arrivalMin = f.number.int({ min: startMin + 10, max: endMin - 25 });
    const arrival =
      opts.at ??
      localTime(day, Math.floor(arrivalMin / 60), arrivalMin % 60, f.number.int({ min: 0, max: 59 }));
    if (arrival.getTime() > ctx.options.asOf.getTime()) return;
    if (opts.at) arrivalMin = Math.round((arrival.getTime() - localTime(day, 0).getTime()) / 60_000);
    const def = reasonDef.get(reason);
    const text = VISIT_TEXT[reason];
    const nurseId = opts.nurseId ?? nurseOf(s);
    const id = newId(f, arrival);
    let sentHome = false;
    const ci = text ? f.number.int({ min: 0, max: text.complaints.length - 1 }) : 0;
    let complaint = text?.complaints[ci] ?? def?.name ?? reason;
    let treatment = text
      ? ((text.paired ? text.treatments[ci] : undefined) ?? pick(f, text.treatments))
      : null;
    let followUp = text?.followUp ?? null;

    const { vitals, temp, hr, sys, dia } = vitalsFor(f, reason, age, def);

    const care = careFor({
      f,
      s,
      day,
      reason,
      age,
      arrival,
      id,
      nurseId,
      hospital,
      orders,
      temp,
      safety: catalogs.safety,
    });
    const { triage, ems, notes, given } = care;
    events.push(...care.events);
    if (care.complaint) complaint = care.complaint;
    if (care.treatment) treatment = care.treatment;

    // Disposition.
    const feverHome = temp !== null && temp >= 100.0;
    const homeChance =
      reason === 'EYE_PROBLEM'
        ? ci <= 1
          ? 0.5
          : 0
        : reason === 'DIABETIC_CHECK' || reason === 'IMMUNIZATION'
          ? 0
          : (BASE_SENT_HOME[reason] ?? 0.02);
    if (ems || feverHome || chance(f, homeChance)) sentHome = true;
    if (!sentHome && text?.stayTreatments) treatment = pick(f, text.stayTreatments);
    if (!sentHome && text?.homeOnly) followUp = null;
    const minutes = sentHome
      ? f.number.int({ min: 25, max: 45 })
      : Math.max(5, Math.min(45, (def?.minutes ?? 15) + f.number.int({ min: -5, max: 12 })));
    const departure = addMinutes(arrival, minutes);
    const notify = sentHome || (def?.notifyParent ?? false) || chance(f, 0.08);
    const notifiedAt = notify
      ? addMinutes(arrival, f.number.int({ min: 3, max: Math.max(4, minutes - 2) }))
      : null;
    if (opts.vaccine) {
      complaint = `School vaccination clinic: ${opts.vaccine.productName}; consent on file`;
      treatment = `${opts.vaccine.productName} given after screening questions; VIS provided; observed 15 minutes, no reaction.`;
    }
    if (ems)
      followUp = `Transported by EMS to ${hospital}; parent met the ambulance. Return-to-school note required.`;

    const administered = given.map((gv, k) => {
      const time = addMinutes(arrival, 3 + k * 2 + f.number.int({ min: 0, max: 4 }));
      const aid = newId(f, time);
      const medId = catalogs.medications.get(gv.key);
      if (!medId) throw new Error(`formulary item ${gv.key} missing`);
      const held = gv.status === 'HELD';
      adminRows.push({
        id: aid,
        student_id: s.id,
        student_medication_id: gv.order?.id ?? null,
        medication_id: medId,
        clinic_visit_id: id,
        scheduled_for: gv.order && gv.order.times.length > 0 ? localTime(day, 11, 30) : null,
        administered_at: held ? null : time,
        administration_status: held ? 'HELD' : 'GIVEN',
        dose_given: held ? null : gv.dose,
        route: gv.route,
        administered_by: held ? null : nurseId,
        witness_user_id: gv.witness ?? null,
        reason_not_given: held ? (gv.note ?? 'Held per plan') : null,
        notes: held
          ? null
          : (gv.note ??
            (gv.order
              ? null
              : 'Stock medication under the district standing order; parent consent on file.')),
        school_id: s.school.id,
        ...stamps(addMinutes(time, 1)),
      });
      return {
        medication_id: medId,
        administration_id: aid,
        name: formularyName(gv.key),
        dose: held ? null : gv.dose,
        route: gv.route,
        time: held ? null : time.toISOString(),
        status: held ? 'HELD' : 'GIVEN',
      };
    });

    const symptom = symptomFor(f, reason, day, temp, band === 'ELEM', opts.cluster ?? false, ci);
    visitRows.push({
      id,
      student_id: s.id,
      arrival_time: arrival,
      departure_time: departure,
      visit_reason_id: catalogs.visitReasons.get(reason) ?? null,
      visit_reason_custom: null,
      severity_triage: triage,
      presenting_complaint: complaint,
      vital_signs_taken: vitals,
      temperature_f: temp === null ? null : temp.toFixed(1),
      heart_rate: hr,
      blood_pressure_systolic: sys,
      blood_pressure_diastolic: dia,
      treatment_provided: treatment,
      medications_administered: administered.length > 0 ? json(administered) : null,
      sent_home: sentHome,
      parent_notified: notify,
      parent_notification_time: notifiedAt,
      follow_up_required: followUp !== null || (symptom?.followUp ?? false),
      follow_up_notes:
        followUp ??
        (symptom?.followUp ? `Parent to confirm diagnosis with PCP (${symptom.diagnosis}).` : null),
      return_to_class_time: sentHome ? null : departure,
      excuse_note_generated: sentHome || chance(f, 0.15),
      nurse_notes:
        notes ??
        (temp !== null
          ? `T ${temp.toFixed(1)} F, HR ${hr ?? '-'}${sys !== null ? `, BP ${sys}/${dia ?? '-'}` : ''}.${sentHome ? ' Released to parent/guardian.' : ''}`
          : sentHome
            ? 'Released to parent/guardian.'
            : null),
      attended_by_user_id: nurseId,
      school_id: s.school.id,
      ...stamps(departure),
    });
    const departMin = arrivalMin + minutes;
    const ct = classTime(f, band, arrivalMin, sentHome ? 24 * 60 : departMin);
    ctmRows.push({
      id: newId(f, departure),
      clinic_visit_id: id,
      student_id: s.id,
      class_period: ct.period,
      subject: ct.subject,
      minutes_missed: ct.minutes,
      absence_excused: true,
      teacher_notified: sentHome || ct.minutes > 20,
      makeup_work_required: ct.minutes >= 45,
      school_id: s.school.id,
      ...stamps(departure),
    });
    if (triage === 'EMERGENCY')
      events.push({
        kind: 'EMERGENCY',
        student: s,
        at: addMinutes(arrival, 1),
        nurseId,
        visitId: id,
        data: { complaint, ems_called: ems },
      });
    visits.push({ id, student: s, day, arrival, reason, sentHome, nurseId, symptom });
  };

  const forcedByStudent = new Map<string, ForcedVisit[]>();
  for (const fv of forced)
    forcedByStudent.set(fv.student.id, [...(forcedByStudent.get(fv.student.id) ?? []), fv]);
  const dosesByStudent = new Map<string, SchoolDose[]>();
  for (const d of schoolDoses)
    dosesByStudent.set(d.student.id, [...(dosesByStudent.get(d.student.id) ?? []), d]);

  for (const s of students) {
    const planned: {
      day: string;
      reason: string;
      at?: Date;
      vaccine?: SchoolDose;
      nurseId?: string;
      cluster?: boolean;
    }[] = [];
    for (const y of ctx.years) {
      const days = y.days.filter(
        (d) => enrolledOn(s, d) && gradeOn(ctx, s, d) !== null && !isAbsent(ctx.options.seed, s, d),
      );
      if (days.length === 0) continue;
      const extra =
        (hasCondition(s, 'ASTHMA') ? 1.2 : 0) +
        (hasCondition(s, 'MIGRAINE') ? 1.5 : 0) +
        (hasCondition(s, 'ANXIETY') ? 1.5 : 0) +
        (hasCondition(s, 'SEIZURE') ? 0.6 : 0);
      const n = poisson(f, ((3.2 * s.propensity) / 1.14 + extra) * (days.length / y.fullYearDays));
      const dayWeights = days.map((d) => [d, 1 + 1.5 * fluIntensity(d)] as const);
      for (let k = 0; k < n; k++) {
        const day = weighted(f, dayWeights);
        const g = gradeNumber(gradeOn(ctx, s, day) ?? s.grade);
        planned.push({ day, reason: weighted(f, reasonWeights(s, g, day)) });
      }
      if (hasCondition(s, 'T1D'))
        for (const day of days)
          if (orders.orderFor(s, 'INSULIN', day)) planned.push({ day, reason: 'DIABETIC_CHECK' });
    }
    for (const fv of forcedByStudent.get(s.id) ?? [])
      planned.push({ day: fv.day, reason: fv.reason, cluster: true });
    for (const d of dosesByStudent.get(s.id) ?? [])
      planned.push({
        day: d.at.toISOString().slice(0, 10),
        reason: 'IMMUNIZATION',
        at: d.at,
        vaccine: d,
        nurseId: d.nurseId,
      });
    planned.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    for (const p of planned)
      build(s, p.day, p.reason, {
        ...(p.at ? { at: p.at } : {}),
        ...(p.vaccine ? { vaccine: p.vaccine } : {}),
        ...(p.nurseId ? { nurseId: p.nurseId } : {}),
        cluster: p.cluster ?? false,
      });

    // Lunch insulin on days the student was absent.
    for (const y of ctx.years) {
      for (const day of y.days) {
        const insulin = orders.orderFor(s, 'INSULIN', day);
        if (!insulin || !enrolledOn(s, day) || !isAbsent(ctx.options.seed, s, day)) continue;
        const scheduled = localTime(day, 11, 30);
        if (scheduled.getTime() > ctx.options.asOf.getTime()) continue;
        adminRows.push({
          id: newId(f, addMinutes(scheduled, 35)),
          student_id: s.id,
          student_medication_id: insulin.id,
          medication_id: insulin.medId,
          clinic_visit_id: null,
          scheduled_for: scheduled,
          administered_at: null,
          administration_status: 'NOT_IN_SCHOOL',
          dose_given: null,
          route: insulin.route,
          administered_by: null,
          witness_user_id: null,
          reason_not_given: 'Student absent',
          notes: null,
          school_id: s.school.id,
          ...stamps(addMinutes(scheduled, 35)),
        });
      }
    }
  }

  await insertMany(ctx.db, 'clinic_visits', visitRows, ctx.progress);
  await insertMany(ctx.db, 'class_time_missed', ctmRows, ctx.progress);
  await insertMany(ctx.db, 'medication_administrations', adminRows, ctx.progress);
  return { visits, events };
}
