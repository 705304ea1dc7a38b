import type { Block, ReportDocument } from '../../document';
import type { DistrictReportMeta } from '../definitions';

/** Who prints, when, for which organization: the same on every district report. */
export interface LayoutContext {
  /** The district's name (the page header). */
  readonly organization: string;
  /** "Printed at", formatted in the district's time zone, with the zone ("Dec 7, 2026, 9:14 AM EST"). */
  readonly printedAt: string;
  readonly printedBy: string;
  readonly createdAt: Date;
  /** Named on the page so a reader knows how days were counted. */
  readonly timeZone: string;
}

export const GRADE_ORDER = [
  'PK',
  'K',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
] as const;
export const gradeRank = (g: string): number => {
  const i = (GRADE_ORDER as readonly string[]).indexOf(g);
  return i < 0 ? GRADE_ORDER.length : i;
};

/** "12.5%" of a part of a whole (one decimal); "0.0%" of nothing. */
export const percent = (part: number, whole: number): string =>
  `${whole > 0 ? ((part * 100) / whole).toFixed(1) : '0.0'}%`;

export function districtDocument(
  meta: DistrictReportMeta,
  ctx: LayoutContext,
  subtitle: string,
  blocks: readonly Block[],
): ReportDocument {
  return {
    title: meta.title,
    subtitle,
    organization: ctx.organization,
    printedAt: ctx.printedAt,
    printedBy: ctx.printedBy,
    pageSize: 'LETTER',
    orientation: meta.orientation,
    archival: meta.archival,
    blocks,
    subject: meta.description,
    keywords: ['White Cross', 'district report', meta.code],
    createdAt: ctx.createdAt,
  };
}

/** "2026-09-01 to 2026-11-20 (days in each school's time zone)". */
export const rangeText = (from: string, to: string): string =>
  `${from} to ${to} (days counted in each school's time zone)`;
