import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { MarRow } from '../../src-shared/ipc/contract';
import { DOSE_TIMING_LABEL, DOSE_WINDOW_LABEL, doseTiming, doseWindow } from '../../src-shared/mar';
import { localTime } from '../../src-shared/time';
import { call } from '../bridge';
import { displayTimeZone, formatTime, titleCase, todayAt } from '../lib/format';
import { Field, FormError, ipcFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { RecordedActions } from './RecordedActions';
import {
  SafetyFindings,
  SafetyOverrideFields,
  emptyOverride,
  overrideArgs,
  type OverrideState,
} from '../medication-safety';

type Outcome = 'GIVEN' | 'MISSED' | 'REFUSED';

const rowKey = (r: MarRow) => `${r.studentMedicationId}|${r.scheduledAt}`;

function RecordDose(props: {
  row: MarRow;
  outcome: Outcome;
  onDone: (msg: string) => void;
  onCancel: () => void;
}) {
  const { row, outcome } = props;
  const given = outcome === 'GIVEN';
  const [note, setNote] = useState('');
  // the five rights: the dose and time given, default the ordered dose and now (school time)
  const [dose, setDose] = useState(row.dose);
  const [time, setTime] = useState(() => localTime(Date.now(), displayTimeZone()));
  const [repeatReason, setRepeatReason] = useState<string>();
  const givenAt = todayAt(time);
  const [override, setOverride] = useState<OverrideState>(emptyOverride);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  // feature 48: the check runs before the nurse confirms a GIVEN dose
  const check = useCall(
    'medicationSafety.check',
    {
      studentId: row.studentId,
      medicationId: row.medicationId,
      studentMedicationId: row.studentMedicationId,
    },
    given ? rowKey(row) : undefined,
  );
  const headingId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || (given && !check.data && !check.error)) return;
    if (!given && !note.trim()) {
      setErrors({ note: 'say why the dose was not given' });
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      await call('mar.record', {
        studentMedicationId: row.studentMedicationId,
        scheduledAt: row.scheduledAt,
        status: outcome,
        note: note.trim() || undefined,
        ...(given
          ? {
              doseGiven: dose.trim(),
              givenAt,
              prnRepeatReason: repeatReason?.trim() || undefined,
            }
          : {}),
        safetyOverride: given
          ? overrideArgs(check.data?.requires, check.data ? !check.data.drug : false, override)
          : undefined,
      });
      props.onDone(`${row.medication} for ${row.studentName}: ${titleCase(outcome)}.`);
    } catch (err) {
      const ipc = toIpcError(err);
      // a dose within the order's interval: ask for the PRN repeat's reason
      if (ipc.field === 'prnRepeatReason' && repeatReason === undefined) setRepeatReason('');
      const r = ipcFieldErrors(ipc);
      setErrors(r.fields);
      setGeneral(r.general);
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={`${titleCase(outcome)}: ${row.medication} for ${row.studentName}`}
    >
      <FormError message={general} />
      {given && !check.data && !check.error ? (
        <p role="status">Checking interactions and allergies…</p>
      ) : null}
      {given && check.error ? (
        <p className="field-error" role="alert">
          The safety check failed: {check.error.message}
        </p>
      ) : null}
      {given && check.data ? (
        <div className={check.data.requires === 'NONE' ? undefined : 'allergy-warning'} role="alert">
          <SafetyFindings check={check.data} headingId={headingId} />
          {check.data.requires !== 'NONE' ? (
            <SafetyOverrideFields
              requires={check.data.requires}
              unknownDrug={!check.data.drug}
              value={override}
              errors={errors}
              prefix=""
              idBase={`dose-${headingId}`}
              onChange={(p) => setOverride((o) => ({ ...o, ...p }))}
            />
          ) : null}
        </div>
      ) : null}
      {given ? (
        <div className="inline-input">
          <Field label="Dose given" error={errors.doseGiven}>
            {(p) => <input {...p} type="text" value={dose} onChange={(e) => setDose(e.target.value)} />}
          </Field>
          <Field label="Time given" error={errors.givenAt}>
            {(p) => <input {...p} type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
          </Field>
          <p className="subtitle" role="status">
            {givenAt ? DOSE_TIMING_LABEL[doseTiming(Date.parse(row.scheduledAt), Date.parse(givenAt))] : ''}
          </p>
        </div>
      ) : null}
      {given && repeatReason !== undefined ? (
        <div className="inline-input allergy-warning">
          <Field label="PRN repeat: why give it again?" error={errors.prnRepeatReason}>
            {(p) => (
              <input
                {...p}
                type="text"
                value={repeatReason}
                onChange={(e) => setRepeatReason(e.target.value)}
              />
            )}
          </Field>
        </div>
      ) : null}
      <div className="inline-input">
        <Field label={given ? 'Note (optional)' : 'Why was it not given?'} error={errors.note}>
          {(p) => (
            <input {...p} ref={first} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || (given && !check.data && !check.error)}>
          {given && check.data && check.data.requires !== 'NONE'
            ? 'Override and record given'
            : `Record ${titleCase(outcome).toLowerCase()}`}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function StatusCell(props: { row: MarRow }) {
  const r = props.row;
  if (r.status === 'SCHEDULED') {
    // the one rule Today and the missed-dose alert use (src-shared/mar)
    const w = doseWindow(Date.parse(r.scheduledAt), Date.now());
    return (
      <span className={`badge ${w === 'OVERDUE' || w === 'MISSED' ? 'danger' : 'warn'}`}>
        {DOSE_WINDOW_LABEL[w]}
      </span>
    );
  }
  return (
    <>
      <span className={`status-${r.status.toLowerCase()}`}>
        {r.voided ? 'Voided: ' : ''}
        {titleCase(r.status)}
        {r.timing ? ` · ${DOSE_TIMING_LABEL[r.timing]}` : ''}
      </span>
      {r.doseGiven ? <div className="subtitle">{r.doseGiven}</div> : null}
      <div className="subtitle">
        {r.by ? `by ${r.by}` : ''}
        {r.at ? ` at ${formatTime(r.at)}` : ''}
      </div>
      {r.note ? <div className="subtitle">{r.note}</div> : null}
    </>
  );
}

/** Medication administration record: today's scheduled doses; record given, missed or refused. */
export function Mar() {
  useTitle('Medications');
  const readOnly = useReadOnly();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const mar = useCall('mar.today', {}, 'mar', 30_000);
  const [editing, setEditing] = useState<{ key: string; outcome: Outcome }>();
  const [done, setDone] = useState<string>();
  const rows = mar.data ?? [];
  const open = rows.filter((r) => r.status === 'SCHEDULED').length;

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Medication administration record
        </h1>
        <span className="subtitle">
          Today · {open} of {rows.length} doses still to record
        </span>
        <a href={href(['mar', 'stock'])}>Controlled-substance stock</a>
      </div>
      <div role="status">{done ? <div className="notice ok">{done}</div> : null}</div>
      {mar.error ? (
        <div className="notice error" role="alert">
          {mar.error.message}
        </div>
      ) : null}
      <div className="card">
        {mar.data && rows.length === 0 ? <p className="empty">No scheduled doses today.</p> : null}
        {rows.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Student</th>
                <th scope="col">Medication</th>
                <th scope="col">Status</th>
                <th scope="col">Record</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const k = rowKey(r);
                return (
                  <Fragment key={k}>
                    <tr>
                      <td className="nowrap">
                        <strong>{formatTime(r.scheduledAt)}</strong>
                      </td>
                      <td>
                        <a href={href(['students', r.studentId])}>{r.studentName}</a>
                      </td>
                      <td>
                        {r.medication}
                        <div className="subtitle">
                          {r.dose} · {r.route}
                        </div>
                      </td>
                      <td>
                        <StatusCell row={r} />
                      </td>
                      <td className="nowrap">
                        {r.status === 'SCHEDULED' && !readOnly ? (
                          <div className="actions mar-actions">
                            {(['GIVEN', 'MISSED', 'REFUSED'] as const).map((o) => (
                              <button
                                key={o}
                                type="button"
                                className={o === 'GIVEN' ? 'small' : 'secondary small'}
                                aria-expanded={editing?.key === k && editing.outcome === o}
                                onClick={() => setEditing({ key: k, outcome: o })}
                              >
                                {titleCase(o)}
                                <span className="visually-hidden">
                                  : {r.medication} for {r.studentName} at {formatTime(r.scheduledAt)}
                                </span>
                              </button>
                            ))}
                          </div>
                        ) : (
                          <RecordedActions
                            row={r}
                            readOnly={readOnly}
                            onDone={(msg) => {
                              setDone(msg);
                              mar.reload();
                            }}
                          />
                        )}
                      </td>
                    </tr>
                    {editing?.key === k ? (
                      <tr>
                        <td colSpan={5}>
                          <RecordDose
                            row={r}
                            outcome={editing.outcome}
                            onCancel={() => setEditing(undefined)}
                            onDone={(msg) => {
                              setEditing(undefined);
                              setDone(msg);
                              mar.reload();
                            }}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </div>
    </>
  );
}
