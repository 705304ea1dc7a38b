/** One day of an epidemic curve: the cases with onset that day, and the detector's expected count if any. */
export interface CurvePoint {
  readonly date: string;
  readonly cases: number;
  readonly expected: number | null;
}

export interface CurveGeometry {
  readonly width: number;
  readonly height: number;
  readonly max: number;
  readonly bars: readonly { x: number; y: number; w: number; h: number; date: string; cases: number }[];
  /** the expected count as a polyline (SVG points), or '' without one */
  readonly expectedLine: string;
  /** y-axis ticks: value and y */
  readonly ticks: readonly { value: number; y: number }[];
  readonly plot: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
}

/** A round upper bound for the y axis (1, 2, 5 × 10^n), at least the largest count. */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Where the bars, the expected line and the ticks of a curve go in a width × height drawing. */
export function curveGeometry(days: readonly CurvePoint[], width = 640, height = 240): CurveGeometry {
  const plot = { left: 36, top: 12, right: width - 8, bottom: height - 28 };
  const top = niceMax(Math.max(0, ...days.map((d) => Math.max(d.cases, d.expected ?? 0))));
  const slot = days.length ? (plot.right - plot.left) / days.length : 0;
  const y = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top);
  const bars = days.map((d, i) => ({
    x: plot.left + i * slot + slot * 0.1,
    y: y(d.cases),
    w: slot * 0.8,
    h: plot.bottom - y(d.cases),
    date: d.date,
    cases: d.cases,
  }));
  const expectedLine = days.some((d) => d.expected !== null)
    ? days
        .map((d, i) =>
          d.expected === null
            ? null
            : `${(plot.left + (i + 0.5) * slot).toFixed(1)},${y(d.expected).toFixed(1)}`,
        )
        .filter((p): p is string => p !== null)
        .join(' ')
    : '';
  const step = top <= 5 ? 1 : top / 5;
  const ticks: { value: number; y: number }[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push({ value: Math.round(v * 100) / 100, y: y(v) });
  return { width, height, max: top, bars, expectedLine, ticks, plot };
}

/** The sentence a screen reader hears for the chart (the table next to it has every number). */
export function curveSummary(days: readonly CurvePoint[]): string {
  if (days.length === 0) return 'No cases.';
  const total = days.reduce((n, d) => n + d.cases, 0);
  const peak = days.reduce((a, b) => (b.cases > a.cases ? b : a));
  return `${total} case${total === 1 ? '' : 's'} from ${days[0]!.date} to ${days.at(-1)!.date}; most on ${peak.date} (${peak.cases}).`;
}
