import { sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import {
  addDay,
  dailySeries,
  earsSignals,
  linkCases,
  SERIES_DAYS,
  thresholdNeeded,
  thresholdSignal,
  windowCount,
  withEars,
  type DailyCount,
  type DetectionMethod,
  type LinkableCase,
  type Signal,
} from '../../src-shared/outbreaks';
import { localDate } from '../../src-shared/time';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { activePatterns, type ActivePattern } from './patterns';
import { expressionSql, prefilterSql } from './sql';

/** A new outbreak alert, as onDetected receives it (the composition root raises OUTBREAK_DETECTED from it). */
export interface DetectedOutbreak {
  readonly alertId: string;
  readonly schoolId: string;
  readonly patternId: string;
  readonly patternName: string;
  readonly severity: 'LOW' | 'MODERATE' | 'HIGH' | 'EPIDEMIC' | null;
  readonly reportable: boolean;
  /** The first alarming detector (threshold, c1, c2, c3 in that order) and what it saw. */
  readonly method: DetectionMethod;
  readonly date: string;
  readonly count: number;
  readonly expected: number;
  readonly statistic: number;
  readonly affectedStudents: number;
  readonly caseIds: readonly string[];
}

export interface ScanOptions {
  /** The day scanned ('YYYY-MM-DD'); default: today in each district's time zone. */
  readonly asOf?: string;
  /** Only these schools (default: every active school). */
  readonly schoolIds?: readonly string[];
  /** Only this district's schools (a scheduled scan runs once per district). */
  readonly districtId?: string;
  /** Called in the transaction that creates a new alert (not for an ongoing outbreak's daily update). */
  readonly onDetected?: (
    trx: Transaction<ServerDatabase>,
    detected: DetectedOutbreak,
    clock: Clock,
  ) => Promise<void>;
}

export interface ScanResult {
  readonly districts: { readonly districtId: string; readonly asOf: string; readonly schools: number }[];
  readonly patterns: number;
  /** school x pattern pairs evaluated */
  readonly evaluated: number;
  readonly created: DetectedOutbreak[];
  /** alerts of ongoing outbreaks whose curve and cases were brought up to date */
  readonly updated: string[];
  readonly skippedPatterns: { id: string; name: string; reason: string }[];
}

interface SchoolRow {
  readonly id: string;
  readonly district_id: string;
  readonly tz: string;
}

const DAY_ROWS_LIMIT = 100_000;

/**
 * The outbreak scan (feature 37): for every school and active pattern, the daily counts of the pattern's cases
 * (distinct students by onset date) over the last SERIES_DAYS days, read in one grouped query per district; the
 * threshold and EARS detectors on the as-of day (src-shared/outbreaks/detect.ts); for an alarm, the cases of the
 * pattern's window are read, linked (outbreak_case_clusters) and written: a new outbreak_alerts row, or, while an
 * outbreak of that school and pattern is still going (not RESOLVED, its last case within time_window_days of the
 * window), the same alert brought up to date: one alert per episode, never one per day.
 */
export async function scanOutbreaks(
  db: ServerDb,
  clock: Clock,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const now = clock.now();
  const { patterns, skipped } = await activePatterns(db);
  let q = db
    .selectFrom('schools as s')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .select(['s.id', 's.district_id', sql<string>`coalesce(s.timezone, d.timezone)`.as('tz')])
    .where('s.is_active', '=', true);
  if (options.schoolIds) {
    if (options.schoolIds.length === 0) q = q.where(sql<boolean>`false`);
    else q = q.where('s.id', 'in', [...options.schoolIds]);
  }
  if (options.districtId) q = q.where('s.district_id', '=', options.districtId);
  const schools: SchoolRow[] = await q.orderBy('s.district_id').orderBy('s.id').execute();
  const byDistrict = new Map<string, SchoolRow[]>();
  for (const s of schools) byDistrict.set(s.district_id, [...(byDistrict.get(s.district_id) ?? []), s]);

  const result: { -readonly [K in keyof ScanResult]: ScanResult[K] } = {
    districts: [],
    patterns: patterns.length,
    evaluated: 0,
    created: [],
    updated: [],
    skippedPatterns: skipped,
  };
  if (patterns.length === 0) return result;
  for (const [districtId, list] of byDistrict) {
    const asOf = options.asOf ?? localDate(now.getTime(), list[0]?.tz ?? 'America/New_York');
    result.districts.push({ districtId, asOf, schools: list.length });
    const ids = list.map((s) => s.id);
    const counts = await dailyCounts(db, ids, patterns, asOf);
    const enrolled = await enrollment(db, ids);
    for (const school of list) {
      for (const [pi, p] of patterns.entries()) {
        result.evaluated++;
        const series = dailySeries(counts.get(`${school.id}|${pi}`) ?? new Map<string, number>(), asOf);
        const students = enrolled.get(school.id) ?? 0;
        // screen with the daily counts (an upper bound of the window's distinct students), then count exactly
        const mayReachThreshold = windowCount(series, p.windowDays) >= thresholdNeeded(p, students);
        const ears = earsSignals(series).filter((s) => s.alarm);
        if (!mayReachThreshold && ears.length === 0) continue;
        const outcome = await record(
          db,
          clock,
          now,
          { schoolId: school.id, pattern: p, asOf, series, students, ears },
          options,
        );
        if (outcome?.created) result.created.push(outcome.created);
        if (outcome?.updated) result.updated.push(outcome.updated);
      }
    }
  }
  return result;
}

/** school|patternIndex -> day -> distinct students: one grouped pass over the district's rows of the period. */
async function dailyCounts(
  db: ServerDb,
  schoolIds: readonly string[],
  patterns: readonly ActivePattern[],
  asOf: string,
): Promise<Map<string, Map<string, number>>> {
  const from = addDay(asOf, -SERIES_DAYS);
  const cols = patterns.map(
    (p, i) =>
      sql`count(DISTINCT student_id) FILTER (WHERE ${expressionSql(p.expression)}) AS ${sql.ref(`p${i}`)}`,
  );
  const r = await sql<Record<string, string | number>>`
    SELECT school_id, symptom_onset_date::text AS day, ${sql.join(cols)}
    FROM symptom_tracking
    WHERE deleted_at IS NULL
      AND school_id IN (${sql.join([...schoolIds])})
      AND symptom_onset_date BETWEEN ${from}::date AND ${asOf}::date
      AND ${prefilterSql(patterns.map((p) => p.expression))}
    GROUP BY school_id, symptom_onset_date
    LIMIT ${DAY_ROWS_LIMIT}`.execute(db);
  const out = new Map<string, Map<string, number>>();
  for (const row of r.rows) {
    for (let i = 0; i < patterns.length; i++) {
      const n = Number(row[`p${i}`] ?? 0);
      if (n === 0) continue;
      const k = `${String(row.school_id)}|${i}`;
      const m = out.get(k) ?? new Map<string, number>();
      m.set(String(row.day), n);
      out.set(k, m);
    }
  }
  return out;
}

async function enrollment(db: ServerDb, schoolIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('students')
    .select(['school_id', sql<string>`count(*)`.as('n')])
    .where('school_id', 'in', [...schoolIds])
    .where('enrollment_status', '=', 'ACTIVE')
    .where('deleted_at', 'is', null)
    .groupBy('school_id')
    .execute();
  return new Map(rows.map((r) => [r.school_id, Number(r.n)]));
}

interface CaseRow extends LinkableCase {
  readonly symptoms: Record<string, unknown>;
}

async function casesOf(
  db: ServerDb | Transaction<ServerDatabase>,
  schoolId: string,
  p: ActivePattern,
  from: string,
  to: string,
): Promise<CaseRow[]> {
  const r = await sql<{
    id: string;
    student_id: string;
    onset: string;
    grade: string | null;
    location: string | null;
    symptoms: Record<string, unknown>;
  }>`
    SELECT id, student_id, symptom_onset_date::text AS onset, student_grade_level AS grade,
           location_at_onset AS location, symptoms
    FROM symptom_tracking
    WHERE deleted_at IS NULL AND school_id = ${schoolId}
      AND symptom_onset_date BETWEEN ${from}::date AND ${to}::date
      AND ${prefilterSql([p.expression])} AND ${expressionSql(p.expression)}
    ORDER BY symptom_onset_date, id`.execute(db);
  return r.rows.map((x) => ({
    id: x.id,
    studentId: x.student_id,
    onsetDate: x.onset,
    grade: x.grade,
    location: x.location,
    symptoms: x.symptoms,
  }));
}

interface Candidate {
  readonly schoolId: string;
  readonly pattern: ActivePattern;
  readonly asOf: string;
  readonly series: readonly DailyCount[];
  readonly students: number;
  readonly ears: readonly Signal[];
}

interface StoredDetection {
  readonly lastCaseDate?: string;
}

/** Writes the alert of an alarm (new or ongoing); null when the exact count shows no alarm after all. */
async function record(
  db: ServerDb,
  clock: Clock,
  now: Date,
  c: Candidate,
  options: ScanOptions,
): Promise<{ created?: DetectedOutbreak; updated?: string } | null> {
  const p = c.pattern;
  const windowStart = addDay(c.asOf, 1 - p.windowDays);
  return db.transaction().execute(async (trx) => {
    // one scan at a time writes a school's alerts (a second scan waits, then finds the alert and updates it)
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`outbreak-scan:${c.schoolId}`}))`.execute(trx);
    const windowCases = await casesOf(trx, c.schoolId, p, windowStart, c.asOf);
    const threshold = thresholdSignal(
      p,
      c.asOf,
      new Set(windowCases.map((x) => x.studentId)).size,
      c.students,
    );
    const signals = [...(threshold.alarm ? [threshold] : []), ...c.ears];
    const primary = signals[0];
    if (!primary || windowCases.length === 0) return null;

    const open = await trx
      .selectFrom('outbreak_alerts')
      .selectAll()
      .where('school_id', '=', c.schoolId)
      .where('pattern_id', '=', p.id)
      .where('deleted_at', 'is', null)
      .where('outbreak_status', '<>', 'RESOLVED')
      .orderBy('alert_date', 'desc')
      .limit(1)
      .executeTakeFirst();
    const lastCaseOf = (row: NonNullable<typeof open>): string => {
      const summary = row.symptom_summary as { detection?: StoredDetection } | null;
      return summary?.detection?.lastCaseDate ?? localDate(row.alert_date.getTime(), 'UTC');
    };
    const ongoing = open && lastCaseOf(open) >= addDay(windowStart, -p.windowDays) ? open : null;

    let cases: CaseRow[] = windowCases;
    if (ongoing) {
      const linked = await trx
        .selectFrom('outbreak_case_clusters as k')
        .innerJoin('symptom_tracking as t', 't.id', 'k.symptom_tracking_id')
        .select([
          't.id',
          't.student_id',
          sql<string>`t.symptom_onset_date::text`.as('onset'),
          't.student_grade_level',
          't.location_at_onset',
          't.symptoms',
        ])
        .where('k.outbreak_alert_id', '=', ongoing.id)
        .execute();
      const seen = new Set(windowCases.map((x) => x.id));
      cases = [
        ...linked
          .filter((x) => !seen.has(x.id))
          .map((x) => ({
            id: x.id,
            studentId: x.student_id,
            onsetDate: x.onset,
            grade: x.student_grade_level,
            location: x.location_at_onset,
            symptoms: x.symptoms as Record<string, unknown>,
          })),
        ...windowCases,
      ];
    }
    const links = linkCases(cases);
    const affected = links.distinctStudents;
    const population = Math.max(c.students, affected);
    const curve = withEars(c.series).days.map((d) => ({
      date: d.date,
      cases: d.count,
      expected: d.expected,
      c1: d.c1,
      c2: d.c2,
      c3: d.c3,
    }));
    const olderCurve = ongoing
      ? ((ongoing.time_series_data as { date: string }[] | null) ?? []).filter(
          (d) => d.date < (curve[0]?.date ?? ''),
        )
      : [];
    const lastCaseDate = links.cases.reduce(
      (m, x) => (x.onsetDate > m ? x.onsetDate : m),
      links.firstOnset ?? c.asOf,
    );
    const symptomCounts: Record<string, number> = { total_cases: cases.length };
    for (const x of cases)
      for (const [k, v] of Object.entries(x.symptoms))
        if (v === true) symptomCounts[k] = (symptomCounts[k] ?? 0) + 1;
    const summary = {
      ...symptomCounts,
      detection: {
        pattern: p.name,
        method: primary.method,
        asOf: c.asOf,
        firstCaseDate: links.firstOnset,
        lastCaseDate,
        signals: signals.map((s) => ({ ...s })),
      },
    };
    const geo = {
      school_id: c.schoolId,
      grades: links.grades,
      locations: links.locations,
      top_grade: links.grades[0]?.grade ?? null,
      top_location: links.locations[0]?.location ?? null,
    };
    const values = {
      affected_students_count: affected,
      total_student_population: population,
      percentage_affected: Math.min(100, (100 * affected) / Math.max(1, population)).toFixed(2),
      symptom_summary: JSON.stringify(summary),
      geographic_cluster_info: JSON.stringify(geo),
      time_series_data: JSON.stringify([...olderCurve, ...curve]),
      updated_at: now,
    };
    const alertId = ongoing?.id ?? uuidv7();
    if (ongoing) {
      await trx.updateTable('outbreak_alerts').set(values).where('id', '=', alertId).execute();
    } else {
      await trx
        .insertInto('outbreak_alerts')
        .values({
          id: alertId,
          pattern_id: p.id,
          alert_date: now,
          school_id: c.schoolId,
          severity_level: p.severity,
          outbreak_status: 'INVESTIGATING',
          containment_measures: p.reportable
            ? JSON.stringify({
                health_department_notification: {
                  required: true,
                  status: 'DUE',
                  reason: `${p.name} is a reportable pattern: notify the local health department`,
                  since: now.toISOString(),
                },
              })
            : null,
          created_at: now,
          ...values,
        })
        .execute();
    }
    if (links.cases.length > 0)
      await trx
        .insertInto('outbreak_case_clusters')
        .values(
          links.cases.map((k) => ({
            id: uuidv7(),
            outbreak_alert_id: alertId,
            symptom_tracking_id: k.id,
            cluster_assignment: k.clusterAssignment,
            temporal_distance_days: k.temporalDistanceDays,
            epidemiological_link_strength: k.linkStrength,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['outbreak_alert_id', 'symptom_tracking_id']).doUpdateSet((eb) => ({
            cluster_assignment: eb.ref('excluded.cluster_assignment'),
            temporal_distance_days: eb.ref('excluded.temporal_distance_days'),
            epidemiological_link_strength: eb.ref('excluded.epidemiological_link_strength'),
            updated_at: now,
          })),
        )
        .execute();
    await appendAudit(trx, {
      action: ongoing ? 'UPDATE' : 'CREATE',
      userId: null,
      deviceId: null,
      schoolId: c.schoolId,
      tableName: 'outbreak_alerts',
      recordId: alertId,
      ip: null,
      userAgent: null,
      details: {
        event: ongoing ? 'outbreak_scan_update' : 'outbreak_detected',
        patternId: p.id,
        method: primary.method,
        asOf: c.asOf,
        cases: links.cases.length,
      },
      at: now,
    });
    if (ongoing) return { updated: alertId };
    const detected: DetectedOutbreak = {
      alertId,
      schoolId: c.schoolId,
      patternId: p.id,
      patternName: p.name,
      severity: p.severity,
      reportable: p.reportable,
      method: primary.method,
      date: primary.date,
      count: primary.count,
      expected: primary.expected,
      statistic: primary.statistic,
      affectedStudents: affected,
      caseIds: links.cases.map((x) => x.id),
    };
    if (options.onDetected) await options.onDetected(trx, detected, clock);
    return { created: detected };
  });
}
