import { z } from 'zod';
import {
  ALL_VACCINES,
  byGrade,
  byVaccine,
  sumCounts,
  percentOf,
  type DashboardRow,
  type StudentNeed,
} from './summary';

/**
 * What the console and the workstation show of a school's dashboard (pure): the counts by grade and by vaccine (for
 * the charts and their tables), the trend over the school year (one point per day with a snapshot), the students
 * needing action with what each needs (names joined by the reader, which audits it). One zod schema for the HTTP
 * answer and the IPC result.
 */

const count = z.number().int().nonnegative();
export const DashboardCountsSchema = z.object({
  total: count,
  compliant: count,
  conditional: count,
  overdue: count,
  exempt: count,
  exemptMedical: count,
  exemptReligious: count,
  exemptPhilosophical: count,
});
const pct = z.number().min(0).max(100).nullable();

export const DashboardSlice = DashboardCountsSchema.extend({ key: z.string(), percentage: pct });
export type DashboardSlice = z.infer<typeof DashboardSlice>;

export const DashboardNeed = z.object({
  vaccine: z.string(),
  status: z.enum(['CONDITIONAL', 'OVERDUE']),
  nextDose: z.number().int().nullable(),
  dueDate: z.string().nullable(),
  conditionalDeadline: z.string().nullable(),
  reason: z.string(),
});
export const DashboardStudent = z.object({
  studentId: z.string(),
  /** null: the reader's role does not see names (a district administrator sees counts and needs) */
  name: z.string().nullable(),
  gradeLevel: z.string(),
  needs: z.array(DashboardNeed),
});
export type DashboardStudent = z.infer<typeof DashboardStudent>;

export const DashboardTrendPoint = DashboardCountsSchema.extend({ date: z.string(), percentage: pct });
export type DashboardTrendPoint = z.infer<typeof DashboardTrendPoint>;

export const ComplianceDashboardView = z.object({
  school: z.object({ id: z.string(), name: z.string(), state: z.string().nullable(), timeZone: z.string() }),
  /** the school's date the numbers are for */
  snapshotDate: z.string(),
  /** when they were computed, in the school's time zone ("Dec 6, 2026, 2:00 AM") */
  computedAt: z.string(),
  studentsEvaluated: count,
  supportingDataVersion: z.string().nullable(),
  totals: DashboardSlice,
  byGrade: z.array(DashboardSlice),
  byVaccine: z.array(DashboardSlice),
  trend: z.array(DashboardTrendPoint),
  needingAction: z.array(DashboardStudent),
});
export type ComplianceDashboardView = z.infer<typeof ComplianceDashboardView>;

export interface DashboardViewInput {
  readonly school: ComplianceDashboardView['school'];
  readonly snapshotDate: string;
  readonly computedAt: string;
  readonly studentsEvaluated: number;
  readonly supportingDataVersion: string | null;
  readonly rows: readonly DashboardRow[];
  /** per day, that day's ALL rows (any order) */
  readonly history: readonly { readonly date: string; readonly rows: readonly DashboardRow[] }[];
  /** student id -> name (null: not shown to this reader) and grade */
  readonly students: ReadonlyMap<string, { readonly name: string | null; readonly gradeLevel: string }>;
}

const slice = (s: {
  key: string;
  counts: z.infer<typeof DashboardCountsSchema>;
  percentage: number | null;
}) => ({
  key: s.key,
  ...s.counts,
  percentage: s.percentage,
});

/** The students needing action of the ALL rows, one entry per student with every need, by earliest due date. */
export function studentsNeedingAction(
  rows: readonly DashboardRow[],
  students: DashboardViewInput['students'],
): DashboardStudent[] {
  const byStudent = new Map<string, { grade: string; needs: StudentNeed[] }>();
  for (const r of rows) {
    if (r.vaccine !== ALL_VACCINES) continue;
    for (const n of r.needingAction) {
      const e = byStudent.get(n.studentId) ?? { grade: r.gradeLevel, needs: [] };
      e.needs.push(n);
      byStudent.set(n.studentId, e);
    }
  }
  const first = (needs: readonly { dueDate: string | null }[]) =>
    needs.map((n) => n.dueDate ?? '9999').sort()[0] ?? '9999';
  return [...byStudent]
    .map(([id, e]) => ({
      studentId: id,
      name: students.get(id)?.name ?? null,
      gradeLevel: students.get(id)?.gradeLevel ?? e.grade,
      needs: e.needs.map(({ studentId: _s, ...n }) => n),
    }))
    .sort(
      (a, b) =>
        first(a.needs).localeCompare(first(b.needs)) ||
        (a.name ?? a.studentId).localeCompare(b.name ?? b.studentId),
    );
}

export function dashboardView(input: DashboardViewInput): ComplianceDashboardView {
  const all = input.rows.filter((r) => r.vaccine === ALL_VACCINES);
  const totals = sumCounts(all);
  return {
    school: input.school,
    snapshotDate: input.snapshotDate,
    computedAt: input.computedAt,
    studentsEvaluated: input.studentsEvaluated,
    supportingDataVersion: input.supportingDataVersion,
    totals: { key: ALL_VACCINES, ...totals, percentage: percentOf(totals.compliant, totals.total) },
    byGrade: byGrade(input.rows).map(slice),
    byVaccine: byVaccine(input.rows).map(slice),
    trend: [...input.history]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((h) => {
        const c = sumCounts(h.rows.filter((r) => r.vaccine === ALL_VACCINES));
        return { date: h.date, ...c, percentage: percentOf(c.compliant, c.total) };
      }),
    needingAction: studentsNeedingAction(input.rows, input.students),
  };
}
