import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { parseDuration, isYmd, type Duration } from './duration';

/**
 * Reading CDC's XML into a tree zod checks (pure). Every element becomes an array of its occurrences, so the schemas
 * say how many times each may appear (one, opt, many) and a problem's path is the element's XPath
 * (/antigenSupportingData/series[3]/seriesDose[2]/age[1]/absMinAge[1]). Text is kept as written (trimmed, no
 * number guessing: CVX "08" stays "08"); an empty element is "".
 */

export class SupportingDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`CDC's CDSi supporting data is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SupportingDataError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: () => true,
});

/** The tree of an XML text; a text that is not well-formed XML is refused naming the file, line and column. */
export function xmlTree(fileName: string, text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new SupportingDataError([
      `${fileName}: not well-formed XML at line ${line}, column ${col}: ${msg}`,
    ]);
  }
  return parser.parse(text) as Record<string, unknown>;
}

/** A zod path as an XPath: element names, each occurrence 1-based. */
export function xpath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p + 1}]` : `/${String(p)}`;
  return out || '/';
}

/** Parses a tree with a schema; every problem names the file and the element's path. */
export function parseTree<T>(fileName: string, schema: z.ZodType<T>, tree: unknown): T {
  const r = schema.safeParse(tree);
  if (r.success) return r.data;
  throw new SupportingDataError(r.error.issues.map((i) => `${fileName}: ${xpath(i.path)}: ${i.message}`));
}

// ---- occurrences ----

/** Exactly one occurrence. */
export const one = <T extends z.ZodType>(s: T) =>
  z
    .array(s, { error: (i) => (i.input === undefined ? 'required element is missing' : undefined) })
    .length(1, 'must appear exactly once')
    .transform((a) => a[0] as z.output<T>);

/** At most one occurrence; undefined when absent. */
export const opt = <T extends z.ZodType>(s: T) =>
  z
    .array(s)
    .max(1, 'may appear at most once')
    .optional()
    .transform((a) => a?.[0]);

/** Any number of occurrences. */
export const many = <T extends z.ZodType>(s: T) =>
  z
    .array(s)
    .optional()
    .transform((a) => (a ?? []) as z.output<T>[]);

const childrenError = { error: 'must be an element with children' } as const;

/** An element with children that must appear once; an empty one (`<immunity/>`) has every child absent. */
export const node = <S extends z.ZodRawShape>(shape: S) =>
  one(z.preprocess((v) => (v === '' ? {} : v), z.object(shape, childrenError)));

/** An element with children that may appear once; absent or empty (`<seasonalRecommendation/>`) is null. */
export const optNode = <S extends z.ZodRawShape>(shape: S) =>
  opt(z.preprocess((v) => (v === '' ? null : v), z.object(shape, childrenError).nullable())).transform(
    (v) => v ?? null,
  );

/**
 * A repeatable element with children; CDC writes an empty one (`<interval/>`) where there is none, so empty
 * occurrences are dropped (after checking, so a problem's path counts every occurrence).
 */
export const entries = <S extends z.ZodRawShape>(shape: S) =>
  many(z.preprocess((v) => (v === '' ? null : v), z.object(shape, childrenError).nullable())).transform((a) =>
    a.filter((x): x is NonNullable<typeof x> => x !== null),
  );

// ---- values ----

/** Text; "" when empty. */
export const text = z.string({ error: 'must hold text, not child elements' });
/** Text that must not be empty. */
export const required = text.refine((s) => s !== '', 'must not be empty');
/** Text or null when empty. */
export const nullable = text.transform((s) => (s === '' ? null : s));

export const duration = text.transform((s, ctx): Duration | null => {
  if (s === '') return null;
  const d = parseDuration(s);
  if (d === null)
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a CDSi duration (e.g. "4 weeks - 4 days")` });
  return d;
});

export const requiredDuration = text.transform((s, ctx): Duration => {
  const d = parseDuration(s);
  if (d === null)
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a CDSi duration (e.g. "4 weeks - 4 days")` });
  return d ?? { raw: s, years: 0, months: 0, weeks: 0, days: 0 };
});

/** CDC's YYYYMMDD as YYYY-MM-DD; null when empty. */
export const compactDate = text.transform((s, ctx): string | null => {
  if (s === '') return null;
  const iso = /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : '';
  if (!isYmd(iso)) ctx.addIssue({ code: 'custom', message: `"${s}" is not a date as YYYYMMDD` });
  return iso;
});

/** CDC's MM/DD/YYYY as YYYY-MM-DD. */
export const usDate = text.transform((s, ctx): string => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  const iso = m ? `${m[3]}-${m[1]}-${m[2]}` : '';
  if (!isYmd(iso)) ctx.addIssue({ code: 'custom', message: `"${s}" is not a date as MM/DD/YYYY` });
  return iso;
});

const wordKey = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

function matchWord<W extends string>(words: readonly W[], s: string, ctx: z.RefinementCtx): W | null {
  const w = words.find((x) => wordKey(x) === wordKey(s));
  if (w === undefined)
    ctx.addIssue({
      code: 'custom',
      message: `"${s}" is not one of ${words.map((x) => `"${x}"`).join(', ')}`,
    });
  return w ?? null;
}

/** One of the given words, matched ignoring case and spacing, read as the given spelling. */
export const word = <const W extends string>(words: readonly W[]) =>
  text.transform((s, ctx): W => matchWord(words, s, ctx) as W);

/** One of the given words, or null when empty. */
export const optWord = <const W extends string>(words: readonly W[]) =>
  text.transform((s, ctx): W | null => (s === '' ? null : matchWord(words, s, ctx)));

/** Yes/No or Y/N. */
export const yesNo = word(['Yes', 'No', 'Y', 'N']).transform((w) => w === 'Yes' || w === 'Y');
export const yesNoOrEmpty = text.transform((s, ctx): boolean | null => {
  if (s === '') return null;
  const w = /^(yes|y)$/i.test(s) ? true : /^(no|n)$/i.test(s) ? false : undefined;
  if (w === undefined) ctx.addIssue({ code: 'custom', message: `"${s}" is not Yes or No` });
  return w ?? null;
});

const wholeNumber = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : null);

/** A whole number; null when empty. */
export const count = text.transform((s, ctx): number | null => {
  if (s === '') return null;
  const n = wholeNumber(s);
  if (n === null) ctx.addIssue({ code: 'custom', message: `"${s}" is not a whole number` });
  return n;
});

export const requiredCount = text.transform((s, ctx): number => {
  const n = wholeNumber(s);
  if (n === null) ctx.addIssue({ code: 'custom', message: `"${s}" is not a whole number` });
  return n ?? 0;
});

/** "Dose 2" → 2. */
export const doseNumber = text.transform((s, ctx): number => {
  const m = /^Dose\s+(\d+)$/i.exec(s);
  if (!m) ctx.addIssue({ code: 'custom', message: `"${s}" is not a dose number ("Dose 1")` });
  return m ? Number(m[1]) : 0;
});

/** A decimal; null when empty. */
export const decimal = text.transform((s, ctx): number | null => {
  if (s === '') return null;
  if (!/^\d+(\.\d+)?$/.test(s)) ctx.addIssue({ code: 'custom', message: `"${s}" is not a decimal number` });
  return Number(s);
});

/** A CVX code: digits as CDC writes them. */
export const cvx = text.refine((s) => /^\d{1,3}$/.test(s), 'must be a CVX code (1 to 3 digits)');

/** A list "01;20; 106" of CVX codes; [] when empty. */
export const cvxList = text.transform((s, ctx): string[] => {
  if (s === '') return [];
  const codes = s.split(';').map((c) => c.trim());
  const bad = codes.filter((c) => !/^\d{1,3}$/.test(c));
  if (bad.length > 0)
    ctx.addIssue({
      code: 'custom',
      message: `"${s}" is not a list of CVX codes separated by ";" (${bad.join(', ')})`,
    });
  return codes;
});

/** A list "1; 2" of whole numbers; [] when empty. */
export const numberList = text.transform((s, ctx): number[] => {
  if (s === '') return [];
  const ns = s.split(';').map((c) => wholeNumber(c.trim()));
  if (ns.some((n) => n === null))
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a list of whole numbers separated by ";"` });
  return ns.map((n) => n ?? 0);
});

/** Text with CDC's line breaks (CRLF in the files) as \n. */
export const prose = text.transform((s) => s.replace(/\r\n?/g, '\n'));
export const nullableProse = prose.transform((s) => (s === '' ? null : s));
