import type {
  AntigenSupportingData,
  Gender,
  Series,
  SeriesDose,
  SupportingData,
  Ymd,
} from '../supporting-data/model';
import { ageDates, ageInEffect, FAR_FUTURE, inEffect, intervalDates, withinAges } from './dates';
import { evaluateSeries, type SeriesEvaluation } from './evaluate';
import type { OrganizedHistory } from './organize';
import { evaluateSkip, type SkipDose } from './skip';

/**
 * CDSi "Select patient series" for one antigen (pure):
 * 1. relevant series: the patient's gender is one of the series' required genders (none: any); Standard and
 *    Evaluation Only series are relevant; a Risk series only when one of its indications' observation codes is
 *    given (observations are not read yet: with none given, no Risk series is relevant);
 * 2. every relevant series is evaluated (a Completed Series skip condition is decided from the series found
 *    complete in a first pass);
 * 3. each is classified complete (no target dose due on the assessment date: dueTargetDoses), in-process (a valid
 *    dose, not complete) or no valid doses;
 * 4. one prioritized series per series group: when some series with valid doses were started (first valid dose)
 *    before their max age to start and others after, those started after are set aside (a Hib series started at
 *    12 months is not the "start at 2 months" series; a woman starting HPV at 25 is in the 3-dose series); then
 *    the only series of the group; else the complete series (scored when several), else the in-process series
 *    (scored when several), else (no valid doses) the default series, even past its max age to start (CDC's cases
 *    2013-0012, DTaP at 6; 2019-0023, varicella at 22; 2022-0013, HepB at 23: CDC forecasts the default series' dose
 *    1 from its minimum age), then a series the patient can start on the assessment date (min age to start ≤ age <
 *    max age to start), then by series preference;
 * 5. the best series across series groups: complete before in-process before no valid doses (one the patient can
 *    start first), then series priority (A first), then series preference.
 *
 * Scores (each criterion: +points for the series that meet it, among the series scored; ties go to the lower
 * series preference):
 * - complete: product patient series +1, most valid doses +2 (a 4-dose HepB series with 4 valid doses over the
 *   3-dose series completed earlier, as CDC's cases 2013-0262 and 2025-0023 want), completed earliest +1;
 * - in-process: most valid doses +4 (it outweighs the others: the Polio 5-dose series with 4 valid doses over the
 *   4-dose series with 3, case 2013-0689; the Hib "start at 2 months" series with 2 valid doses over the "start at
 *   12 months" series with 1 and one dose due, case 2013-0293), product patient series +2, first valid dose on or
 *   after the min age to start +2 (HPV begun at 9 or 11 is the 2-dose series, not the 3-dose series that starts at
 *   15: the forecast of cases 2013-0418, 2013-0422), closest to completion (fewest target doses due) +2, can finish
 *   earliest +1.
 * The criteria are the specification's; the points are the ones that reproduce CDC's healthy cases (the
 * specification's scoring tables were not at hand when this was written: docs/immunizations.md says so).
 * A product patient series: its product path is Yes and every dose it evaluated is valid (at least one).
 * "Can finish earliest" is the date the last target dose could be given, chaining from the last valid dose each
 * remaining target dose's minimum age (in effect on the assessment date) and minimum interval from the previous
 * dose (a simpler chain than the forecast, forecast.ts, which needs the series chosen).
 */

export type SeriesClass = 'complete' | 'in-process' | 'no valid doses';

export interface PatientSeries {
  readonly series: Series;
  readonly evaluation: SeriesEvaluation;
  readonly classification: SeriesClass;
  readonly validDoses: number;
  /** target doses due on the assessment date (dueTargetDoses) */
  readonly remaining: number;
  readonly product: boolean;
  /** the date of the dose completing the series; null when not complete */
  readonly completedOn: Ymd | null;
  /** the earliest date the series could be finished (see above) */
  readonly finishOn: Ymd;
  /**
   * its first valid dose (the assessment date when none) was given before its max age to start (the min age to
   * start does not exclude: CDC's 9-year-olds complete the HPV 3-dose series, min age to start 15 years)
   */
  readonly startsInAges: boolean;
  /**
   * its first valid dose (the assessment date when none) was given on or after its min age to start: an HPV series
   * begun at 9 or 11 is the 2-dose series, not the 3-dose series whose min age to start is 15 years (CDC's 2013-0418,
   * 2013-0422: the forecast's 5-month interval)
   */
  readonly startsAfterMinAge: boolean;
  /** the score among the series it was scored with; null when it was not scored */
  readonly score: number | null;
}

export interface AntigenSelection {
  readonly antigen: string;
  /** null when no series of the antigen is relevant for the patient */
  readonly best: PatientSeries | null;
  readonly candidates: readonly PatientSeries[];
  /** why the best series was chosen */
  readonly why: string;
}

export interface SelectInput {
  readonly birthDate: Ymd;
  readonly gender?: Gender | null;
  readonly assessmentDate: Ymd;
  readonly history: OrganizedHistory;
  /** observation codes of the patient (indications of risk series); default none */
  readonly observations?: ReadonlySet<string>;
}

/** The series of the antigen relevant for the patient (step 1). */
export function relevantSeries(antigen: AntigenSupportingData, input: SelectInput): Series[] {
  const gender = input.gender ?? 'Unknown';
  const observations = input.observations ?? NO_OBSERVATIONS;
  const index = seriesIndex(antigen);
  // no observation code of a Risk series' indications: only the gender decides (once per release and gender)
  if (observations.size === 0 || !index.riskCodes.some((c) => observations.has(c))) {
    let list = index.withoutRisk.get(gender);
    if (list === undefined) {
      list = antigen.series.filter((s) => s.seriesType !== 'Risk' && genderFits(s, gender));
      index.withoutRisk.set(gender, list);
    }
    return [...list];
  }
  return antigen.series.filter((s) => {
    if (!genderFits(s, gender)) return false;
    if (s.seriesType !== 'Risk') return true;
    return s.indications.some(
      (i) =>
        i.observationCode?.code != null &&
        observations.has(i.observationCode.code) &&
        withinAges(input.birthDate, input.assessmentDate, i.beginAge, i.endAge),
    );
  });
}

const NO_OBSERVATIONS: ReadonlySet<string> = new Set<string>();

const genderFits = (s: Series, gender: Gender): boolean =>
  s.requiredGender.length === 0 || s.requiredGender.includes(gender);

interface SeriesIndex {
  /** every observation code of the antigen's Risk series' indications */
  readonly riskCodes: readonly string[];
  /** the relevant series by gender of a patient with none of those observations */
  readonly withoutRisk: Map<Gender, readonly Series[]>;
}

/** Per antigen of a release (the data's objects are frozen and kept: computed once). */
const seriesIndexes = new WeakMap<AntigenSupportingData, SeriesIndex>();

function seriesIndex(antigen: AntigenSupportingData): SeriesIndex {
  let index = seriesIndexes.get(antigen);
  if (index === undefined) {
    const codes = new Set<string>();
    for (const s of antigen.series)
      if (s.seriesType === 'Risk')
        for (const i of s.indications) if (i.observationCode?.code != null) codes.add(i.observationCode.code);
    index = { riskCodes: [...codes], withoutRisk: new Map() };
    seriesIndexes.set(antigen, index);
  }
  return index;
}

/**
 * The target doses still due on the assessment date: those not satisfied nor skipped in evaluation, and recurring
 * ones (influenza, COVID-19: due again each season), less those skipped in the Forecast context on that date
 * (CDSi decides a series' completion after the forecast's skips: a healthy 5-year-old needs no more Hib doses).
 */
export function dueTargetDoses(
  series: Series,
  evaluation: SeriesEvaluation,
  birthDate: Ymd,
  assessmentDate: Ymd,
): SeriesDose[] {
  // the selection, the antigen's status and the forecast ask the same of the best series
  const last = lastDue.get(evaluation);
  if (
    last !== undefined &&
    last.series === series &&
    last.birthDate === birthDate &&
    last.assessmentDate === assessmentDate
  )
    return [...last.due];
  const due = computeDueTargetDoses(series, evaluation, birthDate, assessmentDate);
  lastDue.set(evaluation, { series, birthDate, assessmentDate, due });
  return [...due];
}

const lastDue = new WeakMap<
  SeriesEvaluation,
  { series: Series; birthDate: Ymd; assessmentDate: Ymd; due: readonly SeriesDose[] }
>();

function computeDueTargetDoses(
  series: Series,
  evaluation: SeriesEvaluation,
  birthDate: Ymd,
  assessmentDate: Ymd,
): SeriesDose[] {
  let previousDoses: SkipDose[] | undefined;
  const done = new Set<number>();
  for (const t of evaluation.targetDoses) if (t.status !== 'Not Satisfied') done.add(t.doseNumber);
  return series.seriesDoses.filter((d) => {
    if (!d.recurringDose && done.has(d.doseNumber)) return false;
    if (d.conditionalSkips.length === 0) return true;
    previousDoses ??= evaluation.doses.map((e) => ({
      date: e.date,
      cvx: e.cvx,
      valid: e.status === 'Valid',
    }));
    return !evaluateSkip(d.conditionalSkips, 'Forecast', {
      birthDate,
      referenceDate: assessmentDate,
      previousDoses,
    }).skipped;
  });
}

const preference = (s: Series): number => s.selectSeries.seriesPreference ?? Number.MAX_SAFE_INTEGER;

/** The earliest date the remaining target doses could all be given (a simple chain, not the forecast). */
function finishDate(series: Series, ev: SeriesEvaluation, birthDate: Ymd, assessmentDate: Ymd): Ymd {
  const valid = ev.doses.filter((d) => d.status === 'Valid');
  let last: Ymd | null = valid.at(-1)?.date ?? null;
  let date: Ymd = last ?? assessmentDate;
  for (const t of ev.targetDoses) {
    if (t.status !== 'Not Satisfied') continue;
    const target = series.seriesDoses.find((d) => d.doseNumber === t.doseNumber);
    if (target === undefined) continue;
    let earliest = assessmentDate;
    const age = ageInEffect(target.ages, assessmentDate);
    if (age !== null) {
      const min = ageDates(birthDate, age).minimumAgeDate;
      if (min > earliest) earliest = min;
    }
    if (last !== null)
      for (const i of target.intervals)
        if (i.fromPrevious && inEffect(i, assessmentDate)) {
          const min = intervalDates(last, i).minimumIntervalDate;
          if (min > earliest) earliest = min;
        }
    date = earliest;
    last = earliest;
  }
  return date;
}

function classify(
  series: Series,
  evaluation: SeriesEvaluation,
  birthDate: Ymd,
  assessmentDate: Ymd,
): PatientSeries {
  const valid = evaluation.doses.filter((d) => d.status === 'Valid');
  const due = dueTargetDoses(series, evaluation, birthDate, assessmentDate);
  const complete = due.length === 0;
  const lastSatisfied = [...evaluation.targetDoses].reverse().find((t) => t.status === 'Satisfied');
  const completedBy =
    lastSatisfied === undefined ? undefined : valid.find((d) => d.doseIndex === lastSatisfied.satisfiedBy);
  return Object.freeze({
    series,
    evaluation,
    classification: complete ? 'complete' : valid.length > 0 ? 'in-process' : 'no valid doses',
    validDoses: valid.length,
    startsAfterMinAge: withinAges(
      birthDate,
      valid[0]?.date ?? assessmentDate,
      series.selectSeries.minAgeToStart,
      null,
    ),
    startsInAges: withinAges(
      birthDate,
      valid[0]?.date ?? assessmentDate,
      null,
      series.selectSeries.maxAgeToStart,
    ),
    remaining: due.length,
    product:
      series.selectSeries.productPath &&
      valid.length > 0 &&
      evaluation.doses.every((d) => d.status === 'Valid'),
    completedOn: complete ? (completedBy?.date ?? FAR_FUTURE) : null,
    finishOn: complete
      ? (completedBy?.date ?? assessmentDate)
      : finishDate(series, evaluation, birthDate, assessmentDate),
    score: null,
  });
}

type Criterion = {
  readonly points: number;
  readonly value: (p: PatientSeries) => number | string;
  readonly best: 'max' | 'min' | 'true';
};

const COMPLETE_CRITERIA: readonly Criterion[] = [
  { points: 1, value: (p) => (p.product ? 1 : 0), best: 'true' },
  { points: 2, value: (p) => p.validDoses, best: 'max' },
  { points: 1, value: (p) => p.completedOn ?? FAR_FUTURE, best: 'min' },
];
const IN_PROCESS_CRITERIA: readonly Criterion[] = [
  { points: 2, value: (p) => (p.product ? 1 : 0), best: 'true' },
  { points: 2, value: (p) => (p.startsAfterMinAge ? 1 : 0), best: 'true' },
  { points: 2, value: (p) => p.remaining, best: 'min' },
  { points: 4, value: (p) => p.validDoses, best: 'max' },
  { points: 1, value: (p) => p.finishOn, best: 'min' },
];

function scored(list: readonly PatientSeries[], criteria: readonly Criterion[]): PatientSeries[] {
  const scores = list.map(() => 0);
  for (const c of criteria) {
    const values = list.map(c.value);
    const target =
      c.best === 'true'
        ? 1
        : values.reduce((a, b) => ((c.best === 'max' ? b > a : b < a) ? b : a), values[0]!);
    values.forEach((v, i) => {
      if (v === target) scores[i]! += c.points;
    });
  }
  return list.map((p, i) => Object.freeze({ ...p, score: scores[i]! }));
}

const byScoreThenPreference = (a: PatientSeries, b: PatientSeries): number =>
  (b.score ?? 0) - (a.score ?? 0) || preference(a.series) - preference(b.series);

/** The prioritized series of one series group (step 4). */
function prioritize(
  group: readonly PatientSeries[],
  birthDate: Ymd,
  assessmentDate: Ymd,
): { best: PatientSeries; why: string; all: PatientSeries[] } {
  const started = group.filter((p) => p.classification !== 'no valid doses');
  if (started.some((p) => p.startsInAges) && started.some((p) => !p.startsInAges)) {
    // series started within their start ages, when there are some, before the others
    const inAges = group.filter((p) => p.startsInAges || p.classification === 'no valid doses');
    const chosen = prioritize(inAges, birthDate, assessmentDate);
    return { ...chosen, all: [...chosen.all, ...group.filter((p) => !inAges.includes(p))] };
  }
  if (group.length === 1) return { best: group[0]!, why: 'only relevant series', all: [...group] };
  const complete = group.filter((p) => p.classification === 'complete');
  const inProcess = group.filter((p) => p.classification === 'in-process');
  const pick = (list: typeof group, criteria: readonly Criterion[], why: string) => {
    const s = scored(list, criteria).sort(byScoreThenPreference);
    const rest = group.filter((p) => !list.includes(p));
    return { best: s[0]!, why: list.length === 1 ? why : `${why}, best score`, all: [...s, ...rest] };
  };
  if (complete.length > 0) return pick(complete, COMPLETE_CRITERIA, 'complete');
  if (inProcess.length > 0) return pick(inProcess, IN_PROCESS_CRITERIA, 'in process');
  const canStart = (p: PatientSeries): boolean =>
    withinAges(
      birthDate,
      assessmentDate,
      p.series.selectSeries.minAgeToStart,
      p.series.selectSeries.maxAgeToStart,
    );
  const ordered = [...group].sort(
    (a, b) =>
      Number(b.series.selectSeries.defaultSeries) - Number(a.series.selectSeries.defaultSeries) ||
      Number(canStart(b)) - Number(canStart(a)) ||
      preference(a.series) - preference(b.series),
  );
  const best = ordered[0]!;
  return {
    best,
    why: best.series.selectSeries.defaultSeries
      ? 'no valid doses: default series'
      : canStart(best)
        ? 'no valid doses: first series the patient can start'
        : 'no valid doses: no default series, none can start',
    all: ordered,
  };
}

const CLASS_RANK: Readonly<Record<SeriesClass, number>> = {
  complete: 0,
  'in-process': 1,
  'no valid doses': 2,
};

/** Steps 1 to 5 for one antigen of the data. */
export function selectSeries(data: SupportingData, antigen: string, input: SelectInput): AntigenSelection {
  const supporting = data.antigens[antigen];
  const series = supporting ? relevantSeries(supporting, input) : [];
  if (series.length === 0)
    return Object.freeze({ antigen, best: null, candidates: [], why: 'no relevant series' });
  const antigenDoses = input.history.byAntigen[antigen] ?? [];
  const evaluate = (s: Series, completedSeriesGroups?: ReadonlySet<number>): SeriesEvaluation =>
    evaluateSeries({
      birthDate: input.birthDate,
      series: s,
      antigenDoses,
      allDoses: input.history.doses,
      liveVirusConflicts: data.schedule.liveVirusConflicts,
      ...(completedSeriesGroups ? { completedSeriesGroups } : {}),
    });
  let evaluations = series.map((s) => evaluate(s));
  if (evaluations.some((e) => e.problems.some((p) => p.includes('Completed Series')))) {
    const done = new Set(
      series.filter((_, i) => evaluations[i]!.complete).map((s) => s.selectSeries.seriesGroup),
    );
    evaluations = series.map((s, i) =>
      evaluations[i]!.problems.some((p) => p.includes('Completed Series'))
        ? evaluate(s, done)
        : evaluations[i]!,
    );
  }
  const patientSeries = series.map((s, i) =>
    classify(s, evaluations[i]!, input.birthDate, input.assessmentDate),
  );
  const groups = new Map<number, PatientSeries[]>();
  for (const p of patientSeries) {
    const g = p.series.selectSeries.seriesGroup;
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  const prioritized = [...groups.values()].map((g) => prioritize(g, input.birthDate, input.assessmentDate));
  const startable = (p: PatientSeries): number =>
    withinAges(
      input.birthDate,
      input.assessmentDate,
      p.series.selectSeries.minAgeToStart,
      p.series.selectSeries.maxAgeToStart,
    )
      ? 0
      : 1;
  prioritized.sort(
    (a, b) =>
      CLASS_RANK[a.best.classification] - CLASS_RANK[b.best.classification] ||
      (a.best.classification === 'no valid doses' ? startable(a.best) - startable(b.best) : 0) ||
      a.best.series.selectSeries.seriesPriority.localeCompare(b.best.series.selectSeries.seriesPriority) ||
      preference(a.best.series) - preference(b.best.series),
  );
  const chosen = prioritized[0]!;
  return Object.freeze({
    antigen,
    best: chosen.best,
    candidates: Object.freeze(prioritized.flatMap((p) => p.all)),
    why: chosen.why,
  });
}
