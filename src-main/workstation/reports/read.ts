import { sql } from 'kysely';
import { IpcError } from '../../../src-shared/ipc/errors';
import type {
  ExcuseNoteInput,
  HealthSummaryInput,
  ImmunizationRecordInput,
  VisitLogRow,
} from '../../../src-shared/reports/workstation';
import { localDate, localDayRange } from '../../../src-shared/time';
import { fullName, query, type WorkstationContext } from '../context';
import { immunizationDoses, immunizationStatus } from '../immunizations';
import { parseTimes } from '../students';

/**
 * The rows the workstation's reports are built from (typed reads through ctx.all / ctx.first, the school's rows
 * only, deleted rows left out). Each returns plain rows for a pure builder (src-shared/reports/workstation).
 */

export function school(ctx: WorkstationContext): { name: string; code: string; state: string | null } {
  const s = ctx.first(
    query.selectFrom('schools').select(['name', 'school_code', 'state']).where('id', '=', ctx.schoolId),
  );
  return { name: s?.name ?? 'School', code: s?.school_code ?? 'school', state: s?.state ?? null };
}

/** Every visit of the school day `date` (school time zone), arrival order. */
export function visitLogRows(ctx: WorkstationContext, date: string): VisitLogRow[] {
  const range = localDayRange(date, ctx.timeZone());
  const visits = ctx.all(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .leftJoin('visit_reasons as r', 'r.id', 'v.visit_reason_id')
      .leftJoin('users as u', 'u.id', 'v.attended_by_user_id')
      .select([
        'v.id',
        'v.arrival_time',
        'v.return_to_class_time',
        'v.departure_time',
        'v.visit_reason_custom',
        'v.presenting_complaint',
        'v.treatment_provided',
        'v.disposition',
        'v.sent_home',
        's.first_name',
        's.last_name',
        's.preferred_name',
        's.grade_level',
        'r.reason_name',
        sql<string | null>`u.first_name || ' ' || u.last_name`.as('nurse'),
      ])
      .select((eb) =>
        eb
          .selectFrom('class_time_missed as m')
          .select(sql<number>`coalesce(sum(m.minutes_missed), 0)`.as('n'))
          .whereRef('m.clinic_visit_id', '=', 'v.id')
          .where('m.deleted_at', 'is', null)
          .as('minutes'),
      )
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null)
      .where('v.arrival_time', '>=', range.from)
      .where('v.arrival_time', '<', range.to)
      .orderBy('v.arrival_time'),
  );
  const meds = new Map<string, string[]>();
  for (const m of ctx.all(
    query
      .selectFrom('medication_administrations as a')
      .innerJoin('clinic_visits as v', 'v.id', 'a.clinic_visit_id')
      .innerJoin('medications as md', 'md.id', 'a.medication_id')
      .select(['a.clinic_visit_id', 'md.name', 'a.dose_given'])
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.arrival_time', '>=', range.from)
      .where('v.arrival_time', '<', range.to)
      .where('a.deleted_at', 'is', null)
      .where('a.voided_at', 'is', null)
      .where('a.administration_status', '=', 'GIVEN')
      .$narrowType<{ clinic_visit_id: string }>(),
  )) {
    const list = meds.get(m.clinic_visit_id) ?? [];
    list.push(m.dose_given ? `${m.name} ${m.dose_given}` : m.name);
    meds.set(m.clinic_visit_id, list);
  }
  return visits.map((v) => ({
    visitId: v.id,
    arrivedAt: v.arrival_time,
    returnedAt: v.return_to_class_time,
    departedAt: v.departure_time,
    studentName: fullName(v),
    grade: v.grade_level,
    reason: v.reason_name ?? v.visit_reason_custom ?? 'Other',
    complaint: v.presenting_complaint,
    treatment: v.treatment_provided,
    medications: meds.get(v.id)?.join('; ') ?? null,
    disposition: v.disposition,
    sentHome: v.sent_home === 1,
    minutesMissed: Number(v.minutes ?? 0),
    attendedBy: v.nurse ?? '',
  }));
}

/** The student of this school with what the reports print about them, or NOT_FOUND naming studentId. */
export function reportStudent(ctx: WorkstationContext, studentId: string) {
  const s = ctx.first(
    query
      .selectFrom('students')
      .select([
        'id',
        'first_name',
        'middle_name',
        'last_name',
        'preferred_name',
        'student_number',
        'date_of_birth',
        'grade_level',
        'sex',
        'homeroom',
        'primary_language',
      ])
      .where('id', '=', studentId)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!s) throw new IpcError('NOT_FOUND', `no student ${studentId} at this school`, 'studentId');
  return {
    row: s,
    name: fullName(s),
    studentNumber: s.student_number,
    birthDate: s.date_of_birth,
    grade: s.grade_level,
  };
}

export function healthRows(ctx: WorkstationContext, studentId: string): Omit<HealthSummaryInput, 'print'> {
  const st = reportStudent(ctx, studentId);
  const s = st.row;
  const today = localDate(ctx.now(), ctx.timeZone());
  const allergies = ctx.all(
    query
      .selectFrom('allergies')
      .select(['allergen', 'allergen_type', 'severity', 'reaction', 'epinephrine_required', 'verified'])
      .where('student_id', '=', s.id)
      .where('deleted_at', 'is', null)
      .orderBy('allergen'),
  );
  const conditions = ctx.all(
    query
      .selectFrom('health_conditions')
      .select(['condition_name', 'icd10_code', 'status', 'severity', 'action_plan', 'emergency_plan'])
      .where('student_id', '=', s.id)
      .where('deleted_at', 'is', null)
      .where('status', '!=', 'RESOLVED')
      .orderBy('condition_name'),
  );
  const orders = ctx.all(
    query
      .selectFrom('student_medications as sm')
      .innerJoin('medications as m', 'm.id', 'sm.medication_id')
      .select(['m.name', 'sm.dose', 'sm.route', 'sm.schedule_times', 'sm.is_prn', 'sm.prn_instructions', 'sm.prescriber_name'])
      .where('sm.student_id', '=', s.id)
      .where('sm.deleted_at', 'is', null)
      .where('sm.order_status', '=', 'ACTIVE')
      .where('sm.start_date', '<=', today)
      .where((eb) => eb.or([eb('sm.end_date', 'is', null), eb('sm.end_date', '>=', today)]))
      .orderBy('m.name'),
  );
  const guardians = ctx.all(
    query
      .selectFrom('guardians')
      .select([
        'first_name',
        'last_name',
        'relationship',
        'phone_primary',
        'phone_secondary',
        'is_primary_contact',
        'is_emergency_contact',
        'can_pick_up',
        'contact_priority',
      ])
      .where('student_id', '=', s.id)
      .where('deleted_at', 'is', null),
  );
  return {
    student: {
      name: st.name,
      studentNumber: s.student_number,
      birthDate: s.date_of_birth,
      grade: s.grade_level,
      sex: s.sex,
      homeroom: s.homeroom,
      primaryLanguage: s.primary_language,
    },
    allergies: allergies.map((a) => ({
      allergen: a.allergen,
      type: a.allergen_type,
      severity: a.severity,
      reaction: a.reaction,
      epinephrine: a.epinephrine_required === 1,
      verified: a.verified === 1,
    })),
    conditions: conditions.map((c) => ({
      name: c.condition_name,
      icd10: c.icd10_code,
      status: c.status,
      severity: c.severity,
      actionPlan: c.action_plan,
      emergencyPlan: c.emergency_plan,
    })),
    medications: orders.map((o) => ({
      name: o.name,
      dose: o.dose,
      route: o.route,
      scheduleTimes: parseTimes(o.schedule_times),
      prn: o.is_prn === 1,
      prnInstructions: o.prn_instructions,
      prescriber: o.prescriber_name,
    })),
    contacts: guardians.map((g) => ({
      name: `${g.first_name} ${g.last_name}`,
      relationship: g.relationship,
      phonePrimary: g.phone_primary,
      phoneSecondary: g.phone_secondary,
      primary: g.is_primary_contact === 1,
      emergency: g.is_emergency_contact === 1,
      canPickUp: g.can_pick_up === 1,
      priority: g.contact_priority,
    })),
  };
}

export function immunizationRows(
  ctx: WorkstationContext,
  studentId: string,
): Omit<ImmunizationRecordInput, 'print'> {
  const st = reportStudent(ctx, studentId);
  const doses = immunizationDoses(ctx, st.row.id);
  const status = immunizationStatus(ctx, st.row, doses);
  const today = localDate(ctx.now(), ctx.timeZone());
  const exemptions = ctx.all(
    query
      .selectFrom('immunization_exemptions')
      .select(['vaccine_type', 'exemption_type', 'start_date', 'end_date'])
      .where('student_id', '=', st.row.id)
      .where('deleted_at', 'is', null)
      .where('start_date', '<=', today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)])),
  );
  return {
    student: { name: st.name, studentNumber: st.studentNumber, birthDate: st.birthDate, grade: st.grade },
    doses: doses.map((d) => ({
      vaccine: d.vaccine,
      cvx: d.cvx,
      vaccineName: d.vaccineName ?? null,
      doseNumber: d.doseNumber ?? null,
      administeredOn: d.administeredOn,
      source: d.source,
      lot: d.lot ?? null,
      sameDayDuplicate: d.sameDayDuplicate,
    })),
    status,
    exemptions: exemptions.map((e) => ({
      vaccine: e.vaccine_type,
      type: e.exemption_type,
      startDate: e.start_date,
      endDate: e.end_date,
    })),
    state: school(ctx).state,
  };
}

/** The visit's pass: when, how long out of class; never why. NOT_FOUND naming visitId. */
export function excuseNoteRows(
  ctx: WorkstationContext,
  visitId: string,
): Omit<ExcuseNoteInput, 'print'> & { visitId: string; studentId: string; studentNumber: string; generated: boolean } {
  const v = ctx.first(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .leftJoin('users as u', 'u.id', 'v.attended_by_user_id')
      .select([
        'v.id',
        'v.student_id',
        'v.arrival_time',
        'v.departure_time',
        'v.return_to_class_time',
        'v.sent_home',
        'v.excuse_note_generated',
        's.first_name',
        's.last_name',
        's.preferred_name',
        's.grade_level',
        's.homeroom',
        's.student_number',
        sql<string | null>`u.first_name || ' ' || u.last_name`.as('nurse'),
      ])
      .where('v.id', '=', visitId)
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null),
  );
  if (!v) throw new IpcError('NOT_FOUND', `no visit ${visitId} at this school`, 'visitId');
  const missed = ctx.all(
    query
      .selectFrom('class_time_missed')
      .select(['class_period', 'subject', 'minutes_missed'])
      .where('clinic_visit_id', '=', v.id)
      .where('deleted_at', 'is', null),
  );
  return {
    visitId: v.id,
    studentId: v.student_id,
    studentNumber: v.student_number,
    generated: v.excuse_note_generated === 1,
    student: { name: fullName(v), grade: v.grade_level, homeroom: v.homeroom },
    arrivedAt: v.arrival_time,
    returnedAt: v.return_to_class_time,
    departedAt: v.departure_time,
    sentHome: v.sent_home === 1,
    missed: missed.map((m) => ({ period: m.class_period, subject: m.subject, minutes: m.minutes_missed })),
    nurse: v.nurse ?? '',
  };
}
