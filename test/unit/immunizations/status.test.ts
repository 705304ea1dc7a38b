import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  cvxName,
  gradeRank,
  immunizationStatus,
  missingDoses,
  requiredByVaccine,
  seriesOfCvx,
  type ScheduleRule,
  type StatusInput,
} from '../../../src-shared/immunizations';

const rule = (
  vaccine: string,
  doseNumber: number,
  minimumAgeMonths: number | null,
  minimumIntervalDays: number | null,
  gradeLevel: string | null = 'K',
  gracePeriodDays = 30,
): ScheduleRule => ({
  vaccine,
  doseNumber,
  minimumAgeMonths,
  minimumIntervalDays,
  gradeLevel,
  gracePeriodDays,
});

// Ohio school entry (a part of it): MMR 2 doses from K, Tdap 1 from grade 7, MenACWY 2 from 7 and 12
const SCHEDULES: readonly ScheduleRule[] = [
  rule('MMR', 1, 12, null),
  rule('MMR', 2, 48, 28),
  rule('Tdap', 1, 132, null, '7'),
  rule('MenACWY', 1, 132, null, '7'),
  rule('MenACWY', 2, 192, 56, '12'),
];

const input = (over: Partial<StatusInput>): StatusInput => ({
  dateOfBirth: '2015-03-10',
  gradeLevel: '5',
  today: '2026-11-20',
  schedules: SCHEDULES,
  doses: [],
  exemptions: [],
  ...over,
});

describe('immunization status rules', () => {
  it('COMPLETE with every required dose of the grades reached; later grades do not count yet', () => {
    const status = immunizationStatus(
      input({
        doses: [
          { vaccine: 'MMR', administeredOn: '2016-03-15' },
          { vaccine: 'MMR', administeredOn: '2019-03-20' },
        ],
      }),
    );
    expect(status).toEqual([{ vaccine: 'MMR', status: 'COMPLETE', dosesGiven: 2, dosesRequired: 2 }]);
  });

  it('missing doses: DUE from the minimum age, OVERDUE once the grace period has passed (edge dates)', () => {
    // dose 1 due at 12 months (2016-03-10): long overdue
    expect(immunizationStatus(input({}))).toEqual([
      {
        vaccine: 'MMR',
        status: 'OVERDUE',
        dosesGiven: 0,
        dosesRequired: 2,
        nextDueOn: '2016-03-10',
        overdueSince: '2016-03-10',
      },
    ]);
    // a child of 11 months: due next month, not overdue
    const young = input({
      dateOfBirth: '2025-12-20',
      gradeLevel: 'K',
      schedules: [rule('MMR', 1, 12, null)],
    });
    expect(immunizationStatus(young)[0]).toMatchObject({ status: 'DUE', nextDueOn: '2026-12-20' });
    // due 2026-10-21 + 30 days grace = 2026-11-20: today is the last day of grace, still DUE
    const edge = input({ dateOfBirth: '2025-10-21', gradeLevel: 'K', schedules: [rule('MMR', 1, 12, null)] });
    expect(immunizationStatus(edge)[0]).toMatchObject({
      status: 'DUE',
      nextDueOn: '2026-10-21',
      graceEndsOn: '2026-11-20',
    });
    expect(immunizationStatus(edge)[0]!.overdueSince).toBeUndefined();
    // one day later it is OVERDUE
    expect(immunizationStatus({ ...edge, today: '2026-11-21' })[0]).toMatchObject({
      status: 'OVERDUE',
      overdueSince: '2026-10-21',
    });
    // due today: not past, no grace end given
    const dueToday = immunizationStatus({ ...edge, today: '2026-10-21' })[0]!;
    expect(dueToday.status).toBe('DUE');
    expect(dueToday.graceEndsOn).toBeUndefined();
  });

  it('the next dose waits for the minimum interval after the previous one when that is later', () => {
    // dose 2 at 48 months (2019-03-10) but dose 1 was given on 2026-11-01: 28 days later
    const status = immunizationStatus(input({ doses: [{ vaccine: 'MMR', administeredOn: '2026-11-01' }] }));
    expect(status[0]).toEqual({
      vaccine: 'MMR',
      status: 'DUE',
      dosesGiven: 1,
      dosesRequired: 2,
      nextDueOn: '2026-11-29',
    });
  });

  it('grade 12 requires the MenACWY booster; doses given out of order are counted by date', () => {
    const status = immunizationStatus(
      input({
        dateOfBirth: '2008-06-01',
        gradeLevel: '12',
        doses: [
          { vaccine: 'MMR', administeredOn: '2012-06-01' },
          { vaccine: 'MMR', administeredOn: '2009-06-02' },
          { vaccine: 'Tdap', administeredOn: '2019-07-01' },
          { vaccine: 'MenACWY', administeredOn: '2019-07-01' },
        ],
      }),
    );
    expect(status.map((s) => [s.vaccine, s.status, s.dosesGiven, s.dosesRequired, s.nextDueOn])).toEqual([
      ['MenACWY', 'OVERDUE', 1, 2, '2024-06-01'],
      ['MMR', 'COMPLETE', 2, 2, undefined],
      ['Tdap', 'COMPLETE', 1, 1, undefined],
    ]);
  });

  it('EXEMPT for the vaccine exempted, or for every vaccine with a blanket exemption', () => {
    const seventh = input({ gradeLevel: '7' });
    expect(
      immunizationStatus({ ...seventh, exemptions: ['Tdap'] }).map((s) => [s.vaccine, s.status]),
    ).toEqual([
      ['MenACWY', 'OVERDUE'],
      ['MMR', 'OVERDUE'],
      ['Tdap', 'EXEMPT'],
    ]);
    expect(immunizationStatus({ ...seventh, exemptions: [null] }).every((s) => s.status === 'EXEMPT')).toBe(
      true,
    );
  });

  it('missingDoses and requiredByVaccine keep schedule order; grades rank PK < K < 1 < ... < 12', () => {
    const byVaccine = requiredByVaccine(SCHEDULES, '7');
    expect([...byVaccine.keys()]).toEqual(['MMR', 'Tdap', 'MenACWY']);
    expect(missingDoses(byVaccine.get('MMR')!, 1).map((r) => r.doseNumber)).toEqual([2]);
    expect(missingDoses(byVaccine.get('MMR')!, 2)).toEqual([]);
    expect(gradeRank('PK')).toBeLessThan(gradeRank('K'));
    expect(gradeRank('K')).toBeLessThan(gradeRank('1'));
    expect(gradeRank('9')).toBeLessThan(gradeRank('12'));
    expect(gradeRank(null)).toBe(-1);
  });

  it('calendar arithmetic across month ends and leap days', () => {
    expect(addMonths('2016-02-29', 12)).toBe('2017-03-01');
    expect(addMonths('2015-01-31', 1)).toBe('2015-03-03');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('CVX reference data', () => {
  it('maps combination vaccines to every series they count toward', () => {
    expect(seriesOfCvx('110')).toEqual(['DTaP', 'HepB', 'IPV']);
    expect(seriesOfCvx('3')).toEqual(['MMR']);
    expect(seriesOfCvx('999')).toBeNull();
    expect(cvxName('94')).toBe('MMRV');
  });
});
