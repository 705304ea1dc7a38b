import type { Block } from '../document';
import { chartHeight, layoutChart } from './chart';
import type { Weight } from './faces';
import { type Flow, baselineOffset, lineHeight } from './flow';
import { MUTED, TEXT, WARNING, type Rgb } from './ops';
import { layoutTable, tableLeadHeight } from './table';
import { wrapText } from './wrap';

/**
 * Block layout: each block at the flow's cursor. A heading is kept with the start of the block after it (moved to
 * the next page with it); key-value rows and signature lines are never split.
 */
const PARA = 10;
const HEADING = { 1: 13, 2: 11 } as const;
const GAP = 6;
const KV_SIZE = 9.5;
const SIGNATURE_HEIGHT = 46;

function paragraphStyle(b: Extract<Block, { kind: 'paragraph' }>): { weight: Weight; color: Rgb } {
  if (b.emphasis === 'strong') return { weight: 'bold', color: TEXT };
  if (b.emphasis === 'muted') return { weight: 'regular', color: MUTED };
  if (b.emphasis === 'warning') return { weight: 'bold', color: WARNING };
  return { weight: 'regular', color: TEXT };
}

function headingHeight(flow: Flow, b: Extract<Block, { kind: 'heading' }>): number {
  const size = HEADING[b.level ?? 1];
  return (
    wrapText(flow.faces, b.text, flow.contentWidth, { size, weight: 'bold' }).length * lineHeight(size) + 8
  );
}

/** The height of a block's first unbreakable piece: what a heading before it must be kept with. */
function leadHeight(flow: Flow, b: Block | undefined): number {
  if (!b) return 0;
  switch (b.kind) {
    case 'heading':
      return headingHeight(flow, b);
    case 'paragraph':
      return (
        Math.min(
          2,
          wrapText(flow.faces, b.text, flow.contentWidth, { size: PARA, weight: 'regular' }).length,
        ) * lineHeight(PARA)
      );
    case 'keyValues':
      return b.rows.length > 0 ? keyValueRowHeight(flow, b.rows[0]!) : 0;
    case 'table':
      return tableLeadHeight(flow, b);
    case 'chart':
      return chartHeight(flow);
    case 'signatureLine':
      return SIGNATURE_HEIGHT;
    case 'spacer':
    case 'pageBreak':
      return 0;
  }
}

export function layoutBlocks(flow: Flow, blocks: readonly Block[]): void {
  blocks.forEach((b, i) => {
    switch (b.kind) {
      case 'heading': {
        const size = HEADING[b.level ?? 1];
        const h = headingHeight(flow, b);
        // keep the heading with what follows (and a heading after it, and that one's block)
        let lead = leadHeight(flow, blocks[i + 1]);
        if (blocks[i + 1]?.kind === 'heading') lead += leadHeight(flow, blocks[i + 2]);
        flow.ensure(Math.min(h + lead, flow.pageBodyHeight));
        if (!flow.atPageTop) flow.y -= 4;
        flow.paragraph(b.text, { size, weight: 'bold' }, TEXT);
        flow.y -= 4;
        return;
      }
      case 'paragraph': {
        const { weight, color } = paragraphStyle(b);
        flow.paragraph(b.text, { size: PARA, weight }, color);
        flow.y -= GAP;
        return;
      }
      case 'keyValues':
        for (const row of b.rows) keyValueRow(flow, row);
        flow.y -= GAP;
        return;
      case 'table':
        layoutTable(flow, b);
        flow.y -= GAP;
        return;
      case 'chart':
        layoutChart(flow, b);
        flow.y -= GAP;
        return;
      case 'signatureLine':
        signatureLine(flow, b.label);
        return;
      case 'spacer':
        flow.y -= Math.min(b.points ?? 12, flow.remaining);
        return;
      case 'pageBreak':
        if (!flow.atPageTop) flow.newPage();
        return;
    }
  });
}

const labelWidth = (flow: Flow) => Math.min(170, flow.contentWidth * 0.32);

function keyValueLines(flow: Flow, row: { label: string; value: string }): [string[], string[]] {
  const lw = labelWidth(flow);
  return [
    wrapText(flow.faces, row.label, lw - 8, { size: KV_SIZE, weight: 'bold' }),
    wrapText(flow.faces, row.value, flow.contentWidth - lw, { size: KV_SIZE, weight: 'regular' }),
  ];
}

function keyValueRowHeight(flow: Flow, row: { label: string; value: string }): number {
  const [l, v] = keyValueLines(flow, row);
  return Math.max(l.length, v.length) * lineHeight(KV_SIZE) + 3;
}

function keyValueRow(flow: Flow, row: { label: string; value: string }): void {
  const [labels, values] = keyValueLines(flow, row);
  const lh = lineHeight(KV_SIZE);
  const rows = Math.max(labels.length, values.length);
  if (rows * lh + 3 <= flow.pageBodyHeight) flow.ensure(rows * lh + 3);
  else {
    // a value longer than a page: its lines flow on
    flow.paragraph(row.label, { size: KV_SIZE, weight: 'bold' }, MUTED);
    flow.paragraph(row.value, { size: KV_SIZE, weight: 'regular' }, TEXT);
    flow.y -= 3;
    return;
  }
  const bo = baselineOffset(KV_SIZE);
  labels.forEach((l, k) =>
    flow.text(flow.left, flow.y - bo - k * lh, l, { size: KV_SIZE, weight: 'bold' }, MUTED),
  );
  values.forEach((v, k) =>
    flow.text(
      flow.left + labelWidth(flow),
      flow.y - bo - k * lh,
      v,
      { size: KV_SIZE, weight: 'regular' },
      TEXT,
    ),
  );
  flow.y -= rows * lh + 3;
}

function signatureLine(flow: Flow, label: string): void {
  flow.ensure(SIGNATURE_HEIGHT);
  const lineY = flow.y - 28;
  const sigW = Math.min(260, flow.contentWidth * 0.55);
  flow.line(flow.left, lineY, flow.left + sigW, lineY, 0.8, TEXT);
  flow.text(flow.left, lineY - 11, label, { size: 8.5, weight: 'regular' }, MUTED);
  const dx = flow.left + sigW + 30;
  const dateW = Math.min(130, flow.right - dx);
  if (dateW > 40) {
    flow.line(dx, lineY, dx + dateW, lineY, 0.8, TEXT);
    flow.text(dx, lineY - 11, 'Date', { size: 8.5, weight: 'regular' }, MUTED);
  }
  flow.y -= SIGNATURE_HEIGHT;
}
