import { useEffect, useState } from 'react';
import { DOSES_PAGE, type StudentDose } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { formatDateTime, titleCase } from '../lib/format';
import { toIpcError } from '../lib/hooks';
import { href } from '../lib/router';
import { changeText } from './DoseHistory';

/**
 * The chart's medication doses (mar.studentDoses): newest first, a page at a time ("25 of 78", Show more), each
 * with its corrections and void — who, when, what changed, why. A voided dose stays on the list, struck through
 * and labelled "Voided" (a screen reader hears the label, not the strike).
 */

function Corrections(props: { dose: StudentDose }) {
  if (props.dose.corrections.length === 0) return null;
  return (
    <ul className="dose-corrections">
      {props.dose.corrections.map((c) => (
        <li key={c.id}>
          <strong>{c.kind === 'VOID' ? 'Voided' : 'Corrected'}</strong> by {c.by}, {formatDateTime(c.at)}
          {Object.entries(c.changes)
            // a void's own time is the entry's ("Voided by …, 9:57 AM")
            .filter(([f]) => f !== 'voided' && f !== 'voidedAt')
            .map(([f, v]) => (
              <span key={f}> · {changeText(f, v)}</span>
            ))}
          <div className="subtitle">Reason: {c.reason}</div>
        </li>
      ))}
    </ul>
  );
}

function DoseRow(props: { dose: StudentDose; studentId: string }) {
  const d = props.dose;
  const what = `${d.medication}${d.doseGiven ? ` ${d.doseGiven}` : ''}${d.route ? `, ${d.route}` : ''}`;
  return (
    <tr className={d.voided ? 'voided' : undefined}>
      <td className="nowrap">{d.at ? formatDateTime(d.at) : ''}</td>
      <td>
        {d.voided ? <del>{what}</del> : what} {d.voided ? <span className="badge danger">Voided</span> : null}
        <div className="subtitle">
          {d.stock ? 'From stock' : 'Ordered'}
          {d.clinicVisitId ? (
            <>
              {' · '}
              <a href={href(['visits', d.clinicVisitId], { student: props.studentId })}>
                In a clinic visit
                {d.at ? <span className="visually-hidden"> of {formatDateTime(d.at)}</span> : null}
              </a>
            </>
          ) : null}
        </div>
        <Corrections dose={d} />
      </td>
      <td>
        {titleCase(d.status)}
        {d.by ? <div className="subtitle">by {d.by}</div> : null}
      </td>
    </tr>
  );
}

export function ChartDoses(props: { studentId: string }) {
  const [doses, setDoses] = useState<StudentDose[]>([]);
  const [total, setTotal] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function load(offset: number) {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call('mar.studentDoses', { studentId: props.studentId, offset, limit: DOSES_PAGE });
      setDoses((d) => {
        const base = offset === 0 ? [] : d;
        return [
          ...base,
          ...r.doses.filter((x) => !base.some((y) => y.administrationId === x.administrationId)),
        ];
      });
      setTotal(r.total);
    } catch (e) {
      setError(toIpcError(e).message);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    void load(0);
  }, [props.studentId]);

  return (
    <section className="card" aria-labelledby="doses-title">
      <h2 id="doses-title">
        Medication doses {total !== undefined ? <span className="count">({total})</span> : null}
      </h2>
      {total === undefined && !error ? <p role="status">Loading…</p> : null}
      {total === 0 ? <p className="empty">No medication doses recorded.</p> : null}
      {doses.length > 0 ? (
        <table aria-labelledby="doses-title">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Medication and history</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {doses.map((d) => (
              <DoseRow key={d.administrationId} dose={d} studentId={props.studentId} />
            ))}
          </tbody>
        </table>
      ) : null}
      {total !== undefined && total > 0 ? (
        <div className="actions">
          <span className="doses-count" role="status">
            {doses.length} of {total}
          </span>
          {doses.length < total ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void load(doses.length)}
            >
              Show more doses
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
