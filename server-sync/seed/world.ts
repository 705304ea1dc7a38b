import type { Faker } from '@faker-js/faker';
import type { Kysely } from 'kysely';
import { idAt, isoDate, type SeedOptions, type SeedProgress } from './context';

/**
 * Shared shapes and pure helpers of the demo district: the school calendar, local (Eastern) school
 * hours, NPI numbers, weighted picks. Everything here is a function of its arguments: no clock, no
 * Math.random().
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

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

/** Same calendar date n months later (clamped to the month's last day). */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(ny, nm, Math.min(d, last))));
}

/** Whole years of age on a date. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** n-th (1-based) given weekday of a month, as a day of month. */
function nthWeekday(year: number, month0: number, dow: number, n: number): number {
  const first = new Date(Date.UTC(year, month0, 1)).getUTCDay();
  return 1 + ((dow - first + 7) % 7) + (n - 1) * 7;
}

/** The district is in Ohio (Eastern time): UTC offset in hours of a school day's local time (DST: 2nd Sunday of March .. 1st Sunday of November). */
export function easternOffsetHours(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const start = nthWeekday(y, 2, 0, 2);
  const end = nthWeekday(y, 10, 0, 1);
  const dst = (m > 3 && m < 11) || (m === 3 && d >= start) || (m === 11 && d < end);
  return dst ? 4 : 5;
}

/** The instant of a local (America/New_York) wall-clock time on a date. */
export function localTime(date: string, hour: number, minute = 0, second = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hour + easternOffsetHours(date), minute, second));
}

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

/** The last `years` school years, oldest first; the last one is cut at asOf. */
export function schoolYears(options: SeedOptions): SchoolYear[] {
  const today = isoDate(options.asOf);
  const last = currentSchoolYearStart(options.asOf);
  const out: SchoolYear[] = [];
  for (let y = last - Math.max(1, options.years) + 1; y <= last; y++) {
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

/** Luhn check digit of an NPI: the Luhn sum over the card-issuer prefix 80840 followed by the 9 base digits. */
export function npiCheckDigit(base9: string): number {
  if (!/^[0-9]{9}$/.test(base9)) throw new Error(`an NPI base is 9 digits, got '${base9}'`);
  const digits = `80840${base9}`;
  let sum = 0;
  // Double every second digit from the right of the 14 digits (the check digit will be appended to the right).
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a 10-digit NPI passes the Luhn check with prefix 80840. */
export function isValidNpi(npi: string): boolean {
  return /^[0-9]{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** A valid NPI: individual providers start with 1, organizations with 2. */
export function makeNpi(f: Faker, kind: 'individual' | 'organization'): string {
  const base = `${kind === 'individual' ? '1' : '2'}${f.string.numeric({ length: 8, allowLeadingZeros: true })}`;
  return `${base}${npiCheckDigit(base)}`;
}

/** Picks by weight (weights need not sum to 1). */
export function weighted<T>(f: Faker, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = f.number.float({ min: 0, max: total });
  for (const [item, w] of items) {
    if (r < w) return item;
    r -= w;
  }
  const lastItem = items[items.length - 1];
  if (!lastItem) throw new Error('weighted() needs at least one item');
  return lastItem[0];
}

/** True with probability p. */
export const chance = (f: Faker, p: number): boolean => f.number.float({ min: 0, max: 1 }) < p;

/** Picks one element (throws on an empty list, which is a bug in the seed). */
export function pick<T>(f: Faker, items: readonly T[]): T {
  const item = items[f.number.int({ min: 0, max: items.length - 1 })];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

/** Poisson-distributed count (Knuth; fine for the small means the seed uses). */
export function poisson(f: Faker, mean: number): number {
  if (mean <= 0) return 0;
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= f.number.float({ min: 0, max: 1 });
  } while (p > l);
  return k - 1;
}

/** A decimal string with two places from integer cents ('25.00'). */
export const money = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

/** A deterministic id whose time part is `at`. */
export const newId = (f: Faker, at: Date): string => idAt(f, at);

/** `n` of `items` without repetition, in a seeded order. */
export function sample<T>(f: Faker, items: readonly T[], n: number): T[] {
  return f.helpers.shuffle([...items]).slice(0, Math.max(0, Math.min(n, items.length)));
}

export type Grade = 'PK' | 'K' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '10' | '11' | '12';
export const GRADES: readonly Grade[] = ['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
/** K = 0, 1 = 1, ... 12 = 12. */
export const gradeNumber = (g: Grade): number => (g === 'PK' ? -1 : g === 'K' ? 0 : Number(g));
export const gradeFromNumber = (n: number): Grade =>
  n <= -1 ? 'PK' : n === 0 ? 'K' : (String(Math.min(12, n)) as Grade);

/** What every section gets: the transaction, the options, the calendar and the district's clock anchors. */
export interface SeedContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the seed writes every table
  readonly db: Kysely<any>;
  readonly options: SeedOptions;
  readonly progress: SeedProgress | undefined;
  readonly years: readonly SchoolYear[];
  /** asOf as 'YYYY-MM-DD'. */
  readonly today: string;
  /** When the district went live on White Cross: two weeks before the first seeded school year. */
  readonly setupAt: Date;
}

export function makeContext(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  options: SeedOptions,
  progress: SeedProgress | undefined,
): SeedContext {
  const years = schoolYears(options);
  const first = years[0];
  if (!first) throw new Error('no school year to seed');
  return Object.freeze({
    db,
    options,
    progress,
    years,
    today: isoDate(options.asOf),
    setupAt: localTime(addDays(first.start, -14), 9),
  });
}

/** Every instruction day of the seeded years up to asOf, ascending. */
export const allDays = (ctx: SeedContext): string[] => ctx.years.flatMap((y) => [...y.days]);

/** The school year a date belongs to (undefined in summer). */
export const yearOf = (ctx: SeedContext, date: string): SchoolYear | undefined =>
  ctx.years.find((y) => date >= y.start && date <= y.end);

/** Clamp an instant to asOf (nothing the seed writes happens after "today"). */
export const notAfter = (ctx: SeedContext, t: Date): Date =>
  t.getTime() > ctx.options.asOf.getTime() ? ctx.options.asOf : t;

/** Shared audit columns: a row created at `at` and last touched at `updated` (default: same). */
export const stamps = (at: Date, updated?: Date): { created_at: Date; updated_at: Date } => ({
  created_at: at,
  updated_at: updated ?? at,
});

/** A uniform number in [0, 1) that depends only on its inputs (FNV-1a + a murmur finalizer); for decisions shared between sections, such as "was this student in school that day". */
export function hashUnit(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** A SHA-256-looking lowercase hex digest drawn from the section's random stream (synthetic files have no bytes to hash). */
export const fakeSha256 = (f: Faker): string =>
  f.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' });

/**
 * Rows of a reference table written as text: one row a line, cells separated by '|', blank lines
 * and lines starting with '#' skipped. Each row is returned as a cell reader (throws on a missing cell).
 */
export function table(text: string, columns: number): ((i: number) => string)[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length !== columns)
        throw new Error(`reference table row has ${cells.length} cells, expected ${columns}: ${line}`);
      return (i: number) => {
        const v = cells[i];
        if (v === undefined) throw new Error(`reference table cell ${i} missing: ${line}`);
        return v;
      };
    });
}

/** A list cell of a reference table: items separated by ';' (empty cell = empty list). */
export const cellList = (cell: string): string[] => (cell === '' ? [] : cell.split(';').map((s) => s.trim()));

/** One of the allowed values, or an error naming the bad cell. */
export function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`reference table value '${value}' is not one of ${allowed.join(', ')}`);
  return value as T;
}
