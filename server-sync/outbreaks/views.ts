import type { z } from 'zod';
import type { AlertView, PatternView, curveDay } from '../../src-shared/api/outbreaks';
import type { OutbreakAlertsTable, OutbreakPatternsTable } from '../../src-shared/db/server-schema.generated';
import { allowedTransitions, DETECTION_METHODS, parseSymptomExpression } from '../../src-shared/outbreaks';
import type { Selectable } from 'kysely';

type PatternRow = Selectable<OutbreakPatternsTable>;
export type AlertRow = Selectable<OutbreakAlertsTable> & {
  school_name: string;
  time_zone: string;
  pattern_name: string | null;
  reportable: boolean | null;
};

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function patternView(r: PatternRow): PatternView {
  const e = parseSymptomExpression(r.symptom_combination);
  return {
    id: r.id,
    name: r.pattern_name,
    category: r.disease_category,
    symptoms: obj(r.symptom_combination),
    thresholdStudents: r.threshold_students,
    thresholdPercent: Number(r.threshold_percentage ?? 0),
    windowDays: r.time_window_days,
    severity: r.severity_level,
    reportable: r.reportable_disease,
    active: r.is_active,
    invalidReason: e.ok ? null : e.reason,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** time_series_data, as the scan writes it ({date, cases, expected, c1, c2, c3}) or as older rows have it ({date, cases}). */
function curve(v: unknown): z.infer<typeof curveDay>[] {
  if (!Array.isArray(v)) return [];
  return v
    .map(obj)
    .filter(
      (d) => typeof d.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.date) && typeof d.cases === 'number',
    )
    .map((d) => ({
      date: String(d.date),
      cases: Math.trunc(Number(d.cases)),
      expected: num(d.expected),
      c1: num(d.c1),
      c2: num(d.c2),
      c3: num(d.c3),
    }));
}

const isMethod = (m: unknown): m is (typeof DETECTION_METHODS)[number] =>
  typeof m === 'string' && (DETECTION_METHODS as readonly string[]).includes(m);

function detection(summary: unknown): AlertView['detection'] {
  const d = obj(obj(summary).detection);
  const asOf = str(d.asOf);
  if (!isMethod(d.method) || asOf === null) return null;
  const signals = Array.isArray(d.signals) ? d.signals.map(obj) : [];
  return {
    method: d.method,
    asOf,
    signals: signals.flatMap((s) =>
      isMethod(s.method) && typeof s.date === 'string'
        ? [
            {
              method: s.method,
              date: s.date,
              count: num(s.count) ?? 0,
              expected: num(s.expected) ?? 0,
              statistic: num(s.statistic) ?? 0,
            },
          ]
        : [],
    ),
  };
}

export function alertView(r: AlertRow): AlertView {
  const geo = obj(r.geographic_cluster_info);
  const gradesRaw = Array.isArray(geo.grades) ? geo.grades : [];
  // the scan writes [{grade, cases}]; the seed writes a list of grades
  const grades = gradesRaw.flatMap((g) =>
    typeof g === 'string'
      ? [{ grade: g, cases: 0 }]
      : typeof obj(g).grade === 'string'
        ? [{ grade: String(obj(g).grade), cases: Math.trunc(num(obj(g).cases) ?? 0) }]
        : [],
  );
  const locations = (Array.isArray(geo.locations) ? geo.locations : []).flatMap((l) =>
    typeof obj(l).location === 'string'
      ? [{ location: String(obj(l).location), cases: Math.trunc(num(obj(l).cases) ?? 0) }]
      : [],
  );
  const reportable = r.reportable === true;
  const notified = r.health_department_notified;
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    timeZone: r.time_zone,
    patternId: r.pattern_id,
    patternName: r.pattern_name,
    status: r.outbreak_status,
    allowedTransitions: [...allowedTransitions(r.outbreak_status)],
    severity: r.severity_level,
    alertDate: r.alert_date.toISOString(),
    affectedStudents: r.affected_students_count,
    population: r.total_student_population,
    percentAffected: r.percentage_affected === null ? null : Number(r.percentage_affected),
    detection: detection(r.symptom_summary),
    epidemicCurve: curve(r.time_series_data),
    grades,
    locations,
    healthDepartment: {
      reportable,
      notified,
      notifiedAt: r.notification_sent_at?.toISOString() ?? null,
      prompt:
        reportable && !notified && r.outbreak_status !== 'RESOLVED'
          ? `${r.pattern_name ?? 'This pattern'} is reportable: notify the local health department and record the notification`
          : null,
    },
    containmentMeasures: r.containment_measures,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    resolutionNotes: r.resolution_notes,
  };
}
