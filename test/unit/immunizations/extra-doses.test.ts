import { describe, expect, it } from 'vitest';
import {
  dosesText,
  duplicatesText,
  immunizationStatus,
  nextDueText,
  sameDayDuplicateIds,
  sameDayDuplicates,
  type ScheduleRule,
  type StatusInput,
} from '../../../src-shared/immunizations';

const rule = (
  vaccine: string,
  doseNumber: number,
  months: number,
  interval: number | null,
): ScheduleRule => ({
  vaccine,
  doseNumber,
  minimumAgeMonths: months,
  minimumIntervalDays: interval,
  gradeLevel: 'K',
  gracePeriodDays: 30,
});

const DTAP = [rule('DTaP', 1, 2, null), rule('DTaP', 2, 4, 28), rule('DTaP', 3, 6, 28)];
const input = (doses: [string, string][], over: Partial<StatusInput> = {}): StatusInput => ({
  dateOfBirth: '2015-03-10',
  gradeLevel: '5',
  today: '2026-11-20',
  schedules: DTAP,
  doses: doses.map(([vaccine, administeredOn]) => ({ vaccine, administeredOn })),
  exemptions: [],
  ...over,
});
const fmt = (ymd: string) => `<${ymd}>`;

describe('extra doses and same-day duplicates', () => {
  it('a fourth dose of a 3-dose series is extra: "3 of 3, 1 extra", never "4 of 3"', () => {
    const [s] = immunizationStatus(
      input([
        ['DTaP', '2015-05-10'],
        ['DTaP', '2015-07-10'],
        ['DTaP', '2015-09-10'],
        ['DTaP', '2019-04-01'],
      ]),
    );
    expect(s).toEqual({
      vaccine: 'DTaP',
      status: 'COMPLETE',
      dosesGiven: 3,
      dosesRequired: 3,
      extraDoses: 1,
    });
    expect(dosesText(s!)).toBe('3 of 3, 1 extra');
    expect(nextDueText(s!, fmt)).toBe('');
  });

  it('two doses on the same day count once and the day is flagged; the series is then short', () => {
    const [s] = immunizationStatus(
      input([
        ['DTaP', '2015-05-10'],
        ['DTaP', '2015-07-10'],
        ['DTaP', '2015-07-10'],
      ]),
    );
    expect(s).toMatchObject({
      status: 'OVERDUE',
      dosesGiven: 2,
      dosesRequired: 3,
      sameDayDuplicates: ['2015-07-10'],
      nextDueOn: '2015-09-10',
      overdueSince: '2015-09-10',
    });
    expect(s!.extraDoses).toBeUndefined();
    expect(dosesText(s!)).toBe('2 of 3');
    expect(duplicatesText(s!, fmt)).toBe('more than one dose on <2015-07-10> (counted once)');
    expect(nextDueText(s!, fmt)).toBe('overdue since <2015-09-10>');
  });

  it('an exempt student with extra doses still shows them apart', () => {
    const [s] = immunizationStatus(
      input(
        [
          ['DTaP', '2015-05-10'],
          ['DTaP', '2015-07-10'],
          ['DTaP', '2015-09-10'],
          ['DTaP', '2016-09-10'],
          ['DTaP', '2017-09-10'],
        ],
        { exemptions: ['DTaP'] },
      ),
    );
    expect(s).toEqual({ vaccine: 'DTaP', status: 'EXEMPT', dosesGiven: 3, dosesRequired: 3, extraDoses: 2 });
    expect(dosesText(s!)).toBe('3 of 3, 2 extra');
  });

  it('next due: in the future "due", past but in grace "due since … overdue after", past grace "overdue since"', () => {
    const base = { status: 'DUE' as const, dosesGiven: 1, dosesRequired: 2 };
    expect(nextDueText({ ...base, nextDueOn: '2026-12-01' }, fmt)).toBe('due <2026-12-01>');
    expect(nextDueText({ ...base, nextDueOn: '2026-11-01', graceEndsOn: '2026-12-01' }, fmt)).toBe(
      'due since <2026-11-01>, overdue after <2026-12-01>',
    );
    expect(
      nextDueText({ ...base, status: 'OVERDUE', nextDueOn: '2026-10-01', overdueSince: '2026-10-01' }, fmt),
    ).toBe('overdue since <2026-10-01>');
  });

  it('sameDayDuplicates and sameDayDuplicateIds: per series and day, every dose of the pair flagged', () => {
    expect(sameDayDuplicates(['2020-01-01', '2020-02-01', '2020-01-01', '2020-01-01'])).toEqual([
      '2020-01-01',
    ]);
    expect(sameDayDuplicates(['2020-01-01', '2020-02-01'])).toEqual([]);
    const ids = sameDayDuplicateIds([
      { id: 'a', vaccine: 'MMR', administeredOn: '2020-01-01' },
      { id: 'b', vaccine: 'MMR', administeredOn: '2020-01-01' },
      { id: 'c', vaccine: 'Varicella', administeredOn: '2020-01-01' },
      { id: 'd', vaccine: 'MMR', administeredOn: '2020-02-01' },
    ]);
    expect([...ids].sort()).toEqual(['a', 'b']);
  });
});
