import { GradeLevel } from '../enums';

/**
 * Immunization compliance per required vaccine (pure). The rules are the state's school-entry schedule
 * (vaccination_schedules rows required for enrollment); a rule applies once the student has reached its grade.
 *
 * - EXEMPT: an exemption in force for that vaccine (or for all vaccines);
 * - COMPLETE: every required dose recorded;
 * - else the next dose is due from max(minimum age, previous dose + minimum interval), and OVERDUE once its grace
 *   period has passed (due + grace < today), DUE before.
 *
 * Doses of one series given on the same day count once (a same-day duplicate is flagged, never a second dose), and
 * doses beyond the schedule's count are extra: counted apart, so a status never reads "4 of 3".
 *
 * Dates are ISO calendar dates (YYYY-MM-DD), compared as text.
 */

/** One required dose of the schedule. */
export interface ScheduleRule {
  readonly vaccine: string;
  readonly doseNumber: number;
  readonly minimumAgeMonths: number | null;
  readonly minimumIntervalDays: number | null;
  /** the grade from which the dose is required; null = every grade */
  readonly gradeLevel: string | null;
  readonly gracePeriodDays: number;
}

export type ComplianceStatus = 'COMPLETE' | 'DUE' | 'OVERDUE' | 'EXEMPT';

export interface VaccineStatus {
  readonly vaccine: string;
  readonly status: ComplianceStatus;
  /** doses that count toward the requirement (one per day, at most dosesRequired) */
  readonly dosesGiven: number;
  readonly dosesRequired: number;
  /** doses (one per day) beyond the required count; present only when there are some */
  readonly extraDoses?: number;
  /** days with more than one dose of this series (the duplicates are not counted); present only when some */
  readonly sameDayDuplicates?: string[];
  /** the next dose's due date, for DUE and OVERDUE */
  readonly nextDueOn?: string;
  /** OVERDUE: the date the dose was due (nextDueOn, in the past) */
  readonly overdueSince?: string;
  /** DUE with a due date already past (within the grace period): the last day before it is OVERDUE */
  readonly graceEndsOn?: string;
}

export interface StatusInput {
  readonly dateOfBirth: string;
  readonly gradeLevel: string;
  /** today in the school's time zone */
  readonly today: string;
  readonly schedules: readonly ScheduleRule[];
  /** recorded doses: the series (vaccine_type) and the date given */
  readonly doses: readonly { readonly vaccine: string; readonly administeredOn: string }[];
  /** vaccines with an exemption in force today; null = an exemption from every vaccine */
  readonly exemptions: readonly (string | null)[];
}

/** Rank of a grade (PK lowest); unknown or null grades rank below PK. */
export const gradeRank = (g: string | null): number =>
  g === null ? -1 : (GradeLevel as readonly string[]).indexOf(g);

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The rules required of a student in that grade, by vaccine in first-seen order, each in schedule order. */
export function requiredByVaccine<R extends Pick<ScheduleRule, 'vaccine' | 'gradeLevel'>>(
  schedules: readonly R[],
  gradeLevel: string,
): Map<string, R[]> {
  const grade = gradeRank(gradeLevel);
  const out = new Map<string, R[]>();
  for (const s of schedules) {
    if (gradeRank(s.gradeLevel) > grade) continue;
    const list = out.get(s.vaccine) ?? [];
    list.push(s);
    out.set(s.vaccine, list);
  }
  return out;
}

/** The required doses not yet given: the rules whose dose number is above the number of doses given. */
export function missingDoses<R extends Pick<ScheduleRule, 'doseNumber'>>(
  rules: readonly R[],
  dosesGiven: number,
): R[] {
  return rules.filter((r) => r.doseNumber > dosesGiven);
}

/** The days (sorted) with more than one dose among the given dates. */
export function sameDayDuplicates(givenOn: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const d of givenOn) (seen.has(d) ? dup : seen).add(d);
  return [...dup].sort();
}

/** The status of one vaccine from its required rules (non-empty) and the dates of the doses given. */
export function vaccineStatus(
  vaccine: string,
  rules: readonly ScheduleRule[],
  givenOn: readonly string[],
  input: Pick<StatusInput, 'dateOfBirth' | 'today'> & { readonly exempt: boolean },
): VaccineStatus {
  const required = Math.max(...rules.map((r) => r.doseNumber));
  const given = [...new Set(givenOn)].sort();
  const dosesGiven = Math.min(given.length, required);
  const duplicates = sameDayDuplicates(givenOn);
  const counts = {
    vaccine,
    dosesGiven,
    dosesRequired: required,
    ...(given.length > required ? { extraDoses: given.length - required } : {}),
    ...(duplicates.length > 0 ? { sameDayDuplicates: duplicates } : {}),
  };
  if (input.exempt) return { ...counts, status: 'EXEMPT' };
  if (missingDoses(rules, dosesGiven).length === 0) return { ...counts, status: 'COMPLETE' };
  const next = rules.find((r) => r.doseNumber === dosesGiven + 1) ?? rules[rules.length - 1]!;
  let due = addMonths(input.dateOfBirth, next.minimumAgeMonths ?? 0);
  const last = given[given.length - 1];
  if (last && next.minimumIntervalDays !== null) {
    const fromLast = addDays(last, next.minimumIntervalDays);
    if (fromLast > due) due = fromLast;
  }
  const graceEnd = addDays(due, next.gracePeriodDays);
  if (graceEnd < input.today) return { ...counts, status: 'OVERDUE', nextDueOn: due, overdueSince: due };
  return {
    ...counts,
    status: 'DUE',
    nextDueOn: due,
    ...(due < input.today ? { graceEndsOn: graceEnd } : {}),
  };
}

/** Compliance per required vaccine, sorted by vaccine. */
export function immunizationStatus(input: StatusInput): VaccineStatus[] {
  const byVaccine = requiredByVaccine(input.schedules, input.gradeLevel);
  const out: VaccineStatus[] = [];
  for (const [vaccine, rules] of [...byVaccine].sort(([a], [b]) => a.localeCompare(b))) {
    const givenOn = input.doses.filter((d) => d.vaccine === vaccine).map((d) => d.administeredOn);
    const exempt = input.exemptions.some((e) => e === null || e === vaccine);
    out.push(vaccineStatus(vaccine, rules, givenOn, { ...input, exempt }));
  }
  return out;
}
