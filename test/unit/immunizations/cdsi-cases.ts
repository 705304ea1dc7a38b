import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Gender } from '../../../src-shared/immunizations/supporting-data';

/** CDC's CDSi test cases (CSV) for the conformance tests: where the file is, its rows as cases. */

const root = join(import.meta.dirname, '..', '..', '..');
export const CASES_NAME = join('shared', 'conformance', 'cdsi', 'cdsi-healthy-v4.45-cases.csv');

/** ../shared beside the checkout; in a git worktree (.git is a file naming the main repository), beside the main checkout. */
function casesPath(): string | null {
  const candidates = [join(root, '..', CASES_NAME)];
  const dotGit = join(root, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    // <main>/.git/worktrees/<name>
    if (m) candidates.push(join(resolve(root, m[1]!.trim()), '..', '..', '..', '..', CASES_NAME));
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

export const CASES = casesPath();
if (CASES === null)
  console.warn(
    `skipping CDC's CDSi test cases: ${CASES_NAME} is absent (../shared is not beside this checkout)`,
  );

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1);
}

/** CDC's vaccine group codes in the CSV → the supporting data's vaccine group names. */
export const GROUPS: Readonly<Record<string, string>> = {
  DTAP: 'DTaP/Tdap/Td',
  POL: 'Polio',
  HIB: 'Hib',
  HPV: 'HPV',
  'COVID-19': 'COVID-19',
  PCV: 'Pneumococcal',
  HepB: 'HepB',
  MMR: 'MMR',
  VAR: 'Varicella',
  ROTA: 'Rotavirus',
  MCV: 'Meningococcal',
  MENB: 'Meningococcal B',
  ZOSTER: 'Zoster',
  FLU: 'Influenza',
  HepA: 'HepA',
  RSV: 'RSV',
};

export interface CaseDose {
  date: string;
  cvx: string;
  mvx: string;
  status: string;
  reason: string;
}
export interface Case {
  id: string;
  name: string;
  group: string;
  birthDate: string;
  gender: Gender;
  assessmentDate: string;
  medHistory: string;
  /** CDC's expected series status: Complete, Not complete, Aged out, Immune */
  seriesStatus: string;
  doses: CaseDose[];
}

export function readCases(path: string): Case[] {
  const [head, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const at = (name: string): number => {
    const i = head!.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  return rows.map((r) => {
    const col = (name: string): string => (r[at(name)] ?? '').trim();
    const doses: CaseDose[] = [];
    for (let n = 1; head!.includes(`Date_Administered_${n}`); n++)
      if (col(`Date_Administered_${n}`) !== '')
        doses.push({
          date: col(`Date_Administered_${n}`),
          cvx: col(`CVX_${n}`),
          mvx: col(`MVX_${n}`),
          status: col(`Evaluation_Status_${n}`),
          reason: col(`Evaluation_Reason_${n}`),
        });
    const g = col('gender');
    return {
      id: col('CDC_Test_ID'),
      name: col('Test_Case_Name'),
      group: col('Vaccine_Group'),
      birthDate: col('DOB'),
      gender: g === 'F' ? 'Female' : g === 'M' ? 'Male' : 'Unknown',
      assessmentDate: col('Assessment_Date'),
      medHistory: col('Med_History_Code'),
      seriesStatus: col('Series_Status'),
      doses,
    };
  });
}
