import { sql } from 'kysely';
import type { ChartResult, IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { opt, query, type Actor, type WorkstationContext } from '../context';

/** A student's clinic visits, newest first, a page at a time (the chart's first page and students.visits). */
export function visitPage(
  ctx: WorkstationContext,
  studentId: string,
  offset: number,
  limit: number,
): { visits: ChartResult['visits']; total: number } {
  const total = ctx.first(
    query
      .selectFrom('clinic_visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('student_id', '=', studentId)
      .where('deleted_at', 'is', null),
  );
  const visits = ctx
    .all(
      query
        .selectFrom('clinic_visits as v')
        .leftJoin('visit_reasons as r', 'r.id', 'v.visit_reason_id')
        .leftJoin('users as u', 'u.id', 'v.attended_by_user_id')
        .select([
          'v.id',
          'v.arrival_time',
          'v.departure_time',
          'v.severity_triage',
          'v.presenting_complaint',
          'v.treatment_provided',
          'v.sent_home',
          sql<string | null>`u.first_name || ' ' || u.last_name`.as('attended_by'),
        ])
        .select((eb) => eb.fn.coalesce('r.reason_name', 'v.visit_reason_custom', sql.lit('')).as('reason'))
        .where('v.student_id', '=', studentId)
        .where('v.deleted_at', 'is', null)
        .orderBy('v.arrival_time', 'desc')
        .orderBy('v.id', 'desc')
        .limit(limit)
        .offset(offset),
    )
    .map((v) => ({
      visitId: v.id,
      arrivedAt: v.arrival_time,
      departedAt: opt(v.departure_time),
      reason: v.reason,
      triage: opt(v.severity_triage),
      complaint: v.presenting_complaint,
      treatment: opt(v.treatment_provided),
      sentHome: v.sent_home === 1,
      attendedBy: opt(v.attended_by),
    }));
  return { visits, total: Number(total?.n ?? 0) };
}

/** students.visits: a later page of the chart's visit list (audited like the chart). */
export function studentVisits(
  ctx: WorkstationContext,
  args: IpcParsedArgs<'students.visits'>,
  actor: Actor,
): IpcResult<'students.visits'> {
  const s = ctx.first(
    query
      .selectFrom('students')
      .select('id')
      .where('id', '=', args.studentId)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!s) throw new IpcError('NOT_FOUND', `no student ${args.studentId} at this school`, 'studentId');
  const page = visitPage(ctx, s.id, args.offset, args.limit);
  ctx.audit(actor, 'VIEW', 'clinic_visits', null, {
    what: 'chart visits',
    studentId: s.id,
    offset: args.offset,
    visitIds: page.visits.map((v) => v.visitId),
  });
  return page;
}
