import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EpiCurve } from '../../../src-renderer/console/outbreaks/EpiCurve';
import { curveGeometry, curveSummary, niceMax } from '../../../src-renderer/console/outbreaks/curve';

/** The console's epidemic curve: an SVG image with its summary, next to a table of the same numbers. */
const DAYS = [
  { date: '2026-12-01', cases: 0, expected: 0.5 },
  { date: '2026-12-02', cases: 1, expected: 0.5 },
  { date: '2026-12-03', cases: 2, expected: 0.6 },
  { date: '2026-12-04', cases: 7, expected: 0.8 },
];

describe('epidemic curve', () => {
  it('scales the axis to a round number above the largest count', () => {
    expect([0, 1, 3, 7, 12, 51].map(niceMax)).toEqual([1, 1, 5, 10, 20, 100]);
    const g = curveGeometry(DAYS, 640, 240);
    expect(g.max).toBe(10);
    expect(g.bars.map((b) => b.cases)).toEqual([0, 1, 2, 7]);
    // bar heights proportional to the counts; the zero day has none
    expect(g.bars[0]!.h).toBe(0);
    expect(g.bars[3]!.h / g.bars[1]!.h).toBeCloseTo(7);
    expect(g.expectedLine.split(' ')).toHaveLength(4);
    expect(curveSummary(DAYS)).toBe('10 cases from 2026-12-01 to 2026-12-04; most on 2026-12-04 (7).');
  });

  it('renders an accessible image (title and description) and a table with every day, no inline style', () => {
    const html = renderToStaticMarkup(
      createElement(EpiCurve, { title: 'Influenza-like illness', days: DAYS, signalDates: ['2026-12-04'] }),
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"/);
    expect(html).toContain('<title');
    expect(html).toContain('10 cases from 2026-12-01 to 2026-12-04');
    expect(html.match(/<rect/g)).toHaveLength(4);
    expect(html).toContain('class="bar signal"');
    expect(html.match(/<tr/g)).toHaveLength(5);
    expect(html).toContain('Dec 4, 2026');
    expect(html).not.toMatch(/style=/);
  });
});
