import { useEffect, useState } from 'react';
import { GradeLevel } from '../../src-shared/enums';
import {
  ROSTER_PAGE,
  ROSTER_SORTS,
  type RosterFilters,
  type RosterRow,
  type RosterSort,
} from '../../src-shared/ipc/contract';
import { rosterCountText } from '../../src-shared/students';
import { formatDate, gradeLabel } from '../lib/format';
import { useCall } from '../lib/hooks';
import { href, navigate, useRoute } from '../lib/router';
import { queryOfView, viewFromQuery, type RosterView as View } from './roster-view';

/** The roster: every enrolled student, filtered, sorted and paged by the core (students.roster). */

type Flag = 'hasAllergy' | 'hasCondition' | 'hasActiveOrder' | 'immunizationOverdue';
const FLAGS: readonly [Flag, string][] = [
  ['hasAllergy', 'Has an allergy'],
  ['hasCondition', 'Has a health condition'],
  ['hasActiveOrder', 'Has an active medication order'],
  ['immunizationOverdue', 'Immunization overdue'],
];
const SORT_LABEL: Readonly<Record<RosterSort, string>> = {
  name: 'Name',
  grade: 'Grade',
  homeroom: 'Homeroom',
};

function Flags(props: { row: RosterRow }) {
  const r = props.row;
  return (
    <>
      {r.hasDrugAllergy ? (
        <span className="badge danger">Drug allergy</span>
      ) : r.allergies > 0 ? (
        <span className="badge warn">Allergy</span>
      ) : null}{' '}
      {r.conditions > 0 ? <span className="badge neutral">Condition</span> : null}{' '}
      {r.activeOrders > 0 ? (
        <span className="badge neutral">
          {r.activeOrders} medication order{r.activeOrders > 1 ? 's' : ''}
        </span>
      ) : null}{' '}
      {r.immunizationOverdue ? <span className="badge danger">Immunization overdue</span> : null}
    </>
  );
}

export function Roster() {
  // the view is the address's (#/students?grade=5&allergy=1…): Back and a reload keep it
  const route = useRoute();
  // the address changes a moment after navigate() (hashchange is a task of its own): the view the nurse just chose
  // shows at once (a checkbox ticks when clicked), then the address's, which is the same
  const [chosen, setChosen] = useState<View | null>(null);
  useEffect(() => setChosen(null), [route]);
  const view = chosen ?? viewFromQuery(route.query);
  const setView = (v: View) => {
    setChosen(v);
    navigate(['students'], queryOfView(v));
  };
  const change = (filters: RosterFilters) => setView({ ...view, filters, offset: 0 });
  const r = useCall('students.roster', { ...view, limit: ROSTER_PAGE }, JSON.stringify(view));
  const d = r.data;
  const f = view.filters;
  const count = d ? rosterCountText(d.rows.length, d.offset, d.total) : '';
  return (
    <section className="card spaced" aria-labelledby="roster-title">
      <h2 id="roster-title">Roster</h2>
      <fieldset className="roster-filters">
        <legend>Filter and sort</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="roster-grade">Grade</label>
            <select
              id="roster-grade"
              value={f.grade ?? ''}
              onChange={(e) =>
                change({ ...f, grade: (e.target.value || undefined) as RosterFilters['grade'] })
              }
            >
              <option value="">All grades</option>
              {(d?.grades ?? GradeLevel).map((g) => (
                <option key={g} value={g}>
                  {gradeLabel(g)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="roster-homeroom">Homeroom</label>
            <select
              id="roster-homeroom"
              value={f.homeroom ?? ''}
              onChange={(e) => change({ ...f, homeroom: e.target.value || undefined })}
            >
              <option value="">All homerooms</option>
              {(d?.homerooms ?? (f.homeroom ? [f.homeroom] : [])).map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="roster-sort">Sort by</label>
            <select
              id="roster-sort"
              value={view.sort}
              onChange={(e) => setView({ ...view, sort: e.target.value as RosterSort, offset: 0 })}
            >
              {ROSTER_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="roster-direction">Order</label>
            <select
              id="roster-direction"
              value={view.direction}
              onChange={(e) => setView({ ...view, direction: e.target.value as 'asc' | 'desc', offset: 0 })}
            >
              <option value="asc">{view.sort === 'name' ? 'A to Z' : 'Lowest first'}</option>
              <option value="desc">{view.sort === 'name' ? 'Z to A' : 'Highest first'}</option>
            </select>
          </div>
        </div>
        <div className="row">
          {FLAGS.map(([key, label]) => (
            <div className="check" key={key}>
              <input
                type="checkbox"
                id={`roster-${key}`}
                checked={f[key] === true}
                onChange={(e) => change({ ...f, [key]: e.target.checked ? true : undefined })}
              />
              <label htmlFor={`roster-${key}`}>{label}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <p className="roster-count" role="status" aria-live="polite">
        {r.error
          ? ''
          : d
            ? `${count} students${d.total < d.schoolTotal ? ` (${d.schoolTotal} enrolled)` : ''}`
            : 'Loading…'}
      </p>
      {r.error ? (
        <div className="notice error" role="alert">
          {r.error.message}
        </div>
      ) : d && d.rows.length === 0 ? (
        <p className="empty">No students match these filters.</p>
      ) : d ? (
        <table aria-describedby="roster-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Grade</th>
              <th scope="col">Homeroom</th>
              <th scope="col">Born</th>
              <th scope="col">Health</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={href(['students', s.id])}>
                    {s.lastName}, {s.preferredName || s.firstName}
                  </a>
                  <div className="subtitle">{s.studentNumber}</div>
                </td>
                <td>{gradeLabel(s.grade)}</td>
                <td>{s.homeroom ?? ''}</td>
                <td className="nowrap">{formatDate(s.birthDate)}</td>
                <td>
                  <Flags row={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {d && d.total > ROSTER_PAGE ? (
        <nav className="actions" aria-label="Roster pages">
          <button
            type="button"
            className="secondary"
            disabled={d.offset === 0}
            onClick={() => setView({ ...view, offset: Math.max(0, d.offset - ROSTER_PAGE) })}
          >
            Previous page
          </button>
          <button
            type="button"
            className="secondary"
            disabled={d.offset + d.rows.length >= d.total}
            onClick={() => setView({ ...view, offset: d.offset + ROSTER_PAGE })}
          >
            Next page
          </button>
        </nav>
      ) : null}
    </section>
  );
}
