import type { Orientation, PageSize, ReportDocument } from '../document';
import type { FaceSet, Weight } from './faces';
import { type DrawOp, type LaidOutPage, type Rgb, MUTED, RULE, TEXT } from './ops';
import { fitLine, wrapText } from './wrap';

/** Page sizes in points (1/72 inch): US Letter 8.5 x 11 in, ISO A4 210 x 297 mm. */
const SIZES: Readonly<Record<PageSize, readonly [number, number]>> = {
  LETTER: [612, 792],
  A4: [595.28, 841.89],
};

export function pageDimensions(size: PageSize, orientation: Orientation): [number, number] {
  const [w, h] = SIZES[size];
  return orientation === 'LANDSCAPE' ? [h, w] : [w, h];
}

export const MARGIN = 40;
const HEADER_BASELINE = 30;
const HEADER_RULE = 38;
const BODY_TOP = 50;
const FOOTER_RULE = 36;
const FOOTER_BASELINE = 24;
const BODY_BOTTOM = 48;
export const HEADER_SIZE = 8.5;
export const LINE_FACTOR = 1.3;

export const lineHeight = (size: number) => size * LINE_FACTOR;
/** From the top of a line box to its baseline. */
export const baselineOffset = (size: number) => size * 1.02;

/**
 * The flow of blocks down the pages: a cursor (y of the next line's top), the page body's bounds, and the page
 * header (organization, report title) put on every new page. The footer needs the page count and is added when the
 * flow is done (footers()).
 */
export class Flow {
  readonly pages: LaidOutPage[] = [];
  readonly width: number;
  readonly height: number;
  readonly left = MARGIN;
  readonly right: number;
  readonly top: number;
  readonly bottom = BODY_BOTTOM;
  y = 0;

  constructor(
    readonly faces: FaceSet,
    private readonly doc: ReportDocument,
  ) {
    [this.width, this.height] = pageDimensions(doc.pageSize, doc.orientation);
    this.right = this.width - MARGIN;
    this.top = this.height - BODY_TOP;
    this.newPage();
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  /** The body height of a whole page (what a unit taller than this must be split to fit). */
  get pageBodyHeight(): number {
    return this.top - this.bottom;
  }

  get remaining(): number {
    return this.y - this.bottom;
  }

  get atPageTop(): boolean {
    return this.y >= this.top - 0.01;
  }

  private get ops(): DrawOp[] {
    const page = this.pages[this.pages.length - 1];
    if (!page) throw new Error('no page');
    return page.ops;
  }

  newPage(): void {
    this.pages.push({ ops: [] });
    this.y = this.top;
    const style = { size: HEADER_SIZE, weight: 'bold' as Weight };
    const half = this.contentWidth / 2 - 8;
    const yb = this.height - HEADER_BASELINE;
    this.text(this.left, yb, fitLine(this.faces, this.doc.organization, half, style), style, TEXT);
    const title = fitLine(this.faces, this.doc.title, half, { ...style, weight: 'regular' });
    this.textRight(this.right, yb, title, { ...style, weight: 'regular' }, MUTED);
    this.line(this.left, this.height - HEADER_RULE, this.right, this.height - HEADER_RULE, 0.6, RULE);
  }

  /** Makes room for h points: a new page when they do not fit here (nothing is done at the top of a page). */
  ensure(h: number): void {
    if (h > this.remaining && !this.atPageTop) this.newPage();
  }

  text(
    x: number,
    y: number,
    text: string,
    style: { size: number; weight: Weight },
    color: Rgb,
    rotate?: number,
  ): void {
    if (text === '') return;
    this.ops.push({
      op: 'text',
      x,
      y,
      text,
      size: style.size,
      weight: style.weight,
      color,
      ...(rotate ? { rotate } : {}),
    });
  }

  textRight(
    xRight: number,
    y: number,
    text: string,
    style: { size: number; weight: Weight },
    color: Rgb,
  ): void {
    this.text(xRight - this.faces.width(text, style.size, style.weight), y, text, style, color);
  }

  textCenter(
    xMid: number,
    y: number,
    text: string,
    style: { size: number; weight: Weight },
    color: Rgb,
  ): void {
    this.text(xMid - this.faces.width(text, style.size, style.weight) / 2, y, text, style, color);
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, color: Rgb): void {
    this.ops.push({ op: 'line', x1, y1, x2, y2, width, color });
  }

  rect(
    x: number,
    y: number,
    w: number,
    h: number,
    style: { fill?: Rgb; stroke?: Rgb; strokeWidth?: number },
  ): void {
    this.ops.push({ op: 'rect', x, y, w, h, ...style });
  }

  polyline(points: readonly (readonly [number, number])[], width: number, color: Rgb): void {
    this.ops.push({ op: 'polyline', points, width, color });
  }

  /** Wrapped text at the cursor, split across pages line by line; returns nothing (the cursor moves down). */
  paragraph(text: string, style: { size: number; weight: Weight }, color: Rgb, indent = 0): void {
    const lh = lineHeight(style.size);
    for (const line of wrapText(this.faces, text, this.contentWidth - indent, style)) {
      this.ensure(lh);
      this.text(this.left + indent, this.y - baselineOffset(style.size), line, style, color);
      this.y -= lh;
    }
  }

  /** "Page N of M", printed at, printed by: on every page, once the page count is known. */
  footers(): void {
    const m = this.pages.length;
    const style = { size: HEADER_SIZE, weight: 'regular' as Weight };
    this.pages.forEach((page, i) => {
      page.ops.push({
        op: 'line',
        x1: this.left,
        y1: FOOTER_RULE,
        x2: this.right,
        y2: FOOTER_RULE,
        width: 0.6,
        color: RULE,
      });
      const pageText = `Page ${i + 1} of ${m}`;
      const pw = this.faces.width(pageText, style.size, style.weight);
      const printed = fitLine(
        this.faces,
        `Printed ${this.doc.printedAt} by ${this.doc.printedBy}`,
        this.contentWidth - pw - 16,
        style,
      );
      page.ops.push({ op: 'text', x: this.left, y: FOOTER_BASELINE, text: printed, ...style, color: MUTED });
      page.ops.push({
        op: 'text',
        x: this.right - pw,
        y: FOOTER_BASELINE,
        text: pageText,
        ...style,
        color: MUTED,
      });
    });
  }
}
