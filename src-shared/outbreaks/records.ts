import { z } from 'zod';
import { DEFAULT_OUTBREAK_PATTERNS } from './defaults';
import {
  addDay,
  dailySeries,
  earsSignals,
  SERIES_DAYS,
  thresholdSignal,
  withEars,
  type DetectionMethod,
  type SeriesDay,
} from './detect';
import { matchesExpression, parseSymptomExpression, type SymptomExpression } from './expression';
import { trackedSymptomsSchema } from './symptoms';

/**
 * The detectors over records held in memory (the `white-cross outbreaks detect` command): the same code as the
 * server's scan (detect.ts), fed from files instead of the database.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** One line of the symptoms file. */
export const symptomFileRecord = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  studentId: z.string().min(1).max(64),
  schoolId: z.string().min(1).max(64),
  onsetDate: isoDate,
  symptoms: trackedSymptomsSchema,
  grade: z.string().max(10).nullable().optional(),
  location: z.string().max(200).nullable().optional(),
});
export type SymptomFileRecord = z.infer<typeof symptomFileRecord>;

export const patternInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    symptoms: z.record(z.string(), z.unknown()),
    thresholdStudents: z.number().int().min(1).default(3),
    thresholdPercent: z.number().min(0).max(100).default(0),
    windowDays: z.number().int().min(1).max(60).default(7),
  })
  .superRefine((p, ctx) => {
    const r = parseSymptomExpression(p.symptoms);
    if (!r.ok) ctx.addIssue({ code: 'custom', path: ['symptoms'], message: r.reason });
  });

/** The schools file: a JSON array. */
export const schoolsFile = z.array(
  z.strictObject({
    id: z.string().min(1).max(64),
    enrollment: z.number().int().min(0),
    patterns: z.array(patternInput).min(1).optional(),
  }),
);
export type SchoolsFile = z.infer<typeof schoolsFile>;

export interface CompiledPattern {
  readonly name: string;
  readonly expression: SymptomExpression;
  readonly thresholdStudents: number;
  readonly thresholdPercent: number;
  readonly windowDays: number;
}

export function compilePattern(p: {
  name: string;
  symptoms: unknown;
  thresholdStudents: number;
  thresholdPercent: number;
  windowDays: number;
}): CompiledPattern {
  const r = parseSymptomExpression(p.symptoms);
  if (!r.ok) throw new Error(`pattern '${p.name}': ${r.reason}`);
  return { ...p, expression: r.expression };
}

export const DEFAULT_COMPILED_PATTERNS: readonly CompiledPattern[] =
  DEFAULT_OUTBREAK_PATTERNS.map(compilePattern);

export interface FileAlert {
  readonly schoolId: string;
  readonly pattern: string;
  readonly method: DetectionMethod;
  readonly date: string;
  readonly count: number;
  readonly expected: number;
  readonly statistic: number;
  readonly caseIds: string[];
}

export interface FileSeries {
  readonly schoolId: string;
  readonly pattern: string;
  readonly days: SeriesDay[];
}

export interface KeyedRecord extends SymptomFileRecord {
  readonly key: string;
}

/** Alerts (and, with `series`, the daily counts and C1/C2/C3) of every school and pattern on asOf. */
export function detectInRecords(
  records: readonly KeyedRecord[],
  schools: SchoolsFile,
  asOf: string,
  methods: readonly DetectionMethod[],
  series: boolean,
): { alerts: FileAlert[]; series?: FileSeries[] } {
  const first = addDay(asOf, -SERIES_DAYS);
  const bySchool = new Map<string, KeyedRecord[]>();
  for (const r of records) {
    if (r.onsetDate < first || r.onsetDate > asOf) continue;
    const l = bySchool.get(r.schoolId) ?? [];
    l.push(r);
    bySchool.set(r.schoolId, l);
  }
  const alerts: FileAlert[] = [];
  const out: FileSeries[] = [];
  for (const school of schools) {
    const patterns = school.patterns ? school.patterns.map(compilePattern) : DEFAULT_COMPILED_PATTERNS;
    const mine = bySchool.get(school.id) ?? [];
    for (const p of patterns) {
      const cases = mine.filter((r) =>
        matchesExpression(p.expression, { symptoms: r.symptoms, onsetDate: r.onsetDate }),
      );
      // a student counts once a day
      const perDay = new Map<string, Set<string>>();
      for (const c of cases) perDay.set(c.onsetDate, (perDay.get(c.onsetDate) ?? new Set()).add(c.studentId));
      const s = dailySeries(new Map([...perDay].map(([d, st]) => [d, st.size])), asOf);
      const windowStart = addDay(asOf, 1 - p.windowDays);
      const inWindow = cases.filter((c) => c.onsetDate >= windowStart);
      const signals = [
        thresholdSignal(p, asOf, new Set(inWindow.map((c) => c.studentId)).size, school.enrollment),
        ...earsSignals(s),
      ];
      const caseIds = inWindow
        .sort((a, b) => (a.onsetDate < b.onsetDate ? -1 : a.onsetDate > b.onsetDate ? 1 : 0))
        .map((c) => c.key);
      for (const sig of signals) {
        if (!sig.alarm || !methods.includes(sig.method)) continue;
        alerts.push({
          schoolId: school.id,
          pattern: p.name,
          method: sig.method,
          date: sig.date,
          count: sig.count,
          expected: sig.expected,
          statistic: sig.statistic,
          caseIds,
        });
      }
      if (series) out.push({ schoolId: school.id, pattern: p.name, days: withEars(s).days });
    }
  }
  return series ? { alerts, series: out } : { alerts };
}
