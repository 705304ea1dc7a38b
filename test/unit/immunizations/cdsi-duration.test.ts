import { describe, expect, it } from 'vitest';
import {
  addDuration,
  parseDuration,
  subtractDuration,
  type Duration,
} from '../../../src-shared/immunizations/supporting-data';

/** CDSi durations and the logic specification's date rules (CALCDT-1..5 with their worked examples). */

const d = (text: string): Duration => {
  const parsed = parseDuration(text);
  if (parsed === null) throw new Error(`not a duration: ${text}`);
  return parsed;
};

describe('parseDuration', () => {
  it("reads CDC's texts into signed terms, keeping the text", () => {
    expect(parseDuration('4 weeks - 4 days')).toEqual({
      raw: '4 weeks - 4 days',
      years: 0,
      months: 0,
      weeks: 4,
      days: -4,
    });
    expect(parseDuration('3 months + 4 weeks')).toEqual({
      raw: '3 months + 4 weeks',
      years: 0,
      months: 3,
      weeks: 4,
      days: 0,
    });
    expect(parseDuration('16 years - 4 months')).toEqual({
      raw: '16 years - 4 months',
      years: 16,
      months: -4,
      weeks: 0,
      days: 0,
    });
    expect(parseDuration('8 months + 1 day')).toMatchObject({ months: 8, days: 1 });
    expect(parseDuration('1 year')).toMatchObject({ years: 1 });
    expect(parseDuration('1 years - 4 days')).toMatchObject({ years: 1, days: -4 });
    expect(parseDuration('0 days')).toEqual({ raw: '0 days', years: 0, months: 0, weeks: 0, days: 0 });
    expect(parseDuration('- 4 days')).toMatchObject({ days: -4 });
    expect(parseDuration('  6 Months ')).toMatchObject({ raw: '6 Months', months: 6 });
  });

  it('sums a unit CDC repeats ("28 days - 4 days" is 24 days), never a negative zero', () => {
    expect(parseDuration('28 days - 4 days')).toMatchObject({ days: 24, weeks: 0 });
    expect(Object.is(parseDuration('- 0 days')!.days, 0)).toBe(true);
  });

  it('refuses what is not a duration', () => {
    for (const bad of [
      '',
      '   ',
      'four weeks',
      '4 fortnights',
      '4 weeks 4 days',
      '4',
      'weeks',
      '4 weeks -',
      '4.5 months',
    ])
      expect(parseDuration(bad), bad).toBeNull();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(d('4 weeks'))).toBe(true);
  });
});

describe("addDuration: the specification's examples", () => {
  it.each([
    ['CALCDT-1 years', '2000-01-01', '3 years', '2003-01-01'],
    ['CALCDT-2 months', '2000-01-01', '6 months', '2000-07-01'],
    ['CALCDT-2 months into the next year', '2000-11-01', '6 months', '2001-05-01'],
    ['CALCDT-3 days', '2000-01-01', '3 days', '2000-01-04'],
    ['CALCDT-3 weeks', '2000-01-01', '3 weeks', '2000-01-22'],
    ['CALCDT-3 weeks over a leap February', '2000-02-01', '5 weeks', '2000-03-07'],
    ['CALCDT-3 weeks over a common February', '2001-02-01', '5 weeks', '2001-03-08'],
    ['CALCDT-4 negative days', '2000-01-15', '- 4 days', '2000-01-11'],
    ['CALCDT-5 September 31 does not exist', '2000-03-31', '6 months', '2000-10-01'],
    ['CALCDT-5 February 31 does not exist', '2000-08-31', '6 months', '2001-03-01'],
  ])('%s: %s + %s = %s', (_rule, date, duration, expected) => {
    expect(addDuration(date, d(duration))).toBe(expected);
  });
});

describe('addDuration: edge cases', () => {
  it('month ends: a day the month lacks moves to the 1st of the next month', () => {
    expect(addDuration('2000-01-31', d('1 month'))).toBe('2000-03-01'); // Feb 31, 2000 (leap year)
    expect(addDuration('2001-01-30', d('1 month'))).toBe('2001-03-01'); // Feb 30, 2001
    expect(addDuration('2000-01-29', d('1 month'))).toBe('2000-02-29'); // exists in a leap year
    expect(addDuration('2001-01-29', d('1 month'))).toBe('2001-03-01');
    expect(addDuration('2000-05-31', d('1 month'))).toBe('2000-07-01'); // June 31
    expect(addDuration('2000-11-30', d('1 month'))).toBe('2000-12-30');
    expect(addDuration('2000-12-31', d('1 month'))).toBe('2001-01-31');
  });

  it('leap years: February 29 plus years', () => {
    expect(addDuration('2000-02-29', d('1 year'))).toBe('2001-03-01');
    expect(addDuration('2000-02-29', d('4 years'))).toBe('2004-02-29');
    expect(addDuration('2000-02-29', d('100 years'))).toBe('2100-03-01'); // 2100 is not a leap year
    expect(addDuration('1996-02-29', d('4 years'))).toBe('2000-02-29'); // 2000 is
  });

  it('years, then months, then weeks and days', () => {
    expect(addDuration('2020-12-31', d('12 months - 4 days'))).toBe('2021-12-27');
    expect(addDuration('2000-03-02', d('- 4 days'))).toBe('2000-02-27'); // back over a leap February
    expect(addDuration('2001-03-02', d('- 4 days'))).toBe('2001-02-26');
    expect(addDuration('2021-01-02', d('- 4 days'))).toBe('2020-12-29'); // back over a year
    expect(addDuration('2019-01-15', d('4 years - 4 days'))).toBe('2023-01-11');
    expect(addDuration('2026-01-31', d('3 months + 4 weeks'))).toBe('2026-05-29'); // Apr 31 → May 1, + 28 days
    expect(addDuration('2026-03-31', d('8 months + 1 day'))).toBe('2026-12-02'); // Nov 31 → Dec 1, + 1 day
    // our reading of a negative month term: the same rule (Feb 30, 2026 does not exist)
    expect(addDuration('2010-06-30', d('16 years - 4 months'))).toBe('2026-03-01');
    expect(addDuration('2010-06-15', d('16 years - 4 months'))).toBe('2026-02-15');
  });

  it('0 days is the same date; subtracting reverses every term', () => {
    expect(addDuration('2024-02-29', d('0 days'))).toBe('2024-02-29');
    expect(subtractDuration('2026-02-15', d('4 months'))).toBe('2025-10-15');
    expect(subtractDuration('2026-01-11', d('4 weeks - 4 days'))).toBe('2025-12-18');
    expect(subtractDuration('2026-12-01', d('1 year'))).toBe('2025-12-01');
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => addDuration('2001-02-29', d('1 day'))).toThrow(/not a calendar date/);
    expect(() => addDuration('03/01/2001', d('1 day'))).toThrow(/not a calendar date/);
  });
});
