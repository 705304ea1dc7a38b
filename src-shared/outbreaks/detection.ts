/**
 * Outbreak detection, as the nightly scan runs it for one school and one pattern (outbreak_patterns): the
 * pattern's cases in time order, a sliding window of time_window_days; an outbreak opens at the case that brings
 * the window to at least threshold_students distinct students and threshold_percentage of the school's enrolled
 * students, and it goes on while each next case comes within time_window_days of the last one.
 */

export interface OutbreakRule {
  /** time_window_days */
  readonly windowDays: number;
  /** threshold_students */
  readonly thresholdStudents: number;
  /** threshold_percentage (0-100) */
  readonly thresholdPercent: number;
}

/** A case of the pattern: which student, and the school day it was seen. */
export interface OutbreakCase {
  readonly studentId: string;
  /** 'YYYY-MM-DD' */
  readonly day: string;
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new Error(`outbreak case day is not a calendar date (YYYY-MM-DD): '${day}'`);
  return Math.round(t / DAY_MS);
}

function check(rule: OutbreakRule): void {
  if (!Number.isInteger(rule.windowDays) || rule.windowDays < 1)
    throw new Error(`outbreak rule: time_window_days must be a whole number >= 1, got ${rule.windowDays}`);
  if (!Number.isInteger(rule.thresholdStudents) || rule.thresholdStudents < 1)
    throw new Error(
      `outbreak rule: threshold_students must be a whole number >= 1, got ${rule.thresholdStudents}`,
    );
  if (!(rule.thresholdPercent >= 0 && rule.thresholdPercent <= 100))
    throw new Error(`outbreak rule: threshold_percentage must be 0 to 100, got ${rule.thresholdPercent}`);
}

/** An outbreak found: the case that reached the thresholds (the alert), and all its cases. */
export interface DetectedOutbreak<C extends OutbreakCase> {
  readonly trigger: C;
  /** The cases in the window when it opened (the trigger last), then every later case that kept it going. */
  readonly cases: readonly C[];
}

/**
 * The outbreaks among the cases of one pattern at one school (cases in day order), in the order they end.
 * `enrolled(day)` is the school's enrolled students on a day (the denominator of the percentage).
 */
export function detectOutbreaks<C extends OutbreakCase>(
  cases: readonly C[],
  rule: OutbreakRule,
  enrolled: (day: string) => number,
): DetectedOutbreak<C>[] {
  check(rule);
  const days = cases.map((c) => dayNumber(c.day));
  days.forEach((d, i) => {
    const before = days[i - 1];
    if (before !== undefined && d < before)
      throw new Error(
        `outbreak cases must be in day order: ${cases[i]?.day ?? ''} comes after ${cases[i - 1]?.day ?? ''}`,
      );
  });
  const found: DetectedOutbreak<C>[] = [];
  let open: { trigger: C; cases: C[]; lastDay: number } | null = null;
  for (const [i, c] of cases.entries()) {
    const day = days[i] ?? 0;
    if (open !== null) {
      if (day - open.lastDay <= rule.windowDays) {
        open.cases.push(c);
        open.lastDay = day;
        continue;
      }
      found.push({ trigger: open.trigger, cases: open.cases });
      open = null;
    }
    const window = cases.slice(0, i + 1).filter((_, k) => day - (days[k] ?? 0) < rule.windowDays);
    const distinct = new Set(window.map((x) => x.studentId)).size;
    const population = Math.max(1, enrolled(c.day));
    if (distinct >= rule.thresholdStudents && (100 * distinct) / population >= rule.thresholdPercent)
      open = { trigger: c, cases: [...window], lastDay: day };
  }
  if (open !== null) found.push({ trigger: open.trigger, cases: open.cases });
  return found;
}
