/**
 * HL7 DTM and DT values. A DTM carries the sender's UTC offset (the registry reads it as the sender's local
 * time): 20251104143012-0500.
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * The DTM of an instant in the local time of a UTC offset (minutes east of UTC: -300 for EST, -240 for EDT),
 * to the second or to the minute.
 */
export function hl7Time(t: Date, utcOffsetMinutes: number, withSeconds = true): string {
  if (Number.isNaN(t.getTime())) throw new Error('hl7Time: not a valid instant');
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60)
    throw new Error(`hl7Time: UTC offset must be whole minutes within +-14 h, got ${utcOffsetMinutes}`);
  const local = new Date(t.getTime() + utcOffsetMinutes * 60_000);
  const base =
    `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${withSeconds ? pad(local.getUTCSeconds()) : ''}`;
  const a = Math.abs(utcOffsetMinutes);
  return `${base}${utcOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** The DT of a calendar date: 20251104 from '2025-11-04'. */
export function hl7Date(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a calendar date (YYYY-MM-DD): '${date}'`);
  return date.replaceAll('-', '');
}

/** The UTC offset, in minutes, of an IANA time zone at an instant (-300 for New York in January). */
export function utcOffsetAt(t: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(t);
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((wall - Math.floor(t.getTime() / 1000) * 1000) / 60_000);
}
