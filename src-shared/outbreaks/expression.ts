import { BOOLEAN_SYMPTOM_KEYS, LIST_SYMPTOM_KEYS, TEXT_SYMPTOM_KEYS } from './symptoms';

/**
 * Pattern symptom expressions (outbreak_patterns.symptom_combination), in the seed's format: a JSON object whose
 * entries must all hold.
 *   "<yes/no symptom>": true | false   the symptom recorded as present (true) / not recorded as present (false)
 *   "min_temp_f": 100                  temp_f recorded and at least this
 *   "any_of": [item, ...]              at least one item holds; an item is a yes/no symptom name (present) or a
 *                                      nested expression object
 *   "all_of": [item, ...]              every item holds
 *   "none_of": [item, ...]             no item holds
 *   "confirmed_test" | "rash_type": "<text>"   that finding recorded with this value
 *   "rash_location": ["hands", ...]    the finding's list includes every value
 *   "onset_within_hours": 72           reported within this many hours of the onset date (when the report time is known)
 * parseSymptomExpression refuses anything else with the reason (unknown symptom key, empty combination, wrong
 * value for an operator...), naming the path of the offending entry.
 */
export type SymptomCondition =
  | { readonly kind: 'flag'; readonly key: string; readonly present: boolean }
  | { readonly kind: 'minTemp'; readonly value: number }
  | { readonly kind: 'anyOf' | 'allOf' | 'noneOf'; readonly items: readonly SymptomExpression[] }
  | { readonly kind: 'text'; readonly key: string; readonly value: string }
  | { readonly kind: 'list'; readonly key: string; readonly values: readonly string[] }
  | { readonly kind: 'onsetWithin'; readonly hours: number };

/** All conditions hold. */
export interface SymptomExpression {
  readonly all: readonly SymptomCondition[];
}

export type ParsedExpression =
  | { readonly ok: true; readonly expression: SymptomExpression }
  | { readonly ok: false; readonly reason: string };

class ExpressionError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function item(v: unknown, path: string): SymptomExpression {
  if (typeof v === 'string') {
    if (!BOOLEAN_SYMPTOM_KEYS.has(v)) throw new ExpressionError(`${path}: unknown symptom key '${v}'`);
    return { all: [{ kind: 'flag', key: v, present: true }] };
  }
  if (isObject(v)) return parse(v, path);
  throw new ExpressionError(`${path}: must be a symptom key or an expression object`);
}

function parse(v: Record<string, unknown>, path: string): SymptomExpression {
  const entries = Object.entries(v);
  if (entries.length === 0)
    throw new ExpressionError(`${path}: empty combination (name at least one symptom)`);
  const all: SymptomCondition[] = [];
  let symptomNamed = false;
  for (const [k, value] of entries) {
    const at = `${path}.${k}`;
    if (k === 'any_of' || k === 'all_of' || k === 'none_of') {
      if (!Array.isArray(value))
        throw new ExpressionError(`${at}: must be a list of symptom keys or expressions`);
      if (value.length === 0) throw new ExpressionError(`${at}: empty list`);
      if (value.length > 30) throw new ExpressionError(`${at}: at most 30 items`);
      const items = value.map((x, i) => item(x, `${at}[${i}]`));
      all.push({ kind: k === 'any_of' ? 'anyOf' : k === 'all_of' ? 'allOf' : 'noneOf', items });
      symptomNamed ||= k !== 'none_of';
    } else if (k === 'min_temp_f') {
      if (typeof value !== 'number' || !(value >= 95 && value <= 110))
        throw new ExpressionError(`${at}: must be a temperature in °F from 95 to 110`);
      all.push({ kind: 'minTemp', value });
      symptomNamed = true;
    } else if (k === 'onset_within_hours') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 24 * 60)
        throw new ExpressionError(`${at}: must be a whole number of hours from 1 to 1440`);
      all.push({ kind: 'onsetWithin', hours: value });
    } else if (BOOLEAN_SYMPTOM_KEYS.has(k)) {
      if (typeof value !== 'boolean') throw new ExpressionError(`${at}: must be true or false`);
      all.push({ kind: 'flag', key: k, present: value });
      symptomNamed ||= value;
    } else if (TEXT_SYMPTOM_KEYS.has(k)) {
      if (typeof value !== 'string' || value.trim() === '' || value.length > 60)
        throw new ExpressionError(`${at}: must be a text value (1 to 60 characters)`);
      all.push({ kind: 'text', key: k, value });
      symptomNamed = true;
    } else if (LIST_SYMPTOM_KEYS.has(k)) {
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((x) => typeof x === 'string' && x !== '')
      )
        throw new ExpressionError(`${at}: must be a non-empty list of text values`);
      all.push({ kind: 'list', key: k, values: value as string[] });
      symptomNamed = true;
    } else {
      throw new ExpressionError(`${at}: unknown symptom key or operator '${k}'`);
    }
  }
  if (!symptomNamed)
    throw new ExpressionError(`${path}: names no symptom that must be present (it would match every record)`);
  return { all };
}

/** Validates a pattern's symptom_combination; the reason names what is wrong and where ('symptoms.any_of[1]: ...'). */
export function parseSymptomExpression(json: unknown, path = 'symptoms'): ParsedExpression {
  if (!isObject(json)) return { ok: false, reason: `${path}: must be a JSON object` };
  try {
    return { ok: true, expression: parse(json, path) };
  } catch (e) {
    if (e instanceof ExpressionError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** A record as an expression reads it. */
export interface SymptomRecord {
  readonly symptoms: Readonly<Record<string, unknown>>;
  /** 'YYYY-MM-DD' */
  readonly onsetDate: string;
  /** When it was reported, if known (onset_within_hours is skipped otherwise). */
  readonly reportedAt?: Date | null;
}

function holds(c: SymptomCondition, r: SymptomRecord): boolean {
  const s = r.symptoms;
  switch (c.kind) {
    case 'flag':
      return (s[c.key] === true) === c.present;
    case 'minTemp': {
      const t = s['temp_f'];
      return typeof t === 'number' && t >= c.value;
    }
    case 'anyOf':
      return c.items.some((e) => matchesExpression(e, r));
    case 'allOf':
      return c.items.every((e) => matchesExpression(e, r));
    case 'noneOf':
      return !c.items.some((e) => matchesExpression(e, r));
    case 'text':
      return s[c.key] === c.value;
    case 'list': {
      const l = s[c.key];
      return Array.isArray(l) && c.values.every((v) => l.includes(v));
    }
    case 'onsetWithin': {
      if (!r.reportedAt) return true;
      const onset = Date.parse(`${r.onsetDate}T00:00:00Z`);
      return r.reportedAt.getTime() - onset <= c.hours * 3_600_000;
    }
  }
}

/** Whether a record matches an expression. */
export function matchesExpression(e: SymptomExpression, r: SymptomRecord): boolean {
  return e.all.every((c) => holds(c, r));
}
