import { z } from 'zod';
import { isYmd } from '../supporting-data/duration';
import type { Gender, Ymd } from '../supporting-data/model';
import { parseCsvRecords } from './csv';

/**
 * CDC's CDSi test case files (pure: the text in, the cases out): the healthy cases ("cdsi-healthy-...-cases.csv")
 * and the underlying-conditions cases, one case a row. Columns are found by name in the header (case and spaces
 * ignored); what is read:
 * - CDC_Test_ID, Test_Case_Name, DOB, gender (F, M, anything else Unknown), Med_History_Text, Med_History_Code
 *   (observation codes, several separated by ";"), Med_History_Code_Sys, Series_Status, Vaccine_Group (CDC's code:
 *   DTAP, POL, ...), Assessment_Date, Evaluation_Test_Type, Forecast_Test_Type;
 * - per dose N (1, 2, ... while the header has Date_Administered_N): Date_Administered_N, CVX_N, MVX_N,
 *   Evaluation_Status_N, Evaluation_Reason_N; a dose without a date is no dose;
 * - the forecast: Forecast_# (or Forecast_Num), Earliest_Date, Recommended_Date, Past_Due_Date (empty: no forecast).
 * Dates are ISO (2025-11-10) or US (11/10/2025). A row that does not fit is reported naming its line, the case and the
 * column, and left out; the other rows are read.
 */

/** CDC's vaccine group codes in the case files → the supporting data's vaccine group names. */
export const CDC_VACCINE_GROUPS: Readonly<Record<string, string>> = Object.freeze({
  DTAP: 'DTaP/Tdap/Td',
  POL: 'Polio',
  HIB: 'Hib',
  HPV: 'HPV',
  'COVID-19': 'COVID-19',
  PCV: 'Pneumococcal',
  HEPB: 'HepB',
  MMR: 'MMR',
  VAR: 'Varicella',
  ROTA: 'Rotavirus',
  MCV: 'Meningococcal',
  MENB: 'Meningococcal B',
  ZOSTER: 'Zoster',
  FLU: 'Influenza',
  HEPA: 'HepA',
  RSV: 'RSV',
});

export interface CdsiCaseDose {
  readonly date: Ymd;
  readonly cvx: string;
  readonly mvx: string;
  /** CDC's expected status: Valid, Not Valid, Extraneous */
  readonly status: string;
  readonly reason: string;
}

export interface CdsiCaseForecast {
  /** null: no forecast (complete, immune, aged out...) */
  readonly doseNumber: number | null;
  readonly earliestDate: Ymd | null;
  readonly recommendedDate: Ymd | null;
  readonly pastDueDate: Ymd | null;
}

export interface CdsiCase {
  /** the line of the file where the case begins */
  readonly line: number;
  readonly id: string;
  readonly name: string;
  /** CDC's vaccine group code as written (DTAP, HepB...) */
  readonly group: string;
  /** the supporting data's vaccine group name */
  readonly vaccineGroup: string;
  readonly birthDate: Ymd;
  readonly gender: Gender;
  readonly assessmentDate: Ymd;
  /** Med_History_Code as written ("" for a healthy case) */
  readonly medHistory: string;
  readonly medHistoryCodes: readonly string[];
  readonly medHistorySystem: string;
  /** CDC's expected series status: Complete, Not complete, Aged out, Immune, ... */
  readonly seriesStatus: string;
  readonly doses: readonly CdsiCaseDose[];
  readonly forecast: CdsiCaseForecast;
  readonly evaluationTestType: string;
  readonly forecastTestType: string;
}

export interface CdsiCaseFile {
  readonly cases: readonly CdsiCase[];
  /** rows left out, as "line 12 (case 2013-0001): DOB: ..." */
  readonly problems: readonly string[];
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** ISO or US date → ISO; null when it is neither a calendar date. */
export function caseDate(text: string): Ymd | null {
  const t = text.trim();
  const us = US_DATE.exec(t);
  const iso = us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : t;
  return isYmd(iso) ? iso : null;
}

const date = z.string().transform((s, ctx) => {
  const d = caseDate(s);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a date (YYYY-MM-DD or MM/DD/YYYY)` });
    return z.NEVER;
  }
  return d;
});
const optionalDate = z.string().transform((s, ctx) => {
  if (s.trim() === '') return null;
  const d = caseDate(s);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a date (YYYY-MM-DD or MM/DD/YYYY)` });
    return z.NEVER;
  }
  return d;
});
const required = (what: string) => z.string().trim().min(1, `${what} is empty`);

const rowSchema = z.object({
  CDC_Test_ID: required('the case id'),
  Test_Case_Name: z.string(),
  DOB: date,
  gender: z.string().transform((g): Gender => {
    const t = g.trim().toUpperCase();
    return t === 'F' || t === 'FEMALE' ? 'Female' : t === 'M' || t === 'MALE' ? 'Male' : 'Unknown';
  }),
  Med_History_Code: z.string(),
  Med_History_Code_Sys: z.string(),
  Series_Status: required('the series status'),
  Vaccine_Group: z
    .string()
    .trim()
    .refine((g) => CDC_VACCINE_GROUPS[g.toUpperCase()] !== undefined, {
      message: `not one of CDC's vaccine group codes (${Object.keys(CDC_VACCINE_GROUPS).join(', ')})`,
    }),
  Assessment_Date: date,
  Forecast_Num: z
    .string()
    .trim()
    .refine((n) => n === '' || /^\d+$/.test(n), { message: 'not a dose number' })
    .transform((n) => (n === '' ? null : Number(n))),
  Earliest_Date: optionalDate,
  Recommended_Date: optionalDate,
  Past_Due_Date: optionalDate,
  Evaluation_Test_Type: z.string(),
  Forecast_Test_Type: z.string(),
});

const doseSchema = z.object({
  date,
  cvx: required('the CVX code'),
  mvx: z.string(),
  status: z.string(),
  reason: z.string(),
});

/** Columns a file may lack (read as empty). */
const OPTIONAL: ReadonlySet<string> = new Set([
  'Test_Case_Name',
  'Med_History_Code',
  'Med_History_Code_Sys',
  'Evaluation_Test_Type',
  'Forecast_Test_Type',
]);

/** Column names compared ignoring case, spaces and the "#" / "Num" spellings of the forecast dose number. */
const key = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_')
    .replace(/^forecast_(#|num|number)$/, 'forecast_num');

export function parseCdsiCases(text: string): CdsiCaseFile {
  const [head, ...rows] = parseCsvRecords(text);
  if (head === undefined) return { cases: [], problems: ['the file has no header'] };
  const columns = new Map(head.fields.map((name, i) => [key(name), i]));
  const missing = Object.keys(rowSchema.shape).filter((c) => !OPTIONAL.has(c) && !columns.has(key(c)));
  if (!columns.has('date_administered_1')) missing.push('Date_Administered_1');
  if (missing.length > 0)
    return { cases: [], problems: [`line ${head.line}: the header has no column ${missing.join(', ')}`] };
  const cases: CdsiCase[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    const cell = (name: string): string => row.fields[columns.get(key(name)) ?? -1] ?? '';
    const where = `line ${row.line}${cell('CDC_Test_ID').trim() ? ` (case ${cell('CDC_Test_ID').trim()})` : ''}`;
    const parsed = rowSchema.safeParse(
      Object.fromEntries(Object.keys(rowSchema.shape).map((c) => [c, cell(c)])),
    );
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map((i) => `${where}: ${String(i.path[0] ?? 'row')}: ${i.message}`),
      );
      continue;
    }
    const doses: CdsiCaseDose[] = [];
    let bad = false;
    for (let n = 1; columns.has(key(`Date_Administered_${n}`)); n++) {
      if (cell(`Date_Administered_${n}`).trim() === '') continue;
      const dose = doseSchema.safeParse({
        date: cell(`Date_Administered_${n}`),
        cvx: cell(`CVX_${n}`),
        mvx: cell(`MVX_${n}`).trim(),
        status: cell(`Evaluation_Status_${n}`).trim(),
        reason: cell(`Evaluation_Reason_${n}`).trim(),
      });
      if (dose.success) doses.push(Object.freeze({ ...dose.data, cvx: dose.data.cvx.trim() }));
      else {
        bad = true;
        const column = (f: PropertyKey | undefined): string =>
          f === 'date' ? `Date_Administered_${n}` : f === 'cvx' ? `CVX_${n}` : `dose ${n}`;
        problems.push(...dose.error.issues.map((i) => `${where}: ${column(i.path[0])}: ${i.message}`));
      }
    }
    if (bad) continue;
    const r = parsed.data;
    cases.push(
      Object.freeze({
        line: row.line,
        id: r.CDC_Test_ID,
        name: r.Test_Case_Name.trim(),
        group: r.Vaccine_Group,
        vaccineGroup: CDC_VACCINE_GROUPS[r.Vaccine_Group.toUpperCase()]!,
        birthDate: r.DOB,
        gender: r.gender,
        assessmentDate: r.Assessment_Date,
        medHistory: r.Med_History_Code.trim(),
        medHistoryCodes: Object.freeze(
          r.Med_History_Code.split(';')
            .map((c) => c.trim())
            .filter((c) => c !== ''),
        ),
        medHistorySystem: r.Med_History_Code_Sys.trim(),
        seriesStatus: r.Series_Status,
        doses: Object.freeze(doses),
        forecast: Object.freeze({
          doseNumber: r.Forecast_Num,
          earliestDate: r.Earliest_Date,
          recommendedDate: r.Recommended_Date,
          pastDueDate: r.Past_Due_Date,
        }),
        evaluationTestType: r.Evaluation_Test_Type.trim(),
        forecastTestType: r.Forecast_Test_Type.trim(),
      }),
    );
  }
  return { cases: Object.freeze(cases), problems: Object.freeze(problems) };
}
