import type { Block } from '../document';
import type { Weight } from './faces';
import { type Flow, baselineOffset, lineHeight } from './flow';
import { MUTED, RULE, SERIES, TEXT, type Rgb } from './ops';
import { fitLine } from './wrap';

/**
 * Vector charts (bar, line, epidemic curve) from the block's own numbers: axes, y ticks at round steps with grid
 * lines, category labels (every k-th when they would overlap), a legend, the y label, and each value printed at its
 * bar or point when there is room (so the numbers on the chart read the same as the table beside it).
 */
type ChartBlock = Extract<Block, { kind: 'chart' }>;

const TITLE = { size: 10, weight: 'bold' as Weight };
const SMALL = { size: 7.5, weight: 'regular' as Weight };
const WHITE: Rgb = [1, 1, 1];

export const chartHeight = (flow: Flow): number => Math.min(250, flow.pageBodyHeight * 0.6);

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(2)));
}

/** Round tick step for a range: 1, 2 or 5 times a power of ten (at least 1 for counts). */
export function niceScale(min: number, max: number, ticks = 5): { lo: number; hi: number; step: number } {
  const span = Math.max(max - min, 1e-9);
  const rough = span / ticks;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / mag;
  let step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  if (Number.isInteger(min) && Number.isInteger(max)) step = Math.max(1, Math.round(step));
  const lo = min < 0 ? Math.floor(min / step) * step : 0;
  let hi = Math.max(step, Math.ceil(max / step) * step);
  // room above the tallest bar for its value label
  if (max > hi - step * 0.2) hi += step;
  return { lo, hi, step };
}

export function layoutChart(flow: Flow, c: ChartBlock): void {
  const total = chartHeight(flow);
  flow.ensure(total);
  const top = flow.y;
  flow.text(flow.left, top - baselineOffset(TITLE.size), c.title, TITLE, TEXT);
  const values = c.series.flatMap((s) => s.values.slice(0, c.categories.length)).filter(Number.isFinite);
  const n = c.categories.length;
  if (n === 0 || c.series.length === 0 || values.length === 0) {
    flow.text(
      flow.left,
      top - lineHeight(TITLE.size) - baselineOffset(9),
      'No data.',
      { size: 9, weight: 'regular' },
      MUTED,
    );
    flow.y = top - lineHeight(TITLE.size) - lineHeight(9) - 4;
    return;
  }
  // legend, right of the title's line below it
  let lx = flow.left;
  const ly = top - lineHeight(TITLE.size) - 3;
  c.series.forEach((s, i) => {
    const color = SERIES[i % SERIES.length] ?? TEXT;
    flow.rect(lx, ly - 7, 7, 7, { fill: color });
    flow.text(lx + 10, ly - 6.5, s.name, SMALL, TEXT);
    lx += 10 + flow.faces.width(s.name, SMALL.size, SMALL.weight) + 14;
  });

  const stacked = c.chart === 'epicurve';
  const perCategory = (i: number) => c.series.map((s) => finite(s.values[i]));
  const sums = Array.from({ length: n }, (_, i) => perCategory(i).reduce((a, b) => a + b, 0));
  const max = stacked ? Math.max(...sums) : Math.max(...values);
  const min = stacked ? 0 : Math.min(0, ...values);
  const scale = niceScale(min, max);
  const tickLabels: string[] = [];
  for (let v = scale.lo; v <= scale.hi + scale.step / 2; v += scale.step) tickLabels.push(formatNumber(v));
  const tickW = Math.max(...tickLabels.map((t) => flow.faces.width(t, SMALL.size, SMALL.weight)));

  const plotLeft = flow.left + (c.yLabel ? 14 : 0) + tickW + 6;
  const plotRight = flow.right - 4;
  const plotTop = ly - 14;
  const plotBottom = top - total + lineHeight(SMALL.size) + 6;
  const plotH = plotTop - plotBottom;
  const plotW = plotRight - plotLeft;
  const yOf = (v: number) => plotBottom + ((v - scale.lo) / (scale.hi - scale.lo)) * plotH;

  // grid and y ticks
  tickLabels.forEach((t, k) => {
    const y = yOf(scale.lo + k * scale.step);
    flow.line(plotLeft, y, plotRight, y, 0.3, RULE);
    flow.textRight(plotLeft - 4, y - SMALL.size * 0.35, t, SMALL, MUTED);
  });
  if (c.yLabel)
    flow.text(
      flow.left + SMALL.size,
      (plotTop + plotBottom) / 2 - flow.faces.width(c.yLabel, SMALL.size, SMALL.weight) / 2,
      c.yLabel,
      SMALL,
      MUTED,
      90,
    );

  // category labels: every k-th when they would not fit their slot
  const slot = plotW / n;
  const labelW = Math.max(...c.categories.map((t) => flow.faces.width(t, SMALL.size, SMALL.weight)));
  const every = Math.max(1, Math.ceil((labelW + 4) / slot));
  c.categories.forEach((cat, i) => {
    if (i % every !== 0) return;
    const text = fitLine(flow.faces, cat, slot * every - 2, SMALL);
    flow.textCenter(
      plotLeft + slot * (i + 0.5),
      plotBottom - baselineOffset(SMALL.size) - 2,
      text,
      SMALL,
      TEXT,
    );
  });

  const labelValues = n * (stacked ? 1 : c.series.length) <= 40;
  const valueLabel = (v: number, xMid: number, yTop: number, room: number) => {
    const t = formatNumber(v);
    if (labelValues && flow.faces.width(t, SMALL.size, SMALL.weight) <= room)
      flow.textCenter(xMid, yTop + 2, t, SMALL, TEXT);
  };

  if (c.chart === 'line') {
    c.series.forEach((s, si) => {
      const color = SERIES[si % SERIES.length] ?? TEXT;
      const pts = Array.from(
        { length: n },
        (_, i) => [plotLeft + slot * (i + 0.5), yOf(finite(s.values[i]))] as const,
      );
      flow.polyline(pts, 1.4, color);
      pts.forEach(([x, y], i) => {
        flow.rect(x - 1.8, y - 1.8, 3.6, 3.6, { fill: color });
        valueLabel(finite(s.values[i]), x, y + 2, slot);
      });
    });
  } else if (stacked) {
    for (let i = 0; i < n; i++) {
      let base = 0;
      perCategory(i).forEach((v, si) => {
        if (v <= 0) return;
        const color = SERIES[si % SERIES.length] ?? TEXT;
        flow.rect(plotLeft + slot * i, yOf(base), slot, yOf(base + v) - yOf(base), {
          fill: color,
          stroke: WHITE,
          strokeWidth: 0.4,
        });
        base += v;
      });
      valueLabel(sums[i] ?? 0, plotLeft + slot * (i + 0.5), yOf(sums[i] ?? 0), slot);
    }
  } else {
    const group = slot * 0.8;
    const barW = group / c.series.length;
    for (let i = 0; i < n; i++) {
      perCategory(i).forEach((v, si) => {
        const color = SERIES[si % SERIES.length] ?? TEXT;
        const x = plotLeft + slot * i + (slot - group) / 2 + barW * si;
        const y0 = yOf(Math.max(0, scale.lo));
        flow.rect(x, Math.min(y0, yOf(v)), barW, Math.abs(yOf(v) - y0), { fill: color });
        valueLabel(v, x + barW / 2, Math.max(y0, yOf(v)), barW + 2);
      });
    }
  }
  // axes
  flow.line(plotLeft, plotBottom, plotRight, plotBottom, 0.8, TEXT);
  flow.line(plotLeft, plotBottom, plotLeft, plotTop, 0.8, TEXT);
  flow.y = top - total;
}

const finite = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);
