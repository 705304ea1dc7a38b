import { sql } from 'kysely';
import type { ReportParams, VisitAnalyticsData } from '../../../src-shared/reports/district';
import { gradeRank, TOP_REASONS } from '../../../src-shared/reports/district';
import type { TenantTx } from '../../db/tenant';
import { inSchools, localDay, type ReportSchool } from './scope';

interface Row {
  school_id: string;
  grade: string;
  reason: string;
  visits: number;
  sent_home: number;
  emergencies: number;
  minutes: number;
}

/** Clinic visits that arrived from..to (each school's calendar days), by school, grade and reason. */
export async function visitAnalyticsData(
  trx: TenantTx,
  p: ReportParams,
  schools: readonly ReportSchool[],
): Promise<{ data: VisitAnalyticsData; rows: number }> {
  const from = p.from ?? '';
  const to = p.to ?? '';
  const r = await sql<Row>`
    SELECT v.school_id, st.grade_level AS grade,
           coalesce(vr.reason_name, nullif(trim(v.visit_reason_custom), ''), 'Other (not coded)') AS reason,
           count(*)::int AS visits,
           count(*) FILTER (WHERE v.sent_home)::int AS sent_home,
           count(*) FILTER (WHERE v.severity_triage = 'EMERGENCY')::int AS emergencies,
           coalesce(sum(m.minutes), 0)::int AS minutes
    FROM clinic_visits v
    JOIN schools s ON s.id = v.school_id
    JOIN districts d ON d.id = s.district_id
    JOIN students st ON st.id = v.student_id
    LEFT JOIN visit_reasons vr ON vr.id = v.visit_reason_id
    LEFT JOIN LATERAL (
      SELECT sum(c.minutes_missed) AS minutes FROM class_time_missed c
      WHERE c.clinic_visit_id = v.id AND c.deleted_at IS NULL
    ) m ON true
    WHERE v.deleted_at IS NULL AND ${inSchools('v.school_id', schools)}
      AND ${localDay('v.arrival_time')} BETWEEN ${from}::date AND ${to}::date
    GROUP BY v.school_id, st.grade_level, 3`.execute(trx);
  const name = new Map(schools.map((s) => [s.id, s.name] as const));
  const bySchool = new Map<
    string,
    { visits: number; sentHome: number; emergencies: number; minutesMissed: number }
  >(schools.map((s) => [s.id, { visits: 0, sentHome: 0, emergencies: 0, minutesMissed: 0 }]));
  const grades = new Map<
    string,
    { schoolId: string; grade: string; visits: number; sentHome: number; minutes: number }
  >();
  const reasons = new Map<string, { schoolId: string; reason: string; visits: number }>();
  for (const x of r.rows) {
    const s = bySchool.get(x.school_id);
    if (s) {
      s.visits += x.visits;
      s.sentHome += x.sent_home;
      s.emergencies += x.emergencies;
      s.minutesMissed += x.minutes;
    }
    const gk = `${x.school_id}|${x.grade}`;
    const g = grades.get(gk) ?? { schoolId: x.school_id, grade: x.grade, visits: 0, sentHome: 0, minutes: 0 };
    g.visits += x.visits;
    g.sentHome += x.sent_home;
    g.minutes += x.minutes;
    grades.set(gk, g);
    const rk = `${x.school_id}|${x.reason}`;
    const rr = reasons.get(rk) ?? { schoolId: x.school_id, reason: x.reason, visits: 0 };
    rr.visits += x.visits;
    reasons.set(rk, rr);
  }
  const order = new Map(schools.map((s, i) => [s.id, i] as const));
  const bySchoolOrder = (a: { schoolId: string }, b: { schoolId: string }) =>
    (order.get(a.schoolId) ?? 0) - (order.get(b.schoolId) ?? 0);
  const top = [...reasons.values()]
    .sort((a, b) => bySchoolOrder(a, b) || b.visits - a.visits || a.reason.localeCompare(b.reason))
    .filter((x, i, all) => all.slice(0, i).filter((y) => y.schoolId === x.schoolId).length < TOP_REASONS);
  const data: VisitAnalyticsData = {
    from,
    to,
    schools: schools.map((s) => ({
      schoolId: s.id,
      schoolName: s.name,
      ...(bySchool.get(s.id) ?? { visits: 0, sentHome: 0, emergencies: 0, minutesMissed: 0 }),
    })),
    grades: [...grades.values()]
      .sort((a, b) => bySchoolOrder(a, b) || gradeRank(a.grade) - gradeRank(b.grade))
      .map((g) => ({
        schoolName: name.get(g.schoolId) ?? g.schoolId,
        grade: g.grade,
        visits: g.visits,
        sentHome: g.sentHome,
        minutesMissed: g.minutes,
      })),
    reasons: top.map((t) => ({
      schoolName: name.get(t.schoolId) ?? t.schoolId,
      reason: t.reason,
      visits: t.visits,
    })),
  };
  return { data, rows: r.rows.length };
}
