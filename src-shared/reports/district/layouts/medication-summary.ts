import type { Block, ReportDocument } from '../../document';
import type { DistrictReportMeta } from '../definitions';
import { districtDocument, percent, rangeText, type LayoutContext } from './common';

export interface DoseCounts {
  readonly given: number;
  readonly missed: number;
  readonly refused: number;
  readonly held: number;
  readonly notInSchool: number;
}

export interface MedicationSummaryData {
  readonly from: string;
  readonly to: string;
  readonly rows: readonly (DoseCounts & {
    readonly schoolId: string;
    readonly schoolName: string;
    readonly medication: string;
  })[];
}

const totalOf = (c: DoseCounts): number => c.given + c.missed + c.refused + c.held + c.notInSchool;
const add = (a: DoseCounts, b: DoseCounts): DoseCounts => ({
  given: a.given + b.given,
  missed: a.missed + b.missed,
  refused: a.refused + b.refused,
  held: a.held + b.held,
  notInSchool: a.notInSchool + b.notInSchool,
});
const ZERO: DoseCounts = { given: 0, missed: 0, refused: 0, held: 0, notInSchool: 0 };

const COUNT_COLUMNS = [
  { key: 'given', title: 'Given', align: 'right' },
  { key: 'missed', title: 'Missed', align: 'right' },
  { key: 'refused', title: 'Refused', align: 'right' },
  { key: 'held', title: 'Held', align: 'right' },
  { key: 'notInSchool', title: 'Not in school', align: 'right' },
  { key: 'total', title: 'Total', align: 'right' },
  { key: 'givenPct', title: '% given', align: 'right' },
] as const;

const countCells = (c: DoseCounts) => ({
  given: c.given,
  missed: c.missed,
  refused: c.refused,
  held: c.held,
  notInSchool: c.notInSchool,
  total: totalOf(c),
  givenPct: percent(c.given, totalOf(c)),
});

/** Doses per school (table and chart), then per school and medication. */
export function medicationSummaryDocument(
  meta: DistrictReportMeta,
  ctx: LayoutContext,
  d: MedicationSummaryData,
): ReportDocument {
  const schools = new Map<string, DoseCounts>();
  for (const r of d.rows) schools.set(r.schoolName, add(schools.get(r.schoolName) ?? ZERO, r));
  const all = [...schools.values()].reduce(add, ZERO);
  const names = [...schools.keys()];
  const blocks: Block[] = [
    {
      kind: 'keyValues',
      rows: [
        { label: 'Period', value: rangeText(d.from, d.to) },
        { label: 'Doses recorded', value: String(totalOf(all)) },
        { label: 'Given', value: `${all.given} (${percent(all.given, totalOf(all))})` },
        { label: 'Missed', value: String(all.missed) },
        { label: 'Refused', value: String(all.refused) },
      ],
    },
    { kind: 'heading', text: 'Doses by school', level: 2 },
    {
      kind: 'table',
      columns: [{ key: 'school', title: 'School', width: 3 }, ...COUNT_COLUMNS],
      rows: names.map((n) => ({ school: n, ...countCells(schools.get(n) ?? ZERO) })),
      emptyText: 'No medication doses were recorded in this period.',
    },
  ];
  if (names.length > 0)
    blocks.push({
      kind: 'chart',
      chart: 'bar',
      title: 'Doses given, missed and refused by school',
      categories: names,
      series: [
        { name: 'Given', values: names.map((n) => schools.get(n)?.given ?? 0) },
        { name: 'Missed', values: names.map((n) => schools.get(n)?.missed ?? 0) },
        { name: 'Refused', values: names.map((n) => schools.get(n)?.refused ?? 0) },
      ],
      yLabel: 'Doses',
    });
  blocks.push(
    { kind: 'heading', text: 'Doses by school and medication', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'school', title: 'School', width: 2.5 },
        { key: 'medication', title: 'Medication', width: 3 },
        ...COUNT_COLUMNS,
      ],
      rows: d.rows.map((r) => ({ school: r.schoolName, medication: r.medication, ...countCells(r) })),
      emptyText: 'No medication doses were recorded in this period.',
    },
  );
  return districtDocument(meta, ctx, `${d.from} to ${d.to}`, blocks);
}
