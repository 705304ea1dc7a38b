/** Local dates and times of the school (its IANA time zone), for "today" and medication schedules (no I/O). */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}
function parts(ms: number, tz: string): Parts {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms)))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return {
    y: out.year ?? 0,
    m: out.month ?? 0,
    d: out.day ?? 0,
    hh: out.hour ?? 0,
    mm: out.minute ?? 0,
    ss: out.second ?? 0,
  };
}

/** True when `tz` is a time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at the instant `ms`, in ms (New York in winter: -5 h). */
function offsetMs(ms: number, tz: string): number {
  const p = parts(ms, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The local calendar date of `ms` in `tz`, YYYY-MM-DD. */
export function localDate(ms: number, tz: string): string {
  const p = parts(ms, tz);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/** Local time HH:MM of `ms` in `tz`. */
export function localTime(ms: number, tz: string): string {
  const p = parts(ms, tz);
  return `${pad(p.hh)}:${pad(p.mm)}`;
}

/** The instant of local date + 'HH:MM' in `tz` (epoch ms). */
export function zonedToUtc(date: string, hhmm: string, tz: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  let guess = wall - offsetMs(wall, tz);
  guess = wall - offsetMs(guess, tz);
  return guess;
}

/** Start and end (exclusive) of a local date, as ISO instants. */
export function localDayRange(date: string, tz: string): { from: string; to: string } {
  const from = zonedToUtc(date, '00:00', tz);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from: new Date(from).toISOString(), to: new Date(zonedToUtc(next, '00:00', tz)).toISOString() };
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
