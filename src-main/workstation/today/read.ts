import type { TodayResult } from '../../../src-shared/ipc/contract';
import { sql } from 'kysely';
import { fullName, opt, query, type WorkstationContext } from '../context';
import { medsDue } from '../mar';
import { localDate, localDayRange } from '../../../src-shared/time';

/** today.get: who is in the clinic now, today's visits, medications due and missed, open alerts. */
export function today(ctx: WorkstationContext): TodayResult {
  const tz = ctx.timeZone();
  const date = localDate(ctx.now(), tz);
  const day = localDayRange(date, tz);
  const rows = ctx.all(
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
  );
  const visits = rows.map((v) => {
    const inClinic = v.departure_time === null && v.return_to_class_time === null && v.sent_home === 0;
    return {
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
      inClinic,
    };
  });
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
        a.arrivedAt.localeCompare(b.arrivedAt),
    );
  const severity = sql<
    TodayResult['alerts'][number]['severity']
  >`coalesce(i.priority_override, d.priority_level)`;
  const alerts = ctx
    .all(
      query
        .selectFrom('alert_instances as i')
        .innerJoin('alert_definitions as d', 'd.id', 'i.alert_definition_id')
        .leftJoin('students as s', (j) =>
          j.on('i.target_entity_type', '=', sql.lit('STUDENT')).onRef('s.id', '=', 'i.target_entity_id'),
        )
        .select([
          'i.id',
          'd.alert_name',
          severity.as('severity'),
          'i.alert_status',
          'i.triggered_at',
          'i.target_entity_type',
          'i.target_entity_id',
          's.first_name',
          's.last_name',
          's.preferred_name',
        ])
        .where((eb) => eb.or([eb('i.school_id', '=', ctx.schoolId), eb('i.school_id', 'is', null)]))
        .where('i.deleted_at', 'is', null)
        .where('i.alert_status', 'in', ['ACTIVE', 'ESCALATED'])
        .orderBy(
          sql`CASE ${severity} WHEN 'EMERGENCY' THEN 0 WHEN 'CRITICAL' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 3 ELSE 4 END`,
        )
        .orderBy('i.triggered_at', 'desc')
        .limit(50),
    )
    .map((a) => ({
      id: a.id,
      title: a.alert_name,
      severity: a.severity,
      status: a.alert_status,
      triggeredAt: a.triggered_at,
      studentId:
        a.target_entity_type === 'STUDENT' && a.first_name !== null ? opt(a.target_entity_id) : undefined,
      studentName:
        a.first_name !== null && a.last_name !== null
          ? fullName({ first_name: a.first_name, last_name: a.last_name, preferred_name: a.preferred_name })
          : undefined,
    }));
  return { date, queue, visits, medsDue: medsDue(ctx), alerts };
}
