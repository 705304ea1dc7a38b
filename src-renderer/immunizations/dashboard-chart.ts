import type { DashboardSlice, DashboardTrendPoint } from '../../src-shared/immunizations';

/**
 * The geometry of the compliance dashboard's charts (pure): stacked bars of students by status per category (grade or
 * vaccine), and the trend's line of percent compliant per day. SVG user units; the page scales the image.
 */

export const STATUS_PARTS = ['compliant', 'conditional', 'overdue', 'exempt'] as const;
export type StatusPart = (typeof STATUS_PARTS)[number];
export const STATUS_LABEL: Readonly<Record<StatusPart, string>> = {
  compliant: 'Compliant',
  conditional: 'Conditional',
  overdue: 'Overdue',
  exempt: 'Exempt',
};

export const CHART = Object.freeze({ width: 520, height: 240, left: 40, right: 510, top: 10, bottom: 200 });

export interface BarSegment {
  readonly part: StatusPart;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The smallest round number (1, 2, 5 x 10^n, at least 1) at or above n. */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export function barGeometry(slices: readonly DashboardSlice[]) {
  // four equal steps of a round size (1, 2, 5 x 10^n): 0, 10, 20, 30, 40
  const max = 4 * niceMax(Math.max(1, ...slices.map((s) => s.total)) / 4);
  const plotW = CHART.right - CHART.left;
  const plotH = CHART.bottom - CHART.top;
  const step = slices.length === 0 ? plotW : plotW / slices.length;
  const w = Math.max(4, step * 0.7);
  const bars = slices.map((s, i) => {
    const x = CHART.left + i * step + (step - w) / 2;
    let y = CHART.bottom;
    const segments: BarSegment[] = [];
    for (const part of STATUS_PARTS) {
      const h = (s[part] / max) * plotH;
      if (h <= 0) continue;
      y -= h;
      segments.push({ part, x, y, w, h });
    }
    return { key: s.key, x, w, segments };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    value: Math.round(max * f),
    y: CHART.bottom - f * plotH,
  }));
  return { bars, ticks };
}

/** The trend: one point per day at its percent compliant (a day with nobody counted is left out of the line). */
export function trendGeometry(points: readonly DashboardTrendPoint[]) {
  const plotW = CHART.right - CHART.left;
  const plotH = CHART.bottom - CHART.top;
  const shown = points.filter((p) => p.percentage !== null);
  const x = (i: number) =>
    shown.length <= 1 ? CHART.left + plotW / 2 : CHART.left + (i * plotW) / (shown.length - 1);
  const dots = shown.map((p, i) => ({
    date: p.date,
    x: x(i),
    y: CHART.bottom - ((p.percentage ?? 0) / 100) * plotH,
  }));
  const ticks = [0, 25, 50, 75, 100].map((v) => ({ value: v, y: CHART.bottom - (v / 100) * plotH }));
  return { dots, line: dots.map((d) => `${d.x.toFixed(1)},${d.y.toFixed(1)}`).join(' '), ticks };
}

/** The chart's text alternative: the same numbers in a sentence. */
export const barSummary = (slices: readonly DashboardSlice[]): string =>
  slices.length === 0
    ? 'No students counted.'
    : slices
        .map(
          (s) =>
            `${s.key}: ${s.compliant} of ${s.total} compliant, ${s.conditional} conditional, ${s.overdue} overdue, ${s.exempt} exempt`,
        )
        .join('; ');

export const percentText = (p: number | null): string => (p === null ? '–' : `${p.toFixed(1)}%`);
