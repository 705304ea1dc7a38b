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

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;

/** The digit at `i` of the text, or -1 (char codes: no regular expression, no split on the hot path). */
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * 'YYYY-MM-DD' as the integer YYYYMMDD, checked against the calendar; -1 when it is not a calendar date (char codes:
 * no regular expression, no split, nothing allocated on the engine's hot path).
 */
function packed(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return -1;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(date, i);
    if (d < 0) return -1;
    y = y * 10 + d;
  }
  const m1 = digit(date, 5);
  const m2 = digit(date, 6);
  const d1 = digit(date, 8);
  const d2 = digit(date, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return -1;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10000 + m * 100 + d;
}

/** A real calendar date as YYYY-MM-DD. */
export function isYmd(date: string): boolean {
  return packed(date) >= 0;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => (n >= 1000 ? String(n) : String(n).padStart(4, '0'));
const format = (y: number, m: number, d: number): string => `${pad4(y)}-${pad2(m)}-${pad2(d)}`;

/** The text of each day from 1800 to 2199, made once when first asked (the engine makes the same dates again and again). */
const FIRST_DAY = -62_091; // 1800-01-01
const LAST_DAY = 84_005; // 2199-12-31
const dayTexts: (string | undefined)[] = [];

const ymd = (y: number, m: number, d: number): string => civilFromDays(daysFromCivil(y, m, d));

function parts(date: string): number {
  const p = packed(date);
  if (p < 0) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${date}"`);
  return p;
}

/** Adds whole months keeping the day; a day the month does not have moves to the 1st of the next month (CALCDT-5). */
function addCalendarMonths(y: number, m: number, d: number, months: number): [number, number, number] {
  const index = y * 12 + (m - 1) + months;
  const [ny, nm] = [Math.floor(index / 12), (index % 12) + 1];
  if (d <= daysInMonth(ny, nm)) return [ny, nm, d];
  return nm === 12 ? [ny + 1, 1, 1] : [ny, nm + 1, 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil: integers only). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `days` days after 1970-01-01 (civil_from_days), as YYYY-MM-DD. */
function civilFromDays(days: number): string {
  if (days < FIRST_DAY || days > LAST_DAY) return formatDays(days);
  return (dayTexts[days - FIRST_DAY] ??= formatDays(days));
}

function formatDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return format(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

function add(date: string, duration: Duration): string {
  const p = parts(date);
  let y = Math.floor(p / 10000);
  let m = Math.floor(p / 100) % 100;
  let d = p % 100;
  const months = duration.years * 12 + duration.months;
  if (months !== 0) {
    // years, then months, each with CALCDT-5 (a day the month does not have: the 1st of the next month)
    if (duration.years !== 0 && duration.months !== 0)
      [y, m, d] = addCalendarMonths(y, m, d, duration.years * 12);
    const index =
      y * 12 + (m - 1) + (duration.years !== 0 && duration.months !== 0 ? duration.months : months);
    y = Math.floor(index / 12);
    m = (index % 12) + 1;
    if (d > daysInMonth(y, m)) {
      d = 1;
      if (m === 12) {
        y++;
        m = 1;
      } else m++;
    }
  }
  const days = duration.weeks * 7 + duration.days;
  if (days === 0) return months === 0 ? date : ymd(y, m, d);
  return civilFromDays(daysFromCivil(y, m, d) + days);
}

/** date + duration by the CDSi rules (years, then months, then weeks and days). */
export function addDuration(date: string, duration: Duration): string {
  return add(date, duration);
}

/** date - duration: every term's sign reversed, applied in the same order (years, months, weeks and days). */
export function subtractDuration(date: string, duration: Duration): string {
  return add(date, {
    raw: `-(${duration.raw})`,
    years: -duration.years,
    months: -duration.months,
    weeks: -duration.weeks,
    days: -duration.days,
  });
}
