import { describe, expect, it } from 'vitest';
import {
  barGeometry,
  barSummary,
  CHART,
  niceMax,
  trendGeometry,
} from '../../../src-renderer/immunizations/dashboard-chart';

/** The compliance dashboard's chart geometry: round axes, stacked segments that add up, the trend's points. */
const slice = (key: string, compliant: number, conditional: number, overdue: number, exempt: number) => ({
  key,
  total: compliant + conditional + overdue + exempt,
  compliant,
  conditional,
  overdue,
  exempt,
  exemptMedical: exempt,
  exemptReligious: 0,
  exemptPhilosophical: 0,
  percentage: null,
});

describe('the compliance charts', () => {
  it('round the axis to four equal steps of 1, 2 or 5 x 10^n', () => {
    expect([0, 1, 3, 7, 30, 41, 999].map(niceMax)).toEqual([1, 1, 5, 10, 50, 50, 1000]);
    const g = barGeometry([slice('K', 28, 0, 2, 0)]);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40]);
  });

  it('stack each status on the one below, in order, heights in proportion', () => {
    const g = barGeometry([slice('K', 6, 1, 1, 0), slice('1', 0, 0, 0, 0)]);
    const [k, one] = g.bars;
    expect(k!.segments.map((s) => s.part)).toEqual(['compliant', 'conditional', 'overdue']);
    expect(k!.segments[0]!.y + k!.segments[0]!.h).toBeCloseTo(CHART.bottom);
    expect(k!.segments[1]!.y + k!.segments[1]!.h).toBeCloseTo(k!.segments[0]!.y);
    expect(k!.segments[0]!.h / k!.segments[1]!.h).toBeCloseTo(6);
    expect(one!.segments).toEqual([]);
    expect(barSummary([slice('K', 6, 1, 1, 0)])).toBe(
      'K: 6 of 8 compliant, 1 conditional, 1 overdue, 0 exempt',
    );
  });

  it('place the trend by percent and leave out days with nobody counted', () => {
    const day = (date: string, percentage: number | null) => ({
      ...slice(date, 1, 0, 0, 0),
      date,
      percentage,
    });
    const g = trendGeometry([day('2026-09-01', 50), day('2026-09-02', null), day('2026-09-03', 100)]);
    expect(g.dots.map((d) => d.date)).toEqual(['2026-09-01', '2026-09-03']);
    expect(g.dots[0]!.y).toBeCloseTo((CHART.bottom + CHART.top) / 2);
    expect(g.dots[1]!.y).toBeCloseTo(CHART.top);
    expect(g.dots[0]!.x).toBe(CHART.left);
    expect(g.dots[1]!.x).toBe(CHART.right);
  });
});
