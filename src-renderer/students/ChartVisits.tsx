import { useEffect, useState } from 'react';
import type { ChartResult } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { formatDateTime } from '../lib/format';
import { toIpcError } from '../lib/hooks';
import { href } from '../lib/router';
import { TriageBadge } from '../today';

/** The chart's visits: the first page comes with the chart; "Show more" asks the core for the next (students.visits). */

const PAGE = 25;
type Visit = ChartResult['visits'][number];

export function ChartVisits(props: { studentId: string; first: readonly Visit[]; total: number }) {
  const [more, setMore] = useState<Visit[]>([]);
  const [total, setTotal] = useState(props.total);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setMore([]);
    setTotal(props.total);
  }, [props.first, props.total]);
  const visits = [...props.first, ...more];

  async function showMore() {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call('students.visits', {
        studentId: props.studentId,
        offset: visits.length,
        limit: PAGE,
      });
      setMore((m) => [...m, ...r.visits.filter((v) => !visits.some((x) => x.visitId === v.visitId))]);
      setTotal(r.total);
    } catch (e) {
      setError(toIpcError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="visits-title">
      <h2 id="visits-title">
        Visits <span className="count">({total})</span>
      </h2>
      {visits.length === 0 ? (
        <p className="empty">No clinic visits yet.</p>
      ) : (
        <table aria-labelledby="visits-title">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Reason and complaint</th>
              <th scope="col">Treatment</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v) => (
              <tr key={v.visitId}>
                <td className="nowrap">{formatDateTime(v.arrivedAt)}</td>
                <td>
                  {v.reason} <TriageBadge triage={v.triage} />
                  <div className="subtitle">{v.complaint}</div>
                </td>
                <td>
                  {v.treatment ?? ''}
                  {v.sentHome ? <div className="badge warn">Sent home</div> : null}
                  <div>
                    <a href={href(['visits', v.visitId], { student: props.studentId })}>
                      Open visit<span className="visually-hidden"> of {formatDateTime(v.arrivedAt)}</span>
                    </a>{' '}
                    ·{' '}
                    <a href={href(['visits', v.visitId, 'note'], { student: props.studentId })}>
                      Excuse note
                    </a>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {visits.length > 0 ? (
        <div className="actions">
          <span className="visits-count" role="status">
            {visits.length} of {total}
          </span>
          {visits.length < total ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void showMore()}>
              Show more
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}

/** Guardians and emergency contacts, primary and emergency first (the chart's top). */
export function ChartContacts(props: { guardians: ChartResult['guardians'] }) {
  const list = [...props.guardians].sort(
    (a, b) =>
      Number(b.isPrimaryContact) - Number(a.isPrimaryContact) ||
      Number(b.isEmergencyContact) - Number(a.isEmergencyContact),
  );
  return (
    <section className="card contacts" aria-labelledby="contacts-title">
      <h2 id="contacts-title">
        Guardians and emergency contacts <span className="count">({list.length})</span>
      </h2>
      {list.length === 0 ? (
        <p className="empty">No guardian or emergency contact on record.</p>
      ) : (
        <ul className="plain-list contact-list">
          {list.map((g) => (
            <li key={g.id}>
              <strong>{g.name}</strong> ({g.relationship}) · <span className="nowrap">{g.phone}</span>{' '}
              {g.isPrimaryContact ? <span className="badge neutral">Primary contact</span> : null}{' '}
              {g.isEmergencyContact ? <span className="badge neutral">Emergency contact</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
