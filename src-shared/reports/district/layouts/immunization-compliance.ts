import type { ComplianceDashboardView, DashboardSlice } from '../../../immunizations';
import type { Block, ReportDocument } from '../../document';
import type { DistrictReportMeta } from '../definitions';
import { calendarDate } from '../../../time';
import { districtDocument, type LayoutContext } from './common';

/**
 * Immunization compliance of a school (issue 12): the console's dashboard on paper: compliance by grade and by
 * vaccine (a chart above each table, the same numbers), the trend over the school year (line chart and table), the
 * students needing action with what each needs. The data is the school's newest dashboard snapshot.
 */

const pct = (p: number | null): string => (p === null ? '-' : `${p.toFixed(1)}%`);

const COUNT_COLUMNS = [
  { key: 'total', title: 'Students', align: 'right' as const },
  { key: 'compliant', title: 'Compliant', align: 'right' as const },
  { key: 'conditional', title: 'Conditional', align: 'right' as const },
  { key: 'overdue', title: 'Overdue', align: 'right' as const },
  { key: 'exemptMedical', title: 'Exempt: medical', align: 'right' as const },
  { key: 'exemptOther', title: 'Exempt: religious / personal', align: 'right' as const },
  { key: 'percent', title: 'Compliant %', align: 'right' as const },
];

const countsRow = (s: DashboardSlice, first: string, label: string) => ({
  [first]: label,
  total: s.total,
  compliant: s.compliant,
  conditional: s.conditional,
  overdue: s.overdue,
  exemptMedical: s.exemptMedical,
  exemptOther: s.exemptReligious + s.exemptPhilosophical,
  percent: pct(s.percentage),
});

const gradeName = (g: string): string => (g === 'K' ? 'Kindergarten' : g === 'PK' ? 'Pre-K' : `Grade ${g}`);

function sliceBlocks(
  title: string,
  first: string,
  slices: readonly DashboardSlice[],
  label: (k: string) => string,
): Block[] {
  return [
    { kind: 'heading', text: title, level: 2 },
    {
      kind: 'chart',
      chart: 'bar',
      title: `${title}: students by status`,
      categories: slices.map((s) => label(s.key)),
      series: [
        { name: 'Compliant', values: slices.map((s) => s.compliant) },
        { name: 'Conditional', values: slices.map((s) => s.conditional) },
        { name: 'Overdue', values: slices.map((s) => s.overdue) },
        { name: 'Exempt', values: slices.map((s) => s.exempt) },
      ],
      yLabel: 'Students',
    },
    {
      kind: 'table',
      columns: [{ key: first, title: first === 'grade' ? 'Grade' : 'Vaccine', width: 1.5 }, ...COUNT_COLUMNS],
      rows: slices.map((s) => countsRow(s, first, label(s.key))),
      emptyText: 'No student is required to have a vaccine at this school.',
    },
  ];
}

export function immunizationComplianceDocument(
  meta: DistrictReportMeta,
  ctx: LayoutContext,
  v: ComplianceDashboardView,
): ReportDocument {
  const trend = v.trend;
  const blocks: Block[] = [
    {
      kind: 'keyValues',
      rows: [
        { label: 'School', value: v.school.name },
        { label: 'State rules', value: v.school.state ?? 'none on record' },
        { label: 'As of', value: `${calendarDate(v.snapshotDate)} (computed ${v.computedAt})` },
        { label: 'Students evaluated', value: String(v.studentsEvaluated) },
        {
          label: 'Compliant',
          value: `${v.totals.compliant} of ${v.totals.total} (${pct(v.totals.percentage)})`,
        },
        { label: "CDC's supporting data", value: v.supportingDataVersion ?? '-' },
      ],
    },
    ...sliceBlocks('Compliance by grade', 'grade', v.byGrade, gradeName),
    ...sliceBlocks('Compliance by vaccine', 'vaccine', v.byVaccine, (k) => k),
    { kind: 'heading', text: 'Trend over the school year', level: 2 },
    {
      kind: 'chart',
      chart: 'line',
      title: 'Percent of students compliant, by day',
      categories: trend.map((p) => calendarDate(p.date)),
      series: [{ name: 'Compliant %', values: trend.map((p) => p.percentage ?? 0) }],
      yLabel: '%',
    },
    {
      kind: 'table',
      columns: [{ key: 'date', title: 'Day', width: 1.5 }, ...COUNT_COLUMNS],
      rows: trend.map((p) => countsRow({ ...p, key: p.date }, 'date', calendarDate(p.date))),
      emptyText: 'No snapshot yet this school year.',
    },
    { kind: 'heading', text: 'Students needing action', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'student', title: 'Student', width: 1.6 },
        { key: 'grade', title: 'Grade', width: 0.6 },
        { key: 'vaccine', title: 'Vaccine', width: 0.8 },
        { key: 'status', title: 'Status', width: 0.9 },
        { key: 'due', title: 'Due', width: 0.9 },
        { key: 'deadline', title: 'Admission until', width: 1 },
        { key: 'reason', title: 'What is needed', width: 3.5 },
      ],
      rows: v.needingAction.flatMap((s) =>
        s.needs.map((n) => ({
          student: s.name ?? s.studentId,
          grade: s.gradeLevel,
          vaccine: n.vaccine,
          status: n.status === 'OVERDUE' ? 'Overdue' : 'Conditional',
          due: n.dueDate ? calendarDate(n.dueDate) : '-',
          deadline: n.conditionalDeadline ? calendarDate(n.conditionalDeadline) : '-',
          reason: n.reason,
        })),
      ),
      emptyText: 'No student needs action.',
    },
  ];
  return districtDocument(meta, ctx, `${v.school.name}, as of ${calendarDate(v.snapshotDate)}`, blocks);
}
