import { useId } from 'react';
import type {
  ComplianceDashboardView,
  DashboardSlice,
  DashboardTrendPoint,
} from '../../src-shared/immunizations';
import { calendarDate } from '../../src-shared/time';
import {
  barGeometry,
  barSummary,
  CHART,
  percentText,
  STATUS_LABEL,
  STATUS_PARTS,
  trendGeometry,
} from './dashboard-chart';

/**
 * The compliance dashboard (the console's page and the workstation's): compliance by grade and by vaccine as charts,
 * each with its table beside it; the trend over the school year (line chart and table); the students needing action
 * with what each needs. No inline styles (the CSP): colors are classes of the page's stylesheet.
 */

const gradeName = (g: string): string => (g === 'K' ? 'Kindergarten' : g === 'PK' ? 'Pre-K' : `Grade ${g}`);

function Legend() {
  return (
    <ul className="cd-legend" aria-hidden="true">
      {STATUS_PARTS.map((p) => (
        <li key={p}>
          <span className={`cd-swatch cd-${p}`} />
          {STATUS_LABEL[p]}
        </li>
      ))}
    </ul>
  );
}

function CountsTable(props: {
  caption: string;
  first: string;
  slices: readonly DashboardSlice[];
  label: (k: string) => string;
}) {
  return (
    <table className="cd-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.first}</th>
          <th scope="col">Students</th>
          <th scope="col">Compliant</th>
          <th scope="col">Conditional</th>
          <th scope="col">Overdue</th>
          <th scope="col">Exempt (medical / other)</th>
          <th scope="col">% compliant</th>
        </tr>
      </thead>
      <tbody>
        {props.slices.length === 0 ? (
          <tr>
            <td colSpan={7}>No student is counted.</td>
          </tr>
        ) : (
          props.slices.map((s) => (
            <tr key={s.key}>
              <th scope="row">{props.label(s.key)}</th>
              <td>{s.total}</td>
              <td>{s.compliant}</td>
              <td>{s.conditional}</td>
              <td>{s.overdue}</td>
              <td>
                {s.exempt} ({s.exemptMedical} / {s.exemptReligious + s.exemptPhilosophical})
              </td>
              <td>{percentText(s.percentage)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function StatusBars(props: {
  title: string;
  first: string;
  slices: readonly DashboardSlice[];
  label: (k: string) => string;
}) {
  const id = useId();
  const g = barGeometry(props.slices);
  return (
    <section className="cd-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{props.title}</h2>
      <div className="chart-with-table">
        <figure className="cd-figure">
          <svg
            className="cd-chart"
            viewBox={`0 0 ${CHART.width} ${CHART.height}`}
            role="img"
            aria-labelledby={`${id}-t ${id}-d`}
          >
            <title id={`${id}-t`}>{props.title}</title>
            <desc id={`${id}-d`}>{barSummary(props.slices)}</desc>
            {g.ticks.map((t) => (
              <g key={t.value}>
                <line className="grid" x1={CHART.left} x2={CHART.right} y1={t.y} y2={t.y} />
                <text x={CHART.left - 6} y={t.y + 4} textAnchor="end">
                  {t.value}
                </text>
              </g>
            ))}
            {g.bars.map((b) =>
              b.segments.map((s) => (
                <rect
                  key={`${b.key}-${s.part}`}
                  className={`cd-${s.part}`}
                  x={s.x}
                  y={s.y}
                  width={s.w}
                  height={s.h}
                />
              )),
            )}
            <line className="axis" x1={CHART.left} x2={CHART.right} y1={CHART.bottom} y2={CHART.bottom} />
            {g.bars.map((b) => (
              <text key={b.key} x={b.x + b.w / 2} y={CHART.bottom + 16} textAnchor="middle">
                {b.key}
              </text>
            ))}
          </svg>
          <Legend />
        </figure>
        <CountsTable caption={props.title} first={props.first} slices={props.slices} label={props.label} />
      </div>
    </section>
  );
}

export function TrendChart(props: { points: readonly DashboardTrendPoint[] }) {
  const id = useId();
  const g = trendGeometry(props.points);
  const label = (d: string) => calendarDate(d).replace(/, \d{4}$/, '');
  const every = Math.max(1, Math.ceil(g.dots.length / 8));
  return (
    <section className="cd-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Trend over the school year</h2>
      <div className="chart-with-table">
        <figure className="cd-figure">
          <svg
            className="cd-chart"
            viewBox={`0 0 ${CHART.width} ${CHART.height}`}
            role="img"
            aria-labelledby={`${id}-t ${id}-d`}
          >
            <title id={`${id}-t`}>Percent of students compliant, by day</title>
            <desc id={`${id}-d`}>
              {props.points.map((p) => `${calendarDate(p.date)}: ${percentText(p.percentage)}`).join('; ') ||
                'No day yet.'}
            </desc>
            {g.ticks.map((t) => (
              <g key={t.value}>
                <line className="grid" x1={CHART.left} x2={CHART.right} y1={t.y} y2={t.y} />
                <text x={CHART.left - 6} y={t.y + 4} textAnchor="end">
                  {t.value}%
                </text>
              </g>
            ))}
            {g.dots.length > 1 ? <polyline className="cd-line" points={g.line} /> : null}
            {g.dots.map((d, i) => (
              <g key={d.date}>
                <circle className="cd-dot" cx={d.x} cy={d.y} r={3.5} />
                {i % every === 0 ? (
                  <text x={d.x} y={CHART.bottom + 16} textAnchor="middle">
                    {label(d.date)}
                  </text>
                ) : null}
              </g>
            ))}
            <line className="axis" x1={CHART.left} x2={CHART.right} y1={CHART.bottom} y2={CHART.bottom} />
          </svg>
        </figure>
        {/* a long school year scrolls: focusable, so the keyboard can scroll it */}
        <div className="cd-scroll" tabIndex={0} role="region" aria-label="Students by status, by day">
          <CountsTable
            caption="Students by status, by day"
            first="Day"
            slices={[...props.points].reverse().map((p) => ({ ...p, key: p.date }))}
            label={(d) => calendarDate(d)}
          />
        </div>
      </div>
    </section>
  );
}

export function StudentsNeedingAction(props: { students: ComplianceDashboardView['needingAction'] }) {
  const id = useId();
  return (
    <section className="cd-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Students needing action ({props.students.length})</h2>
      {props.students.length === 0 ? (
        <p>No student needs action.</p>
      ) : (
        <table className="cd-table cd-needs">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Grade</th>
              <th scope="col">Vaccine</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col">Admission until</th>
              <th scope="col">What is needed</th>
            </tr>
          </thead>
          <tbody>
            {props.students.flatMap((s) =>
              s.needs.map((n, i) => (
                <tr key={`${s.studentId}-${n.vaccine}`}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={s.needs.length}>
                      {s.name ?? `Student ${s.studentId.slice(-6)}`}
                    </th>
                  ) : null}
                  {i === 0 ? <td rowSpan={s.needs.length}>{gradeName(s.gradeLevel)}</td> : null}
                  <td>{n.vaccine}</td>
                  <td className={n.status === 'OVERDUE' ? 'cd-overdue-text' : undefined}>
                    {n.status === 'OVERDUE' ? 'Overdue' : 'Conditional'}
                  </td>
                  <td>{n.dueDate ? calendarDate(n.dueDate) : '–'}</td>
                  <td>{n.conditionalDeadline ? calendarDate(n.conditionalDeadline) : '–'}</td>
                  <td>{n.reason}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The whole dashboard of a school. */
export function ComplianceDashboard(props: { view: ComplianceDashboardView }) {
  const v = props.view;
  return (
    <div className="compliance-dashboard">
      <p className="cd-summary">
        {v.school.state === null ? (
          <>No state school-entry rules are on record for this school: nothing is counted.</>
        ) : (
          <>
            {v.totals.compliant} of {v.totals.total} students compliant ({percentText(v.totals.percentage)})
            with {v.school.state}&apos;s school-entry requirements, as of {calendarDate(v.snapshotDate)}{' '}
            (computed {v.computedAt}).
          </>
        )}
      </p>
      <StatusBars title="Compliance by grade" first="Grade" slices={v.byGrade} label={gradeName} />
      <StatusBars title="Compliance by vaccine" first="Vaccine" slices={v.byVaccine} label={(k) => k} />
      <TrendChart points={v.trend} />
      <StudentsNeedingAction students={v.needingAction} />
    </div>
  );
}
