import {
  dailySeries,
  detectOutbreaks,
  earsSignals,
  linkCases,
  matchesOutbreakPattern,
  thresholdSignal,
  withEars,
} from '../../../src-shared/outbreaks';
import type { CatalogIds } from '../helpers';
import { OUTBREAK_PATTERNS, type OutbreakPatternDef } from './patterns';
import type { ForcedVisit, VisitRec } from '../clinic-visits';
import type { DistrictRec, SchoolRec } from '../district';
import { enrolledOn, gradeOn, isAbsent, type StudentRec } from '../students';
import {
  insertMany,
  json,
  sectionFaker,
  addDays,
  addMinutes,
  chance,
  daysBetween,
  gradeNumber,
  localTime,
  newId,
  notAfter,
  pick,
  stamps,
  weighted,
  type Grade,
  type SeedContext,
  type NewRow,
} from '../helpers';

/**
 * symptom_tracking (one row per communicable-illness visit), the GI cluster planted in one school,
 * and outbreak detection run over the tracked symptoms exactly as the scan would: per school and
 * pattern, a sliding window of time_window_days; an alert when at least threshold_students students
 * and threshold_percentage of the school match. outbreak_alerts and outbreak_case_clusters.
 */

export interface GiCluster {
  readonly school: SchoolRec;
  readonly days: readonly string[];
  readonly visits: readonly ForcedVisit[];
}

/** A norovirus-like cluster: about 7% of one (elementary) school over four school days, two to four weeks before asOf. */
export function planGiCluster(
  ctx: SeedContext,
  district: DistrictRec,
  students: readonly StudentRec[],
): GiCluster | null {
  const f = sectionFaker(ctx.options.seed, 'gi-cluster');
  const school =
    district.schools.find((s) => s.level === 'ELEMENTARY' || s.level === 'K8' || s.level === 'K12') ??
    district.schools[0];
  if (!school) return null;
  const year = [...ctx.years].reverse().find((y) => y.days.length >= 8);
  if (!year) return null;
  const n = year.days.length;
  const startIndex = n >= 35 ? n - 15 - f.number.int({ min: 0, max: 10 }) : n - 6;
  const days = year.days.slice(startIndex, startIndex + 4);
  const first = days[0];
  if (!first) return null;
  const pool = students.filter(
    (s) => s.school.id === school.id && enrolledOn(s, first) && gradeOn(ctx, s, first) !== null,
  );
  if (pool.length < 3) return null;
  const grades = [...new Set(pool.map((s) => s.grade))];
  const hot = new Set(f.helpers.shuffle(grades).slice(0, 2));
  const ranked = f.helpers.shuffle(pool).sort((a, b) => Number(hot.has(b.grade)) - Number(hot.has(a.grade)));
  const count = Math.min(pool.length, Math.max(4, Math.round(0.07 * pool.length)));
  const visits: ForcedVisit[] = [];
  for (const s of ranked) {
    if (visits.length >= count) break;
    const day = weighted(
      f,
      days.map((d, i) => [d, [2, 4, 3, 1][i] ?? 1] as const),
    );
    if (isAbsent(ctx.options.seed, s, day)) continue;
    visits.push({ student: s, day, reason: chance(f, 0.7) ? 'NAUSEA_VOMITING' : 'DIARRHEA' });
  }
  return visits.length >= 3 ? { school, days, visits } : null;
}

interface Case {
  readonly id: string;
  readonly visit: VisitRec;
  readonly reported: Date;
  readonly onset: string;
  readonly grade: Grade;
  readonly location: string | null;
  readonly symptoms: Record<string, unknown>;
  readonly icd10: string;
}

export interface OutbreakRec {
  readonly id: string;
  readonly patternKey: OutbreakPatternDef['key'];
  readonly patternName: string;
  readonly school: SchoolRec;
  readonly alertDate: Date;
  /** The school day the thresholds were reached. */
  readonly triggerDay: string;
  readonly cases: readonly Case[];
  readonly reportable: boolean;
  readonly notifiedAt: Date | null;
  /** As outbreak_alerts records them (set once the alert row is written): the pattern's window, the students
   * affected and their share of enrollment ("12.50"). */
  readonly windowDays?: number;
  readonly affected?: number;
  readonly percent?: string;
}

export async function seedOutbreaks(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  students: readonly StudentRec[],
  visits: readonly VisitRec[],
  cluster: GiCluster | null,
): Promise<OutbreakRec[]> {
  const f = sectionFaker(ctx.options.seed, 'outbreaks');
  const cases: Case[] = [];
  const rows: NewRow<'symptom_tracking'>[] = [];
  const sorted = [...visits]
    .filter((v) => v.symptom)
    .sort((a, b) => a.arrival.getTime() - b.arrival.getTime() || (a.id < b.id ? -1 : 1));
  for (const v of sorted) {
    const sym = v.symptom;
    if (!sym) continue;
    const reported = addMinutes(v.arrival, f.number.int({ min: 3, max: 12 }));
    const id = newId(f, reported);
    const grade = gradeOn(ctx, v.student, v.day) ?? v.student.grade;
    let returned: string | null = null;
    if (v.sentHome) {
      const back = addDays(v.day, f.number.int({ min: 2, max: 4 }));
      returned = back <= ctx.today ? back : null;
    }
    const inCluster =
      cluster?.visits.some(
        (fv) => fv.student.id === v.student.id && fv.day === v.day && fv.reason === v.reason,
      ) ?? false;
    const location = inCluster ? pick(f, ['Classroom', 'Cafeteria', 'Classroom']) : sym.location;
    rows.push({
      id,
      student_id: v.student.id,
      reported_date: reported,
      symptom_onset_date: sym.onset,
      symptoms: json(sym.symptoms),
      severity_assessment: sym.severity,
      diagnosis: sym.diagnosis,
      icd10_code: sym.icd10,
      location_at_onset: location,
      student_grade_level: grade,
      sent_home: v.sentHome,
      returned_to_school_date: returned,
      follow_up_required: sym.followUp,
      notes: inCluster
        ? 'Part of a cluster of vomiting/diarrhea in the building; classmates ill this week.'
        : null,
      reported_by: v.nurseId,
      school_id: v.student.school.id,
      ...stamps(reported, returned ? notAfter(ctx, localTime(returned, 8, 30)) : reported),
    });
    cases.push({
      id,
      visit: v,
      reported,
      onset: sym.onset,
      grade,
      location,
      symptoms: sym.symptoms,
      icd10: sym.icd10,
    });
  }
  await insertMany(ctx.db, 'symptom_tracking', rows, ctx.progress);

  // Detection, school by school and pattern by pattern.
  const outbreaks: OutbreakRec[] = [];
  for (const school of district.schools) {
    const population = (day: string) =>
      students.filter((s) => s.school.id === school.id && enrolledOn(s, day)).length;
    for (const p of OUTBREAK_PATTERNS) {
      const list = cases
        .filter((c) => c.visit.student.school.id === school.id && matchesOutbreakPattern(p.key, c))
        .map((c) => ({ studentId: c.visit.student.id, day: c.visit.day, case: c }));
      const rule = {
        windowDays: p.windowDays,
        thresholdStudents: p.thresholdStudents,
        thresholdPercent: Number(p.thresholdPercent),
      };
      for (const found of detectOutbreaks(list, rule, population)) {
        const first = found.trigger.case;
        outbreaks.push({
          id: newId(f, first.reported),
          patternKey: p.key,
          patternName: p.name,
          school,
          alertDate: first.reported,
          triggerDay: first.visit.day,
          cases: found.cases.map((x) => x.case),
          reportable: p.reportable,
          notifiedAt: null,
        });
      }
    }
  }
  outbreaks.sort((a, b) => a.alertDate.getTime() - b.alertDate.getTime() || (a.id < b.id ? -1 : 1));

  const alertRows: NewRow<'outbreak_alerts'>[] = [];
  const clusterRows: NewRow<'outbreak_case_clusters'>[] = [];
  const result: OutbreakRec[] = [];
  for (const o of outbreaks) {
    const affected = new Set(o.cases.map((c) => c.visit.student.id));
    // The planted cluster was confirmed by the health department's stool testing; detected ones are under investigation.
    const planted =
      o.patternKey === 'GI' &&
      o.cases.some((c) =>
        cluster?.visits.some((fv) => fv.student.id === c.visit.student.id && fv.day === c.visit.day),
      );
    const firstDay = o.cases[0]?.visit.day ?? o.alertDate.toISOString().slice(0, 10);
    const lastCase = o.cases[o.cases.length - 1];
    const lastDay = lastCase?.visit.day ?? firstDay;
    const pop = Math.max(1, affected.size, countAt(o.school, firstDay));
    const pct = Math.min(100, (100 * affected.size) / pop);
    const pattern = OUTBREAK_PATTERNS.find((p) => p.key === o.patternKey);
    const windowDays = pattern?.windowDays ?? 7;
    const resolvedAt = localTime(addDays(lastDay, windowDays + 2), 15, 0);
    const resolved = resolvedAt.getTime() < ctx.options.asOf.getTime();
    const notify = o.reportable || affected.size >= 10;
    const notifiedAt = notify ? addMinutes(o.alertDate, f.number.int({ min: 60, max: 240 })) : null;
    const notified = notifiedAt && notifiedAt.getTime() <= ctx.options.asOf.getTime() ? notifiedAt : null;
    // The epidemic curve as the scan writes it (server-sync/outbreaks): distinct students a day of every case of the
    // pattern at the school, four weeks up to the last case, with EARS C1/C2/C3; and what the detectors saw the day
    // the alert opened.
    const perDay = new Map<string, Set<string>>();
    for (const c of cases)
      if (c.visit.student.school.id === o.school.id && matchesOutbreakPattern(o.patternKey, c))
        perDay.set(c.visit.day, (perDay.get(c.visit.day) ?? new Set()).add(c.visit.student.id));
    const counts = new Map([...perDay].map(([d, st]) => [d, st.size]));
    const curve = withEars(dailySeries(counts, lastDay)).days.map((d) => ({
      date: d.date,
      cases: d.count,
      expected: d.expected,
      c1: d.c1,
      c2: d.c2,
      c3: d.c3,
    }));
    const triggerDay = o.triggerDay;
    const rule = {
      windowDays,
      thresholdStudents: pattern?.thresholdStudents ?? 3,
      thresholdPercent: Number(pattern?.thresholdPercent ?? 0),
    };
    const inWindow = new Set(
      o.cases
        .filter((c) => c.visit.day <= triggerDay && daysBetween(c.visit.day, triggerDay) < windowDays)
        .map((c) => c.visit.student.id),
    );
    const signals = [
      thresholdSignal(rule, triggerDay, inWindow.size, pop),
      ...earsSignals(dailySeries(counts, triggerDay)).filter((x) => x.alarm),
    ].map(({ alarm: _alarm, ...x }) => x);
    const linked = linkCases(
      o.cases.map((c) => ({
        id: c.id,
        studentId: c.visit.student.id,
        onsetDate: c.onset,
        grade: c.grade,
        location: c.location,
      })),
    );
    const symptomSummary: Record<string, unknown> = { total_cases: o.cases.length };
    for (const c of o.cases)
      for (const [k, v] of Object.entries(c.symptoms))
        if (v === true) symptomSummary[k] = Number(symptomSummary[k] ?? 0) + 1;
    symptomSummary.detection = {
      pattern: o.patternName,
      method: 'threshold',
      asOf: triggerDay,
      firstCaseDate: firstDay,
      lastCaseDate: lastDay,
      signals,
    };
    alertRows.push({
      id: o.id,
      pattern_id: catalogs.patterns.get(o.patternKey) ?? null,
      alert_date: o.alertDate,
      school_id: o.school.id,
      affected_students_count: affected.size,
      total_student_population: pop,
      percentage_affected: pct.toFixed(2),
      symptom_summary: json(symptomSummary),
      geographic_cluster_info: json({
        school_id: o.school.id,
        building: o.school.name,
        centroid_lat: Number((40.1 + f.number.float({ min: -0.4, max: 0.4 })).toFixed(5)),
        centroid_lng: Number((-82.9 + f.number.float({ min: -0.6, max: 0.6 })).toFixed(5)),
        radius_m: f.number.int({ min: 40, max: 150 }),
        // as the scan writes them (src-shared/outbreaks linkCases): cases per grade and per location, most first
        grades: linked.grades,
        locations: linked.locations,
        top_grade: linked.grades[0]?.grade ?? null,
        top_location: linked.locations[0]?.location ?? null,
      }),
      time_series_data: json(curve),
      // Confirmed: the planted cluster (stool PCR by the health department) or a large one (rapid tests);
      // contained: no new case for a full window, not yet closed.
      outbreak_status: resolved
        ? 'RESOLVED'
        : daysBetween(lastDay, ctx.today) > windowDays
          ? 'CONTAINED'
          : planted || affected.size >= 10
            ? 'CONFIRMED'
            : 'INVESTIGATING',
      severity_level: pattern?.severity ?? 'MODERATE',
      health_department_notified: notified !== null,
      notification_sent_at: notified,
      containment_measures: json(
        o.patternKey === 'GI'
          ? {
              actions_taken: [
                'Exclusion until 24 hours without vomiting or diarrhea',
                'Classrooms, restrooms and cafeteria disinfected with an EPA List G product (chlorine bleach 1000-5000 ppm)',
                'Soap-and-water hand washing before lunch',
                'Letter to families',
              ],
              quarantine_in_place: false,
            }
          : {
              actions_taken: [
                'Exclusion until 24 hours fever-free without medication',
                'Hand hygiene and cough etiquette reminders',
                'Letter to families',
                'Increased cleaning of high-touch surfaces',
              ],
              quarantine_in_place: false,
            },
      ),
      resolved_at: resolved ? resolvedAt : null,
      resolution_notes: resolved
        ? `No new ${o.patternName.toLowerCase()} cases for ${windowDays + 2} days; case counts back to baseline.`
        : null,
      ...stamps(o.alertDate, resolved ? resolvedAt : (notified ?? o.alertDate)),
    });
    const first = o.cases[0];
    const firstOnset = o.cases.reduce((m, c) => (c.onset < m ? c.onset : m), first?.onset ?? firstDay);
    const gradesInCluster = [...new Set(o.cases.map((c) => c.grade))];
    for (const c of o.cases) {
      const dGrade = Math.abs(gradeNumber(c.grade) - gradeNumber(first?.grade ?? c.grade));
      clusterRows.push({
        id: newId(f, c.reported),
        outbreak_alert_id: o.id,
        symptom_tracking_id: c.id,
        cluster_assignment: 1 + gradesInCluster.indexOf(c.grade),
        spatial_distance_meters: (dGrade === 0
          ? f.number.float({ min: 0, max: 30 })
          : f.number.float({ min: 30, max: 160 })
        ).toFixed(2),
        temporal_distance_days: Math.max(0, daysBetween(firstOnset, c.onset)),
        epidemiological_link_strength: dGrade === 0 ? 'STRONG' : dGrade === 1 ? 'MODERATE' : 'WEAK',
        ...stamps(o.alertDate.getTime() > c.reported.getTime() ? o.alertDate : c.reported),
      });
    }
    result.push({ ...o, notifiedAt: notified, windowDays, affected: affected.size, percent: pct.toFixed(2) });
  }
  await insertMany(ctx.db, 'outbreak_alerts', alertRows, ctx.progress);
  await insertMany(ctx.db, 'outbreak_case_clusters', clusterRows, ctx.progress);
  return result;

  function countAt(school: SchoolRec, day: string): number {
    return students.filter((s) => s.school.id === school.id && enrolledOn(s, day)).length;
  }
}
