import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import {
  ageDates,
  evaluateSeries,
  evaluateSkip,
  organizeHistory,
  REASON,
  type AdministeredDose,
  type DoseStatus,
  type SeriesEvaluation,
  type SkipDose,
} from '../../../src-shared/immunizations/cdsi';
import {
  parseDuration,
  type ConditionalSkip,
  type Duration,
  type SkipCondition,
  type SupportingData,
} from '../../../src-shared/immunizations/supporting-data';

/**
 * The CDSi evaluation rules of src-shared/immunizations/cdsi on hand-built patients, against CDC's shipped
 * supporting data (4.64), read once for the file.
 */

let data: SupportingData;
beforeAll(async () => {
  data = (await readSupportingData()).data;
});

const series = (antigen: string, name: string) => {
  const s = data.antigens[antigen]!.series.find((x) => x.seriesName === name);
  if (!s) throw new Error(`no series "${name}" for ${antigen}`);
  return s;
};

/** Evaluates one antigen's series for a patient, the history organized as the engine does. */
function evaluate(
  antigen: string,
  seriesName: string,
  birthDate: string,
  doses: AdministeredDose[],
  statusOf?: (doseIndex: number) => DoseStatus | undefined,
): SeriesEvaluation {
  const history = organizeHistory(data, { birthDate, assessmentDate: '2099-01-01', doses });
  return evaluateSeries({
    birthDate,
    series: series(antigen, seriesName),
    antigenDoses: history.byAntigen[antigen] ?? [],
    allDoses: history.doses,
    liveVirusConflicts: data.schedule.liveVirusConflicts,
    ...(statusOf ? { statusOf } : {}),
  });
}

const statuses = (e: SeriesEvaluation) => e.doses.map((d) => [d.status, ...d.reasons].join(': '));
const d = (date: string, cvx: string, mvx: string | null = null): AdministeredDose => ({ date, cvx, mvx });
const dur = (text: string): Duration => parseDuration(text)!;

describe('reference dates', () => {
  it("a target dose's age dates from the birth date (HepB dose 3: 24 weeks - 4 days, 24 weeks, 6 months, 19 months + 4 weeks)", () => {
    const dose3 = series('HepB', 'HepB 3-dose series').seriesDoses[2]!;
    expect(ageDates('2020-01-01', dose3.ages[0]!)).toEqual({
      absoluteMinimumAgeDate: '2020-06-13',
      minimumAgeDate: '2020-06-17',
      earliestRecommendedAgeDate: '2020-07-01',
      latestRecommendedAgeDate: '2021-08-29',
      maximumAgeDate: '9999-12-31',
    });
  });
});

describe('organizing the history', () => {
  it('a combination vaccine gives a record to each of its antigens, sorted by date; bad doses are reported and left out', () => {
    const h = organizeHistory(data, {
      birthDate: '2024-01-01',
      assessmentDate: '2024-12-31',
      doses: [
        d('2024-05-01', '110'),
        d('2024-03-01', '8'),
        d('2024-04-01', '999'),
        d('2025-02-01', '08'),
        d('2024-02-30', '08'),
      ],
    });
    expect(Object.keys(h.byAntigen).sort()).toEqual(['Diphtheria', 'HepB', 'Pertussis', 'Polio', 'Tetanus']);
    expect(h.byAntigen['HepB']!.map((r) => [r.date, r.cvx, r.doseIndex])).toEqual([
      ['2024-03-01', '08', 1], // "8" is CDC's "08"
      ['2024-05-01', '110', 0],
    ]);
    expect(h.byAntigen['Polio']!.map((r) => r.doseIndex)).toEqual([0]);
    expect(h.problems).toEqual([
      { doseIndex: 2, problem: 'CVX "999" is not in the CDSi CVX-to-antigen map' },
      { doseIndex: 3, problem: 'date 2025-02-01 is after the assessment date 2024-12-31' },
      { doseIndex: 4, problem: 'date "2024-02-30" is not a calendar date (YYYY-MM-DD)' },
    ]);
    expect(Object.isFrozen(h.byAntigen['HepB'])).toBe(true);
  });
});

describe('evaluating a series', () => {
  it('age: before the absolute minimum age is too young; within the 4-day grace it is valid', () => {
    // MMR dose 1: absolute minimum 12 months - 4 days (2024-03-06), minimum 12 months (2024-03-10)
    const tooYoung = evaluate('Measles', 'Measles 2-dose series', '2023-03-10', [d('2024-03-05', '03')]);
    // every reason found is given, the first step's first; CDC's cases name the first one
    expect(tooYoung.doses[0]!.status).toBe('Not Valid');
    expect(tooYoung.doses[0]!.reasons[0]).toBe(REASON.tooYoung);
    expect(tooYoung.targetDoses).toEqual([
      { doseNumber: 1, status: 'Not Satisfied', satisfiedBy: null, skipReason: null },
      { doseNumber: 2, status: 'Not Satisfied', satisfiedBy: null, skipReason: null },
    ]);
    const grace = evaluate('Measles', 'Measles 2-dose series', '2023-03-10', [d('2024-03-06', '03')]);
    expect(statuses(grace)).toEqual(['Valid']);
    // MMR is preferable from 12 months, allowable from 12 months - 4 days
    expect(grace.doses[0]!.notes).toEqual(['age: grace period', 'allowable vaccine']);
    expect(grace.targetDoses[0]).toEqual({
      doseNumber: 1,
      status: 'Satisfied',
      satisfiedBy: 0,
      skipReason: null,
    });
    expect(grace.complete).toBe(false);
    const onTime = evaluate('Measles', 'Measles 2-dose series', '2023-03-10', [d('2024-03-10', '03')]);
    expect(onTime.doses[0]!.notes).toEqual([]);
  });

  it('interval: before the absolute minimum interval is too soon; the grace period is lost after a dose not valid for age or interval', () => {
    // HepB dose 2: 4 weeks - 4 days from dose 1 (and of age)
    const grace = evaluate('HepB', 'HepB 3-dose series', '2024-01-01', [
      d('2024-01-01', '08'),
      d('2024-01-25', '08'),
    ]);
    expect(statuses(grace)).toEqual(['Valid', 'Valid']);
    expect(grace.doses[1]!.notes).toEqual(['age: grace period', 'interval: grace period']);

    const lost = evaluate('HepB', 'HepB 3-dose series', '2024-01-01', [
      d('2024-01-01', '08'),
      d('2024-01-24', '08'), // 23 days: too soon (and too young)
      d('2024-02-17', '08'), // 24 days after the dose before: within the grace, but that dose was not valid
      d('2024-03-16', '08'), // 28 days after it: valid
    ]);
    expect(statuses(lost)).toEqual([
      'Valid',
      `Not Valid: ${REASON.tooYoung}: ${REASON.tooSoon}`,
      `Not Valid: ${REASON.tooSoon}`,
      'Valid',
    ]);
    expect(lost.targetDoses.map((t) => [t.doseNumber, t.status, t.satisfiedBy])).toEqual([
      [1, 'Satisfied', 0],
      [2, 'Satisfied', 3],
      [3, 'Not Satisfied', null],
    ]);
  });

  it('interval from a target dose: HepB dose 3 needs 16 weeks from dose 1 as well as 8 weeks from dose 2', () => {
    const e = evaluate('HepB', 'HepB 3-dose series', '2024-01-01', [
      d('2024-01-01', '08'),
      d('2024-02-01', '08'),
      d('2024-04-10', '08'), // 8 weeks + from dose 2, but 14 weeks from dose 1 (and too young: 24 weeks)
      d('2024-07-01', '08'),
    ]);
    expect(statuses(e)).toEqual([
      'Valid',
      'Valid',
      `Not Valid: ${REASON.tooYoung}: ${REASON.tooSoon}`,
      'Valid',
    ]);
    expect(e.complete).toBe(true);
  });

  it('live virus conflict: varicella within 28 days of MMR is not valid; on day 28 it is', () => {
    const born = '2020-01-01';
    const within = evaluate('Varicella', 'Varicella childhood 2-dose series', born, [
      d('2021-02-01', '03'),
      d('2021-02-28', '21'),
    ]);
    expect(statuses(within)).toEqual([`Not Valid: ${REASON.liveVirusConflict}`]);
    const after = evaluate('Varicella', 'Varicella childhood 2-dose series', born, [
      d('2021-02-01', '03'),
      d('2021-03-01', '21'),
    ]);
    expect(statuses(after)).toEqual(['Valid']);
    // a dose given the same day is no conflict (the conflict begins a day after)
    const sameDay = evaluate('Varicella', 'Varicella childhood 2-dose series', born, [
      d('2021-02-01', '03'),
      d('2021-02-01', '21'),
    ]);
    expect(statuses(sameDay)).toEqual(['Valid']);
  });

  it('live virus conflict: the end is the minimum conflict end after a valid dose, the conflict end after one not valid', () => {
    // varicella after varicella: minimum conflict end 24 days, conflict end 28 days
    const born = '2010-01-01';
    const doses = [d('2024-01-01', '21'), d('2024-01-26', '21')]; // 25 days apart, 13+ years old
    const conflicts = data.schedule.liveVirusConflicts;
    const history = organizeHistory(data, { birthDate: born, assessmentDate: '2099-01-01', doses });
    const run = (statusOf?: (i: number) => DoseStatus | undefined) =>
      evaluateSeries({
        birthDate: born,
        series: series('Measles', 'Measles 2-dose series'), // any series: only the conflict is looked at here
        antigenDoses: [{ doseIndex: 1, antigen: 'Measles', date: '2024-01-26', cvx: '21', mvx: null }],
        allDoses: history.doses,
        liveVirusConflicts: conflicts,
        ...(statusOf ? { statusOf } : {}),
      }).doses[0]!.reasons;
    expect(run()).not.toContain(REASON.liveVirusConflict); // previous valid (the default): 24 days
    expect(run(() => 'Not Valid')).toContain(REASON.liveVirusConflict); // previous not valid: 28 days
  });

  it('conditional skip (MMR dose 2 is skipped from 19 years - 4 days): a later dose is extraneous, the series complete', () => {
    const e = evaluate('Measles', 'Measles 2-dose series', '2000-01-01', [
      d('2019-06-01', '03'),
      d('2019-08-01', '03'),
    ]);
    expect(statuses(e)).toEqual(['Valid', `Extraneous: ${REASON.seriesComplete}`]);
    expect(e.targetDoses.map((t) => [t.doseNumber, t.status])).toEqual([
      [1, 'Satisfied'],
      [2, 'Skipped'],
    ]);
    expect(e.complete).toBe(true);
    // a child's dose 2 is not skipped
    const child = evaluate('Measles', 'Measles 2-dose series', '2020-01-01', [
      d('2021-01-01', '03'),
      d('2021-03-01', '03'),
    ]);
    expect(child.targetDoses.map((t) => t.status)).toEqual(['Satisfied', 'Satisfied']);
  });

  it('a Completed Series skip (HepB risk Recombivax series) is reported when the other series are unknown, applied when given', () => {
    const born = '2000-01-01';
    const history = organizeHistory(data, {
      birthDate: born,
      assessmentDate: '2099-01-01',
      doses: [d('2024-01-01', '43')],
    });
    const run = (completedSeriesGroups?: ReadonlySet<number>) =>
      evaluateSeries({
        birthDate: born,
        series: series('HepB', 'HepB risk Recombivax 3-dose series'),
        antigenDoses: history.byAntigen['HepB']!,
        allDoses: history.doses,
        liveVirusConflicts: data.schedule.liveVirusConflicts,
        ...(completedSeriesGroups ? { completedSeriesGroups } : {}),
      });
    const unknown = run();
    expect(unknown.problems).toEqual(['dose 1: skip condition not applied: Completed Series (condition 1)']);
    expect(unknown.targetDoses[0]!.status).not.toBe('Skipped');
    const known = run(new Set([1]));
    expect(known.problems).toEqual([]);
    // doses 1 to 3 skipped; dose 4 (a later dose, no skip) is what the dose is evaluated against
    expect(known.targetDoses.map((t) => t.status)).toEqual(['Skipped', 'Skipped', 'Skipped', 'Satisfied']);
    expect(known.doses[0]!.targetDose).toBe(4);
  });

  it('inadvertent vaccine: Tdap to an infant is not valid and leaves the target dose to the next dose', () => {
    const e = evaluate('Diphtheria', 'Diphtheria standard series', '2024-01-01', [
      d('2024-03-01', '115'),
      d('2024-03-05', '20'),
    ]);
    expect(statuses(e)).toEqual([`Not Valid: ${REASON.inadvertent}`, 'Valid']);
    expect(e.targetDoses[0]).toMatchObject({ doseNumber: 1, status: 'Satisfied', satisfiedBy: 1 });
  });

  it('maximum age: a rotavirus dose 1 after 15 weeks is extraneous (too old)', () => {
    const e = evaluate('Rotavirus', 'Rotavirus 3-dose series', '2024-01-01', [d('2024-04-22', '116')]);
    expect(statuses(e)).toEqual([`Extraneous: ${REASON.tooOld}`]);
    expect(e.targetDoses[0]!.status).toBe('Not Satisfied');
  });

  it('a vaccine neither preferable nor allowable for the target dose is not valid', () => {
    // HepB dose 1 at 2 months with hepatitis A vaccine's CVX is not even a HepB record; use Heplisav-B (189) on a child
    const e = evaluate('HepB', 'HepB 3-dose series', '2020-01-01', [d('2020-03-01', '189')]);
    expect(statuses(e)).toEqual([`Not Valid: ${REASON.notAllowable}`]);
  });

  it('a dose before birth cannot be evaluated', () => {
    const e = evaluate('HepB', 'HepB 3-dose series', '2024-01-10', [
      d('2024-01-01', '08'),
      d('2024-01-10', '08'),
    ]);
    expect(statuses(e)).toEqual([`Not Valid: ${REASON.beforeBirth}`, 'Valid']);
  });

  it('a combination vaccine counts for each of its antigens (DTaP-HepB-IPV at 2, 4 and 6 months)', () => {
    const doses = [d('2024-03-01', '110'), d('2024-05-01', '110'), d('2024-07-01', '110')];
    const hepB = evaluate('HepB', 'HepB 3-dose series', '2024-01-01', doses);
    expect(statuses(hepB)).toEqual(['Valid', 'Valid', 'Valid']);
    expect(hepB.complete).toBe(true);
    const polio = evaluate('Polio', 'Polio 4-dose series', '2024-01-01', doses);
    expect(statuses(polio)).toEqual(['Valid', 'Valid', 'Valid']);
    expect(polio.complete).toBe(false);
    expect(polio.targetDoses.at(-1)).toEqual({
      doseNumber: 4,
      status: 'Not Satisfied',
      satisfiedBy: null,
      skipReason: null,
    });
    for (const antigen of ['Diphtheria', 'Tetanus', 'Pertussis']) {
      const name = data.antigens[antigen]!.series.find((s) => s.seriesType === 'Standard')!.seriesName;
      expect(statuses(evaluate(antigen, name, '2024-01-01', doses)), antigen).toEqual([
        'Valid',
        'Valid',
        'Valid',
      ]);
    }
  });

  it('a recurring dose (influenza) is satisfied again by each later dose; the result is frozen', () => {
    const flu = data.antigens['Influenza']!.series[0]!;
    const last = flu.seriesDoses.at(-1)!;
    expect(last.recurringDose).toBe(true);
    const e = evaluate('Influenza', flu.seriesName, '2015-01-01', [
      d('2023-10-01', '150'),
      d('2024-10-01', '150'),
      d('2025-10-01', '150'),
    ]);
    expect(statuses(e)).toEqual(['Valid', 'Valid', 'Valid']);
    expect(e.doses.every((x) => x.status !== 'Extraneous')).toBe(true);
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e.doses[0])).toBe(true);
  });
});

describe('conditional skip conditions', () => {
  const cond = (c: Partial<SkipCondition>): SkipCondition => ({
    conditionId: 1,
    conditionType: 'Age',
    startDate: null,
    endDate: null,
    beginAge: null,
    endAge: null,
    interval: null,
    doseCount: null,
    doseType: null,
    doseCountLogic: null,
    vaccineTypes: [],
    seriesGroups: [],
    ...c,
  });
  const skip = (
    context: ConditionalSkip['context'],
    conditions: SkipCondition[],
    conditionLogic: 'AND' | 'OR' | null = null,
  ): ConditionalSkip => ({
    context,
    setLogic: null,
    sets: [
      {
        setId: 1,
        setDescription: 'the set',
        effectiveDate: null,
        cessationDate: null,
        conditionLogic,
        conditions,
      },
    ],
  });
  const doses: SkipDose[] = [
    { date: '2020-03-01', cvx: '20', valid: true },
    { date: '2020-05-01', cvx: '20', valid: false },
    { date: '2021-06-01', cvx: '110', valid: true },
  ];
  const input = { birthDate: '2020-01-01', referenceDate: '2021-08-01', previousDoses: doses };

  it('Age: begin ≤ reference date < end; the context decides where it applies', () => {
    const s = skip('Evaluation', [cond({ beginAge: dur('18 months') })]);
    expect(evaluateSkip([s], 'Evaluation', input)).toEqual({
      skipped: true,
      reason: 'the set',
      unresolved: [],
    });
    expect(evaluateSkip([s], 'Evaluation', { ...input, referenceDate: '2021-06-30' }).skipped).toBe(false);
    expect(evaluateSkip([s], 'Forecast', input).skipped).toBe(false);
    expect(evaluateSkip([{ ...s, context: 'Both' }], 'Forecast', input).skipped).toBe(true);
  });

  it('Vaccine Count by Age counts valid or total doses of the listed vaccines in the ages', () => {
    const count = (doseType: 'Valid' | 'Total', logic: SkipCondition['doseCountLogic'], n: number) =>
      evaluateSkip(
        [
          skip('Evaluation', [
            cond({
              conditionType: 'Vaccine Count by Age',
              endAge: dur('12 months'),
              vaccineTypes: ['20'],
              doseType,
              doseCountLogic: logic,
              doseCount: n,
            }),
          ]),
        ],
        'Evaluation',
        input,
      ).skipped;
    expect(count('Total', 'equal to', 2)).toBe(true);
    expect(count('Valid', 'equal to', 1)).toBe(true);
    expect(count('Valid', 'greater than', 1)).toBe(false);
    expect(count('Total', 'greater than', 1)).toBe(true);
    expect(count('Total', 'less than', 2)).toBe(false);
  });

  it('Vaccine Count by Date, Interval, AND / OR logic', () => {
    const byDate = cond({
      conditionType: 'Vaccine Count by Date',
      startDate: '2021-01-01',
      doseType: 'Total',
      doseCountLogic: 'equal to',
      doseCount: 1,
      vaccineTypes: ['110'],
    });
    const interval = cond({ conditionId: 2, conditionType: 'Interval', interval: dur('6 months') });
    expect(evaluateSkip([skip('Evaluation', [byDate])], 'Evaluation', input).skipped).toBe(true);
    // the most recent dose was on 2021-06-01: 6 months later is 2021-12-01
    expect(evaluateSkip([skip('Evaluation', [interval])], 'Evaluation', input).skipped).toBe(false);
    expect(
      evaluateSkip([skip('Evaluation', [interval])], 'Evaluation', { ...input, referenceDate: '2021-12-01' })
        .skipped,
    ).toBe(true);
    expect(evaluateSkip([skip('Evaluation', [byDate, interval], 'AND')], 'Evaluation', input).skipped).toBe(
      false,
    );
    expect(evaluateSkip([skip('Evaluation', [byDate, interval], 'OR')], 'Evaluation', input).skipped).toBe(
      true,
    );
    expect(
      evaluateSkip([skip('Evaluation', [interval])], 'Evaluation', { ...input, previousDoses: [] }).skipped,
    ).toBe(false);
  });

  it('Completed Series is reported when the caller does not know the other series, and never skips on it', () => {
    const s = skip('Both', [cond({ conditionType: 'Completed Series', seriesGroups: [2] })]);
    expect(evaluateSkip([s], 'Evaluation', input)).toEqual({
      skipped: false,
      reason: null,
      unresolved: ['Completed Series (condition 1)'],
    });
    expect(evaluateSkip([s], 'Evaluation', { ...input, completedSeriesGroups: new Set([2]) }).skipped).toBe(
      true,
    );
  });
});
