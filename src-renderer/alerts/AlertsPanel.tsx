import { useState } from 'react';
import type { AlertRow } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { formatTime, titleCase } from '../lib/format';
import { toIpcError, useCall, useFocusOnMount } from '../lib/hooks';
import { href } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { announceAlertsChanged, useAlertsChanged } from './events';

export const ALERTS_REFRESH_MS = 10_000;

export function priorityTone(p: string): string {
  return p === 'CRITICAL' || p === 'EMERGENCY' ? 'danger' : p === 'HIGH' ? 'warn' : 'neutral';
}

export const isOpen = (a: Pick<AlertRow, 'status'>): boolean =>
  a.status === 'ACTIVE' || a.status === 'ESCALATED';

/** "for Noah Williams" when the alert is about a student. */
const about = (a: AlertRow): string => (a.studentName ? ` for ${a.studentName}` : '');

/** The acknowledge button of one alert: its visible word, and for a screen reader which alert. */
export function AcknowledgeButton(props: { alert: AlertRow; busy: boolean; onClick: () => void }) {
  return (
    <button type="button" className="small" disabled={props.busy} onClick={props.onClick}>
      Acknowledge
      <span className="visually-hidden">
        {' '}
        {props.alert.title}
        {about(props.alert)}
      </span>
    </button>
  );
}

/**
 * The school's open alerts (and those acknowledged today), most urgent first, each with Acknowledge; opening one
 * resolves it with notes (AlertPage). Times are the school's.
 */
export function AlertsPanel(props: { headingLevel?: 1 | 2 }) {
  const readOnly = useReadOnly();
  const page = props.headingLevel === 1;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const list = useCall('alerts.list', {}, 'alerts', ALERTS_REFRESH_MS);
  useAlertsChanged(list.reload);
  const [busy, setBusy] = useState<string>();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const alerts = list.data ?? [];
  const open = alerts.filter(isOpen).length;

  async function acknowledge(a: AlertRow) {
    setBusy(a.id);
    setError(undefined);
    try {
      await call('alerts.acknowledge', { id: a.id });
      setDone(`Acknowledged: ${a.title}${about(a)}.`);
      list.reload();
      announceAlertsChanged();
    } catch (e) {
      setError(toIpcError(e).message);
    } finally {
      setBusy(undefined);
    }
  }

  const Heading = props.headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section className="card alerts-panel" aria-labelledby="alerts-title">
      <Heading id="alerts-title" tabIndex={page ? -1 : undefined} ref={page ? heading : undefined}>
        Open alerts <span className="count">({open})</span>
      </Heading>
      <p role="status" className="subtitle">
        {done ?? ''}
      </p>
      {error ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {list.error ? (
        <div className="notice error" role="alert">
          {list.error.message}
        </div>
      ) : null}
      {list.data && alerts.length === 0 ? <p className="empty">No open alerts.</p> : null}
      {alerts.length > 0 ? (
        <ul className="plain-list" aria-label="Alerts">
          {alerts.map((a) => (
            <li key={a.id} className={isOpen(a) ? undefined : 'acknowledged'}>
              <span className={`badge ${priorityTone(a.priority)}`}>{titleCase(a.priority)}</span>{' '}
              <a href={href(['alerts', a.id])}>
                <strong>{a.title}</strong>
              </a>
              {a.studentId && a.studentName ? (
                <>
                  {' · '}
                  <a href={href(['students', a.studentId])}>{a.studentName}</a>
                </>
              ) : a.studentName ? (
                <> · {a.studentName}</>
              ) : null}
              <br />
              <span className="subtitle">
                {formatTime(a.triggeredAt)}
                {a.status === 'ESCALATED' ? ' · escalated' : ''}
                {a.status === 'ACKNOWLEDGED'
                  ? ` · acknowledged${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ''} at ${formatTime(a.acknowledgedAt)}`
                  : ''}
              </span>
              {a.message ? <div className="subtitle">{a.message}</div> : null}
              {!readOnly ? (
                <div className="actions">
                  {isOpen(a) ? (
                    <AcknowledgeButton alert={a} busy={busy === a.id} onClick={() => void acknowledge(a)} />
                  ) : null}
                  <a href={href(['alerts', a.id])} className="button secondary small">
                    Resolve
                    <span className="visually-hidden">
                      {' '}
                      {a.title}
                      {about(a)}
                    </span>
                  </a>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
