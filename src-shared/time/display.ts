/**
 * What a person reads: instants shown in the school's time zone, 12-hour clock, US dates ("11:30 AM",
 * "Dec 6, 2026", "Dec 6, 11:30 AM"). The renderer and the printed notes use the same functions, so a time reads the
 * same on screen and on paper whatever time zone the computer is set to.
 */

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(kind: 'time' | 'date' | 'dateTime' | 'dateTimeYear', tz: string): Intl.DateTimeFormat {
  const key = `${kind}|${tz}`;
  let f = cache.get(key);
  if (!f) {
    const base = { timeZone: tz, hour12: true } as const;
    f = new Intl.DateTimeFormat(
      'en-US',
      kind === 'time'
        ? { ...base, hour: 'numeric', minute: '2-digit' }
        : kind === 'date'
          ? { ...base, year: 'numeric', month: 'short', day: 'numeric' }
          : kind === 'dateTime'
            ? { ...base, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
            : {
                ...base,
                year: 'numeric',
                month: 'short',
                day: 'numeric',
                hour: 'numeric',
                minute: '2-digit',
              },
    );
    cache.set(key, f);
  }
  return f;
}

/** Intl puts a narrow no-break space before AM/PM in recent ICU versions: print a plain space. */
const plain = (s: string): string => s.replace(/[\u202f\u00a0]/g, ' ');

/** "11:30 AM" in `tz`. */
export function timeIn(ms: number, tz: string): string {
  return plain(fmt('time', tz).format(ms));
}

/** "Dec 6, 11:30 AM" in `tz` (with the year when `withYear`). */
export function dateTimeIn(ms: number, tz: string, withYear = false): string {
  return plain(fmt(withYear ? 'dateTimeYear' : 'dateTime', tz).format(ms));
}

/** "Dec 6, 2026" for the instant `ms` in `tz`. */
export function dateIn(ms: number, tz: string): string {
  return plain(fmt('date', tz).format(ms));
}

/** "Dec 6, 2026" for a calendar date `YYYY-MM-DD` (a birth date is not an instant: no time-zone shift). */
export function calendarDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  return dateIn(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12), 'UTC');
}
