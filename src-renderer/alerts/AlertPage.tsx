import { useState, type FormEvent } from 'react';
import { call } from '../bridge';
import { formatDateTime, titleCase } from '../lib/format';
import { Field, FormError, ipcFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { AcknowledgeButton, AlertsPanel, isOpen, priorityTone } from './AlertsPanel';
import { announceAlertsChanged } from './events';

/** Alerts: the school's open alerts (the same panel as Today's). */
export function AlertsPage() {
  useTitle('Alerts');
  return <AlertsPanel headingLevel={1} />;
}

/** One alert: what happened, who acknowledged it; acknowledge, resolve with notes, or dismiss where allowed. */
export function AlertPage(props: { alertId: string }) {
  const readOnly = useReadOnly();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const alert = useCall('alerts.get', { id: props.alertId }, props.alertId);
  const a = alert.data;
  useTitle(a ? a.title : 'Alert');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function act(what: () => Promise<unknown>, message: string) {
    setBusy(true);
    setGeneral(undefined);
    setErrors({});
    try {
      await what();
      setDone(message);
      alert.reload();
      announceAlertsChanged();
    } catch (e) {
      const r = ipcFieldErrors(toIpcError(e));
      setErrors(r.fields);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  }

  function resolve(e: FormEvent) {
    e.preventDefault();
    void act(() => call('alerts.resolve', { id: props.alertId, notes }), 'The alert is resolved.');
  }

  const closed = a !== undefined && (a.status === 'RESOLVED' || a.status === 'EXPIRED');
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {a ? a.title : 'Alert'}
        </h1>
        {a ? <span className={`badge ${priorityTone(a.priority)}`}>{titleCase(a.priority)}</span> : null}
        <div className="actions">
          <a className="button secondary" href={href(['today'])}>
            Back to Today
          </a>
        </div>
      </div>
      <p role="status">{done ?? ''}</p>
      {alert.error ? (
        <div className="notice error" role="alert">
          {alert.error.message}
        </div>
      ) : null}
      {!a && !alert.error ? <p>Loading…</p> : null}
      {a ? (
        <section className="card" aria-labelledby="alert-facts">
          <h2 id="alert-facts">What happened</h2>
          {a.message ? <p>{a.message}</p> : null}
          <dl className="facts">
            <dt>Status</dt>
            <dd>{titleCase(a.status)}</dd>
            {a.studentName ? (
              <>
                <dt>Student</dt>
                <dd>
                  {a.studentId ? (
                    <a href={href(['students', a.studentId])}>{a.studentName}</a>
                  ) : (
                    a.studentName
                  )}
                </dd>
              </>
            ) : null}
            <dt>Raised</dt>
            <dd>{formatDateTime(a.triggeredAt)}</dd>
            {a.acknowledgedAt ? (
              <>
                <dt>Acknowledged</dt>
                <dd>
                  {formatDateTime(a.acknowledgedAt)}
                  {a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ''}
                </dd>
              </>
            ) : null}
            {a.resolvedAt ? (
              <>
                <dt>Resolved</dt>
                <dd>
                  {formatDateTime(a.resolvedAt)}
                  {a.resolvedBy ? ` by ${a.resolvedBy}` : ''}
                  {a.resolutionNotes ? ` — ${a.resolutionNotes}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {!readOnly && isOpen(a) ? (
            <div className="actions">
              <AcknowledgeButton
                alert={a}
                busy={busy}
                onClick={() =>
                  void act(() => call('alerts.acknowledge', { id: a.id }), 'The alert is acknowledged.')
                }
              />
            </div>
          ) : null}
        </section>
      ) : null}
      {a && !readOnly && !closed ? (
        <form className="card" onSubmit={resolve} aria-labelledby="resolve-title" noValidate>
          <h2 id="resolve-title">Resolve</h2>
          <FormError message={general} />
          <Field label="What was done" error={errors.notes}>
            {(p) => <textarea {...p} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              Resolve
            </button>
            {a.canDismiss ? (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() =>
                  void act(
                    () => call('alerts.dismiss', { id: a.id, ...(notes.trim() ? { reason: notes } : {}) }),
                    'The alert is dismissed.',
                  )
                }
              >
                Dismiss
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </>
  );
}
