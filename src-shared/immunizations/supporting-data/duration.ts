/**
 * CDC's CDSi durations ("4 weeks - 4 days", "3 months + 4 weeks", "16 years - 4 months", "0 days") and the date
 * arithmetic of the CDSi logic specification (pure).
 *
 * A duration is kept twice: the raw text as CDC wrote it, and its terms summed by unit with their sign
 * ({ years, months, weeks, days }). The date rules apply the units in a fixed order whatever the text's order, and
 * CDC sometimes repeats a unit ("28 days - 4 days" = 24 days), so the sums lose nothing the rules need.
 *
 * Dates are ISO calendar dates ('YYYY-MM-DD', a birth date is not an instant). `addDuration` follows the logic
 * specification's "Calculating dates" rules (its table of CALCDT business rules, with its worked examples in the
 * tests):
 * - CALCDT-1: years are added to the year, the month and day kept (01/01/2000 + 3 years = 01/01/2003);
 * - CALCDT-2: months are added to the month, the day kept (11/01/2000 + 6 months = 05/01/2001);
 * - CALCDT-3: weeks count 7 days, days are added as days (02/01/2000 + 5 weeks = 03/07/2000);
 * - CALCDT-4: a negative term is subtracted the same way (01/15/2000 - 4 days = 01/11/2000);
 * - CALCDT-5: a date that does not exist moves to the first day of the next month (03/31/2000 + 6 months =
 *   10/01/2000; 02/29/2000 + 1 year = 03/01/2001).
 * A duration of several terms adds its years first, then its months, then its weeks and days. Our reading, where
 * the specification gives no example: CALCDT-5 is applied after the years and again after the months (no release
 * combines years with months in one duration, 4.64 included), and a negative month term follows the same rule
 * (2026-03-31 - 1 month = 2026-02-31, which does not exist, so 2026-03-01).
 */

export type DurationUnit = 'years' | 'months' | 'weeks' | 'days';

export interface Duration {
  /** CDC's text, trimmed */
  readonly raw: string;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
}

const UNITS: Readonly<Record<string, DurationUnit>> = {
  year: 'years',
  years: 'years',
  month: 'months',
  months: 'months',
  week: 'weeks',
  weeks: 'weeks',
  day: 'days',
  days: 'days',
};

const TERM = /^([+-])?\s*(\d+)\s*([a-z]+)\s*/i;

/** Parses a CDSi duration; null when the text is not one (the caller names the element). */
export function parseDuration(text: string): Duration | null {
  const raw = text.trim();
  if (raw === '') return null;
  const sums: Record<DurationUnit, number> = { years: 0, months: 0, weeks: 0, days: 0 };
  let rest = raw;
  let first = true;
  while (rest !== '') {
    const m = TERM.exec(rest);
    if (!m) return null;
    const [whole, sign, amount, unitText] = m as unknown as [string, string | undefined, string, string];
    // every term after the first carries its sign; the first may ("- 4 days" is a negative duration)
    if (!first && sign === undefined) return null;
    const unit = UNITS[unitText.toLowerCase()];
    if (unit === undefined) return null;
    sums[unit] += sign === '-' ? -Number(amount) : Number(amount);
    rest = rest.slice(whole.length);
    first = false;
  }
  // no -0: a term "- 0 days" is no term
  return Object.freeze({
    raw,
    years: sums.years || 0,
    months: sums.months || 0,
    weeks: sums.weeks || 0,
    days: sums.days || 0,
  });
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A real calendar date as YYYY-MM-DD. */
export function isYmd(date: string): boolean {
  const m = YMD.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

function parts(date: string): [number, number, number] {
  if (!isYmd(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${date}"`);
  return date.split('-').map(Number) as [number, number, number];
}

/** Adds whole months keeping the day; a day the month does not have moves to the 1st of the next month (CALCDT-5). */
function addCalendarMonths(y: number, m: number, d: number, months: number): [number, number, number] {
  const index = y * 12 + (m - 1) + months;
  const [ny, nm] = [Math.floor(index / 12), (index % 12) + 1];
  if (d <= daysInMonth(ny, nm)) return [ny, nm, d];
  return nm === 12 ? [ny + 1, 1, 1] : [ny, nm + 1, 1];
}

/** date + duration by the CDSi rules (years, then months, then weeks and days). */
export function addDuration(date: string, duration: Duration): string {
  let [y, m, d] = parts(date);
  if (duration.years !== 0) [y, m, d] = addCalendarMonths(y, m, d, duration.years * 12);
  if (duration.months !== 0) [y, m, d] = addCalendarMonths(y, m, d, duration.months);
  const days = duration.weeks * 7 + duration.days;
  if (days === 0) return ymd(y, m, d);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** date - duration: every term's sign reversed, applied in the same order (years, months, weeks and days). */
export function subtractDuration(date: string, duration: Duration): string {
  return addDuration(date, {
    raw: `-(${duration.raw})`,
    years: -duration.years,
    months: -duration.months,
    weeks: -duration.weeks,
    days: -duration.days,
  });
}
