import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import {
  assessPatient,
  assessVaccineGroup,
  caseObservations,
  combineForecasts,
  parseCdsiCases,
  runCdsiCase,
  type AntigenForecast,
  type VaccineGroupAssessment,
} from '../../../src-shared/immunizations/cdsi';
import type { SupportingData } from '../../../src-shared/immunizations/supporting-data';

/**
 * The CDSi forecast on hand-built patients, over CDC's shipped supporting data (4.64). Each expected date is worked
 * out in the comment beside it from the series' ages and intervals in CDC's XML and the rules of forecast.ts
 * (earliest: the latest of the minimum age date, the minimum interval dates, the live virus conflict ends and the
 * season's start; recommended: the earliest recommended age date, else the latest earliest recommended interval
 * date, not before the earliest date; past due: the latest recommended age (else interval) date - 1 day).
 */

let data: SupportingData;
beforeAll(async () => {
  data = (await readSupportingData()).data;
});

type Dose = { date: string; cvx: string };
const assess = (
  group: string,
  birthDate: string,
  assessmentDate: string,
  doses: Dose[],
): VaccineGroupAssessment => assessVaccineGroup(data, group, { birthDate, assessmentDate, doses });

describe('antigen forecast dates', () => {
  it('HepB dose 2: the minimum interval from dose 1 sets the earliest date, the ages the recommended and past due', () => {
    // HepB 3-dose series dose 2: min age 4 weeks, earliest rec age 1 month, latest rec age 3 months + 4 weeks;
    // min interval 4 weeks from the previous dose. Born 2025-01-01, dose 1 on 2025-02-15.
    const a = assess('HepB', '2025-01-01', '2025-02-20', [{ date: '2025-02-15', cvx: '08' }]);
    expect(a.evaluation.seriesStatus).toBe('Not Complete');
    const f = a.forecast!;
    expect(f.forecastDoseNumber).toBe(2);
    expect(f.earliestDate).toBe('2025-03-15'); // 2025-02-15 + 4 weeks (the min age date, 2025-01-29, is earlier)
    expect(f.recommendedDate).toBe('2025-03-15'); // 1 month of age (2025-02-01), not before the earliest date
    expect(f.pastDueDate).toBe('2025-04-28'); // 2025-01-01 + 3 months + 4 weeks = 2025-04-29, - 1 day
    expect(f.latestDate).toBeNull(); // no maximum age
    expect(f.earliestReason).toBe('HepB: minimum interval from previous dose');
    const antigen = a.antigenForecasts[0]!;
    expect(antigen.unadjustedRecommendedDate).toBe('2025-02-01');
    expect(antigen.vaccineTypes.map((v) => v.cvx)).toContain('08');
  });

  it('HepB dose 3: the interval from target dose 1 can outweigh the age and the interval from dose 2', () => {
    // dose 3: min age 24 weeks (2025-06-18), 8 weeks from dose 2 (2025-07-24), 16 weeks from dose 1 (2025-08-21);
    // earliest rec age 6 months (2025-07-01); latest rec age 19 months + 4 weeks (2026-08-29) - 1 day
    const f = assess('HepB', '2025-01-01', '2025-06-01', [
      { date: '2025-05-01', cvx: '08' },
      { date: '2025-05-29', cvx: '08' },
    ]).forecast!;
    expect(f.forecastDoseNumber).toBe(3);
    expect(f.earliestDate).toBe('2025-08-21');
    expect(f.earliestReason).toBe('HepB: minimum interval from dose 1');
    expect(f.recommendedDate).toBe('2025-08-21');
    expect(f.pastDueDate).toBe('2026-08-28');
  });

  it('varicella after MMR: the live virus conflict ends 28 days after the MMR dose', () => {
    // Varicella dose 1: min age 12 months (2025-01-01); MMR (03) then varicella (21): minimum conflict end 28 days
    // after a valid MMR dose (2025-01-10 + 28 days = 2025-02-07)
    const f = assess('Varicella', '2024-01-01', '2025-01-20', [{ date: '2025-01-10', cvx: '03' }]).forecast!;
    expect(f.forecastDoseNumber).toBe(1);
    expect(f.earliestDate).toBe('2025-02-07');
    expect(f.earliestReason).toMatch(/^Varicella: live virus conflict with CVX 03 on 2025-01-10$/);
    expect(f.recommendedDate).toBe('2025-02-07'); // 12 months of age, not before the earliest date
  });

  it('influenza: a new season starts the count again at its start date', () => {
    // an adult's dose of the last season: the recurring dose is due from the season's start (2025-07-01), later than
    // 4 weeks after the last dose; no latest recommended age or interval: no past due date
    const f = assess('Influenza', '1980-03-01', '2025-09-01', [{ date: '2024-10-01', cvx: '140' }]).forecast!;
    expect(f.forecastDoseNumber).toBe(1); // no valid dose since 2025-07-01
    expect(f.earliestDate).toBe('2025-07-01');
    expect(f.earliestReason).toBe('Influenza: seasonal start');
    expect(f.recommendedDate).toBe('2025-07-01');
    expect(f.pastDueDate).toBeNull();
    // and once given this season, nothing is due until the next one
    const done = assess('Influenza', '1980-03-01', '2025-10-15', [
      { date: '2024-10-01', cvx: '140' },
      { date: '2025-10-01', cvx: '140' },
    ]);
    expect(done.evaluation.seriesStatus).toBe('Complete');
    expect(done.forecast).toBeNull();
  });

  it('Hib: a dose 3 whose earliest date falls after 12 months is skipped for the final dose, 8 weeks on', () => {
    // start at 2 months 4-dose series: dose 3 would be 4 weeks after dose 2 (2025-12-03), when the child is past
    // 12 months: dose 3 is skipped there and dose 4 is forecast: min age 12 months (2025-11-15), 8 weeks after
    // dose 2 (2025-12-31); latest rec age 16 months + 4 weeks (2026-04-12) - 1 day; max age 5 years - 1 day
    // (PRP-T, CVX 48: a PRP-OMP dose would choose the PRP-OMP 3-dose series)
    const a = assess('Hib', '2024-11-15', '2025-11-10', [
      { date: '2025-01-15', cvx: '48' },
      { date: '2025-11-05', cvx: '48' },
    ]);
    const f = a.forecast!;
    expect(a.antigenForecasts[0]!.seriesName).toBe('Hib start at 2 months 4-dose series');
    expect(a.antigenForecasts[0]!.targetDoseNumber).toBe(4);
    expect(a.antigenForecasts[0]!.unadjustedRecommendedDate).toBe('2025-11-15'); // 12 months of age
    expect(f.forecastDoseNumber).toBe(3); // two valid doses + 1: CDC counts the doses, not the target doses
    expect(f.earliestDate).toBe('2025-12-31');
    expect(f.pastDueDate).toBe('2026-04-11');
    expect(f.latestDate).toBe('2029-11-14');
  });

  it('forecasts nothing for a complete series or an immune patient', () => {
    expect(
      assess('HepA', '2020-01-01', '2025-01-01', [
        { date: '2021-01-01', cvx: '83' },
        { date: '2021-07-01', cvx: '83' },
      ]).forecast,
    ).toBeNull();
    const immune = assess('MMR', '1950-01-01', '2025-01-01', []);
    expect(immune.evaluation.seriesStatus).toBe('Immune');
    expect(immune.forecast).toBeNull();
  });

  it('a not valid last dose holds the earliest date back to its own date', () => {
    // HepB dose 1 has no interval; a dose that is not a HepB vaccine for the series (Heplisav-B, CVX 189, before 18)
    // is not valid, and the dose 1 it leaves due is not forecast before it was given
    const a = assess('HepB', '2010-01-01', '2025-01-10', [{ date: '2025-01-05', cvx: '189' }]);
    expect(a.evaluation.doses[0]!.status).toBe('Not Valid');
    expect(a.forecast!.forecastDoseNumber).toBe(1);
    expect(a.forecast!.earliestDate).toBe('2025-01-05');
  });
});

describe('vaccine group forecast', () => {
  const antigen = (name: string, over: Partial<AntigenForecast>): AntigenForecast => ({
    antigen: name,
    seriesName: `${name} series`,
    forecastDoseNumber: 1,
    targetDoseNumber: 1,
    recurring: false,
    earliestDate: '2025-01-01',
    earliestReason: 'minimum age',
    unadjustedRecommendedDate: '2025-01-01',
    recommendedDate: '2025-01-01',
    unadjustedPastDueDate: null,
    pastDueDate: null,
    latestDate: null,
    vaccineTypes: [
      { vaccineType: 'MMR', cvx: '03' },
      { vaccineType: `${name} only`, cvx: name },
    ],
    ...over,
  });

  it('MMR (full vaccine group): the dose must suit every antigen due', () => {
    const f = combineForecasts('MMR', true, [
      antigen('Measles', {
        forecastDoseNumber: 2,
        earliestDate: '2025-03-10',
        recommendedDate: '2028-01-01',
        pastDueDate: '2031-01-28',
      }),
      antigen('Mumps', {
        earliestDate: '2025-03-08',
        recommendedDate: '2025-03-08',
        pastDueDate: '2025-06-01',
      }),
    ])!;
    expect(f.forecastDoseNumber).toBe(1); // the lowest: mumps dose 1
    expect(f.earliestDate).toBe('2025-03-10'); // the latest earliest date
    expect(f.recommendedDate).toBe('2025-03-10'); // the earliest recommended date, not before the earliest date
    expect(f.pastDueDate).toBe('2025-06-01'); // the earliest past due date
    expect(f.vaccineTypes.map((v) => v.cvx)).toEqual(['03']); // only MMR suits both
    expect(f.fromAntigens).toEqual(['Measles', 'Mumps']);
  });

  it('DTaP/Tdap/Td (not a full group): the antigen that can be given first, the highest dose number', () => {
    const f = combineForecasts('DTaP/Tdap/Td', false, [
      antigen('Diphtheria', {
        forecastDoseNumber: 4,
        earliestDate: '2030-01-01',
        recommendedDate: '2035-01-01',
      }),
      antigen('Pertussis', {
        forecastDoseNumber: 2,
        earliestDate: '2026-11-10',
        recommendedDate: '2026-11-10',
        pastDueDate: '2028-12-07',
      }),
    ])!;
    expect(f.forecastDoseNumber).toBe(4);
    expect(f.earliestDate).toBe('2026-11-10');
    expect(f.recommendedDate).toBe('2026-11-10');
    expect(f.pastDueDate).toBe('2028-12-07');
    expect(f.fromAntigens).toEqual(['Pertussis']);
  });

  it('no antigen forecast: no group forecast', () => {
    expect(combineForecasts('MMR', true, [])).toBeNull();
  });
});

describe('a patient with doses the engine cannot use', () => {
  it('names each such dose and evaluates and forecasts the rest', () => {
    const a = assessPatient(data, {
      birthDate: '2025-01-01',
      assessmentDate: '2025-02-20',
      doses: [
        { date: '2024-12-30', cvx: '08' }, // before birth
        { date: '2025-02-15', cvx: '08' },
        { date: '2025-02-16', cvx: '9999' }, // not a CVX code of the data
        { date: '2025-03-01', cvx: '08' }, // after the assessment date
      ],
    });
    expect(a.problems.map((p) => p.doseIndex)).toEqual([0, 2, 3]);
    expect(a.problems[0]!.problem).toMatch(/before the birth date/);
    expect(a.problems[1]!.problem).toMatch(/CVX "9999"/);
    expect(a.problems[2]!.problem).toMatch(/after the assessment date/);
    const hepB = a.vaccineGroups.find((g) => g.evaluation.vaccineGroup === 'HepB')!;
    expect(hepB.evaluation.doses.map((d) => [d.doseIndex, d.status])).toEqual([
      [0, 'Not Valid'],
      [1, 'Valid'],
    ]);
    expect(hepB.forecast!.forecastDoseNumber).toBe(2);
    expect(hepB.forecast!.earliestDate).toBe('2025-03-15');
    expect(a.vaccineGroups.map((g) => g.evaluation.vaccineGroup)).toContain('DTaP/Tdap/Td');
  });
});

describe("CDC's medical history codes", () => {
  it('maps an observation code as is, a SNOMED code through its observation, and names an unknown one', () => {
    const observation = data.schedule.observations.find((o) => o.observationCode === '145')!;
    const snomed = observation.codedValues.find((v) => v.codeSystem === 'SNOMED')!;
    expect(caseObservations(data, ['145'], 'CDCPHINVS')).toEqual({
      observations: new Set(['145']),
      unknown: [],
    });
    expect(caseObservations(data, [snomed.code], 'SNOMED')).toEqual({
      observations: new Set(['145']),
      unknown: [],
    });
    expect(caseObservations(data, [snomed.code], 'CVX').unknown).toEqual([snomed.code]);
    expect(caseObservations(data, ['no-such-code'], '').unknown).toEqual(['no-such-code']);
  });

  it('passes them to the engine: an indication makes its risk series relevant', () => {
    // severe B-lymphocyte antibody deficiency (observation 145) is an indication of the HPV risk 3-dose series
    const head =
      'CDC_Test_ID,Test_Case_Name,DOB,gender,Med_History_Code,Med_History_Code_Sys,Series_Status,' +
      'Date_Administered_1,CVX_1,MVX_1,Evaluation_Status_1,Evaluation_Reason_1,' +
      'Forecast_Num,Earliest_Date,Recommended_Date,Past_Due_Date,Vaccine_Group,Assessment_Date';
    const row = (code: string) =>
      `2099-0201,HPV with history ${code},2013-01-01,F,${code},CDCPHINVS,Not complete,2024-01-10,165,,Valid,,2,,,,HPV,2025-01-10`;
    const [withCode, without] = parseCdsiCases(`${head}\n${row('145')}\n${row('')}\n`).cases;
    const series = (c: typeof withCode) =>
      runCdsiCase(data, c!).assessment.evaluation.antigens[0]!.selection.candidates.map(
        (p) => p.series.seriesName,
      );
    expect(series(withCode)).toContain('HPV risk 3-dose series');
    expect(series(without)).not.toContain('HPV risk 3-dose series');
    expect(runCdsiCase(data, withCode!).notes).toEqual([]);
  });
});
