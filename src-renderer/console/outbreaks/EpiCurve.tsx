import { useEffect, useId, useRef } from 'react';
import { calendarDate } from '../../../src-shared/time';
import { curveGeometry, curveSummary, type CurvePoint } from './curve';

/**
 * An epidemic curve: daily cases as bars (the days a detector signalled in red) with the expected count as a line,
 * drawn as an SVG image with a text summary, next to a table of the same numbers. No inline styles (the CSP):
 * colors come from console.css.
 */
export function EpiCurve(props: {
  title: string;
  days: readonly CurvePoint[];
  signalDates?: readonly string[];
}) {
  const id = useId();
  const scroller = useRef<HTMLDivElement>(null);
  // the latest days matter most: a long table opens scrolled to its end
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [props.days.length]);
  const g = curveGeometry(props.days);
  const signal = new Set(props.signalDates ?? []);
  const label = (d: string) => calendarDate(d).replace(/, \d{4}$/, '');
  const every = Math.max(1, Math.ceil(props.days.length / 10));
  return (
    <div className="chart-with-table">
      <figure className="epi-figure">
        <svg
          className="epi-curve"
          viewBox={`0 0 ${g.width} ${g.height}`}
          role="img"
          aria-labelledby={`${id}-t ${id}-d`}
        >
          <title id={`${id}-t`}>{props.title}</title>
          <desc id={`${id}-d`}>{curveSummary(props.days)}</desc>
          {g.ticks.map((t) => (
            <g key={t.value}>
              <line className="grid" x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} />
              <text x={g.plot.left - 6} y={t.y + 4} textAnchor="end">
                {t.value}
              </text>
            </g>
          ))}
          {g.bars.map((b) => (
            <rect
              key={b.date}
              className={`bar${signal.has(b.date) ? ' signal' : ''}`}
              x={b.x}
              y={b.y}
              width={b.w}
              height={b.h}
            />
          ))}
          {g.expectedLine ? <polyline className="expected" points={g.expectedLine} /> : null}
          <line className="axis" x1={g.plot.left} x2={g.plot.right} y1={g.plot.bottom} y2={g.plot.bottom} />
          {g.bars.map((b, i) =>
            i % every === 0 ? (
              <text key={b.date} x={b.x + b.w / 2} y={g.plot.bottom + 16} textAnchor="middle">
                {label(b.date)}
              </text>
            ) : null,
          )}
        </svg>
        <figcaption className="subtle">
          Bars: cases by day of onset{signal.size ? ' (red: a detector signalled)' : ''}
          {g.expectedLine ? '; line: expected' : ''}.
        </figcaption>
      </figure>
      <div
        className="epi-table-scroll"
        ref={scroller}
        tabIndex={0}
        role="region"
        aria-label={`${props.title}: the numbers`}
      >
        <table className="epi-table">
          <caption>{props.title}: the numbers</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                Cases
              </th>
              <th scope="col" className="num">
                Expected
              </th>
            </tr>
          </thead>
          <tbody>
            {props.days.map((d) => (
              <tr key={d.date} className={signal.has(d.date) ? 'signal' : undefined}>
                <th scope="row">{calendarDate(d.date)}</th>
                <td className="num">{d.cases}</td>
                <td className="num">{d.expected === null ? '' : d.expected.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
