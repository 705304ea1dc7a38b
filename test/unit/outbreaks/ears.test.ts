import { describe, expect, it } from 'vitest';
import {
  earsC,
  earsSignals,
  dailySeries,
  thresholdSignal,
  thresholdNeeded,
} from '../../../src-shared/outbreaks';

/*
 * Hand-computed (sample sd, n - 1; sd floored at minSigma = 0.5):
 * counts t=0..11: 2 2 2 2 2 2 2 1 3 2 4 6
 *  C2(9):  baseline t0..t6 = 2 x7, mean 2, sd 0 -> 0.5;               (2 - 2) / 0.5            = 0
 *  C2(10): baseline t1..t7 = 2 2 2 2 2 2 1, mean 13/7, sd sqrt(1/7) = 0.378 -> 0.5;
 *                                                                    (4 - 1.857143) / 0.5     = 4.285714
 *  C2(11): baseline t2..t8 = 2 2 2 2 2 1 3, mean 2, sd sqrt(1/3) = 0.577350;
 *                                                                    (6 - 2) / 0.577350       = 6.928203
 *  C3(11) = max(0, 0 - 1) + max(0, 4.285714 - 1) + max(0, 6.928203 - 1) = 9.213917
 *  C1(11): baseline t4..t10 = 2 2 2 1 3 2 4, mean 16/7 = 2.285714, ss 38/7, sd sqrt(38/42) = 0.951190;
 *                                                                    (6 - 2.285714) / 0.951190 = 3.904884
 *  C1(7):  baseline t0..t6 = 2 x7, sd 0 -> 0.5;                      (1 - 2) / 0.5            = -2
 */
const COUNTS = [2, 2, 2, 2, 2, 2, 2, 1, 3, 2, 4, 6];

describe('EARS C1, C2, C3', () => {
  it('match the hand-computed values', () => {
    const d = earsC(COUNTS);
    expect(d[6]?.c1).toBeNull();
    expect(d[7]?.c1).toBeCloseTo(-2, 6);
    expect(d[8]?.c2).toBeNull();
    expect(d[9]?.c2).toBeCloseTo(0, 6);
    expect(d[10]?.c2).toBeCloseTo(4.285714, 5);
    expect(d[10]?.c3).toBeNull();
    expect(d[11]?.c2).toBeCloseTo(6.928203, 5);
    expect(d[11]?.c3).toBeCloseTo(9.213917, 5);
    expect(d[11]?.c1).toBeCloseTo(3.904884, 5);
    expect(d[11]?.c1Mean).toBeCloseTo(16 / 7, 6);
    expect(d[11]).toMatchObject({ c1Alarm: true, c2Alarm: true, c3Alarm: true });
    expect(d[10]).toMatchObject({ c2Alarm: true, c3Alarm: false });
  });

  it('C3 is the sum of the last three C2 excesses over 1, alarming above 2', () => {
    // zero for 9 days then 1, 1, 1: thanks to the 2-day lag the baselines of t = 9, 10, 11 (t-9..t-3) are all
    // zero, so C2 = (1 - 0) / 0.5 = 2 each day (no C2 alarm), and C3 = 3 x (2 - 1) = 3 > 2
    const d = earsC([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect([d[9]?.c2, d[10]?.c2, d[11]?.c2]).toEqual([2, 2, 2]);
    expect(d[11]?.c3).toBe(3);
    expect(d[11]).toMatchObject({ c2Alarm: false, c3Alarm: true });
    // C1 has no lag: the baseline of t = 11 holds the two 1s: mean 2/7, sd sqrt((2 - 4/7) / 6) = 0.487950 -> 0.5
    expect(d[11]?.c1).toBeCloseTo((1 - 2 / 7) / 0.5, 6);
  });

  it('does not divide by a zero baseline sd, and a quiet school day of 0 or 1 case does not alarm', () => {
    const quiet = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const x of [0, 1]) {
      const d = earsC([...quiet, x]).at(-1);
      expect(d?.c1).toBe(x / 0.5);
      expect(Number.isFinite(d?.c2)).toBe(true);
      expect(d).toMatchObject({ c1Alarm: false, c2Alarm: false });
    }
    // 2 cases against a silent week: (2 - 0) / 0.5 = 4 > 3
    expect(earsC([...quiet, 2]).at(-1)).toMatchObject({ c1: 4, c1Alarm: true });
  });

  it('refuses counts that are not whole numbers and options without a floor', () => {
    expect(() => earsC([1, -1])).toThrow(/count 1/);
    expect(() => earsC([1], { minSigma: 0 })).toThrow(/minSigma/);
  });

  it('signals on the last day of a dense series', () => {
    const s = dailySeries(
      COUNTS.map((count, i) => ({ date: `2026-03-${String(i + 10).padStart(2, '0')}`, count })),
      '2026-03-21',
      11,
    );
    expect(s.map((x) => x.count)).toEqual(COUNTS);
    const sig = earsSignals(s);
    expect(sig.map((x) => x.method)).toEqual(['c1', 'c2', 'c3']);
    expect(sig[0]).toMatchObject({
      date: '2026-03-21',
      count: 6,
      expected: 2.286,
      statistic: 3.905,
      alarm: true,
    });
  });
});

describe('threshold detector', () => {
  const rule = { thresholdStudents: 3, thresholdPercent: 1, windowDays: 3 };
  it('needs both threshold_students and threshold_percentage of enrollment', () => {
    expect(thresholdNeeded(rule, 200)).toBe(3);
    expect(thresholdNeeded(rule, 450)).toBe(5);
    expect(thresholdSignal(rule, '2026-03-02', 4, 450)).toMatchObject({ alarm: false, expected: 5 });
    expect(thresholdSignal(rule, '2026-03-02', 5, 450)).toMatchObject({ alarm: true, statistic: 1.11 });
  });
});
