import type { TodayResult } from '../../../src-shared/ipc/contract';
import { fullName, opt, type WorkstationContext } from '../context';
import { medsDue } from '../mar/read';
import { localDate, localDayRange } from '../time';

/** today.get: who is in the clinic now, today's visits, medications due and missed, open alerts. */
export function today(ctx: WorkstationContext): TodayResult {
  const tz = ctx.timeZone();
  const date = localDate(ctx.now(), tz);
  const day = localDayRange(date, tz);
  const rows = ctx
    .stmt(
      `SELECT v.id, v.student_id, s.first_name, s.last_name, s.preferred_name, v.arrival_time, v.departure_time,
              v.return_to_class_time, v.sent_home, v.severity_triage, v.presenting_complaint,
              coalesce(r.reason_name, v.visit_reason_custom, '') AS reason
       FROM clinic_visits v JOIN students s ON s.id = v.student_id LEFT JOIN visit_reasons r ON r.id = v.visit_reason_id
       WHERE v.school_id = ? AND v.deleted_at IS NULL AND v.arrival_time >= ? AND v.arrival_time < ?
       ORDER BY v.arrival_time`,
    )
    .all(ctx.schoolId, day.from, day.to) as {
    id: string;
    student_id: string;
    first_name: string;
    last_name: string;
    preferred_name: string | null;
    arrival_time: string;
    departure_time: string | null;
    return_to_class_time: string | null;
    sent_home: number;
    severity_triage: TodayResult['queue'][number]['triage'] | null;
    presenting_complaint: string;
    reason: string;
  }[];
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
  const alerts = (
    ctx
      .stmt(
        `SELECT i.id, d.alert_name, coalesce(i.priority_override, d.priority_level) AS severity, i.alert_status,
                i.triggered_at, i.target_entity_type, i.target_entity_id, s.first_name, s.last_name, s.preferred_name
         FROM alert_instances i JOIN alert_definitions d ON d.id = i.alert_definition_id
         LEFT JOIN students s ON i.target_entity_type = 'STUDENT' AND s.id = i.target_entity_id
         WHERE (i.school_id = ? OR i.school_id IS NULL) AND i.deleted_at IS NULL
           AND i.alert_status IN ('ACTIVE', 'ESCALATED')
         ORDER BY CASE coalesce(i.priority_override, d.priority_level)
           WHEN 'EMERGENCY' THEN 0 WHEN 'CRITICAL' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 3 ELSE 4 END,
           i.triggered_at DESC
         LIMIT 50`,
      )
      .all(ctx.schoolId) as {
      id: string;
      alert_name: string;
      severity: TodayResult['alerts'][number]['severity'];
      alert_status: TodayResult['alerts'][number]['status'];
      triggered_at: string;
      target_entity_type: string | null;
      target_entity_id: string | null;
      first_name: string | null;
      last_name: string | null;
      preferred_name: string | null;
    }[]
  ).map((a) => ({
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
