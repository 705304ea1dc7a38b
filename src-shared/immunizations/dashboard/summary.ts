import { schoolGradeIndex, type SchoolEntryStatus, type VaccineCompliance } from '../compliance';

/**
 * The compliance dashboard's numbers (pure; issue 12, "Compliance dashboard"): from each student's school-entry
 * compliance, per grade and vaccine the students the state requires it of, how many are compliant, conditional,
 * overdue, exempt (by type), the percentage compliant and the students needing action with what each needs. The row
 * of vaccine ALL counts students once, by their overall status: overdue for one vaccine is overdue; else conditional
 * for one is conditional; else exempt from one is exempt (medical before religious before philosophical); else
 * compliant. A vaccine NOT_REQUIRED of a student (his grade, or not yet in effect) is not counted; a student with no
 * requirement at all (pre-kindergarten) is in no row.
 */

export const ALL_VACCINES = 'ALL';
export const EXEMPTION_KINDS = ['MEDICAL', 'RELIGIOUS', 'PHILOSOPHICAL'] as const;
export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];

/** A student needing action for one vaccine: what is due, from when, until when, and why in words. */
export interface StudentNeed {
  readonly studentId: string;
  readonly vaccine: string;
  readonly status: 'CONDITIONAL' | 'OVERDUE';
  readonly nextDose: number | null;
  readonly dueDate: string | null;
  readonly conditionalDeadline: string | null;
  readonly reason: string;
}

export interface DashboardCounts {
  readonly total: number;
  readonly compliant: number;
  readonly conditional: number;
  readonly overdue: number;
  readonly exempt: number;
  readonly exemptMedical: number;
  readonly exemptReligious: number;
  readonly exemptPhilosophical: number;
}

export interface DashboardRow extends DashboardCounts {
  readonly gradeLevel: string;
  /** a vaccine of the state's rules, or ALL */
  readonly vaccine: string;
  /** compliant / total, in percent with 2 decimals; null when no student is counted */
  readonly percentage: number | null;
  /** CONDITIONAL and OVERDUE students, by due date then student */
  readonly needingAction: readonly StudentNeed[];
}

export interface StudentResults {
  readonly studentId: string;
  readonly gradeLevel: string;
  readonly results: readonly VaccineCompliance[];
}

export const ZERO_COUNTS: DashboardCounts = Object.freeze({
  total: 0,
  compliant: 0,
  conditional: 0,
  overdue: 0,
  exempt: 0,
  exemptMedical: 0,
  exemptReligious: 0,
  exemptPhilosophical: 0,
});

export const percentOf = (part: number, total: number): number | null =>
  total === 0 ? null : Math.round((10_000 * part) / total) / 100;

type Counted = Exclude<SchoolEntryStatus, 'NOT_REQUIRED'>;

function add(c: DashboardCounts, status: Counted, exemption: ExemptionKind | null): DashboardCounts {
  return {
    total: c.total + 1,
    compliant: c.compliant + (status === 'COMPLIANT' ? 1 : 0),
    conditional: c.conditional + (status === 'CONDITIONAL' ? 1 : 0),
    overdue: c.overdue + (status === 'OVERDUE' ? 1 : 0),
    exempt: c.exempt + (status === 'EXEMPT' ? 1 : 0),
    exemptMedical: c.exemptMedical + (status === 'EXEMPT' && exemption === 'MEDICAL' ? 1 : 0),
    exemptReligious: c.exemptReligious + (status === 'EXEMPT' && exemption === 'RELIGIOUS' ? 1 : 0),
    exemptPhilosophical:
      c.exemptPhilosophical + (status === 'EXEMPT' && exemption === 'PHILOSOPHICAL' ? 1 : 0),
  };
}

/** The counts of several rows together (a grade's vaccines, a school's grades, a district's schools). */
export function sumCounts(rows: readonly DashboardCounts[]): DashboardCounts {
  const out = { ...ZERO_COUNTS };
  for (const r of rows) for (const k of Object.keys(out) as (keyof DashboardCounts)[]) out[k] += r[k];
  return out;
}

const exemptionKind = (r: VaccineCompliance): ExemptionKind | null => {
  const t = r.exemption?.type;
  return t === 'MEDICAL' || t === 'RELIGIOUS' || t === 'PHILOSOPHICAL' ? t : null;
};

/** A student's overall status over the vaccines required of him, and his strongest exemption; null: none required. */
export function overallStatus(
  results: readonly VaccineCompliance[],
): { status: Counted; exemption: ExemptionKind | null } | null {
  const required = results.filter((r) => r.status !== 'NOT_REQUIRED');
  if (required.length === 0) return null;
  const has = (s: SchoolEntryStatus) => required.some((r) => r.status === s);
  const kinds = new Set(required.filter((r) => r.status === 'EXEMPT').map(exemptionKind));
  const exemption = EXEMPTION_KINDS.find((k) => kinds.has(k)) ?? null;
  const status: Counted = has('OVERDUE')
    ? 'OVERDUE'
    : has('CONDITIONAL')
      ? 'CONDITIONAL'
      : has('EXEMPT')
        ? 'EXEMPT'
        : 'COMPLIANT';
  return { status, exemption: status === 'EXEMPT' ? exemption : null };
}

/** Grades in school order (K, 1 ... 12; others after, by name); ALL before the vaccines, which go by name. */
export const compareGrades = (a: string, b: string): number => {
  const ia = schoolGradeIndex(a);
  const ib = schoolGradeIndex(b);
  const ra = ia < 0 ? 100 : ia;
  const rb = ib < 0 ? 100 : ib;
  return ra - rb || a.localeCompare(b);
};
export const compareVaccines = (a: string, b: string): number =>
  a === b ? 0 : a === ALL_VACCINES ? -1 : b === ALL_VACCINES ? 1 : a.localeCompare(b);

const byDue = (a: StudentNeed, b: StudentNeed): number =>
  (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
  a.studentId.localeCompare(b.studentId) ||
  a.vaccine.localeCompare(b.vaccine);

function needOf(studentId: string, r: VaccineCompliance): StudentNeed | null {
  if (r.status !== 'CONDITIONAL' && r.status !== 'OVERDUE') return null;
  return {
    studentId,
    vaccine: r.vaccine,
    status: r.status,
    nextDose: r.nextDose,
    dueDate: r.dueDate,
    conditionalDeadline: r.conditionalDeadline,
    reason: r.reason,
  };
}

/** The dashboard rows of one school: per grade, one row per vaccine required there and one ALL row. */
export function summarizeCompliance(students: readonly StudentResults[]): DashboardRow[] {
  const rows = new Map<
    string,
    { counts: DashboardCounts; needs: StudentNeed[]; grade: string; vaccine: string }
  >();
  const bump = (
    grade: string,
    vaccine: string,
    status: Counted,
    ex: ExemptionKind | null,
    needs: StudentNeed[],
  ) => {
    const key = `${grade}\n${vaccine}`;
    const row = rows.get(key) ?? { counts: ZERO_COUNTS, needs: [], grade, vaccine };
    row.counts = add(row.counts, status, ex);
    row.needs.push(...needs);
    rows.set(key, row);
  };
  for (const s of students) {
    const overall = overallStatus(s.results);
    if (overall === null) continue;
    const all: StudentNeed[] = [];
    for (const r of s.results) {
      if (r.status === 'NOT_REQUIRED') continue;
      const need = needOf(s.studentId, r);
      if (need) all.push(need);
      bump(s.gradeLevel, r.vaccine, r.status, exemptionKind(r), need ? [need] : []);
    }
    bump(s.gradeLevel, ALL_VACCINES, overall.status, overall.exemption, all);
  }
  return [...rows.values()]
    .sort((a, b) => compareGrades(a.grade, b.grade) || compareVaccines(a.vaccine, b.vaccine))
    .map((r) => ({
      gradeLevel: r.grade,
      vaccine: r.vaccine,
      ...r.counts,
      percentage: percentOf(r.counts.compliant, r.counts.total),
      needingAction: [...r.needs].sort(byDue),
    }));
}

/** Rows combined by a key (by grade: the ALL rows; by vaccine: every grade's row of each vaccine). */
export function combineRows(
  rows: readonly DashboardRow[],
  keyOf: (r: DashboardRow) => string | null,
): { key: string; counts: DashboardCounts; percentage: number | null }[] {
  const groups = new Map<string, DashboardRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups].map(([key, rs]) => {
    const counts = sumCounts(rs);
    return { key, counts, percentage: percentOf(counts.compliant, counts.total) };
  });
}

/** By grade: each grade's ALL row (students), in school order. */
export const byGrade = (rows: readonly DashboardRow[]) =>
  combineRows(rows, (r) => (r.vaccine === ALL_VACCINES ? r.gradeLevel : null)).sort((a, b) =>
    compareGrades(a.key, b.key),
  );

/** By vaccine: the students each vaccine is required of, over the grades, by vaccine name. */
export const byVaccine = (rows: readonly DashboardRow[]) =>
  combineRows(rows, (r) => (r.vaccine === ALL_VACCINES ? null : r.vaccine)).sort((a, b) =>
    a.key.localeCompare(b.key),
  );
