import { sql } from 'kysely';
import {
  AMEND_LABEL,
  AMENDABLE_FIELDS,
  painScaleOf,
  stillInClinic,
  type AmendableField,
  type AmendChange,
} from '../../../src-shared/clinic-visits';
import type { IpcParsedArgs, IpcResult, VisitAmendment } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { fullName, opt, query, type Actor, type WorkstationContext } from '../context';

/** clinicVisits.get: one visit of this school with its vitals and its amendment history (oldest first); audited. */

const VITAL_COLUMNS = {
  temperatureF: 'temperature_f',
  heartRate: 'heart_rate',
  systolic: 'blood_pressure_systolic',
  diastolic: 'blood_pressure_diastolic',
  bloodGlucose: 'blood_glucose_mg_dl',
  spo2: 'spo2_percent',
  respiratoryRate: 'respiratory_rate',
  painScore: 'pain_score',
  peakFlow: 'peak_flow_l_min',
} as const;

/** The visit row (this school's, not deleted), or NOT_FOUND naming visitId. */
export function requireVisit(ctx: WorkstationContext, visitId: string) {
  const v = ctx.first(
    query
      .selectFrom('clinic_visits')
      .selectAll()
      .where('id', '=', visitId)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!v) throw new IpcError('NOT_FOUND', `visitId: no visit ${visitId} at this school`, 'visitId');
  return v;
}
export type VisitRow = ReturnType<typeof requireVisit>;

const isField = (k: string): k is AmendableField => k in AMENDABLE_FIELDS;

export function amendmentsOf(ctx: WorkstationContext, visitId: string): VisitAmendment[] {
  return ctx
    .all(
      query
        .selectFrom('clinic_visit_amendments as a')
        .leftJoin('users as u', 'u.id', 'a.amended_by')
        .select(['a.id', 'a.amended_at', 'a.reason', 'a.changes', 'a.amended_by'])
        .select(sql<string | null>`u.first_name || ' ' || u.last_name`.as('who'))
        .where('a.clinic_visit_id', '=', visitId)
        .where('a.deleted_at', 'is', null)
        .orderBy('a.amended_at')
        .orderBy('a.id'),
    )
    .map((a) => {
      const changes = JSON.parse(a.changes) as Record<string, AmendChange>;
      return {
        id: a.id,
        amendedAt: a.amended_at,
        amendedBy: a.who ?? a.amended_by,
        reason: a.reason,
        changes: Object.entries(changes).map(([field, c]) => ({
          field,
          label: isField(field) ? AMEND_LABEL[field] : field,
          old: c.old,
          new: c.new,
        })),
      };
    });
}

export function getVisit(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.get'>,
): IpcResult<'clinicVisits.get'> {
  const v = requireVisit(ctx, args.visitId);
  const extra = ctx.first(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .leftJoin('visit_reasons as r', 'r.id', 'v.visit_reason_id')
      .leftJoin('users as u', 'u.id', 'v.attended_by_user_id')
      .select(['s.first_name', 's.last_name', 's.preferred_name', 'r.reason_code'])
      .select((eb) => eb.fn.coalesce('r.reason_name', 'v.visit_reason_custom', sql.lit('')).as('reason'))
      .select(sql<string | null>`u.first_name || ' ' || u.last_name`.as('attended_by'))
      .where('v.id', '=', v.id),
  );
  if (!extra) throw new IpcError('NOT_FOUND', `visitId: no visit ${v.id}`, 'visitId');
  const vitals: Record<string, number> = {};
  for (const [k, col] of Object.entries(VITAL_COLUMNS)) {
    const n = v[col];
    if (n !== null) vitals[k] = n;
  }
  const amendments = amendmentsOf(ctx, v.id);
  ctx.audit(actor, 'VIEW', 'clinic_visits', v.id, { student_id: v.student_id, what: 'visit' });
  return {
    visitId: v.id,
    studentId: v.student_id,
    studentName: fullName(extra),
    arrivedAt: v.arrival_time,
    departedAt: opt(v.departure_time),
    returnedToClassAt: opt(v.return_to_class_time),
    sentHome: v.sent_home === 1,
    disposition: opt(v.disposition),
    inClinic: stillInClinic(v),
    reason: extra.reason,
    reasonCode: opt(extra.reason_code),
    triage: opt(v.severity_triage),
    complaint: v.presenting_complaint,
    treatment: opt(v.treatment_provided),
    followUp: opt(v.follow_up_notes),
    notes: opt(v.nurse_notes),
    vitals,
    painScale: painScaleOf(v.pain_score, v.pain_scale),
    parentNotifiedAt: opt(v.parent_notification_time),
    attendedBy: opt(extra.attended_by),
    amendments,
  };
}
