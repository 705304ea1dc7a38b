import type { Block, Cell, TableColumn } from '../document';
import type { Weight } from './faces';
import { type Flow, baselineOffset, lineHeight } from './flow';
import { HEADER_FILL, MUTED, RULE, STRIPE_FILL, TEXT } from './ops';
import { wrapText } from './wrap';

/**
 * Tables: columns share the line width in proportion to their relative widths; cells wrap; the header row is
 * repeated on every page the table spans; a row is never split across pages unless it is taller than a whole page,
 * and then it is split between lines and its continuation is marked "(continued)"; no rows prints the emptyText.
 */
type TableBlock = Extract<Block, { kind: 'table' }>;
type Align = 'left' | 'right' | 'center';

const SIZE = 8.5;
const PAD = 3;
const CAPTION_SIZE = 10;
export const CONTINUED = '(continued)';
const body = { size: SIZE, weight: 'regular' as Weight };
const bold = { size: SIZE, weight: 'bold' as Weight };
const captionStyle = { size: CAPTION_SIZE, weight: 'bold' as Weight };

export const cellText = (v: Cell | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : v;

interface Grid {
  readonly xs: number[];
  readonly ws: number[];
  readonly aligns: Align[];
  readonly header: string[][];
  readonly headerHeight: number;
}

function grid(flow: Flow, t: TableBlock): Grid {
  const total = t.columns.reduce((s, c) => s + (c.width && c.width > 0 ? c.width : 1), 0);
  const ws = t.columns.map((c) => ((c.width && c.width > 0 ? c.width : 1) / total) * flow.contentWidth);
  const xs: number[] = [];
  ws.reduce((x, w) => (xs.push(x), x + w), flow.left);
  const aligns = t.columns.map((c) => c.align ?? defaultAlign(c, t.rows));
  const header = t.columns.map((c, i) => wrapText(flow.faces, c.title, (ws[i] ?? 0) - 2 * PAD, bold));
  return { xs, ws, aligns, header, headerHeight: height(header) };
}

function defaultAlign(c: TableColumn, rows: TableBlock['rows']): Align {
  const values = rows.map((r) => r[c.key]).filter((v) => v !== null && v !== undefined);
  return values.length > 0 && values.every((v) => typeof v === 'number') ? 'right' : 'left';
}

const height = (cells: string[][]) => Math.max(1, ...cells.map((l) => l.length)) * lineHeight(SIZE) + 2 * PAD;

/** What must fit under a heading for it not to be left alone at a page's foot. */
export function tableLeadHeight(flow: Flow, t: TableBlock): number {
  const cap = t.caption ? lineHeight(CAPTION_SIZE) + 2 : 0;
  if (t.rows.length === 0) return cap + lineHeight(10);
  const g = grid(flow, t);
  const first = t.columns.map((c, i) =>
    wrapText(flow.faces, cellText(t.rows[0]?.[c.key]), (g.ws[i] ?? 0) - 2 * PAD, body),
  );
  return cap + g.headerHeight + Math.min(height(first), flow.pageBodyHeight / 3);
}

export function layoutTable(flow: Flow, t: TableBlock): void {
  if (t.rows.length === 0) {
    if (t.caption) {
      flow.ensure(lineHeight(CAPTION_SIZE) + lineHeight(10));
      flow.paragraph(t.caption, captionStyle, TEXT);
      flow.y -= 2;
    }
    flow.paragraph(t.emptyText, { size: 10, weight: 'regular' }, MUTED);
    return;
  }
  const g = grid(flow, t);
  flow.ensure(tableLeadHeight(flow, t));
  if (t.caption) {
    flow.paragraph(t.caption, captionStyle, TEXT);
    flow.y -= 2;
  }
  drawHeader(flow, g);
  const lh = lineHeight(SIZE);
  t.rows.forEach((row, r) => {
    let cells = t.columns.map((c, i) =>
      wrapText(flow.faces, cellText(row[c.key]), (g.ws[i] ?? 0) - 2 * PAD, body),
    );
    let continued = false;
    let fresh = false;
    for (;;) {
      const h = height(cells);
      if (h <= flow.remaining) {
        drawRow(flow, g, cells, h, r % 2 === 1, continued);
        return;
      }
      const fitsAPage =
        h <= flow.pageBodyHeight - g.headerHeight - (t.caption ? lineHeight(CAPTION_SIZE) + 2 : 0);
      if (!continued && !fresh && fitsAPage) {
        // the row moves whole to the next page
        continuationPage(flow, g, t);
        fresh = true;
        continue;
      }
      // taller than a page: as many lines as fit here, the rest on the next page marked "(continued)"
      const fit = Math.max(1, Math.floor((flow.remaining - 2 * PAD) / lh));
      if (fit < 2 && !fresh) {
        continuationPage(flow, g, t);
        fresh = true;
        continue;
      }
      const here = cells.map((l) => l.slice(0, fit));
      drawRow(flow, g, here, height(here), r % 2 === 1, continued);
      cells = cells.map((l, i) => {
        const rest = l.slice(fit);
        return i === 0 ? [CONTINUED, ...rest] : rest;
      });
      continued = true;
      continuationPage(flow, g, t);
      fresh = true;
    }
  });
  flow.y -= 2;
}

function continuationPage(flow: Flow, g: Grid, t: TableBlock): void {
  flow.newPage();
  if (t.caption) {
    flow.paragraph(`${t.caption} ${CONTINUED}`, { size: CAPTION_SIZE, weight: 'regular' }, MUTED);
    flow.y -= 2;
  }
  drawHeader(flow, g);
}

function drawHeader(flow: Flow, g: Grid): void {
  flow.rect(flow.left, flow.y - g.headerHeight, flow.contentWidth, g.headerHeight, { fill: HEADER_FILL });
  drawCells(flow, g, g.header, bold, false);
  flow.y -= g.headerHeight;
  flow.line(flow.left, flow.y, flow.right, flow.y, 0.8, MUTED);
}

function drawRow(
  flow: Flow,
  g: Grid,
  cells: string[][],
  h: number,
  stripe: boolean,
  continued: boolean,
): void {
  if (stripe) flow.rect(flow.left, flow.y - h, flow.contentWidth, h, { fill: STRIPE_FILL });
  drawCells(flow, g, cells, body, continued);
  flow.y -= h;
  flow.line(flow.left, flow.y, flow.right, flow.y, 0.3, RULE);
}

function drawCells(flow: Flow, g: Grid, cells: string[][], style: typeof body, continued: boolean): void {
  const lh = lineHeight(style.size);
  cells.forEach((lines, i) => {
    const x = g.xs[i] ?? flow.left;
    const w = g.ws[i] ?? 0;
    lines.forEach((line, k) => {
      const y = flow.y - PAD - k * lh - baselineOffset(style.size);
      const color = continued && i === 0 && k === 0 ? MUTED : TEXT;
      const align = g.aligns[i] ?? 'left';
      if (align === 'right') flow.textRight(x + w - PAD, y, line, style, color);
      else if (align === 'center') flow.textCenter(x + w / 2, y, line, style, color);
      else flow.text(x + PAD, y, line, style, color);
    });
  });
}
