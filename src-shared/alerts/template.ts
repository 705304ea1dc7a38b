/**
 * Message templates: `{{placeholder}}` filled from the alert's data. A placeholder the data lacks stays visible as
 * written (a message that says what it misses beats one with a silent hole). The HTML form escapes the template
 * and every value, so alert data never becomes markup in an e-mail.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

function valueOf(data: Readonly<Record<string, unknown>>, key: string): string | null {
  const v = data[key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

export function renderTemplate(template: string, data: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => valueOf(data, key) ?? whole);
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
export function renderTemplateHtml(template: string, data: Readonly<Record<string, unknown>>): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const at = m.index;
    out += escapeHtml(template.slice(last, at));
    out += escapeHtml(valueOf(data, m[1] ?? '') ?? m[0]);
    last = at + m[0].length;
  }
  return out + escapeHtml(template.slice(last));
}
