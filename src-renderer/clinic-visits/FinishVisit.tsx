import { useState, type FormEvent } from 'react';
import { DISPOSITION_LABEL, VISIT_DISPOSITIONS, type VisitDisposition } from '../../src-shared/clinic-visits';
import { VisitFinishArgs, type VisitDetail } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { formatTime, toLocalInput } from '../lib/format';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError } from '../lib/hooks';
import { hhmm, onArrivalDay } from './visit-form';

/** Finishing a visit still in the clinic: the outcome and when (times on the arrival's day, school time). */
export function FinishVisit(props: { visit: VisitDetail; onDone: () => void }) {
  const [disposition, setDisposition] = useState<VisitDisposition>('RETURNED_TO_CLASS');
  const [at, setAt] = useState(hhmm(new Date()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saving, setSaving] = useState(false);
  const arrivedLocal = toLocalInput(new Date(props.visit.arrivedAt));
  const field = disposition === 'RETURNED_TO_CLASS' ? 'returnedToClassAt' : 'departedAt';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const when = onArrivalDay(arrivedLocal, at);
    const args = { visitId: props.visit.visitId, disposition, [field]: when };
    const parsed = VisitFinishArgs.safeParse(args);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setGeneral('Please check the time.');
      return;
    }
    setSaving(true);
    try {
      await call('clinicVisits.finish', parsed.data);
      setErrors({});
      setGeneral(undefined);
      props.onDone();
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(`Not saved: ${r.general ?? Object.values(r.fields)[0] ?? ''}`);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="finish-title">
      <h2 id="finish-title">Finish the visit</h2>
      <p className="hint">
        The student is still in the clinic (arrived {formatTime(props.visit.arrivedAt)}).
      </p>
      <FormError message={general} id="finish-error" />
      <fieldset>
        <legend>Outcome</legend>
        <div className="segmented" role="radiogroup" aria-label="Outcome">
          {VISIT_DISPOSITIONS.map((d) => (
            <label key={d}>
              <input
                type="radio"
                name="finish-disposition"
                value={d}
                checked={disposition === d}
                onChange={() => setDisposition(d)}
              />
              {DISPOSITION_LABEL[d]}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label={disposition === 'RETURNED_TO_CLASS' ? 'Back to class at' : 'Left at'}
        error={errors[field] ?? errors.disposition}
      >
        {(p) => <input {...p} type="time" value={at} onChange={(e) => setAt(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Finish visit'}
        </button>
      </div>
    </form>
  );
}
