import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import { assessPatient } from '../../../src-shared/immunizations/cdsi';
import {
  forecastView,
  nextDoseState,
  validDosesBySeries,
  yearsAfter,
} from '../../../src-shared/immunizations/forecast-view';
import type { SupportingData } from '../../../src-shared/immunizations/supporting-data';

/**
 * The nurse's view of CDC's forecast, on CDC's real supporting data: which groups a school-age student sees, where
 * each next dose stands on the day, and the sentence shown. The patients are built by hand; the one date asserted is
 * the schedule's (MMR dose 2 recommended at 4 years); otherwise the order of the dates and the state they give.
 */
let data: SupportingData;
beforeAll(async () => {
  data = (await readSupportingData()).data;
});

const fiveYearOld = {
  birthDate: '2021-09-10',
  gender: 'Female' as const,
  doses: [
    { date: '2021-09-11', cvx: '08' }, // HepB birth dose
    { date: '2021-11-12', cvx: '110' }, // DTaP-HepB-IPV
    { date: '2022-01-14', cvx: '110' },
    { date: '2022-03-18', cvx: '110' },
    { date: '2022-09-12', cvx: '03' }, // MMR at 12 months
    { date: '2022-09-12', cvx: '21' }, // varicella
    { date: '2099-01-01', cvx: '03' }, // after the assessment date: left out, named
    { date: '2022-10-01', cvx: '999' }, // unknown CVX: left out, named
  ],
};

describe('the forecast view', () => {
  it('shows the routine groups of a school-age child and leaves out travel, risk and adult vaccines', () => {
    const on = '2026-12-07';
    const v = forecastView(
      assessPatient(data, { ...fiveYearOld, assessmentDate: on }),
      fiveYearOld.birthDate,
      on,
    );
    const names = v.groups.map((g) => g.vaccineGroup);
    expect(names).toEqual(expect.arrayContaining(['DTaP/Tdap/Td', 'HepB', 'MMR', 'Polio', 'Varicella']));
    for (const hidden of ['Yellow Fever', 'Rabies', 'Typhoid', 'Zoster', 'Cholera', 'Rotavirus'])
      expect(names, hidden).not.toContain(hidden);
    const hepb = v.groups.find((g) => g.vaccineGroup === 'HepB')!;
    expect(hepb).toMatchObject({ status: 'Complete', validDoses: 4, next: null });
    expect(hepb.summary).toBe('HepB complete (4 valid doses)');
    // MMR: one valid dose at 12 months; dose 2 recommended at 4 years, so due on the day, past due later
    const mmr = v.groups.find((g) => g.vaccineGroup === 'MMR')!;
    expect(mmr.validDoses).toBe(1);
    expect(mmr.next).toMatchObject({ doseNumber: 2, recommended: yearsAfter(fiveYearOld.birthDate, 4) });
    expect(mmr.next!.earliest <= mmr.next!.recommended).toBe(true);
    expect(mmr.next!.state).toBe(nextDoseState(on, mmr.next!));
    expect(['DUE', 'PAST_DUE']).toContain(mmr.next!.state);
    expect(mmr.summary).toMatch(/^MMR dose 2 (due now \(recommended since 09\/10\/2025|past due since)/);
    // the dose after the day and the unknown code are named by their place in the history
    expect(v.problems.map((p) => p.doseIndex)).toEqual([6, 7]);
  });

  it('says when the next dose is not yet possible, possible, due and past due', () => {
    const f = { earliest: '2026-01-10', recommended: '2026-03-01', pastDue: '2026-06-01' };
    expect(nextDoseState('2026-01-09', f)).toBe('NOT_YET');
    expect(nextDoseState('2026-01-10', f)).toBe('CAN_GIVE');
    expect(nextDoseState('2026-03-01', f)).toBe('DUE');
    expect(nextDoseState('2026-05-31', f)).toBe('DUE');
    expect(nextDoseState('2026-06-01', f)).toBe('PAST_DUE');
    expect(nextDoseState('2030-01-01', { ...f, pastDue: null })).toBe('DUE');
  });

  it('counts the years from a leap-day birth to 1 March', () => {
    expect(yearsAfter('2020-02-29', 1)).toBe('2021-03-01');
    expect(yearsAfter('2020-02-29', 4)).toBe('2024-02-29');
    expect(yearsAfter('2015-06-30', 19)).toBe('2034-06-30');
  });

  it('names a dose not yet possible with the date it can be given', () => {
    // a 10-month-old with a birth dose only: MMR dose 1 not before the first birthday
    const baby = {
      birthDate: '2026-02-01',
      gender: 'Male' as const,
      doses: [{ date: '2026-02-02', cvx: '08' }],
    };
    const on = '2026-12-07';
    const v = forecastView(assessPatient(data, { ...baby, assessmentDate: on }), baby.birthDate, on);
    const mmr = v.groups.find((g) => g.vaccineGroup === 'MMR')!;
    expect(mmr.next?.state).toBe('NOT_YET');
    expect(mmr.summary).toMatch(/^MMR dose 1 not yet: it can be given from \d\d\/\d\d\/2027$/);
  });
});

describe('valid doses by school series', () => {
  it('gives each series the doses CDC counts valid in its group, combinations in each of theirs', () => {
    const birthDate = '2014-05-20';
    const doses = [
      { date: '2014-07-21', cvx: '110' }, // DTaP-HepB-IPV, 2 months
      { date: '2014-09-22', cvx: '110' },
      { date: '2014-11-24', cvx: '110' },
      { date: '2015-05-01', cvx: '94' }, // MMRV before the first birthday: not valid for MMR or varicella
      { date: '2015-06-01', cvx: '94' }, // MMRV at 12 months, 31 days after the live dose before (28 needed)
      { date: '2015-08-24', cvx: '20' }, // DTaP 4
      { date: '2018-06-01', cvx: '94' }, // MMRV at 4
      { date: '2018-06-01', cvx: '130' }, // DTaP-IPV at 4
      { date: '2025-06-02', cvx: '115' }, // Tdap at 11
    ];
    const a = assessPatient(data, { birthDate, gender: 'Male', assessmentDate: '2026-12-07', doses });
    const by = validDosesBySeries(a);
    expect(by.MMR).toEqual(['2015-06-01', '2018-06-01']);
    expect(by.VAR).toEqual(['2015-06-01', '2018-06-01']);
    expect(by.HepB).toEqual(['2014-07-21', '2014-09-22', '2014-11-24']);
    expect(by.IPV).toEqual(['2014-07-21', '2014-09-22', '2014-11-24', '2018-06-01']);
    expect(by.Tdap).toEqual(['2025-06-02']);
    // the DTaP series holds the DTaP doses and the adolescent Tdap where CDC counts it valid
    expect(by.DTaP!.slice(0, 5)).toEqual([
      '2014-07-21',
      '2014-09-22',
      '2014-11-24',
      '2015-08-24',
      '2018-06-01',
    ]);
    expect(
      by.DTaP!.every((d) => doses.some((x) => x.date === d && ['110', '20', '130', '115'].includes(x.cvx))),
    ).toBe(true);
  });
});
