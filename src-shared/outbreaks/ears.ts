/**
 * CDC EARS C1, C2 and C3 on a series of daily counts.
 *
 * Definitions as in the R `surveillance` package, function earsC (R/earsC.R of cran/surveillance; its help page
 * cites Hutwagner et al. 2003, "The bioterrorism preparedness and response Early Aberration Reporting System
 * (EARS)", J Urban Health 80(2 Suppl 1):i89-96, and Fricker et al. 2008, Stat Med 27:3407-29), baseline = 7 days:
 *   C1(t) = (x_t - mean(x_{t-7..t-1})) / sd(x_{t-7..t-1})          the 7 days before the day
 *   C2(t) = (x_t - mean(x_{t-9..t-3})) / sd(x_{t-9..t-3})          the same 7-day baseline with a 2-day lag
 *   C3(t) = sum_{i=t-2..t} max(0, C2(i) - 1)                       the C2 excesses over 1 of the last three days
 * sd is the sample standard deviation (n - 1, R's sd). CDC's EARS flags C1 and C2 at more than 3 (standard
 * deviations) and C3 at more than 2; surveillance expresses the same as an upper bound with alpha = 0.001
 * (qnorm(0.999) = 3.09) for C1/C2 and 0.025 (1.96) for C3. We use CDC's 3 / 3 / 2 (configurable). Note that
 * surveillance's C3 upper bound only subtracts the two lagged excesses (C2(t-2), C2(t-1)) from the current day's;
 * we compute the CDC sum of the three excesses, which is what the statistic column shows.
 *
 * Zero baseline variance: surveillance divides by max(sd, minSigma) with minSigma = 0 by default, which gives an
 * infinite statistic for a school that had no case for a week and then one. We take max(sd, minSigma) with
 * minSigma = 0.5 case/day: a day with 0 or 1 case can then never reach C1/C2 > 3 (its statistic is at most
 * (1 - 0) / 0.5 = 2), while 2 or more cases at a school whose baseline was quiet do (4 and up).
 */

export interface EarsOptions {
  /** Days in the baseline (surveillance's `baseline`, at least 3). */
  readonly baseline?: number;
  /** Floor on the baseline standard deviation (surveillance's `minSigma`). */
  readonly minSigma?: number;
  readonly c1Threshold?: number;
  readonly c2Threshold?: number;
  readonly c3Threshold?: number;
}

export const EARS_DEFAULTS = Object.freeze({
  baseline: 7,
  minSigma: 0.5,
  c1Threshold: 3,
  c2Threshold: 3,
  c3Threshold: 2,
});

/** The statistics of one day; null where the series is too short (C1 needs 7 days before, C2 9, C3 11). */
export interface EarsDay {
  readonly count: number;
  readonly c1: number | null;
  /** The C1 baseline mean (the expected count). */
  readonly c1Mean: number | null;
  readonly c2: number | null;
  readonly c2Mean: number | null;
  readonly c3: number | null;
  readonly c1Alarm: boolean;
  readonly c2Alarm: boolean;
  readonly c3Alarm: boolean;
}

function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

function check(counts: readonly number[], o: Required<EarsOptions>): void {
  if (!Number.isInteger(o.baseline) || o.baseline < 3)
    throw new Error('EARS: baseline must be a whole number >= 3');
  if (!(o.minSigma > 0))
    throw new Error('EARS: minSigma must be > 0 (it stands in for a zero standard deviation)');
  counts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0) throw new Error(`EARS: count ${i} is not a whole number >= 0: ${c}`);
  });
}

/** C1, C2 and C3 for every day of a series of daily counts (consecutive days, oldest first). */
export function earsC(counts: readonly number[], options: EarsOptions = {}): EarsDay[] {
  const o = { ...EARS_DEFAULTS, ...options };
  check(counts, o);
  const b = o.baseline;
  const z = (t: number, lag: number): { stat: number; mean: number } | null => {
    const from = t - lag - b;
    if (from < 0) return null;
    const { mean, sd } = meanSd(counts.slice(from, t - lag));
    return { stat: ((counts[t] ?? 0) - mean) / Math.max(sd, o.minSigma), mean };
  };
  const c2s = counts.map((_, t) => z(t, 2));
  return counts.map((count, t) => {
    const c1 = z(t, 0);
    const c2 = c2s[t] ?? null;
    const last3 = [c2s[t - 2], c2s[t - 1], c2].map((x) => (x === undefined ? null : x));
    const c3 = last3.every((x) => x !== null)
      ? last3.reduce((a, x) => a + Math.max(0, (x?.stat ?? 0) - 1), 0)
      : null;
    return {
      count,
      c1: c1?.stat ?? null,
      c1Mean: c1?.mean ?? null,
      c2: c2?.stat ?? null,
      c2Mean: c2?.mean ?? null,
      c3,
      c1Alarm: c1 !== null && c1.stat > o.c1Threshold,
      c2Alarm: c2 !== null && c2.stat > o.c2Threshold,
      c3Alarm: c3 !== null && c3 > o.c3Threshold,
    };
  });
}
