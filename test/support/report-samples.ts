/**
 * Sample report documents for the PDF engine's tests and benchmark: made from a seeded generator, so a test
 * derives what it expects from the same rows it rendered.
 */
import type { Block, ReportDocument } from '../../src-shared/reports/document';

export const NAMES = ['José Ñúñez', 'Nguyễn Thị Ánh', 'Алексей', '王小明', 'محمد', '김민준'] as const;

export interface VisitRow {
  readonly token: string;
  readonly student: string;
  readonly grade: string;
  readonly reason: string;
  readonly minutes: number;
  readonly sentHome: string;
}

/** n visit rows; every 19th has a long note (wraps to several lines) ending with its own end marker. */
export function visitRows(n: number): VisitRow[] {
  const reasons = [
    'Headache',
    'Stomach ache',
    'Injury on playground',
    'Medication (scheduled)',
    'Fever 38.4 °C',
  ];
  return Array.from({ length: n }, (_, i) => {
    const token = `V${String(i + 1).padStart(5, '0')}`;
    const long = i % 19 === 5;
    return {
      token,
      student: `${NAMES[i % NAMES.length]} ${i + 1}`,
      grade: String((i % 12) + 1),
      reason: long
        ? `${reasons[i % reasons.length]}: ${'complained of dizziness after lunch, rested, parent called. '.repeat(6)}end-${token}`
        : (reasons[i % reasons.length] ?? ''),
      minutes: (i * 7) % 61,
      sentHome: i % 9 === 0 ? 'Yes' : 'No',
    };
  });
}

export const VISIT_COLUMNS = [
  { key: 'token', title: 'Visit', width: 0.9 },
  { key: 'student', title: 'Student', width: 2.2 },
  { key: 'grade', title: 'Grade', width: 0.6, align: 'center' as const },
  { key: 'reason', title: 'Reason', width: 4 },
  { key: 'minutes', title: 'Minutes', width: 0.9 },
  { key: 'sentHome', title: 'Sent home', width: 0.9 },
];

export function baseDocument(blocks: Block[], over: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Daily Clinic Log',
    subtitle: 'Lincoln Elementary · Monday, December 7, 2026',
    organization: 'Lincoln Elementary School',
    printedAt: 'Dec 7, 2026, 9:41 AM EST',
    printedBy: 'Nguyễn Thị Ánh, RN',
    pageSize: 'LETTER',
    orientation: 'PORTRAIT',
    archival: false,
    createdAt: new Date('2026-12-07T14:41:00Z'),
    subject: 'Clinic visits',
    keywords: ['clinic', 'visits'],
    blocks,
    ...over,
  };
}

/** The 600-visit log: summary key-values, a heading, the table (20+ pages on letter paper). */
export function visitLogDocument(
  rows: readonly VisitRow[],
  over: Partial<ReportDocument> = {},
): ReportDocument {
  return baseDocument(
    [
      { kind: 'heading', text: 'Summary' },
      {
        kind: 'keyValues',
        rows: [
          { label: 'Visits', value: String(rows.length) },
          { label: 'Sent home', value: String(rows.filter((r) => r.sentHome === 'Yes').length) },
          { label: 'Students named', value: NAMES.join(', ') },
        ],
      },
      { kind: 'heading', text: 'Visits' },
      {
        kind: 'table',
        caption: 'Every visit of the day',
        columns: VISIT_COLUMNS,
        rows: rows.map((r) => ({ ...r })),
        emptyText: 'No visits on this day.',
      },
      { kind: 'signatureLine', label: 'School nurse' },
    ],
    over,
  );
}

/** Visits per grade: the same numbers in a bar chart, a line chart and a table; cases per day in an epicurve. */
export function chartDocument(over: Partial<ReportDocument> = {}): ReportDocument {
  const grades = ['K', '1', '2', '3', '4', '5'];
  const visits = [12, 31, 7, 19, 26, 4];
  const sentHome = [1, 3, 0, 2, 5, 1];
  const days = Array.from({ length: 14 }, (_, i) => `Nov ${i + 10}`);
  const confirmed = days.map((_, i) => [0, 1, 1, 3, 5, 8, 6, 4, 3, 2, 1, 1, 0, 0][i] ?? 0);
  const probable = days.map((_, i) => [0, 0, 2, 1, 2, 3, 2, 2, 1, 0, 1, 0, 0, 1][i] ?? 0);
  return baseDocument(
    [
      {
        kind: 'chart',
        chart: 'bar',
        title: 'Visits by grade',
        categories: grades,
        series: [
          { name: 'Visits', values: visits },
          { name: 'Sent home', values: sentHome },
        ],
        yLabel: 'Visits',
      },
      {
        kind: 'table',
        columns: [
          { key: 'grade', title: 'Grade' },
          { key: 'visits', title: 'Visits' },
          { key: 'sentHome', title: 'Sent home' },
        ],
        rows: grades.map((g, i) => ({ grade: g, visits: visits[i] ?? 0, sentHome: sentHome[i] ?? 0 })),
        emptyText: 'No visits.',
      },
      {
        kind: 'chart',
        chart: 'line',
        title: 'Visits by grade (line)',
        categories: grades,
        series: [{ name: 'Visits', values: visits }],
      },
      {
        kind: 'chart',
        chart: 'epicurve',
        title: 'Influenza-like illness by onset day',
        categories: days,
        series: [
          { name: 'Confirmed', values: confirmed },
          { name: 'Probable', values: probable },
        ],
        yLabel: 'Cases',
      },
    ],
    { title: 'Visit Analytics', orientation: 'LANDSCAPE', pageSize: 'A4', ...over },
  );
}
