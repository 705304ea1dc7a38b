import { useState, type FormEvent } from 'react';
import {
  alertDetail,
  alertView,
  healthDepartmentNotification,
  type AlertDetail,
} from '../../../src-shared/api/outbreaks';
import type { OutbreakStatus } from '../../../src-shared/outbreaks';
import { calendarDate } from '../../../src-shared/time';
import { Field, FormError, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { gradeLabel, plural, titleCase } from '../../lib/format';
import { href } from '../../lib/router';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';
import { EpiCurve } from './EpiCurve';
import {
  atSchool,
  methodLabel,
  MOVE_LABEL,
  OUTBREAK_ACTORS,
  OUTBREAK_STATUS_BADGE,
  OUTBREAK_STATUS_LABEL,
} from './shared';

/** One outbreak alert: its epidemic curve, where the cases cluster, the cases, the workflow and the notification. */
export function OutbreakAlert(props: { id: string; role: string }) {
  const alert = useLoad(
    () => api('GET', `/outbreaks/alerts/${encodeURIComponent(props.id)}`, alertDetail),
    `alert:${props.id}`,
  );
  const a = alert.data;
  const title = a ? `${a.patternName ?? 'Cluster'} at ${a.schoolName}` : 'Outbreak alert';
  return (
    <Page
      title={title}
      subtitle={
        a
          ? `Opened ${atSchool(a.alertDate, a.timeZone)} (the school's time), detected by ${methodLabel(a.detection?.method)}.`
          : undefined
      }
      actions={
        <a className="button secondary" href={href(['outbreaks'])}>
          All outbreaks
        </a>
      }
    >
      <LoadState loading={alert.loading && !a} error={alert.error} what="the outbreak alert" />
      {a ? <AlertBody a={a} role={props.role} reload={alert.reload} /> : null}
    </Page>
  );
}

function AlertBody(props: { a: AlertDetail; role: string; reload: () => void }) {
  const { a } = props;
  const acts = OUTBREAK_ACTORS.includes(props.role);
  const signalDates = (a.detection?.signals ?? []).map((s) => s.date);
  return (
    <>
      <section className="summary-cards" aria-label="Summary">
        <div className="card stat">
          <span className="count">{a.affectedStudents}</span>
          <span className="stat-label">Students affected</span>
        </div>
        <div className="card stat">
          <span className="count">
            {a.percentAffected !== null ? `${a.percentAffected.toFixed(1)} %` : '—'}
          </span>
          <span className="stat-label">Of enrollment{a.population !== null ? ` (${a.population})` : ''}</span>
        </div>
        <div className="card stat">
          <span className="count">
            <span className={`badge ${OUTBREAK_STATUS_BADGE[a.status]}`}>
              {OUTBREAK_STATUS_LABEL[a.status]}
            </span>
          </span>
          <span className="stat-label">Status</span>
        </div>
        <div className="card stat">
          <span className="count">{a.severity ? titleCase(a.severity) : '—'}</span>
          <span className="stat-label">Severity</span>
        </div>
      </section>
      <Workflow a={a} acts={acts} reload={props.reload} />
      <HealthDepartment a={a} acts={acts} reload={props.reload} />
      <section className="card" aria-labelledby="curve-h">
        <h2 id="curve-h">Epidemic curve</h2>
        {a.epidemicCurve.length === 0 ? (
          <p className="empty">No daily counts recorded for this alert.</p>
        ) : (
          <EpiCurve
            title={`Cases by day at ${a.schoolName}`}
            days={a.epidemicCurve}
            signalDates={signalDates}
          />
        )}
        {a.detection && a.detection.signals.length > 0 ? (
          <p className="subtle">
            Signals:{' '}
            {a.detection.signals
              .map(
                (s) =>
                  `${methodLabel(s.method)} on ${calendarDate(s.date)} (${plural(s.count, 'case')}, ${s.expected.toFixed(1)} expected)`,
              )
              .join('; ')}
            .
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="where-h">
        <h2 id="where-h">Where the cases are</h2>
        <div className="chart-with-table">
          <table className="epi-table">
            <caption>By grade</caption>
            <thead>
              <tr>
                <th scope="col">Grade</th>
                <th scope="col" className="num">
                  Cases
                </th>
              </tr>
            </thead>
            <tbody>
              {a.grades.map((g) => (
                <tr key={g.grade}>
                  <th scope="row">{gradeLabel(g.grade)}</th>
                  <td className="num">{g.cases}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="epi-table">
            <caption>By location</caption>
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" className="num">
                  Cases
                </th>
              </tr>
            </thead>
            <tbody>
              {a.locations.map((l) => (
                <tr key={l.location}>
                  <th scope="row">{l.location}</th>
                  <td className="num">{l.cases}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="cases-h">
        <h2 id="cases-h">Cases ({a.cases.length})</h2>
        {a.cases.length === 0 ? (
          <p className="empty">No case linked.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Onset</th>
                <th scope="col">Student</th>
                <th scope="col">Grade</th>
                <th scope="col">Location</th>
                <th scope="col">Symptoms</th>
                <th scope="col">Link</th>
              </tr>
            </thead>
            <tbody>
              {a.cases.map((c) => (
                <tr key={c.symptomTrackingId}>
                  <th scope="row" className="nowrap">
                    {calendarDate(c.onsetDate)}
                  </th>
                  <td>{c.studentName ?? <span className="subtle">Not shown to district roles</span>}</td>
                  <td>{c.grade ? gradeLabel(c.grade) : '—'}</td>
                  <td>{c.location ?? '—'}</td>
                  <td>{c.symptoms.map((s) => titleCase(s)).join(', ')}</td>
                  <td>
                    {c.linkStrength ? titleCase(c.linkStrength) : '—'}
                    {c.cluster !== null ? ` (cluster ${c.cluster})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Workflow(props: { a: AlertDetail; acts: boolean; reload: () => void }) {
  const { a } = props;
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);

  async function move(to: OutbreakStatus) {
    if (to === 'RESOLVED' && !note.trim()) {
      setNoteError('say why the outbreak is resolved');
      return;
    }
    setBusy(true);
    setOutcome({});
    setNoteError(undefined);
    try {
      await api('POST', `/outbreaks/alerts/${encodeURIComponent(a.id)}/status`, alertView, {
        body: { status: to, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      setOutcome({ ok: `The outbreak is now ${OUTBREAK_STATUS_LABEL[to].toLowerCase()}.` });
      setNote('');
      props.reload();
    } catch (e) {
      const err = toApiError(e);
      if (err.fields.note) setNoteError(err.fields.note);
      else setOutcome({ error: capitalized(err.message) });
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="workflow-h">
      <h2 id="workflow-h">Investigation</h2>
      <ol className="workflow-steps">
        {(['INVESTIGATING', 'CONFIRMED', 'CONTAINED', 'RESOLVED'] as const).map((s) => (
          <li key={s} aria-current={a.status === s ? 'step' : undefined}>
            {OUTBREAK_STATUS_LABEL[s]}
          </li>
        ))}
      </ol>
      {a.resolvedAt ? (
        <p>
          Resolved {atSchool(a.resolvedAt, a.timeZone)}
          {a.resolutionNotes ? `: ${a.resolutionNotes}` : ''}.
        </p>
      ) : null}
      <Outcome ok={outcome.ok} error={outcome.error} />
      {props.acts && a.allowedTransitions.length > 0 ? (
        <>
          <Field label="Note" hint="Needed to resolve; kept with the alert's history." error={noteError}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={note}
                onChange={(e) => {
                  setNote(e.target.value);
                  setNoteError(undefined);
                }}
              />
            )}
          </Field>
          <div className="actions">
            {a.allowedTransitions.map((to) => (
              <button
                key={to}
                type="button"
                className={to === 'RESOLVED' ? 'secondary' : undefined}
                disabled={busy}
                onClick={() => void move(to)}
              >
                {MOVE_LABEL[to]}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}

const METHODS = ['PHONE', 'FAX', 'EMAIL', 'PORTAL', 'LETTER'] as const;

function HealthDepartment(props: { a: AlertDetail; acts: boolean; reload: () => void }) {
  const hd = props.a.healthDepartment;
  const [form, setForm] = useState({ agency: '', method: 'PHONE', reference: '', notes: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!hd.reportable && !hd.notified) return null;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setErrors(({ [k]: _gone, ...rest }) => rest);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = healthDepartmentNotification.safeParse({
      agency: form.agency,
      method: form.method,
      ...(form.reference.trim() ? { reference: form.reference } : {}),
      ...(form.notes.trim() ? { notes: form.notes } : {}),
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setGeneral(undefined);
    try {
      await api(
        'POST',
        `/outbreaks/alerts/${encodeURIComponent(props.a.id)}/health-department-notification`,
        alertView,
        { body: parsed.data },
      );
      props.reload();
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields);
      if (Object.keys(a.fields).length === 0) setGeneral(capitalized(a.message));
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="hd-h">
      <h2 id="hd-h">Health department</h2>
      {hd.notified ? (
        <p>Notified{hd.notifiedAt ? ` ${atSchool(hd.notifiedAt, props.a.timeZone)}` : ''}.</p>
      ) : (
        <div className="notice warning" role="status">
          {hd.prompt ?? 'This pattern is reportable: notify the health department.'}
        </div>
      )}
      {!hd.notified && props.acts ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <FormError message={general} />
          <div className="form-grid">
            <Field label="Agency" error={errors.agency}>
              {(p) => <input {...p} type="text" value={form.agency} onChange={set('agency')} />}
            </Field>
            <Field label="How" error={errors.method}>
              {(p) => (
                <select {...p} value={form.method} onChange={set('method')}>
                  {METHODS.map((m) => (
                    <option key={m} value={m}>
                      {titleCase(m)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Reference (optional)" error={errors.reference}>
              {(p) => <input {...p} type="text" value={form.reference} onChange={set('reference')} />}
            </Field>
          </div>
          <Field label="Notes (optional)" error={errors.notes}>
            {(p) => <textarea {...p} rows={2} value={form.notes} onChange={set('notes')} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Recording…' : 'Record the notification'}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
