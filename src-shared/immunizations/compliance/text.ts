import type { StudentExemption } from './requirements';

/** Plain-language pieces of the compliance reasons (pure). */

const ORDINAL: Readonly<Record<string, string>> = { '1': '1st', '2': '2nd', '3': '3rd' };

/** 'K' -> "kindergarten", '7' -> "7th grade", 'PK' -> "pre-kindergarten". */
export function gradePhrase(grade: string): string {
  if (grade === 'K') return 'kindergarten';
  if (grade === 'PK') return 'pre-kindergarten';
  return /^\d+$/.test(grade) ? `${ORDINAL[grade] ?? `${grade}th`} grade` : `grade ${grade}`;
}

export const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

const TYPE_TEXT: Readonly<Record<StudentExemption['type'], string>> = {
  MEDICAL: 'medical exemption',
  RELIGIOUS: 'religious exemption',
  PHILOSOPHICAL: 'philosophical (personal belief) exemption',
  LAB_EVIDENCE_OF_IMMUNITY: 'laboratory evidence of immunity',
  HISTORY_OF_DISEASE: 'history of disease',
};

/** "medical exemption until 2027-06-30", "religious exemption (no end date)". */
export function exemptionText(e: StudentExemption): string {
  const what = TYPE_TEXT[e.type];
  if (e.type === 'LAB_EVIDENCE_OF_IMMUNITY' || e.type === 'HISTORY_OF_DISEASE')
    return `${what} dated ${e.startDate}`;
  return `${what} ${e.endDate === null ? '(no end date)' : `until ${e.endDate}`}`;
}

/** An exemption or evidence on file that does not count: "religious exemption not counted: not accepted in ...". */
export function ignoredText(e: StudentExemption, why: string): string {
  return `${TYPE_TEXT[e.type]} not counted: ${why}`;
}
