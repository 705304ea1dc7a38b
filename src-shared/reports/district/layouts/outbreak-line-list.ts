import type { Block, ReportDocument } from '../../document';
import type { DistrictReportMeta } from '../definitions';
import { daysBetween } from '../parameters';
import { districtDocument, rangeText, type LayoutContext } from './common';

export interface LineListCase {
  readonly studentName: string;
  readonly studentNumber: string;
  readonly grade: string | null;
  /** YYYY-MM-DD */
  readonly onsetDate: string;
  readonly location: string | null;
  readonly symptoms: readonly string[];
  readonly sentHome: boolean;
}

export interface LineListOutbreak {
  readonly alertId: string;
  readonly schoolName: string;
  readonly pattern: string;
  readonly status: string;
  readonly severity: string | null;
  /** The alert's date in the school's time zone (YYYY-MM-DD). */
  readonly alertDate: string;
  readonly affectedStudents: number;
  readonly percentAffected: number | null;
  readonly cases: readonly LineListCase[];
}

export interface OutbreakLineListData {
  readonly from: string;
  readonly to: string;
  readonly outbreaks: readonly LineListOutbreak[];
}

const addDays = (ymd: string, n: number): string =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Days shown before the first onset and after the last, so the curve's rise and fall are visible. */
export const CURVE_MARGIN_DAYS = 2;

/** Cases per onset day, every day from the first onset to the last (zero days included, with a margin): the epidemic curve. */
export function epidemicCurve(cases: readonly LineListCase[]): { date: string; cases: number }[] {
  if (cases.length === 0) return [];
  const dates = cases.map((c) => c.onsetDate).sort();
  const first = dates[0] ?? '';
  const last = dates[dates.length - 1] ?? first;
  const counts = new Map<string, number>();
  for (const d of dates) counts.set(d, (counts.get(d) ?? 0) + 1);
  const out: { date: string; cases: number }[] = [];
  for (let i = -CURVE_MARGIN_DAYS; i <= daysBetween(first, last) + CURVE_MARGIN_DAYS; i++) {
    const date = addDays(first, i);
    out.push({ date, cases: counts.get(date) ?? 0 });
  }
  return out;
}

function outbreakBlocks(o: LineListOutbreak): Block[] {
  const curve = epidemicCurve(o.cases);
  const blocks: Block[] = [
    { kind: 'heading', text: `${o.schoolName}: ${o.pattern} (alert ${o.alertDate})`, level: 2 },
    {
      kind: 'keyValues',
      rows: [
        { label: 'Status', value: o.status },
        { label: 'Severity', value: o.severity ?? 'not set' },
        {
          label: 'Students affected',
          value:
            o.percentAffected === null
              ? String(o.affectedStudents)
              : `${o.affectedStudents} (${o.percentAffected}%)`,
        },
        { label: 'Cases in the line list', value: String(o.cases.length) },
      ],
    },
  ];
  if (curve.length > 0)
    blocks.push(
      {
        kind: 'chart',
        chart: 'epicurve',
        title: 'Epidemic curve: cases by onset date',
        categories: curve.map((c) => c.date.slice(5)),
        series: [{ name: 'Cases', values: curve.map((c) => c.cases) }],
        yLabel: 'Cases',
      },
      {
        kind: 'table',
        caption: 'Cases by onset date (the curve above)',
        columns: [
          { key: 'date', title: 'Onset date' },
          { key: 'cases', title: 'Cases', align: 'right' },
        ],
        rows: curve.filter((c) => c.cases > 0).map((c) => ({ date: c.date, cases: c.cases })),
        emptyText: 'No cases.',
      },
    );
  blocks.push({
    kind: 'table',
    caption: 'Line list',
    columns: [
      { key: 'n', title: '#', width: 0.5, align: 'right' },
      { key: 'student', title: 'Student', width: 2.5 },
      { key: 'number', title: 'Student no.', width: 1.2 },
      { key: 'grade', title: 'Grade', width: 0.7, align: 'center' },
      { key: 'onset', title: 'Onset', width: 1.2 },
      { key: 'location', title: 'Location at onset', width: 1.8 },
      { key: 'symptoms', title: 'Symptoms', width: 3 },
      { key: 'sentHome', title: 'Sent home', width: 0.9, align: 'center' },
    ],
    rows: o.cases.map((c, i) => ({
      n: i + 1,
      student: c.studentName,
      number: c.studentNumber,
      grade: c.grade ?? '',
      onset: c.onsetDate,
      location: c.location ?? '',
      symptoms: c.symptoms.join(', '),
      sentHome: c.sentHome ? 'yes' : 'no',
    })),
    emptyText: 'No cases are linked to this alert.',
  });
  return blocks;
}

/** Each outbreak alert of the period: its summary, its epidemic curve with the counts beside it, and its line list. */
export function outbreakLineListDocument(
  meta: DistrictReportMeta,
  ctx: LayoutContext,
  d: OutbreakLineListData,
): ReportDocument {
  const blocks: Block[] = [
    {
      kind: 'keyValues',
      rows: [
        { label: 'Alerts raised', value: rangeText(d.from, d.to) },
        { label: 'Outbreak alerts', value: String(d.outbreaks.length) },
        { label: 'Cases', value: String(d.outbreaks.reduce((a, o) => a + o.cases.length, 0)) },
      ],
    },
  ];
  if (d.outbreaks.length === 0)
    blocks.push({
      kind: 'paragraph',
      text: 'No outbreak alerts were raised in this period.',
      emphasis: 'muted',
    });
  d.outbreaks.forEach((o, i) => {
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    blocks.push(...outbreakBlocks(o));
  });
  return districtDocument(meta, ctx, `${d.from} to ${d.to}`, blocks);
}
