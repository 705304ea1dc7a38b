import type { TodayResult } from '../../../src-shared/ipc/contract';
import { sql } from 'kysely';
import { listAlerts } from '../alerts';
import { fullName, opt, query, type Actor, type WorkstationContext } from '../context';
import { medsDue } from '../mar';
import { localDate, localDayRange } from '../../../src-shared/time';

/** today.get: who is in the clinic now, today's visits, medications due and missed, open alerts. */
export function today(ctx: WorkstationContext, actor: Actor): TodayResult {
  const date = localDate(ctx.now(), ctx.timeZone());
  const { queue, visits } = todayVisits(ctx, date);
  return { date, queue, visits, medsDue: medsDue(ctx), alerts: openAlerts(ctx, actor) };
}

/** The school day's visits in arrival order, and the queue: those still in the clinic, most urgent first. */
export function todayVisits(ctx: WorkstationContext, date: string): Pick<TodayResult, 'queue' | 'visits'> {
  const day = localDayRange(date, ctx.timeZone());
  const visits = ctx.map(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .leftJoin('visit_reasons as r', 'r.id', 'v.visit_reason_id')
      .select([
        'v.id',
        'v.student_id',
        's.first_name',
        's.last_name',
        's.preferred_name',
        'v.arrival_time',
        'v.departure_time',
        'v.return_to_class_time',
        'v.sent_home',
        'v.severity_triage',
        'v.presenting_complaint',
      ])
      .select((eb) => eb.fn.coalesce('r.reason_name', 'v.visit_reason_custom', sql.lit('')).as('reason'))
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null)
      .where('v.arrival_time', '>=', day.from)
      .where('v.arrival_time', '<', day.to)
      .orderBy('v.arrival_time'),
    (v) => ({
      visitId: v.id,
      studentId: v.student_id,
      studentName: fullName(v),
      arrivedAt: v.arrival_time,
      reason: v.reason,
      triage: opt(v.severity_triage),
      complaint: v.presenting_complaint,
      departedAt: opt(v.departure_time),
      returnedToClassAt: opt(v.return_to_class_time),
      sentHome: v.sent_home === 1,
      inClinic: v.departure_time === null && v.return_to_class_time === null && v.sent_home === 0,
    }),
  );
  const triageRank = { EMERGENCY: 0, URGENT: 1, ROUTINE: 2 } as const;
  const queue = visits
    .filter((v) => v.inClinic)
    .map(({ visitId, studentId, studentName, arrivedAt, reason, triage }) => ({
      visitId,
      studentId,
      studentName,
      arrivedAt,
      reason,
      triage,
    }))
    .sort(
      (a, b) =>
        triageRank[a.triage ?? 'ROUTINE'] - triageRank[b.triage ?? 'ROUTINE'] ||
        (a.arrivedAt < b.arrivedAt ? -1 : a.arrivedAt > b.arrivedAt ? 1 : 0),
    );
  return { queue, visits };
}

/** The open alerts (feature 26: the alerts feature's list, without those acknowledged earlier today). */
export function openAlerts(ctx: WorkstationContext, actor: Actor): TodayResult['alerts'] {
  return listAlerts(ctx, actor)
    .filter((a) => a.status === 'ACTIVE' || a.status === 'ESCALATED')
    .slice(0, 50)
    .map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.priority,
      status: a.status,
      triggeredAt: a.triggeredAt,
      studentId: a.studentId,
      studentName: a.studentName,
    }));
}
