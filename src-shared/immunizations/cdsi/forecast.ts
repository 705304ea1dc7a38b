import { addDuration, subtractDuration, type Duration } from '../supporting-data/duration';
import type { LiveVirusConflict, SeriesDose, VaccineRef, Ymd } from '../supporting-data/model';
import { ageDate, ageDates, ageInEffect, FAR_FUTURE, FAR_PAST, inEffect, intervalDates } from './dates';
import { REASON, type DoseEvaluation } from './evaluate';
import { conflictsOfTarget } from './indexes';
import type { OrganizedHistory } from './organize';
import { dueTargetDoses, type PatientSeries } from './select';
import { evaluateSkip } from './skip';

/**
 * The CDSi forecast of one antigen from its best patient series (pure): the logic specification's "Forecast dates
 * and reasons" for the series' next target dose (the first target dose due on the assessment date: not satisfied
 * nor skipped in evaluation, recurring doses again, less those skipped in the Forecast context: dueTargetDoses).
 *
 * Dates, from the birth date and the series' doses (ISO dates; "- 1 day" by the CDSi date rules):
 * - earliest date: the latest of the minimum age date, every minimum interval date, every live virus conflict end
 *   date and the seasonal recommendation's start date;
 * - unadjusted recommended date: the earliest recommended age date; without one, the latest earliest recommended
 *   interval date; without one, the earliest date. Recommended date: the later of it and the earliest date;
 * - unadjusted past due date: the latest recommended age date - 1 day; without one, the latest latest recommended
 *   interval date - 1 day; without one, none. Past due date: the later of it and the earliest date (none stays none);
 * - latest date: the maximum age date - 1 day (none when the dose has no maximum age).
 * The age and interval entries are the ones in effect on the assessment date. Intervals count from the series'
 * most recent dose (an inadvertent dose or one given before birth excepted, as in evaluation), from the dose that
 * satisfied target dose N, from the most recent dose of listed CVX codes; an interval of priority "override", when
 * one applies, replaces the others. A live virus conflict ends, for a dose of its previous vaccine, at that date +
 * the minimum conflict end interval (the conflict end interval when that dose was not valid); it counts when the
 * conflict's current vaccine is one of the target dose's preferable or allowable vaccines. When the series' most
 * recent dose is not valid (an inadvertent vaccine, one not preferable nor allowable, too soon...), the earliest
 * date is not before that dose's date either: CDC's cases forecast from it ("Recommended based on interval from
 * inadvertent vaccine": 2013-0426 HPV, 2018-0022 HepB, 2024-0071 Polio, 2025-0010 RSV), though the interval from an
 * inadvertent dose is not counted.
 *
 * The vaccine types recommended: the target dose's preferable vaccines marked "forecast vaccine type", usable at
 * some age between the earliest and the latest date (all its preferable vaccines when none is marked).
 */

export interface ForecastDates {
  readonly earliestDate: Ymd;
  readonly unadjustedRecommendedDate: Ymd;
  readonly recommendedDate: Ymd;
  readonly unadjustedPastDueDate: Ymd | null;
  readonly pastDueDate: Ymd | null;
  /** null: no maximum age */
  readonly latestDate: Ymd | null;
}

export interface AntigenForecast extends ForecastDates {
  readonly antigen: string;
  readonly seriesName: string;
  /** the dose number forecast, as CDC's test cases count it: the series' valid doses + 1 (skipped target doses not counted) */
  readonly forecastDoseNumber: number;
  /** the series' target dose forecast (its number in the supporting data) */
  readonly targetDoseNumber: number;
  /** the target dose recurs (influenza, COVID-19: one each season) */
  readonly recurring: boolean;
  /** what set the earliest date, e.g. "minimum age", "minimum interval from dose 1", "seasonal start" */
  readonly earliestReason: string;
  readonly vaccineTypes: readonly VaccineRef[];
}

export interface ForecastSeriesInput {
  readonly birthDate: Ymd;
  readonly assessmentDate: Ymd;
  readonly patientSeries: PatientSeries;
  readonly history: OrganizedHistory;
  readonly liveVirusConflicts: readonly LiveVirusConflict[];
  /** the status of a dose of another antigen, when known (live virus conflicts); default: valid */
  readonly statusOf?: (doseIndex: number) => DoseEvaluation['status'] | undefined;
}

const ONE_DAY: Duration = Object.freeze({ raw: '1 day', years: 0, months: 0, weeks: 0, days: 1 });
const later = (a: Ymd, b: Ymd): Ymd => (a > b ? a : b);
const latestOf = (dates: readonly Ymd[]): Ymd | null =>
  dates.length === 0 ? null : dates.reduce((a, b) => later(a, b));

/** The doses intervals count from: every dose of the series but inadvertent ones and those before birth. */
const countsForInterval = (d: DoseEvaluation): boolean =>
  !d.reasons.includes(REASON.inadvertent) && !d.reasons.includes(REASON.beforeBirth);

interface DateCandidate {
  readonly date: Ymd;
  readonly why: string;
}

/** The interval reference dates of the target dose (see above); each with what it counts from. */
function intervalCandidates(
  target: SeriesDose,
  doses: readonly DoseEvaluation[],
  history: OrganizedHistory,
  assessmentDate: Ymd,
): { from: Ymd; why: string; interval: SeriesDose['intervals'][number] }[] {
  const previous = [...doses].reverse().find(countsForInterval);
  const applicable = target.intervals
    .filter((i) => inEffect(i, assessmentDate))
    .flatMap((i) => {
      if (i.fromPrevious)
        return previous
          ? [
              {
                from: previous.date,
                why: previous.status === 'Valid' ? 'previous dose' : 'previous (not valid) dose',
                interval: i,
              },
            ]
          : [];
      if (i.fromTargetDose !== null) {
        const d = doses.find((x) => x.status === 'Valid' && x.targetDose === i.fromTargetDose);
        return d ? [{ from: d.date, why: `dose ${i.fromTargetDose}`, interval: i }] : [];
      }
      if (i.fromMostRecent.length > 0) {
        const recent = [...history.doses].reverse().find((d) => i.fromMostRecent.includes(d.cvx));
        return recent ? [{ from: recent.date, why: `most recent CVX ${recent.cvx}`, interval: i }] : [];
      }
      return []; // from an observation's date: observations carry no date in the input
    });
  const overriding = applicable.filter((x) => x.interval.intervalPriority === 'override');
  return overriding.length > 0 ? overriding : applicable;
}

/** The end dates of the live virus conflicts that bear on the target dose. */
function conflictEnds(
  target: SeriesDose,
  history: OrganizedHistory,
  conflicts: readonly LiveVirusConflict[],
  statusOf: (doseIndex: number) => DoseEvaluation['status'],
): DateCandidate[] {
  const relevant = conflictsOfTarget(target, conflicts);
  if (relevant.size === 0) return [];
  return history.doses.flatMap((d) =>
    (relevant.get(d.cvx) ?? []).map((c) => ({
      date: addDuration(
        d.date,
        statusOf(d.doseIndex) === 'Valid' ? c.minConflictEndInterval : c.conflictEndInterval,
      ),
      why: `live virus conflict with CVX ${d.cvx} on ${d.date}`,
    })),
  );
}

/** The forecast dates of a target dose (see above). */
export function forecastDates(
  target: SeriesDose,
  birthDate: Ymd,
  assessmentDate: Ymd,
  doses: readonly DoseEvaluation[],
  history: OrganizedHistory,
  conflicts: readonly LiveVirusConflict[],
  statusOf: (doseIndex: number) => DoseEvaluation['status'] = () => 'Valid',
): ForecastDates & { earliestReason: string } {
  const age = ageInEffect(target.ages, assessmentDate);
  const ages = age === null ? null : ageDates(birthDate, age);
  const intervals = intervalCandidates(target, doses, history, assessmentDate).map((x) => ({
    ...x,
    dates: intervalDates(x.from, x.interval),
  }));
  const candidates: DateCandidate[] = [
    { date: ages?.minimumAgeDate ?? birthDate, why: 'minimum age' },
    ...intervals.map((x) => ({ date: x.dates.minimumIntervalDate, why: `minimum interval from ${x.why}` })),
    ...conflictEnds(target, history, conflicts, statusOf),
  ];
  const mostRecent = [...doses].reverse().find((d) => !d.reasons.includes(REASON.beforeBirth));
  if (mostRecent && mostRecent.status !== 'Valid')
    candidates.push({
      date: mostRecent.date,
      why: `date of the previous dose (${mostRecent.reasons[0] ?? mostRecent.status})`,
    });
  const season = target.seasonalRecommendation?.startDate;
  if (season) candidates.push({ date: season, why: 'seasonal start' });
  const first = candidates.reduce((a, b) => (b.date > a.date ? b : a));
  const earliestDate = first.date;

  const recommendedByInterval = latestOf(
    intervals.flatMap((x) =>
      x.dates.earliestRecommendedIntervalDate ? [x.dates.earliestRecommendedIntervalDate] : [],
    ),
  );
  const unadjustedRecommendedDate = ages?.earliestRecommendedAgeDate ?? recommendedByInterval ?? earliestDate;
  const pastDueByInterval = latestOf(
    intervals.flatMap((x) =>
      x.dates.latestRecommendedIntervalDate ? [x.dates.latestRecommendedIntervalDate] : [],
    ),
  );
  const latestRecommended = ages?.latestRecommendedAgeDate ?? pastDueByInterval;
  const unadjustedPastDueDate =
    latestRecommended === null ? null : subtractDuration(latestRecommended, ONE_DAY);
  const maximum = age?.maxAge ? ageDate(birthDate, age.maxAge, FAR_FUTURE) : null;
  return {
    earliestDate,
    earliestReason: first.why,
    unadjustedRecommendedDate,
    recommendedDate: later(unadjustedRecommendedDate, earliestDate),
    unadjustedPastDueDate,
    pastDueDate: unadjustedPastDueDate === null ? null : later(unadjustedPastDueDate, earliestDate),
    latestDate: maximum === null ? null : subtractDuration(maximum, ONE_DAY),
  };
}

/** The vaccine types to forecast for the target dose between the earliest and the latest date. */
export function forecastVaccineTypes(
  target: SeriesDose,
  birthDate: Ymd,
  dates: Pick<ForecastDates, 'earliestDate' | 'latestDate'>,
): VaccineRef[] {
  const marked = target.preferableVaccines.filter((v) => v.forecastVaccineType);
  const list = marked.length > 0 ? marked : target.preferableVaccines;
  const usable = list.filter(
    (v) =>
      ageDate(birthDate, v.beginAge, FAR_PAST) <= (dates.latestDate ?? FAR_FUTURE) &&
      dates.earliestDate < ageDate(birthDate, v.endAge, FAR_FUTURE),
  );
  // one entry per CVX (CDC lists a CVX again for each trade name or age range)
  const byCvx = new Map(usable.map((v) => [v.cvx, v.vaccineType]));
  return [...byCvx].map(([cvx, vaccineType]) => Object.freeze({ vaccineType, cvx }));
}

/**
 * The dose number forecast as CDC's test cases count it: the series' valid doses + 1; for a seasonal target dose
 * (influenza, COVID-19), the valid doses since the season's start + 1 (a 68-year-old's second COVID-19 dose of the
 * season is dose 2 whatever the doses of earlier seasons).
 */
export function forecastDoseNumber(target: SeriesDose, doses: readonly DoseEvaluation[]): number {
  const season = target.seasonalRecommendation?.startDate ?? null;
  return doses.filter((d) => d.status === 'Valid' && (season === null || d.date >= season)).length + 1;
}

/**
 * The forecast of the antigen's best series; null when no target dose is due (complete). A target dose skipped in
 * the Forecast context on its own earliest date (when that is after the assessment date) gives way to the next one:
 * a child turning 7 before the 4-week interval ends is forecast the dose of a 7-year-old (6 months from the
 * previous dose: CDC's 2013-0091), a Hib dose 3 due after 12 months becomes the final dose (2013-0292).
 */
export function forecastSeries(input: ForecastSeriesInput): AntigenForecast | null {
  const { birthDate, assessmentDate, patientSeries } = input;
  const { series, evaluation } = patientSeries;
  const due = dueTargetDoses(series, evaluation, birthDate, assessmentDate);
  const statusOf = (i: number): DoseEvaluation['status'] =>
    evaluation.doses.find((d) => d.doseIndex === i)?.status ?? input.statusOf?.(i) ?? 'Valid';
  const previousDoses = evaluation.doses.map((d) => ({
    date: d.date,
    cvx: d.cvx,
    valid: d.status === 'Valid',
  }));
  for (const target of due) {
    const dates = forecastDates(
      target,
      birthDate,
      assessmentDate,
      evaluation.doses,
      input.history,
      input.liveVirusConflicts,
      statusOf,
    );
    const last = target === due.at(-1);
    if (
      !last &&
      dates.earliestDate > assessmentDate &&
      evaluateSkip(target.conditionalSkips, 'Forecast', {
        birthDate,
        referenceDate: dates.earliestDate,
        previousDoses,
      }).skipped
    )
      continue;
    return Object.freeze({
      antigen: evaluation.antigen,
      seriesName: series.seriesName,
      forecastDoseNumber: forecastDoseNumber(target, evaluation.doses),
      targetDoseNumber: target.doseNumber,
      recurring: target.recurringDose,
      ...dates,
      vaccineTypes: Object.freeze(forecastVaccineTypes(target, birthDate, dates)),
    });
  }
  return null;
}
