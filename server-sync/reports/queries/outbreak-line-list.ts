import { sql } from 'kysely';
import type {
  LineListOutbreak,
  OutbreakLineListData,
  ReportParams,
} from '../../../src-shared/reports/district';
import type { TenantTx } from '../../db/tenant';
import { inSchools, localDay, type ReportSchool } from './scope';

interface AlertRow {
  id: string;
  school_id: string;
  pattern: string | null;
  status: string;
  severity: string | null;
  alert_day: string;
  affected: number;
  percent: string | null;
}

interface CaseRow {
  alert_id: string;
  first_name: string;
  last_name: string;
  student_number: string;
  grade: string | null;
  onset: string;
  location: string | null;
  symptoms: unknown;
  sent_home: boolean;
}

const trueKeys = (v: unknown): string[] =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x === true)
        .map(([k]) => k.replaceAll('_', ' '))
        .sort()
    : [];

/** Outbreak alerts raised from..to (the school's days) with their linked cases, by onset. */
export async function outbreakLineListData(
  trx: TenantTx,
  p: ReportParams,
  schools: readonly ReportSchool[],
): Promise<{ data: OutbreakLineListData; rows: number; studentIds: string[] }> {
  const from = p.from ?? '';
  const to = p.to ?? '';
  const alerts = await sql<AlertRow>`
    SELECT a.id, a.school_id, pt.pattern_name AS pattern, a.outbreak_status AS status, a.severity_level AS severity,
           ${localDay('a.alert_date')}::text AS alert_day, a.affected_students_count AS affected,
           a.percentage_affected::text AS percent
    FROM outbreak_alerts a
    JOIN schools s ON s.id = a.school_id
    JOIN districts d ON d.id = s.district_id
    LEFT JOIN outbreak_patterns pt ON pt.id = a.pattern_id
    WHERE a.deleted_at IS NULL AND ${inSchools('a.school_id', schools)}
      AND ${localDay('a.alert_date')} BETWEEN ${from}::date AND ${to}::date
    ORDER BY a.alert_date, a.id`.execute(trx);
  const ids = alerts.rows.map((a) => a.id);
  const cases = ids.length
    ? await sql<CaseRow & { student_id: string }>`
        SELECT k.outbreak_alert_id AS alert_id, t.student_id, st.first_name, st.last_name, st.student_number,
               coalesce(t.student_grade_level, st.grade_level) AS grade, t.symptom_onset_date::text AS onset,
               t.location_at_onset AS location, t.symptoms, t.sent_home
        FROM outbreak_case_clusters k
        JOIN symptom_tracking t ON t.id = k.symptom_tracking_id
        JOIN students st ON st.id = t.student_id
        WHERE k.outbreak_alert_id IN (${sql.join(ids)}) AND t.deleted_at IS NULL
        ORDER BY t.symptom_onset_date, st.last_name, st.first_name, t.id`.execute(trx)
    : { rows: [] };
  const name = new Map(schools.map((s) => [s.id, s.name] as const));
  const outbreaks: LineListOutbreak[] = alerts.rows.map((a) => ({
    alertId: a.id,
    schoolName: name.get(a.school_id) ?? a.school_id,
    pattern: a.pattern ?? 'Unnamed pattern',
    status: a.status,
    severity: a.severity,
    alertDate: a.alert_day,
    affectedStudents: a.affected,
    percentAffected: a.percent === null ? null : Number(a.percent),
    cases: cases.rows
      .filter((c) => c.alert_id === a.id)
      .map((c) => ({
        studentName: `${c.last_name}, ${c.first_name}`,
        studentNumber: c.student_number,
        grade: c.grade,
        onsetDate: c.onset,
        location: c.location,
        symptoms: trueKeys(c.symptoms),
        sentHome: c.sent_home,
      })),
  }));
  return {
    data: { from, to, outbreaks },
    rows: cases.rows.length,
    studentIds: [...new Set(cases.rows.map((c) => c.student_id))],
  };
}
