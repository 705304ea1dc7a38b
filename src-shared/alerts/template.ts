import { dateTimeIn, localDate, timeIn } from '../time';

/**
 * Message templates: `{{placeholder}}` filled from the alert's data. A placeholder the data lacks stays visible as
 * written (a message that says what it misses beats one with a silent hole). The HTML form escapes the template
 * and every value, so alert data never becomes markup in an e-mail.
 *
 * Alert data keeps instants as UTC ISO (what the triggers store, on the server and on the workstation); the
 * renderers format them at display in the school's time zone (`timeZone`): "11:30 AM" on `today` (the school's
 * local date), "Dec 6, 2026, 11:30 AM" otherwise, as the workstation's alert list does. A list of plain values
 * reads "a, b".
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface TemplateOptions {
  /** the school's IANA time zone: instants are shown there (without it, as stored) */
  readonly timeZone?: string;
  /** today in that zone (YYYY-MM-DD): an instant of today shows only its time */
  readonly today?: string;
}

/** An instant of alert data as a person reads it in `tz`. */
export function formatInstant(iso: string, tz: string, today?: string): string {
  const ms = Date.parse(iso);
  if (!INSTANT.test(iso) || Number.isNaN(ms)) return iso;
  return today !== undefined && localDate(ms, tz) === today ? timeIn(ms, tz) : dateTimeIn(ms, tz, true);
}

function valueOf(data: Readonly<Record<string, unknown>>, key: string, o: TemplateOptions): string | null {
  const v = data[key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return o.timeZone && INSTANT.test(v) ? formatInstant(v, o.timeZone, o.today) : v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.map(String).join(', ');
  return JSON.stringify(v);
}

export function renderTemplate(
  template: string,
  data: Readonly<Record<string, unknown>>,
  options: TemplateOptions = {},
): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => valueOf(data, key, options) ?? whole);
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The same text as renderTemplate, as HTML: template and values escaped. */
export function renderTemplateHtml(
  template: string,
  data: Readonly<Record<string, unknown>>,
  options: TemplateOptions = {},
): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const at = m.index;
    out += escapeHtml(template.slice(last, at));
    out += escapeHtml(valueOf(data, m[1] ?? '', options) ?? m[0]);
    last = at + m[0].length;
  }
  return out + escapeHtml(template.slice(last));
}
