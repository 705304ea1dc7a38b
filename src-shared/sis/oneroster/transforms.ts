import { z } from 'zod';

/**
 * Declarative transformations of a SIS value on its way to a White Cross column (sis_field_mappings): a pipeline of
 * steps, each data, never code (nothing is evaluated). A step fails with a reason that quotes the value
 * ("bad date "15/06/2023": expected yyyy-MM-dd").
 */
export const DATE_FORMATS = [
  'yyyy-MM-dd',
  'MM/dd/yyyy',
  'M/d/yyyy',
  'dd/MM/yyyy',
  'yyyyMMdd',
  'dd.MM.yyyy',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const transformStep = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('trim') }),
  z.strictObject({ op: z.literal('case'), to: z.enum(['upper', 'lower', 'title']) }),
  z.strictObject({ op: z.literal('date'), formats: z.array(z.enum(DATE_FORMATS)).min(1) }),
  z.strictObject({
    op: z.literal('map'),
    table: z.record(z.string(), z.string()),
    /** Compare without case (KG, kg, Kg). */
    ignoreCase: z.boolean().optional(),
    /** A value not in the table: an error (default), or kept as it is. */
    otherwise: z.enum(['error', 'keep']).optional(),
  }),
  /** The first item of a comma-separated list (OneRoster `grades` may list several). */
  z.strictObject({ op: z.literal('first') }),
  /** When the value is blank. */
  z.strictObject({ op: z.literal('default'), value: z.string() }),
  z.strictObject({ op: z.literal('maxLength'), max: z.number().int().min(1) }),
]);
export type TransformStep = z.infer<typeof transformStep>;
export const transformPipeline = z.array(transformStep);

export type TransformResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const DATE_PARTS: Record<DateFormat, { re: RegExp; y: number; m: number; d: number }> = {
  'yyyy-MM-dd': { re: /^(\d{4})-(\d{2})-(\d{2})$/, y: 1, m: 2, d: 3 },
  'MM/dd/yyyy': { re: /^(\d{2})\/(\d{2})\/(\d{4})$/, y: 3, m: 1, d: 2 },
  'M/d/yyyy': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, y: 3, m: 1, d: 2 },
  'dd/MM/yyyy': { re: /^(\d{2})\/(\d{2})\/(\d{4})$/, y: 3, m: 2, d: 1 },
  yyyyMMdd: { re: /^(\d{4})(\d{2})(\d{2})$/, y: 1, m: 2, d: 3 },
  'dd.MM.yyyy': { re: /^(\d{2})\.(\d{2})\.(\d{4})$/, y: 3, m: 2, d: 1 },
};

/** A calendar date in one of the formats to YYYY-MM-DD, or null (no such day: 2023-02-30 is refused). */
export function parseDate(value: string, formats: readonly DateFormat[]): string | null {
  // OneRoster 1.2 allows a full dateTime where a date is expected: its date part is the date
  const v = /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
  for (const f of formats) {
    const p = DATE_PARTS[f];
    const m = p.re.exec(v);
    if (!m) continue;
    const y = Number(m[p.y]);
    const mo = Number(m[p.m]);
    const d = Number(m[p.d]);
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) continue;
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

const title = (s: string) =>
  s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

/** Runs a pipeline over a value. A blank result is '' (the caller decides whether the field is required). */
export function applyTransforms(input: string, steps: readonly TransformStep[]): TransformResult {
  let v = input;
  for (const s of steps) {
    switch (s.op) {
      case 'trim':
        v = v.trim();
        break;
      case 'case':
        v = s.to === 'upper' ? v.toUpperCase() : s.to === 'lower' ? v.toLowerCase() : title(v);
        break;
      case 'first':
        v = (v.split(',')[0] ?? '').trim();
        break;
      case 'default':
        if (v.trim() === '') v = s.value;
        break;
      case 'maxLength':
        if (v.length > s.max) return { ok: false, reason: `"${v}" is longer than ${s.max} characters` };
        break;
      case 'date': {
        if (v.trim() === '') break;
        const d = parseDate(v.trim(), s.formats);
        if (d === null) return { ok: false, reason: `bad date "${v}": expected ${s.formats.join(' or ')}` };
        v = d;
        break;
      }
      case 'map': {
        const key = s.ignoreCase
          ? Object.keys(s.table).find((k) => k.toLowerCase() === v.toLowerCase())
          : Object.hasOwn(s.table, v)
            ? v
            : undefined;
        if (key !== undefined) v = s.table[key] ?? v;
        else if (s.otherwise !== 'keep') {
          if (v === '') break;
          return {
            ok: false,
            reason: `unknown code "${v}" (expected one of ${Object.keys(s.table)
              .filter((k) => k !== '')
              .join(', ')})`,
          };
        }
        break;
      }
    }
  }
  return { ok: true, value: v };
}

const lookupTable = z.record(z.string(), z.string());

/**
 * The pipeline a sis_field_mappings row stands for: DIRECT (transformation_function 'trim' or nothing), UPPERCASE,
 * DATE_FORMAT ('parse(MM/dd/yyyy|yyyy-MM-dd)'), LOOKUP (a JSON object of codes), CUSTOM (a JSON array of steps,
 * checked against the step schema); then default_value when the value is blank. A malformed rule is an error
 * naming the SIS field.
 */
export function pipelineOf(row: {
  readonly sis_field_name: string;
  readonly transformation_rule: string | null;
  readonly transformation_function: string | null;
  readonly default_value: string | null;
}): TransformStep[] {
  const fn = row.transformation_function?.trim() ?? '';
  const where = `mapping of ${row.sis_field_name}`;
  const json = (what: string): unknown => {
    try {
      return JSON.parse(fn);
    } catch {
      throw new Error(`${where}: transformation_function is not ${what}`);
    }
  };
  const steps: TransformStep[] = [{ op: 'trim' }];
  switch (row.transformation_rule ?? 'DIRECT') {
    case 'DIRECT':
      if (fn !== '' && fn !== 'trim') throw new Error(`${where}: DIRECT takes only "trim", got "${fn}"`);
      break;
    case 'UPPERCASE':
      steps.push({ op: 'case', to: 'upper' });
      break;
    case 'DATE_FORMAT': {
      const m = /^parse\((.+)\)$/.exec(fn);
      const formats = (m?.[1] ?? 'yyyy-MM-dd').split('|').map((f) => f.trim());
      const bad = formats.find((f) => !(DATE_FORMATS as readonly string[]).includes(f));
      if (bad !== undefined)
        throw new Error(`${where}: unknown date format "${bad}" (known: ${DATE_FORMATS.join(', ')})`);
      steps.push({ op: 'date', formats: formats as DateFormat[] });
      break;
    }
    case 'LOOKUP': {
      const t = lookupTable.safeParse(json('a JSON object'));
      if (!t.success) throw new Error(`${where}: the lookup table is not an object of strings`);
      steps.push({ op: 'map', table: t.data, ignoreCase: true });
      break;
    }
    case 'CUSTOM': {
      const p = transformPipeline.safeParse(json('a JSON array of steps'));
      if (!p.success) {
        const issue = p.error.issues[0];
        throw new Error(`${where}: step ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      steps.push(...p.data);
      break;
    }
    default:
      throw new Error(`${where}: unknown transformation_rule ${row.transformation_rule ?? ''}`);
  }
  if (row.default_value !== null) steps.push({ op: 'default', value: row.default_value });
  return steps;
}
