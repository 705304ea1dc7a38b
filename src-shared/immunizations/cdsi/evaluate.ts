import { addDuration } from '../supporting-data/duration';
import type {
  AllowableInterval,
  DoseInterval,
  LiveVirusConflict,
  Series,
  SeriesDose,
  Ymd,
} from '../supporting-data/model';
import { ageDates, ageInEffect, inEffect, intervalDates, withinAges } from './dates';
import { conflictsByCurrentCvx } from './indexes';
import type { AntigenDose } from './organize';
import { evaluateSkip, type SkipDose } from './skip';

/**
 * CDSi evaluation of one antigen series against the patient's doses of that antigen (pure): the logic
 * specification's "Evaluate vaccine dose administered" for each dose in date order, against the series' target
 * doses in order.
 *
 * For a dose and the current target dose:
 * 1. can it be evaluated: a dose before birth cannot ("Administered Before Birth", not valid);
 * 2. conditional skip (context Evaluation or Both, reference date: the dose's date): a skipped target dose is
 *    "Skipped" and the same dose is evaluated against the next target dose;
 * 3. inadvertent vaccine: not valid, the target dose stays unsatisfied;
 * 4. age: before the absolute minimum age date "Age: Too Young"; between the absolute minimum and the minimum age
 *    date valid (grace period) unless this is not the first target dose and the previous dose was not valid for
 *    age or interval; on or after the maximum age date "Age: Too Old" (extraneous);
 * 5. preferable intervals (from the previous dose, from the dose that satisfied target dose N, from the most recent
 *    dose of given CVX codes; those with priority "override", when any applies, replace the others), each with the
 *    same grace rule; when one fails, the allowable intervals (absolute minimum only); else "Interval: Too Soon";
 * 6. live virus conflict: the dose's vaccine is a conflict's current vaccine and a dose of its previous vaccine
 *    was given within [previous + begin interval, previous + end interval), the end being the minimum conflict end
 *    interval when that previous dose was valid and the conflict end interval when it was not;
 * 7. preferable vaccine (CVX, begin ≤ age < end, MVX when both give one), else allowable vaccine (CVX, ages), else
 *    "Not a preferable or allowable vaccine".
 * A dose passing all satisfies the target dose (Valid); a recurring target dose (influenza) is then repeated. A
 * dose after the last target dose is satisfied is "Extraneous" ("Series Already Complete").
 *
 * Not applied here: intervals from an observation's date (no observations in the input yet), dose volume (not in
 * the input), sub-potent and expired doses.
 */

export type DoseStatus = 'Valid' | 'Not Valid' | 'Extraneous';
export type TargetDoseStatus = 'Satisfied' | 'Not Satisfied' | 'Skipped';

/** Evaluation reasons, as CDC's test cases spell them (CDC writes "Interval: too Soon"; compare ignoring case). */
export const REASON = Object.freeze({
  beforeBirth: 'Administered Before Birth',
  inadvertent: 'Inadvertent Vaccine',
  tooYoung: 'Age: Too Young',
  tooOld: 'Age: Too Old',
  tooSoon: 'Interval: Too Soon',
  liveVirusConflict: 'Live Virus Conflict',
  notAllowable: 'Not a preferable or allowable vaccine',
  seriesComplete: 'Series Already Complete',
});

export interface DoseEvaluation {
  readonly doseIndex: number;
  readonly date: Ymd;
  readonly cvx: string;
  readonly status: DoseStatus;
  /** why not valid or extraneous; empty when valid */
  readonly reasons: readonly string[];
  /** how a valid dose passed where it was not the plain rule: "grace period", "allowable interval", "allowable vaccine" */
  readonly notes: readonly string[];
  /** the target dose it was evaluated against; null when the series was already complete */
  readonly targetDose: number | null;
}

export interface TargetDoseEvaluation {
  readonly doseNumber: number;
  readonly status: TargetDoseStatus;
  /** the history index of the dose that satisfied it */
  readonly satisfiedBy: number | null;
  readonly skipReason: string | null;
}

export interface SeriesEvaluation {
  readonly antigen: string;
  readonly seriesName: string;
  /** every target dose satisfied or skipped */
  readonly complete: boolean;
  readonly targetDoses: readonly TargetDoseEvaluation[];
  readonly doses: readonly DoseEvaluation[];
  /** rules the engine could not apply (e.g. a Completed Series skip condition), each said once */
  readonly problems: readonly string[];
}

export interface EvaluateSeriesInput {
  readonly birthDate: Ymd;
  readonly series: Series;
  /** the patient's records of this antigen, sorted by date (organizeHistory) */
  readonly antigenDoses: readonly AntigenDose[];
  /** every dose of the history, sorted by date (live virus conflicts, "most recent" intervals) */
  readonly allDoses: readonly { readonly doseIndex: number; readonly date: Ymd; readonly cvx: string }[];
  readonly liveVirusConflicts: readonly LiveVirusConflict[];
  /** the status of a dose of another antigen, when known (the live-virus conflict end); default: valid */
  readonly statusOf?: (doseIndex: number) => DoseStatus | undefined;
  readonly completedSeriesGroups?: ReadonlySet<number>;
}

interface Check {
  readonly reasons: string[];
  readonly notes: string[];
  tooOld: boolean;
}

type Verdict = 'valid' | 'grace' | 'invalid';

/** The last element matching (Array.prototype.findLast is ES2023; src-shared targets ES2022). */
function lastOf<T>(list: readonly T[], match: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (match(list[i]!)) return list[i];
  return undefined;
}

/** The grace rule shared by ages and intervals. */
function graded(date: Ymd, absMin: Ymd, min: Ymd, graceAllowed: boolean): Verdict {
  if (date < absMin) return 'invalid';
  if (date < min) return graceAllowed ? 'grace' : 'invalid';
  return 'valid';
}

export function evaluateSeries(input: EvaluateSeriesInput): SeriesEvaluation {
  const { birthDate, series } = input;
  const targets = series.seriesDoses;
  const doses: DoseEvaluation[] = [];
  const results: TargetDoseEvaluation[] = [];
  const problems = new Set<string>();
  /** date of the dose that satisfied each target dose number (the first time) */
  const satisfiedOn = new Map<number, Ymd>();
  let t = 0;
  /** the doses evaluated so far as conditional skips read them, made as they are needed */
  const previousDoses: SkipDose[] = [];

  const previousForInterval = (): DoseEvaluation | undefined =>
    lastOf(doses, (d) => !d.reasons.includes(REASON.inadvertent) && !d.reasons.includes(REASON.beforeBirth));

  for (const dose of input.antigenDoses) {
    const record = (
      status: DoseStatus,
      reasons: string[],
      notes: string[],
      targetDose: number | null,
    ): void => {
      doses.push(
        Object.freeze({
          doseIndex: dose.doseIndex,
          date: dose.date,
          cvx: dose.cvx,
          status,
          reasons: Object.freeze(reasons),
          notes: Object.freeze(notes),
          targetDose,
        }),
      );
    };
    if (dose.date < birthDate) {
      record('Not Valid', [REASON.beforeBirth], [], targets[t]?.doseNumber ?? null);
      continue;
    }
    // conditional skips of the current target dose, then of the next ones, for this dose's date
    while (t < targets.length) {
      const target = targets[t]!;
      if (target.conditionalSkips.length === 0) break;
      // the doses evaluated before this one (evaluateSkip reads them during the call only)
      while (previousDoses.length < doses.length) {
        const d = doses[previousDoses.length]!;
        previousDoses.push({ date: d.date, cvx: d.cvx, valid: d.status === 'Valid' });
      }
      const skip = evaluateSkip(target.conditionalSkips, 'Evaluation', {
        birthDate,
        referenceDate: dose.date,
        previousDoses,
        ...(input.completedSeriesGroups ? { completedSeriesGroups: input.completedSeriesGroups } : {}),
      });
      for (const u of skip.unresolved)
        problems.add(`dose ${target.doseNumber}: skip condition not applied: ${u}`);
      if (!skip.skipped) break;
      results.push(
        Object.freeze({
          doseNumber: target.doseNumber,
          status: 'Skipped',
          satisfiedBy: null,
          skipReason: skip.reason,
        }),
      );
      t++;
    }
    const target = targets[t];
    if (target === undefined) {
      record('Extraneous', [REASON.seriesComplete], [], null);
      continue;
    }
    if (target.inadvertentVaccines.some((v) => v.cvx === dose.cvx)) {
      record('Not Valid', [REASON.inadvertent], [], target.doseNumber);
      continue;
    }
    const check: Check = { reasons: [], notes: [], tooOld: false };
    const previous = previousForInterval();
    const previousBadAgeOrInterval =
      previous !== undefined &&
      previous.status === 'Not Valid' &&
      (previous.reasons.includes(REASON.tooYoung) || previous.reasons.includes(REASON.tooSoon));
    checkAge(target, dose, birthDate, t === 0 || !previousBadAgeOrInterval, check);
    checkIntervals(target, dose, previous, satisfiedOn, input.allDoses, !previousBadAgeOrInterval, check);
    checkLiveVirus(dose, doses, input, check);
    checkVaccine(target, dose, birthDate, check);

    if (check.tooOld) {
      record('Extraneous', [REASON.tooOld, ...check.reasons], check.notes, target.doseNumber);
    } else if (check.reasons.length > 0) {
      record('Not Valid', check.reasons, check.notes, target.doseNumber);
    } else {
      record('Valid', [], check.notes, target.doseNumber);
      results.push(
        Object.freeze({
          doseNumber: target.doseNumber,
          status: 'Satisfied',
          satisfiedBy: dose.doseIndex,
          skipReason: null,
        }),
      );
      if (!satisfiedOn.has(target.doseNumber)) satisfiedOn.set(target.doseNumber, dose.date);
      if (!target.recurringDose) t++;
    }
  }
  const recurringDone =
    t < targets.length && targets[t]!.recurringDose && satisfiedOn.has(targets[t]!.doseNumber);
  for (let i = t; i < targets.length; i++) {
    if (recurringDone && i === t) continue;
    results.push(
      Object.freeze({
        doseNumber: targets[i]!.doseNumber,
        status: 'Not Satisfied',
        satisfiedBy: null,
        skipReason: null,
      }),
    );
  }
  return Object.freeze({
    antigen: series.targetDisease,
    seriesName: series.seriesName,
    complete: t >= targets.length || recurringDone,
    targetDoses: Object.freeze(results),
    doses: Object.freeze(doses),
    problems: Object.freeze([...problems]),
  });
}

function checkAge(
  target: SeriesDose,
  dose: AntigenDose,
  birthDate: Ymd,
  graceAllowed: boolean,
  check: Check,
): void {
  const age = ageInEffect(target.ages, dose.date);
  if (age === null) return;
  const dates = ageDates(birthDate, age);
  const verdict = graded(dose.date, dates.absoluteMinimumAgeDate, dates.minimumAgeDate, graceAllowed);
  if (verdict === 'invalid') check.reasons.push(REASON.tooYoung);
  else if (verdict === 'grace') check.notes.push('age: grace period');
  if (dose.date >= dates.maximumAgeDate) check.tooOld = true;
}

/** The date an interval counts from; null when it does not apply (no such dose). */
function intervalFrom(
  interval: DoseInterval | AllowableInterval,
  dose: AntigenDose,
  previous: DoseEvaluation | undefined,
  satisfiedOn: ReadonlyMap<number, Ymd>,
  allDoses: EvaluateSeriesInput['allDoses'],
): Ymd | null {
  if (interval.fromPrevious) return previous?.date ?? null;
  if (interval.fromTargetDose !== null) return satisfiedOn.get(interval.fromTargetDose) ?? null;
  if ('fromMostRecent' in interval && interval.fromMostRecent.length > 0) {
    const recent = lastOf(
      allDoses,
      (d) => d.doseIndex !== dose.doseIndex && d.date < dose.date && interval.fromMostRecent.includes(d.cvx),
    );
    return recent?.date ?? null;
  }
  return null; // from an observation's date: no observations in the input
}

function checkIntervals(
  target: SeriesDose,
  dose: AntigenDose,
  previous: DoseEvaluation | undefined,
  satisfiedOn: ReadonlyMap<number, Ymd>,
  allDoses: EvaluateSeriesInput['allDoses'],
  graceAllowed: boolean,
  check: Check,
): void {
  const applicable = target.intervals
    .filter((i) => inEffect(i, dose.date))
    .map((i) => ({ i, from: intervalFrom(i, dose, previous, satisfiedOn, allDoses) }))
    .filter((x): x is { i: DoseInterval; from: Ymd } => x.from !== null);
  const overriding = applicable.filter((x) => x.i.intervalPriority === 'override');
  const preferable = overriding.length > 0 ? overriding : applicable;
  const verdicts = preferable.map(({ i, from }) => {
    const dates = intervalDates(from, i);
    return graded(dose.date, dates.absoluteMinimumIntervalDate, dates.minimumIntervalDate, graceAllowed);
  });
  if (verdicts.every((v) => v !== 'invalid')) {
    if (verdicts.includes('grace')) check.notes.push('interval: grace period');
    return;
  }
  const allowable = target.allowableIntervals
    .filter((i) => inEffect(i, dose.date))
    .map((i) => ({ i, from: intervalFrom(i, dose, previous, satisfiedOn, allDoses) }))
    .filter((x): x is { i: AllowableInterval; from: Ymd } => x.from !== null);
  if (
    allowable.length > 0 &&
    allowable.every(({ i, from }) => dose.date >= intervalDates(from, i).absoluteMinimumIntervalDate)
  ) {
    check.notes.push('allowable interval');
    return;
  }
  check.reasons.push(REASON.tooSoon);
}

function checkLiveVirus(
  dose: AntigenDose,
  evaluated: readonly DoseEvaluation[],
  input: EvaluateSeriesInput,
  check: Check,
): void {
  const conflicts = conflictsByCurrentCvx(input.liveVirusConflicts).get(dose.cvx);
  if (conflicts === undefined) return;
  for (const prev of input.allDoses) {
    if (prev.doseIndex === dose.doseIndex || prev.date > dose.date) continue;
    for (const c of conflicts.get(prev.cvx) ?? []) {
      const status =
        evaluated.find((e) => e.doseIndex === prev.doseIndex)?.status ??
        input.statusOf?.(prev.doseIndex) ??
        'Valid';
      const begin = addDuration(prev.date, c.conflictBeginInterval);
      const end = addDuration(
        prev.date,
        status === 'Valid' ? c.minConflictEndInterval : c.conflictEndInterval,
      );
      if (begin <= dose.date && dose.date < end) {
        check.reasons.push(REASON.liveVirusConflict);
        return;
      }
    }
  }
}

function checkVaccine(target: SeriesDose, dose: AntigenDose, birthDate: Ymd, check: Check): void {
  const preferable = target.preferableVaccines.some(
    (v) =>
      v.cvx === dose.cvx &&
      withinAges(birthDate, dose.date, v.beginAge, v.endAge) &&
      (v.mvx === null || dose.mvx === null || v.mvx.toUpperCase() === dose.mvx),
  );
  if (preferable) return;
  const allowable = target.allowableVaccines.some(
    (v) => v.cvx === dose.cvx && withinAges(birthDate, dose.date, v.beginAge, v.endAge),
  );
  if (allowable) check.notes.push('allowable vaccine');
  else check.reasons.push(REASON.notAllowable);
}
