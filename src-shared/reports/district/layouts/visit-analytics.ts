import type { Block, ReportDocument } from '../../document';
import type { DistrictReportMeta } from '../definitions';
import { districtDocument, gradeRank, percent, rangeText, type LayoutContext } from './common';

export interface VisitAnalyticsData {
  readonly from: string;
  readonly to: string;
  readonly schools: readonly {
    readonly schoolId: string;
    readonly schoolName: string;
    readonly visits: number;
    readonly sentHome: number;
    readonly emergencies: number;
    readonly minutesMissed: number;
  }[];
  readonly grades: readonly {
    readonly schoolName: string;
    readonly grade: string;
    readonly visits: number;
    readonly sentHome: number;
    readonly minutesMissed: number;
  }[];
  /** The most common reasons per school (at most TOP_REASONS each), most visits first. */
  readonly reasons: readonly {
    readonly schoolName: string;
    readonly reason: string;
    readonly visits: number;
  }[];
}

export const TOP_REASONS = 5;

/** Clinic visit analytics: per school, per school and grade, top reasons; a chart beside each table, same numbers. */
export function visitAnalyticsDocument(
  meta: DistrictReportMeta,
  ctx: LayoutContext,
  d: VisitAnalyticsData,
): ReportDocument {
  const total = d.schools.reduce(
    (a, s) => ({
      visits: a.visits + s.visits,
      sentHome: a.sentHome + s.sentHome,
      emergencies: a.emergencies + s.emergencies,
      minutesMissed: a.minutesMissed + s.minutesMissed,
    }),
    { visits: 0, sentHome: 0, emergencies: 0, minutesMissed: 0 },
  );
  const byGrade = new Map<string, { visits: number; sentHome: number }>();
  for (const g of d.grades) {
    const t = byGrade.get(g.grade) ?? { visits: 0, sentHome: 0 };
    byGrade.set(g.grade, { visits: t.visits + g.visits, sentHome: t.sentHome + g.sentHome });
  }
  const grades = [...byGrade.keys()].sort((a, b) => gradeRank(a) - gradeRank(b));
  const blocks: Block[] = [
    {
      kind: 'keyValues',
      rows: [
        { label: 'Period', value: rangeText(d.from, d.to) },
        { label: 'Schools', value: String(d.schools.length) },
        { label: 'Clinic visits', value: String(total.visits) },
        { label: 'Sent home', value: `${total.sentHome} (${percent(total.sentHome, total.visits)})` },
        { label: 'Emergencies', value: String(total.emergencies) },
        { label: 'Class time missed (minutes)', value: String(total.minutesMissed) },
      ],
    },
    { kind: 'heading', text: 'Visits by school', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'school', title: 'School', width: 3 },
        { key: 'visits', title: 'Visits', align: 'right' },
        { key: 'sentHome', title: 'Sent home', align: 'right' },
        { key: 'sentHomePct', title: '% sent home', align: 'right' },
        { key: 'emergencies', title: 'Emergencies', align: 'right' },
        { key: 'minutes', title: 'Class time missed (min)', width: 1.5, align: 'right' },
      ],
      rows: d.schools.map((s) => ({
        school: s.schoolName,
        visits: s.visits,
        sentHome: s.sentHome,
        sentHomePct: percent(s.sentHome, s.visits),
        emergencies: s.emergencies,
        minutes: s.minutesMissed,
      })),
      emptyText: 'No schools in this report.',
    },
  ];
  if (total.visits > 0)
    blocks.push({
      kind: 'chart',
      chart: 'bar',
      title: 'Visits and students sent home by school',
      categories: d.schools.map((s) => s.schoolName),
      series: [
        { name: 'Visits', values: d.schools.map((s) => s.visits) },
        { name: 'Sent home', values: d.schools.map((s) => s.sentHome) },
      ],
      yLabel: 'Visits',
    });
  blocks.push(
    { kind: 'heading', text: 'Visits by school and grade', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'school', title: 'School', width: 3 },
        { key: 'grade', title: 'Grade', align: 'center' },
        { key: 'visits', title: 'Visits', align: 'right' },
        { key: 'sentHome', title: 'Sent home', align: 'right' },
        { key: 'minutes', title: 'Class time missed (min)', width: 1.5, align: 'right' },
      ],
      rows: d.grades.map((g) => ({
        school: g.schoolName,
        grade: g.grade,
        visits: g.visits,
        sentHome: g.sentHome,
        minutes: g.minutesMissed,
      })),
      emptyText: 'No clinic visits in this period.',
    },
  );
  if (grades.length > 0)
    blocks.push({
      kind: 'chart',
      chart: 'bar',
      title: 'Visits by grade (all schools in this report)',
      categories: grades,
      series: [
        { name: 'Visits', values: grades.map((g) => byGrade.get(g)?.visits ?? 0) },
        { name: 'Sent home', values: grades.map((g) => byGrade.get(g)?.sentHome ?? 0) },
      ],
      yLabel: 'Visits',
    });
  blocks.push(
    { kind: 'heading', text: `Most common reasons (top ${TOP_REASONS} per school)`, level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'school', title: 'School', width: 3 },
        { key: 'reason', title: 'Reason', width: 3 },
        { key: 'visits', title: 'Visits', align: 'right' },
        { key: 'share', title: 'Share of school visits', width: 1.5, align: 'right' },
      ],
      rows: d.reasons.map((r) => ({
        school: r.schoolName,
        reason: r.reason,
        visits: r.visits,
        share: percent(r.visits, d.schools.find((s) => s.schoolName === r.schoolName)?.visits ?? 0),
      })),
      emptyText: 'No clinic visits in this period.',
    },
  );
  return districtDocument(meta, ctx, `${d.from} to ${d.to}`, blocks);
}
