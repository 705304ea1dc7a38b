import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MarCorrectArgs, MarVoidArgs, type MarRow } from '../../src-shared/ipc/contract';
import { localTime } from '../../src-shared/time';
import { call } from '../bridge';
import { displayTimeZone, todayAt } from '../lib/format';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useModalDialog } from '../lib/hooks';

export type AmendKind = 'CORRECT' | 'VOID';

/** The correction's arguments: only what changed (the dose and time for a GIVEN dose), and the reason. */
export function correctionArgs(
  row: MarRow,
  v: { dose: string; time: string; note: string; reason: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = { administrationId: row.administrationId, reason: v.reason.trim() };
  if (row.status === 'GIVEN') {
    if (v.dose.trim() !== (row.doseGiven ?? '')) out.doseGiven = v.dose.trim();
    const was = row.at ? localTime(Date.parse(row.at), displayTimeZone()) : '';
    if (v.time !== was) out.givenAt = todayAt(v.time, row.at ? new Date(row.at) : new Date()) ?? v.time;
  }
  if (v.note.trim() !== (row.note ?? '')) out.note = v.note.trim();
  return out;
}

/**
 * Correct or void one recorded dose (a native modal dialog: focus inside, Escape closes). A reason is always
 * required; the record is never deleted (mar.correct / mar.void keep the old values in its history).
 */
export function AmendDialog(props: {
  row: MarRow;
  kind: AmendKind;
  onDone: (msg: string) => void;
  onClose: () => void;
}) {
  const { row, kind } = props;
  const ref = useModalDialog();
  const reasonRef = useRef<HTMLInputElement>(null);
  // after showModal (which focuses the first control): the reason, always required
  useEffect(() => reasonRef.current?.focus(), []);
  const given = row.status === 'GIVEN';
  const [dose, setDose] = useState(row.doseGiven ?? '');
  const [time, setTime] = useState(() => (row.at ? localTime(Date.parse(row.at), displayTimeZone()) : ''));
  const [note, setNote] = useState(row.note ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const title = `${kind === 'CORRECT' ? 'Correct' : 'Void'}: ${row.medication} for ${row.studentName}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const raw =
      kind === 'CORRECT'
        ? correctionArgs(row, { dose, time, note, reason })
        : { administrationId: row.administrationId, reason: reason.trim() };
    const parsed = (kind === 'CORRECT' ? MarCorrectArgs : MarVoidArgs).safeParse(raw);
    setGeneral(undefined);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (kind === 'CORRECT') await call('mar.correct', MarCorrectArgs.parse(raw));
      else await call('mar.void', MarVoidArgs.parse(raw));
      props.onDone(
        `${row.medication} for ${row.studentName}: ${kind === 'CORRECT' ? 'corrected' : 'voided'}.`,
      );
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(r.general);
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="amend-title" onClose={props.onClose}>
      <h2 id="amend-title">{title}</h2>
      <p>
        {kind === 'CORRECT'
          ? 'Change what was recorded. The old values stay in the history.'
          : 'The dose stays on record, marked voided, and counts nowhere.'}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general ?? errors.administrationId} />
        {kind === 'CORRECT' && given ? (
          <>
            <Field label="Dose given" error={errors.doseGiven}>
              {(p) => <input {...p} type="text" value={dose} onChange={(e) => setDose(e.target.value)} />}
            </Field>
            <Field label="Time given" error={errors.givenAt}>
              {(p) => <input {...p} type="time" value={time} onChange={(e) => setTime(e.target.value)} />}
            </Field>
          </>
        ) : null}
        {kind === 'CORRECT' ? (
          <Field label="Note" error={given ? errors.note : (errors.note ?? errors.doseGiven)}>
            {(p) => <input {...p} type="text" value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
        ) : null}
        <Field
          label={kind === 'CORRECT' ? 'Reason for the correction' : 'Reason for voiding'}
          error={errors.reason}
        >
          {(p) => (
            <input {...p} type="text" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            {kind === 'CORRECT' ? 'Save correction' : 'Void dose'}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
