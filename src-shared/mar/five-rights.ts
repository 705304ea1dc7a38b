import { DUE_BEFORE_MS, OVERDUE_AFTER_MS } from './dose-window';

/**
 * The five rights of a given dose, as pure rules (the workstation's mar.record and the MAR's Given form use them):
 *   - timing: EARLY / ON_TIME / LATE against the scheduled time's window, the same window as doseWindow (DUE is
 *     on time: from 30 minutes before to 30 minutes after);
 *   - dose: the dose given is a number and a unit, in the order's unit, more than 0 and at most the ordered dose;
 *   - repeat: a second dose of the same order within the order's interval (less the window's width) is a repeat,
 *     refused unless the nurse confirms it as a PRN repeat with a reason.
 */

export type DoseTiming = 'EARLY' | 'ON_TIME' | 'LATE';

export const DOSE_TIMING_LABEL: Readonly<Record<DoseTiming, string>> = Object.freeze({
  EARLY: 'Early',
  ON_TIME: 'On time',
  LATE: 'Late',
});

/** Where a dose given at `givenMs` stands against its scheduled time; the boundaries are on time, as in doseWindow. */
export function doseTiming(scheduledAtMs: number, givenMs: number): DoseTiming {
  const d = givenMs - scheduledAtMs;
  if (d < -DUE_BEFORE_MS) return 'EARLY';
  if (d > OVERDUE_AFTER_MS) return 'LATE';
  return 'ON_TIME';
}

export interface DoseAmount {
  readonly amount: number;
  readonly unit: string;
}

const DOSE_RE = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Zµμ]+(?:\s*[a-zA-Z]+)?)?\s*$/;

/** '10 mg' → {10, 'mg'}; '2 puffs' → {2, 'puffs'}; the unit lower-cased; null when not a number and a unit. */
export function parseDose(text: string): DoseAmount | null {
  const m = DOSE_RE.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const amount = Number(m[1]);
  if (!Number.isFinite(amount)) return null;
  return { amount, unit: m[2].toLowerCase().replace(/\s+/g, ' ').replace('μ', 'µ') };
}

/** Any dose when the order's own dose is not a number and a unit: more than 0, at most this many of its unit. */
export const MAX_FREE_DOSE = 10_000;

/**
 * The dose given, checked against the order's: null when plausible, else the message (naming the range). A dose
 * the order writes as free text ('1 tablet with lunch') takes that text, or any number and unit up to MAX_FREE_DOSE.
 */
export function doseGivenProblem(ordered: string, given: string): string | null {
  if (given.trim() === ordered.trim()) return null; // the ordered dose itself, whatever its wording
  const g = parseDose(given);
  if (!g) return 'doseGiven: a number and a unit, e.g. "10 mg"';
  const o = parseDose(ordered);
  if (!o) {
    if (g.amount <= 0 || g.amount > MAX_FREE_DOSE)
      return `doseGiven: more than 0 and at most ${MAX_FREE_DOSE} ${g.unit}`;
    return null;
  }
  if (g.unit !== o.unit) return `doseGiven: in the order's unit (${o.unit}), the order is ${ordered}`;
  if (g.amount <= 0 || g.amount > o.amount)
    return `doseGiven: more than 0 and at most the ordered ${o.amount} ${o.unit}`;
  return null;
}

const HOUR_MS = 60 * 60_000;
const EVERY_RE = /(?:every|q)\s*(\d+(?:\.\d+)?)\s*(?:-\s*\d+\s*)?(?:h|hr|hrs|hours?)\b/i;

/**
 * The order's interval between doses: 'every 4 hours' / 'q4h' / 'q4-6h' in its frequency (the shorter bound), else
 * the shortest gap between its scheduled times of day, else a day (one dose a day).
 */
export function orderIntervalMs(scheduleTimes: readonly string[], frequency: string | null): number {
  const m = frequency ? EVERY_RE.exec(frequency) : null;
  if (m?.[1]) {
    const h = Number(m[1]);
    if (h > 0 && h <= 24) return h * HOUR_MS;
  }
  const minutes = scheduleTimes
    .filter((t) => /^\d{2}:\d{2}$/.test(t))
    .map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)))
    .sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < minutes.length; i++) gap = Math.min(gap, (minutes[i]! - minutes[i - 1]!) * 60_000);
  return Number.isFinite(gap) && gap > 0 ? gap : 24 * HOUR_MS;
}

/** A dose may come this much sooner than the interval and not be a repeat: the on-time window's width. */
export const REPEAT_TOLERANCE_MS = DUE_BEFORE_MS + OVERDUE_AFTER_MS;

/**
 * The earlier dose (given at `priorGivenMs`) this one repeats, when given at `givenMs` less than the interval (less
 * REPEAT_TOLERANCE_MS) after it; in either order (a dose recorded late for an earlier time counts too).
 */
export function isRepeatDose(priorGivenMs: number, givenMs: number, intervalMs: number): boolean {
  return Math.abs(givenMs - priorGivenMs) < Math.max(0, intervalMs - REPEAT_TOLERANCE_MS);
}

/**
 * Unit doses of stock a dose takes: the dose over the medication's strength when both are in one unit (10 mg of
 * 5 mg tablets: 2), else 1 (one unit dose).
 */
export function unitsForDose(dose: string, strength: string | null): number {
  const d = parseDose(dose);
  const s = strength ? parseDose(strength) : null;
  if (!d || !s || d.unit !== s.unit || s.amount <= 0) return 1;
  return Math.round((d.amount / s.amount) * 100) / 100;
}
