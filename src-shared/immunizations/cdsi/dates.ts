import { addDuration, type Duration } from '../supporting-data/duration';
import type { DoseAge, DoseInterval, AllowableInterval, Ymd } from '../supporting-data/model';

/**
 * The CDSi reference dates of a target dose (pure): the patient's age dates from the birth date and the series
 * dose's age entry, and the interval dates from a previous dose. CDC's grace period is in the data itself
 * (absolute minimum age "12 months - 4 days"), so nothing is added here. Dates are ISO 'YYYY-MM-DD'; ISO dates
 * compare as strings.
 *
 * Defaults of the logic specification when CDC leaves an age empty: absolute minimum age and minimum age are the
 * birth date ("0 days"), the maximum age date is far in the future (no maximum).
 */

/** A date after every real one: "no maximum age", "no end". */
export const FAR_FUTURE: Ymd = '9999-12-31';
/** A date before every real one: "no begin". */
export const FAR_PAST: Ymd = '0001-01-01';

export interface AgeDates {
  readonly absoluteMinimumAgeDate: Ymd;
  readonly minimumAgeDate: Ymd;
  /** null when the data gives none */
  readonly earliestRecommendedAgeDate: Ymd | null;
  readonly latestRecommendedAgeDate: Ymd | null;
  readonly maximumAgeDate: Ymd;
}

/** birth + duration, or `fallback` when the duration is empty. */
export function ageDate(birthDate: Ymd, age: Duration | null, fallback: Ymd): Ymd {
  return age === null ? fallback : addDuration(birthDate, age);
}

/** Whether an entry with effective and cessation dates applies on `date` (effective ≤ date < cessation). */
export function inEffect(
  entry: { readonly effectiveDate: Ymd | null; readonly cessationDate: Ymd | null },
  date: Ymd,
): boolean {
  return (
    (entry.effectiveDate === null || entry.effectiveDate <= date) &&
    (entry.cessationDate === null || date < entry.cessationDate)
  );
}

/** The age entry of a series dose in effect on `date` (CDC gives one per period); null when none applies. */
export function ageInEffect(ages: readonly DoseAge[], date: Ymd): DoseAge | null {
  for (const a of ages) if (inEffect(a, date)) return a;
  return null;
}

/** The last patient's age dates of each age entry (a patient meets the same entries in every evaluation). */
const lastAgeDates = new WeakMap<DoseAge, { readonly birthDate: Ymd; readonly dates: AgeDates }>();

/** The reference age dates of a target dose for a patient born on `birthDate`. */
export function ageDates(birthDate: Ymd, age: DoseAge): AgeDates {
  const last = lastAgeDates.get(age);
  if (last !== undefined && last.birthDate === birthDate) return last.dates;
  const dates = computeAgeDates(birthDate, age);
  lastAgeDates.set(age, { birthDate, dates });
  return dates;
}

function computeAgeDates(birthDate: Ymd, age: DoseAge): AgeDates {
  const absoluteMinimumAgeDate = ageDate(birthDate, age.absMinAge, birthDate);
  return Object.freeze({
    absoluteMinimumAgeDate,
    minimumAgeDate: ageDate(birthDate, age.minAge, absoluteMinimumAgeDate),
    earliestRecommendedAgeDate: age.earliestRecAge ? addDuration(birthDate, age.earliestRecAge) : null,
    latestRecommendedAgeDate: age.latestRecAge ? addDuration(birthDate, age.latestRecAge) : null,
    maximumAgeDate: ageDate(birthDate, age.maxAge, FAR_FUTURE),
  });
}

export interface IntervalDates {
  readonly absoluteMinimumIntervalDate: Ymd;
  readonly minimumIntervalDate: Ymd;
  readonly earliestRecommendedIntervalDate: Ymd | null;
  readonly latestRecommendedIntervalDate: Ymd | null;
}

/** The interval dates of an interval (preferable or allowable) counted from the date `from`. */
export function intervalDates(from: Ymd, interval: DoseInterval | AllowableInterval): IntervalDates {
  const absoluteMinimumIntervalDate = ageDate(from, interval.absMinInt, from);
  const preferable = 'minInt' in interval ? interval : null;
  return Object.freeze({
    absoluteMinimumIntervalDate,
    minimumIntervalDate: preferable
      ? ageDate(from, preferable.minInt, absoluteMinimumIntervalDate)
      : absoluteMinimumIntervalDate,
    earliestRecommendedIntervalDate: preferable?.earliestRecInt
      ? addDuration(from, preferable.earliestRecInt)
      : null,
    latestRecommendedIntervalDate: preferable?.latestRecInt
      ? addDuration(from, preferable.latestRecInt)
      : null,
  });
}

/** begin ≤ date < end, with begin and end ages from the birth date (an empty age: no limit). */
export function withinAges(
  birthDate: Ymd,
  date: Ymd,
  beginAge: Duration | null,
  endAge: Duration | null,
): boolean {
  return ageDate(birthDate, beginAge, FAR_PAST) <= date && date < ageDate(birthDate, endAge, FAR_FUTURE);
}
