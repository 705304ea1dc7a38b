import type { PageSize } from '../document';
import { calendarDate, dateTimeIn, timeIn, zonedToUtc } from '../../time';

/**
 * What every workstation report shares: who prints it, where and when. Builders are pure: rows in, a
 * ReportDocument out; every time a person reads is formatted here in the school's time zone (src-shared/time).
 */
export interface PrintContext {
  /** The school's name (page header). */
  readonly organization: string;
  /** The school's IANA time zone: every time printed is in it, whatever the computer's zone. */
  readonly timeZone: string;
  /** When it is printed (epoch ms). */
  readonly printedAtMs: number;
  /** The nurse who prints it. */
  readonly printedBy: string;
  readonly pageSize?: PageSize;
}

/** The document fields every builder fills the same way. */
export const printFields = (p: PrintContext) => ({
  organization: p.organization,
  printedAt: dateTimeIn(p.printedAtMs, p.timeZone, true),
  printedBy: p.printedBy,
  pageSize: p.pageSize ?? ('LETTER' as const),
  createdAt: new Date(p.printedAtMs),
});

/** "11:30 AM" for an ISO instant in the school's zone; '' for none. */
export const timeOf = (iso: string | null | undefined, tz: string): string =>
  iso ? timeIn(Date.parse(iso), tz) : '';

/** "11:30 AM" for a local time of day 'HH:MM' (a schedule time: no zone shift). */
export function clockTime(hhmm: string): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  return timeIn(zonedToUtc('2000-01-03', hhmm, 'UTC'), 'UTC');
}

/** "Dec 6, 2026" for a calendar date 'YYYY-MM-DD'. */
export const day = (ymd: string | null | undefined): string => (ymd ? calendarDate(ymd) : '');

/** Title case of an enum word: 'LIFE_THREATENING' → 'Life threatening'. */
export const words = (e: string | null | undefined): string =>
  e ? e.charAt(0) + e.slice(1).toLowerCase().replace(/_/g, ' ') : '';

/** Text cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).trimEnd()}…`;
}

/** 'YYYY-MM' → 'December 2026'. */
export function monthTitle(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`month: '${month}' is not YYYY-MM`);
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, 15),
  );
}

/** The days of a month 'YYYY-MM' as 'YYYY-MM-DD'. */
export function monthDays(month: string): string[] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`month: '${month}' is not YYYY-MM`);
  const n = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** Weekday of a calendar date: 'Mon'. */
export const weekday = (ymd: string): string =>
  new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' }).format(Date.parse(`${ymd}T12:00:00Z`));

/** A student as printed under a title: "Ana Diaz · Grade 6 · #S1000". */
export const studentLine = (s: { name: string; grade: string; studentNumber?: string }): string =>
  [s.name, `Grade ${s.grade}`, ...(s.studentNumber ? [`Student # ${s.studentNumber}`] : [])].join(' · ');
