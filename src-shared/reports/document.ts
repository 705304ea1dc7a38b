/**
 * The printable document model: what a report says, before any layout. Report builders (workstation and district)
 * produce a ReportDocument from their rows; the PDF engine (src-shared/reports/pdf/) lays it out and renders it with
 * pdf-lib. Every string here is already what the reader sees (dates and times formatted in the school's time zone).
 * Pure data: no I/O, no pdf-lib types.
 */

export type Cell = string | number | null;

export interface TableColumn {
  readonly key: string;
  readonly title: string;
  /** Relative width (default 1); the engine shares the line width in proportion. */
  readonly width?: number;
  readonly align?: 'left' | 'right' | 'center';
}

export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
}

export type Block =
  | { readonly kind: 'heading'; readonly text: string; readonly level?: 1 | 2 }
  | { readonly kind: 'paragraph'; readonly text: string; readonly emphasis?: 'strong' | 'muted' | 'warning' }
  | { readonly kind: 'keyValues'; readonly rows: readonly { readonly label: string; readonly value: string }[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly TableColumn[];
      readonly rows: readonly Readonly<Record<string, Cell>>[];
      /** Printed instead of an empty table when there are no rows ("No visits on this day."). */
      readonly emptyText: string;
      /** Optional caption above the table. */
      readonly caption?: string;
    }
  | {
      readonly kind: 'chart';
      /** 'epicurve': adjacent bars per day/week, stacked when there are several series. */
      readonly chart: 'bar' | 'line' | 'epicurve';
      readonly title: string;
      readonly categories: readonly string[];
      readonly series: readonly ChartSeries[];
      readonly yLabel?: string;
    }
  | { readonly kind: 'signatureLine'; readonly label: string }
  | { readonly kind: 'spacer'; readonly points?: number }
  | { readonly kind: 'pageBreak' };

export type PageSize = 'LETTER' | 'A4';
export type Orientation = 'PORTRAIT' | 'LANDSCAPE';

export interface ReportDocument {
  /** The report's name, in the header of every page and the PDF's title. */
  readonly title: string;
  /** Printed under the title on the first page (e.g. the student's name and the date range). */
  readonly subtitle?: string;
  /** School (or district) name in the page header. */
  readonly organization: string;
  /** "Printed at" in the footer, already formatted in the school's time zone. */
  readonly printedAt: string;
  /** "Printed by" in the footer. */
  readonly printedBy: string;
  readonly pageSize: PageSize;
  readonly orientation: Orientation;
  /** Archival reports come out as PDF/A. */
  readonly archival: boolean;
  readonly blocks: readonly Block[];
  /** PDF metadata. */
  readonly subject?: string;
  readonly keywords?: readonly string[];
  /** Creation date for the PDF metadata (an instant). */
  readonly createdAt: Date;
}
