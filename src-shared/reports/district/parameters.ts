import { z } from 'zod';

/**
 * The parameters of district reports, named alike across reports: schoolId, studentId, userId, from, to. Dates are
 * calendar days (YYYY-MM-DD) in the school's time zone (the district's for district-wide rows). Values come from the
 * console's form, the CLI's --param k=v and the HTTP body alike, so every value arrives as a string (or is absent).
 */

export const PARAMETER_NAMES = ['schoolId', 'studentId', 'userId', 'from', 'to'] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** What the form and `report list` show: school, student and user are ids; date a YYYY-MM-DD. */
export type ParameterType = 'school' | 'student' | 'user' | 'date';

export interface ParameterSpec {
  readonly name: ParameterName;
  readonly type: ParameterType;
  readonly required: boolean;
  readonly label: string;
}

/** Longest date range a district report covers (two school years and a summer). */
export const MAX_RANGE_DAYS = 800;

const hasNul = (v: string): boolean => v.includes('\u0000');

const idValue = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((v) => !hasNul(v), 'must not contain NUL')
  .refine((v) => /^[0-9A-Za-z-]+$/.test(v), 'must be an id (letters, digits and hyphens)');

const dateValue = z
  .string()
  .trim()
  .refine((v) => !hasNul(v), 'must not contain NUL')
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
    'must be a calendar date as YYYY-MM-DD',
  );

const VALUE: Readonly<Record<ParameterType, z.ZodType<string, string>>> = {
  school: idValue,
  student: idValue,
  user: idValue,
  date: dateValue,
};

/** The parsed parameters of a run: each present parameter, trimmed. */
export type ReportParams = Partial<Record<ParameterName, string>>;

/** Days from a to b (YYYY-MM-DD), b after a positive. */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * The zod schema of a report's parameters: strict (an unknown parameter is refused by name), required ones present,
 * from on or before to, the range at most MAX_RANGE_DAYS.
 */
export function parameterSchema(specs: readonly ParameterSpec[]): z.ZodType<ReportParams> {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const s of specs) {
    const v = VALUE[s.type];
    shape[s.name] = s.required
      ? z.string({ error: 'is required' }).pipe(v)
      : z.preprocess((x) => (x === '' || x === null ? undefined : x), v.optional());
  }
  return z.strictObject(shape).superRefine((p, ctx) => {
    const from = p.from;
    const to = p.to;
    if (typeof from === 'string' && typeof to === 'string') {
      const days = daysBetween(from, to);
      if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
      else if (days > MAX_RANGE_DAYS)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `the range from..to must be at most ${MAX_RANGE_DAYS} days`,
        });
    }
  });
}

export interface ParameterIssue {
  readonly parameter: string;
  readonly message: string;
}

/** The first problem of a parse, naming the parameter ("from: must be a calendar date as YYYY-MM-DD"). */
export function parameterIssue(error: z.ZodError): ParameterIssue {
  const i = error.issues[0];
  if (!i) return { parameter: '(parameters)', message: 'are not valid' };
  if (i.code === 'unrecognized_keys') {
    const key = i.keys[0] ?? '?';
    return { parameter: key, message: 'is not a parameter of this report' };
  }
  const parameter = i.path.length ? i.path.map(String).join('.') : '(parameters)';
  return { parameter, message: i.message };
}
