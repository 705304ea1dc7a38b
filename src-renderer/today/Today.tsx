import type { TodayResult } from '../../src-shared/ipc/contract';
import { DOSE_WINDOW_LABEL } from '../../src-shared/mar';
import { AlertsPanel } from '../alerts';
import { formatDate, formatTime, minutesSince, titleCase } from '../lib/format';
import { useCall, useFocusOnMount, useNow, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { PrintButton } from '../reports';

export const TODAY_REFRESH_MS = 10_000;

export function TriageBadge(props: { triage: string | undefined }) {
  if (!props.triage) return null;
  const tone = props.triage === 'EMERGENCY' ? 'danger' : props.triage === 'URGENT' ? 'warn' : 'neutral';
  return <span className={`badge ${tone}`}>{titleCase(props.triage)}</span>;
}

function Queue(props: { queue: TodayResult['queue']; now: number }) {
  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">
        In the clinic now <span className="count">({props.queue.length})</span>
      </h2>
      {props.queue.length === 0 ? (
        <p className="empty">Nobody is in the clinic.</p>
      ) : (
        <ul className="plain-list">
          {props.queue.map((q) => (
            <li key={q.visitId}>
              <a href={href(['students', q.studentId])}>
                <strong>{q.studentName}</strong>
              </a>{' '}
              <TriageBadge triage={q.triage} />
              <br />
              <span className="subtitle">
                {q.reason} · since {formatTime(q.arrivedAt)} ({minutesSince(q.arrivedAt, props.now)} min)
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MedsDue(props: { meds: TodayResult['medsDue'] }) {
  return (
    <section className="card" aria-labelledby="meds-title">
      <h2 id="meds-title">
        Medications due <span className="count">({props.meds.length})</span>
      </h2>
      {props.meds.length === 0 ? (
        <p className="empty">No medication is due now.</p>
      ) : (
        <ul className="plain-list">
          {props.meds.map((m) => (
            <li key={`${m.studentMedicationId}-${m.dueAt}`}>
              <strong>{formatTime(m.dueAt)}</strong>{' '}
              <span className={`badge ${m.status === 'DUE' ? 'warn' : 'danger'}`}>
                {DOSE_WINDOW_LABEL[m.status]}
              </span>{' '}
              <a href={href(['students', m.studentId])}>{m.studentName}</a>
              <br />
              <span className="subtitle">
                {m.medication} · {m.dose} · {m.route}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={href(['mar'])}>Record doses in the MAR</a>
      </p>
    </section>
  );
}

function Visits(props: { visits: TodayResult['visits'] }) {
  return (
    <section className="card" aria-labelledby="visits-title">
      <h2 id="visits-title">
        Today’s visits <span className="count">({props.visits.length})</span>
      </h2>
      {props.visits.length === 0 ? (
        <p className="empty">No visits yet today.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Arrived</th>
              <th scope="col">Student</th>
              <th scope="col">Reason</th>
              <th scope="col">Outcome</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.visits.map((v) => (
              <tr key={v.visitId}>
                <td className="nowrap">{formatTime(v.arrivedAt)}</td>
                <td>
                  <a href={href(['students', v.studentId])}>{v.studentName}</a>{' '}
                  <TriageBadge triage={v.triage} />
                </td>
                <td>
                  {v.reason}
                  {v.complaint ? <span className="subtitle"> — {v.complaint}</span> : null}
                </td>
                <td>
                  {v.inClinic
                    ? 'In the clinic'
                    : v.sentHome
                      ? 'Sent home'
                      : v.returnedToClassAt
                        ? `Back to class ${formatTime(v.returnedToClassAt)}`
                        : `Left ${formatTime(v.departedAt)}`}
                </td>
                <td className="nowrap">
                  <a href={href(['visits', v.visitId, 'note'], { student: v.studentId })}>Excuse note</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Today: who is in the clinic, medications due and missed, the school's open alerts (acknowledge), today's visits. */
export function Today() {
  useTitle('Today');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const today = useCall('today.get', {}, 'today', TODAY_REFRESH_MS);
  const now = useNow(30_000);
  const t = today.data;
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Today
        </h1>
        {t ? <span className="subtitle">{formatDate(t.date)}</span> : null}
        <div className="actions">
          <a className="button" href={href(['visits', 'new'])} aria-keyshortcuts="Alt+N">
            New visit <kbd>Alt+N</kbd>
          </a>
          {t ? (
            <PrintButton
              className="secondary"
              item={{ label: 'Print the visit log', request: { report: 'visitLog', date: t.date } }}
            />
          ) : null}
        </div>
      </div>
      {today.error ? (
        <div className="notice error" role="alert">
          {today.error.message}
        </div>
      ) : null}
      {!t && !today.error ? <p role="status">Loading…</p> : null}
      {t ? (
        <>
          <div className="today-top">
            <Queue queue={t.queue} now={now} />
            <MedsDue meds={t.medsDue} />
            <AlertsPanel />
          </div>
          <div className="spaced">
            <Visits visits={t.visits} />
          </div>
        </>
      ) : null}
    </>
  );
}
