import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  assessPatient,
  CsvError,
  parseCdsiCases,
  runCdsiCase,
  summarizeCases,
  type CaseOutcome,
  type PatientAssessment,
  type VaccineGroupAssessment,
} from '../../src-shared/immunizations/cdsi';
import {
  isYmd,
  SupportingDataError,
  type SupportingData,
} from '../../src-shared/immunizations/supporting-data';
import { readSupportingData } from './supporting-data';

/**
 * `white-cross forecast`: CDC's CDSi evaluation and forecast from the command line.
 * - `--cdsi-cases FILE.csv`: runs every case of one of CDC's test case files (healthy or underlying conditions),
 *   prints each case that fails (case id, vaccine group, name, then each difference: what, expected, got), then one
 *   JSON line {"total","passed","byGroup":{group:{total,passed}}} and the line "P passed, F failed". Rows of the file
 *   that cannot be read are printed on stderr naming their line and column, and not run. Exit code 0 when every case
 *   passes, 1 otherwise.
 * - `--patient FILE.json`: {"birthDate","gender"?,"assessmentDate","doses":[{"date","cvx","mvx"?}],
 *   "observations"?:["code"]} (validated; an error names the field) → the evaluation and forecast of every vaccine
 *   group as JSON. Doses the engine cannot use (unknown CVX, not a date, after the assessment date) and doses before
 *   birth are listed in "problems" naming the dose; the rest is evaluated.
 * The supporting data is the shipped release unless `--supporting-data DIR` names another.
 */

export interface ForecastOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const consoleOutput: ForecastOutput = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** One failing case as printed: the case, then one indented line per difference. */
export function failureText(o: CaseOutcome): string {
  return [
    `${o.id} ${o.vaccineGroup} "${o.name}":`,
    ...o.differences.map((d) => `  ${d.what}: expected ${d.expected}, got ${d.got}`),
    ...o.notes.map((n) => `  note: ${n}`),
  ].join('\n');
}

/** Runs a file of CDC's test cases; returns the exit code. */
export async function forecastCdsiCases(
  file: string,
  data: SupportingData,
  output: ForecastOutput = consoleOutput,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    output.err(`${file}: cannot be read (${(e as Error).message})`);
    return 2;
  }
  let parsed: ReturnType<typeof parseCdsiCases>;
  try {
    parsed = parseCdsiCases(text);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    output.err(`${file}: ${e.message}`);
    return 2;
  }
  for (const p of parsed.problems) output.err(`${file}: ${p}`);
  const outcomes = parsed.cases.map((c) => runCdsiCase(data, c));
  for (const o of outcomes) if (!o.passed) output.out(failureText(o));
  const summary = summarizeCases(outcomes);
  output.out(JSON.stringify(summary));
  output.out(`${summary.passed} passed, ${summary.total - summary.passed} failed`);
  return summary.passed === summary.total && parsed.problems.length === 0 ? 0 : 1;
}

const ymd = z.string().refine(isYmd, { message: 'not a calendar date (YYYY-MM-DD)' });

export const patientFileSchema = z
  .object({
    birthDate: ymd,
    gender: z
      .enum(['Female', 'Male', 'Unknown', 'F', 'M', 'U'])
      .transform((g) => (g === 'F' ? 'Female' : g === 'M' ? 'Male' : g === 'U' ? 'Unknown' : g))
      .optional(),
    assessmentDate: ymd,
    doses: z.array(
      z
        .object({
          /** a date the engine cannot use is reported naming the dose, not refused */
          date: z.string().min(1, 'empty'),
          cvx: z.union([z.string().trim().min(1, 'empty'), z.number().int().nonnegative().transform(String)]),
          mvx: z.string().nullable().optional(),
        })
        .strict(),
    ),
    observations: z.array(z.string().trim().min(1, 'empty')).default([]),
  })
  .strict()
  .refine((p) => p.birthDate <= p.assessmentDate, {
    message: 'the assessment date is before the birth date',
    path: ['assessmentDate'],
  });

export type PatientFile = z.output<typeof patientFileSchema>;

/** The JSON `--patient` prints: doses numbered from 1 in the file's order. */
export function patientReport(patient: PatientFile, version: string, assessment: PatientAssessment) {
  const dose = (i: number) => ({ dose: i + 1, date: patient.doses[i]!.date, cvx: patient.doses[i]!.cvx });
  const group = (g: VaccineGroupAssessment) => ({
    vaccineGroup: g.evaluation.vaccineGroup,
    seriesStatus: g.evaluation.seriesStatus,
    forecast: g.forecast,
    doses: g.evaluation.doses.map((d) => ({
      ...dose(d.doseIndex),
      status: d.status,
      reasons: d.reasons,
      byAntigen: d.byAntigen,
    })),
    antigens: g.evaluation.antigens.map((a) => ({
      antigen: a.antigen,
      status: a.status,
      ...(a.statusReason === undefined ? {} : { statusReason: a.statusReason }),
      series: a.selection.best?.series.seriesName ?? null,
      why: a.selection.why,
      forecast: g.antigenForecasts.find((f) => f.antigen === a.antigen) ?? null,
    })),
  });
  return {
    supportingData: version,
    patient: {
      birthDate: patient.birthDate,
      gender: patient.gender ?? 'Unknown',
      assessmentDate: patient.assessmentDate,
      observations: patient.observations,
    },
    problems: assessment.problems.map((p) => ({ ...dose(p.doseIndex), problem: p.problem })),
    vaccineGroups: assessment.vaccineGroups.map(group),
  };
}

/** Evaluates and forecasts one patient's file; returns the exit code. */
export async function forecastPatient(
  file: string,
  data: SupportingData,
  output: ForecastOutput = consoleOutput,
): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    output.err(`${file}: cannot be read as JSON (${(e as Error).message})`);
    return 2;
  }
  const parsed = patientFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      output.err(`${file}: ${i.path.length > 0 ? i.path.join('.') : '(file)'}: ${i.message}`);
    return 2;
  }
  const patient = parsed.data;
  // an observation code CDC's data does not define is named and left out; the rest of the record is still assessed
  const known = new Set(data.schedule.observations.map((o) => o.observationCode));
  patient.observations.forEach((code, i) => {
    if (!known.has(code))
      output.err(
        `${file}: observations.${i}: "${code}" is not an observation code of CDC's supporting data ${data.version}: left out`,
      );
  });
  const assessment = assessPatient(data, {
    birthDate: patient.birthDate,
    assessmentDate: patient.assessmentDate,
    doses: patient.doses,
    observations: new Set(patient.observations.filter((c) => known.has(c))),
    ...(patient.gender ? { gender: patient.gender } : {}),
  });
  for (const p of assessment.problems)
    output.err(`${file}: doses.${p.doseIndex} (dose ${p.doseIndex + 1}): ${p.problem}`);
  output.out(JSON.stringify(patientReport(patient, data.version, assessment), null, 2));
  return 0;
}

const optionsSchema = z
  .object({
    cdsiCases: z.string().min(1).optional(),
    patient: z.string().min(1).optional(),
    supportingData: z.string().min(1).optional(),
  })
  .refine((o) => (o.cdsiCases === undefined) !== (o.patient === undefined), {
    message: 'give one of --cdsi-cases FILE.csv or --patient FILE.json',
  });

/** The `forecast` command's action: options as commander gives them; returns the exit code. */
export async function forecastCommand(
  options: unknown,
  output: ForecastOutput = consoleOutput,
): Promise<number> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      output.err(`forecast: ${i.path.length > 0 ? `--${String(i.path[0])}: ` : ''}${i.message}`);
    return 2;
  }
  const o = parsed.data;
  let data: SupportingData;
  try {
    data = (await readSupportingData(o.supportingData)).data;
  } catch (e) {
    if (!(e instanceof SupportingDataError)) throw e;
    output.err(`CDC's CDSi supporting data is not valid:`);
    for (const p of e.problems) output.err(`  ${p}`);
    return 2;
  }
  return o.cdsiCases !== undefined
    ? forecastCdsiCases(o.cdsiCases, data, output)
    : forecastPatient(o.patient!, data, output);
}
