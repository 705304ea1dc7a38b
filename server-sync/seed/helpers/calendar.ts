/**
 * The demo district's calendar: UTC calendar arithmetic on 'YYYY-MM-DD' dates, local (Eastern) school hours,
 * the school years, grades. Everything here is a function of its arguments.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** 'YYYY-MM-DD' of a Date in UTC. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** 'YYYY-MM-DD' plus n days (UTC calendar arithmetic). */
export function addDays(date: string, n: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS));
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The next date on or after `date` that falls on `dow` (0 = Sunday). */
export const nextWeekday = (date: string, dow: number): string =>
  addDays(date, (dow - weekday(date) + 7) % 7);

/** The earlier of two 'YYYY-MM-DD' dates. */
export const minDate = (a: string, b: string): string => (a < b ? a : b);

/** The parts of a 'YYYY-MM-DD' date. */
function ymd(date: string): [number, number, number] {
  const [y = NaN, m = NaN, d = NaN] = date.split('-').map(Number);
  return [y, m, d];
}

/** Same calendar date n months later (clamped to the month's last day). */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = ymd(date);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(ny, nm, Math.min(d, last))));
}

/** Whole years of age on a date. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = ymd(birthDate);
  const [y, m, d] = ymd(date);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** n-th (1-based) given weekday of a month, as a day of month. */
function nthWeekday(year: number, month0: number, dow: number, n: number): number {
  const first = new Date(Date.UTC(year, month0, 1)).getUTCDay();
  return 1 + ((dow - first + 7) % 7) + (n - 1) * 7;
}

/** The district is in Ohio (Eastern time): UTC offset in hours of a school day's local time (DST: 2nd Sunday of March .. 1st Sunday of November). */
export function easternOffsetHours(date: string): number {
  const [y, m, d] = ymd(date);
  const start = nthWeekday(y, 2, 0, 2);
  const end = nthWeekday(y, 10, 0, 1);
  const dst = (m > 3 && m < 11) || (m === 3 && d >= start) || (m === 11 && d < end);
  return dst ? 4 : 5;
}

/** The district's UTC offset in minutes at an instant (-240 in summer, -300 in winter; the DST rule of easternOffsetHours on the instant's UTC date). */
export const easternUtcOffsetMinutes = (t: Date): number => -easternOffsetHours(isoDate(t)) * 60;

/** The instant of a local (America/New_York) wall-clock time on a date. */
export function localTime(date: string, hour: number, minute = 0, second = 0): Date {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d, hour + easternOffsetHours(date), minute, second));
}

/** The local (Eastern) calendar date of an instant. */
export const localDate = (t: Date): string =>
  isoDate(new Date(t.getTime() - easternOffsetHours(isoDate(t)) * 3_600_000));

export const addMinutes = (t: Date, minutes: number): Date => new Date(t.getTime() + minutes * MINUTE_MS);

export interface SchoolYear {
  /** '2026-2027' */
  readonly label: string;
  readonly startYear: number;
  /** First and last day of the year's calendar (Aug 15, Jun 10). */
  readonly start: string;
  readonly end: string;
  /** Instruction days up to asOf (Mon-Fri, winter break skipped), ascending. */
  readonly days: readonly string[];
  /** Instruction days of the whole year (for pro-rating). */
  readonly fullYearDays: number;
}

/** Winter break: Dec 22 .. Jan 2 inclusive. */
function isWinterBreak(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-22' || md <= '01-02';
}

function instructionDays(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    const w = weekday(d);
    if (w !== 0 && w !== 6 && !isWinterBreak(d)) out.push(d);
  }
  return out;
}

/** The start year of the school year that asOf falls in (or the one that just ended, in summer). */
export function currentSchoolYearStart(asOf: Date): number {
  const d = isoDate(asOf);
  const y = Number(d.slice(0, 4));
  return d.slice(5) >= '08-15' ? y : y - 1;
}

/** The last `years` school years up to asOf, oldest first; the last one is cut at asOf. */
export function schoolYears(asOf: Date, years: number): SchoolYear[] {
  const today = isoDate(asOf);
  const last = currentSchoolYearStart(asOf);
  const out: SchoolYear[] = [];
  for (let y = last - Math.max(1, years) + 1; y <= last; y++) {
    const start = `${y}-08-15`;
    const end = `${y + 1}-06-10`;
    const all = instructionDays(start, end);
    out.push({
      label: `${y}-${y + 1}`,
      startYear: y,
      start,
      end,
      days: all.filter((d) => d <= today),
      fullYearDays: all.length,
    });
  }
  return out;
}

export type Grade = 'PK' | 'K' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '10' | '11' | '12';
export const GRADES: readonly Grade[] = Object.freeze([
  'K',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
]);
/** K = 0, 1 = 1, ... 12 = 12. */
export const gradeNumber = (g: Grade): number => (g === 'PK' ? -1 : g === 'K' ? 0 : Number(g));
