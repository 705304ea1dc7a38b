import { earsC, type EarsDay, type EarsOptions } from './ears';

/**
 * The detectors of one school and one pattern on an as-of day, shared by the server's scan and the
 * `white-cross outbreaks detect` command: (a) the pattern's thresholds (threshold_students distinct students
 * within time_window_days ending on the day, and threshold_percentage of the enrolled students), (b) EARS
 * C1/C2/C3 (ears.ts) on the daily counts of the pattern's cases by onset date.
 */

export const DETECTION_METHODS = Object.freeze(['threshold', 'c1', 'c2', 'c3'] as const);
export type DetectionMethod = (typeof DETECTION_METHODS)[number];

/** Days of counts the detectors look back on: C3 needs 11 days before the day, and a curve shows four weeks. */
export const SERIES_DAYS = 28;

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dayNumber(day: string): number {
  const t = DATE.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new Error(`not a calendar date (YYYY-MM-DD): '${day}'`);
  return Math.round(t / DAY_MS);
}
export const dayOf = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const addDay = (day: string, n: number): string => dayOf(dayNumber(day) + n);

export interface DailyCount {
  readonly date: string;
  readonly count: number;
}

/** Dense daily counts from `days` days before asOf up to asOf (zeros where nothing was counted). */
export function dailySeries(
  counts: ReadonlyMap<string, number> | readonly DailyCount[],
  asOf: string,
  days = SERIES_DAYS,
): DailyCount[] {
  const m: ReadonlyMap<string, number> = Array.isArray(counts)
    ? new Map((counts as readonly DailyCount[]).map((c) => [c.date, c.count]))
    : (counts as ReadonlyMap<string, number>);
  const end = dayNumber(asOf);
  return Array.from({ length: days + 1 }, (_, i) => {
    const date = dayOf(end - days + i);
    return { date, count: m.get(date) ?? 0 };
  });
}

export interface PatternRule {
  readonly thresholdStudents: number;
  /** 0 to 100 */
  readonly thresholdPercent: number;
  readonly windowDays: number;
}

/** One detector's finding on the day. */
export interface Signal {
  readonly method: DetectionMethod;
  readonly date: string;
  /** threshold: distinct students in the window; EARS: the day's cases */
  readonly count: number;
  /** threshold: the students needed (max of threshold_students and the percentage of enrollment); EARS: the baseline mean */
  readonly expected: number;
  /** threshold: percent of the enrolled students; EARS: C1, C2 or C3 */
  readonly statistic: number;
  readonly alarm: boolean;
}

export interface SeriesDay extends DailyCount {
  readonly c1: number | null;
  readonly c2: number | null;
  readonly c3: number | null;
  readonly expected: number | null;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The series with its EARS statistics per day (rounded to 3 decimals), for the epidemic curve and --series. */
export function withEars(
  series: readonly DailyCount[],
  options?: EarsOptions,
): { days: SeriesDay[]; ears: EarsDay[] } {
  const ears = earsC(
    series.map((d) => d.count),
    options,
  );
  const days = series.map((d, i) => {
    const e = ears[i];
    const r = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x));
    return { ...d, c1: r(e?.c1), c2: r(e?.c2), c3: r(e?.c3), expected: r(e?.c1Mean) };
  });
  return { days, ears };
}

/** Students needed by the thresholds at a school of `enrolled` students. */
export function thresholdNeeded(rule: PatternRule, enrolled: number): number {
  return Math.max(
    rule.thresholdStudents,
    Math.ceil((rule.thresholdPercent * Math.max(0, enrolled)) / 100 - 1e-9),
  );
}

/** The threshold detector: `students` distinct students with a case in the window ending on `date`. */
export function thresholdSignal(rule: PatternRule, date: string, students: number, enrolled: number): Signal {
  const needed = thresholdNeeded(rule, enrolled);
  return {
    method: 'threshold',
    date,
    count: students,
    expected: needed,
    statistic: round((100 * students) / Math.max(1, enrolled), 2),
    alarm: students >= needed && students > 0,
  };
}

/** The EARS detectors on the last day of the series. */
export function earsSignals(series: readonly DailyCount[], options?: EarsOptions): Signal[] {
  const { ears } = withEars(series, options);
  const last = ears[ears.length - 1];
  const day = series[series.length - 1];
  if (!last || !day) return [];
  const out: Signal[] = [];
  if (last.c1 !== null)
    out.push({
      method: 'c1',
      date: day.date,
      count: last.count,
      expected: round(last.c1Mean ?? 0),
      statistic: round(last.c1),
      alarm: last.c1Alarm,
    });
  if (last.c2 !== null)
    out.push({
      method: 'c2',
      date: day.date,
      count: last.count,
      expected: round(last.c2Mean ?? 0),
      statistic: round(last.c2),
      alarm: last.c2Alarm,
    });
  if (last.c3 !== null)
    out.push({
      method: 'c3',
      date: day.date,
      count: last.count,
      expected: round(last.c2Mean ?? 0),
      statistic: round(last.c3),
      alarm: last.c3Alarm,
    });
  return out;
}

/** Upper bound on the distinct students of the window from daily counts (a student counted once a day at most). */
export function windowCount(series: readonly DailyCount[], windowDays: number): number {
  return series.slice(-windowDays).reduce((a, d) => a + d.count, 0);
}
