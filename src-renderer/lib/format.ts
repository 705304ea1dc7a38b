import {
  HHMM,
  calendarDate,
  dateTimeIn,
  isTimeZone,
  localDate,
  localTime,
  timeIn,
  zonedToUtc,
} from '../../src-shared/time';

/**
 * Display helpers. Every time the nurse sees or types is in the SCHOOL's time zone (schools.timezone, sent with
 * app.status), 12-hour clock, US dates, whatever zone the computer is set to; until the school's zone is known, the
 * computer's.
 */

let zone: string = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The time zone times are shown and entered in (App sets it from app.status). */
export function setDisplayTimeZone(tz: string | undefined): void {
  if (tz && tz !== zone && isTimeZone(tz)) zone = tz;
}
export function displayTimeZone(): string {
  return zone;
}

const instant = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

export function formatTime(iso: string | undefined): string {
  const t = instant(iso);
  return t === undefined ? (iso ?? '') : timeIn(t, zone);
}

export function formatDateTime(iso: string | undefined, now = Date.now()): string {
  const t = instant(iso);
  if (t === undefined) return iso ?? '';
  if (localDate(t, zone) === localDate(now, zone)) return `today ${timeIn(t, zone)}`;
  return dateTimeIn(t, zone, localDate(t, zone).slice(0, 4) !== localDate(now, zone).slice(0, 4));
}

/** A `YYYY-MM-DD` date (a birth date is not an instant: no time-zone shift). */
export function formatDate(ymd: string | undefined): string {
  return ymd ? calendarDate(ymd) : '';
}

export function ageOn(birthDate: string, today = new Date()): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [ty, tm, td] = localDate(today.getTime(), zone).split('-').map(Number) as [number, number, number];
  let age = ty - y;
  if (tm < mo || (tm === mo && td < d)) age -= 1;
  return age;
}

/** The same school day. */
export function isSameDay(a: Date, b: Date): boolean {
  return localDate(a.getTime(), zone) === localDate(b.getTime(), zone);
}

/** "just now", "4 min ago", "2 h ago", else the date and time. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  return formatDateTime(iso, now);
}

/** Minutes since an instant, for "in the clinic for 12 min". */
export function minutesSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}

/** A Date as the value of `<input type="datetime-local">` (the school's wall-clock time, minutes). */
export function toLocalInput(d: Date): string {
  return `${localDate(d.getTime(), zone)}T${localTime(d.getTime(), zone)}`;
}

/** A Date as `YYYY-MM-DD`, the school's calendar date (for `<input type="date">`). */
export function toLocalDate(d: Date): string {
  return localDate(d.getTime(), zone);
}

/** `<input type="datetime-local">` value (the school's wall clock) → ISO-8601 instant (UTC), or undefined when empty/invalid. */
export function fromLocalInput(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!m || !HHMM.test(m[2]!) || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) return undefined;
  return new Date(zonedToUtc(m[1]!, m[2]!, zone)).toISOString();
}

/** `<input type="time">` value (the school's today) → ISO instant. */
export function todayAt(hhmm: string, base = new Date()): string | undefined {
  if (!HHMM.test(hhmm)) return undefined;
  return new Date(zonedToUtc(localDate(base.getTime(), zone), hhmm, zone)).toISOString();
}

export function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split(/[_\s]+/)
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** Drug class names as nurses write them (NSAIDS → NSAIDs, PENICILLINS → Penicillins). */
const CLASS_NAMES: Readonly<Record<string, string>> = {
  NSAIDS: 'NSAIDs',
  NSAID: 'NSAID',
  SSRIS: 'SSRIs',
  ACE_INHIBITORS: 'ACE inhibitors',
};
export function drugClassName(c: string): string {
  return CLASS_NAMES[c.toUpperCase()] ?? titleCase(c);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const GRADE_LABEL: Readonly<Record<string, string>> = { PK: 'Pre-K', K: 'Kindergarten' };
export function gradeLabel(g: string): string {
  return GRADE_LABEL[g] ?? `Grade ${g}`;
}
