import { useState, type FormEvent } from 'react';
import {
  AMEND_LABEL,
  rangeText,
  VITAL_RANGES,
  type AmendableField,
  type VitalName,
} from '../../src-shared/clinic-visits';
import { VisitAmendArgs, type VisitDetail } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toLocalInput } from '../lib/format';
import { toIpcError } from '../lib/hooks';
import {
  AMEND_FORM_FIELDS,
  changeOf,
  choicesOf,
  currentOf,
  kindOf,
  labelOf,
  type AmendValueState,
  type FormField,
} from './amend-form';
import { PainScore } from './PainScore';

/** "Departure: cannot be before the arrival (9:54 AM)": the core's refusal, naming the field as the form calls it. */
function fieldMessage(fields: FieldErrors): string {
  const [path, message] = Object.entries(fields)[0] ?? ['', ''];
  const k = path.replace(/^changes\./, '');
  return k in AMEND_LABEL ? `${AMEND_LABEL[k as AmendableField]}: ${message}` : message;
}

/**
 * Amend a saved visit: any field clinicVisits.amend accepts (text, triage, vital signs, the pain score with its
 * scale, the outcome and its times, the parent notification), its new value and the reason. The history below
 * shows every amendment.
 */
export function AmendVisit(props: { visit: VisitDetail; onDone: () => void }) {
  const [field, setField] = useState<FormField>('complaint');
  const [state, setState] = useState<AmendValueState>(() => currentOf(props.visit, 'complaint'));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saving, setSaving] = useState(false);
  const kind = kindOf(field);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const args = { visitId: props.visit.visitId, changes: changeOf(field, state), reason };
    const parsed = VisitAmendArgs.safeParse(args);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setGeneral('Please check the fields marked below.');
      return;
    }
    setSaving(true);
    try {
      await call('clinicVisits.amend', parsed.data);
      setErrors({});
      setGeneral(undefined);
      setReason('');
      props.onDone();
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(`Not amended: ${r.general ?? fieldMessage(r.fields)}`);
    } finally {
      setSaving(false);
    }
  }

  const valueError =
    errors[`changes.${field}`] ??
    (kind === 'pain' ? errors['changes.painScale'] : undefined) ??
    errors.changes;
  const hint =
    kind === 'number'
      ? rangeText(field as VitalName)
      : kind === 'time'
        ? 'School time; empty clears it'
        : undefined;
  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="amend-title">
      <h2 id="amend-title">Amend this visit</h2>
      <FormError message={general} id="amend-error" />
      <div className="row">
        <Field label="Field">
          {(p) => (
            <select
              {...p}
              value={field}
              onChange={(e) => {
                const k = e.target.value as FormField;
                setField(k);
                setState(currentOf(props.visit, k));
                setErrors({});
                setGeneral(undefined);
              }}
            >
              {AMEND_FORM_FIELDS.map((k) => (
                <option key={k} value={k}>
                  {labelOf(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === 'pain' ? null : (
          <Field label="New value" hint={hint} error={valueError}>
            {(p) =>
              kind === 'choice' ? (
                <select
                  {...p}
                  value={state.value}
                  onChange={(e) => setState({ ...state, value: e.target.value })}
                >
                  {choicesOf(field).map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              ) : kind === 'time' ? (
                <input
                  {...p}
                  type="datetime-local"
                  max={toLocalInput(new Date())}
                  value={state.value}
                  onChange={(e) => setState({ ...state, value: e.target.value })}
                />
              ) : (
                <input
                  {...p}
                  type="text"
                  inputMode={
                    kind === 'number' && !VITAL_RANGES[field as VitalName].integer ? 'decimal' : 'text'
                  }
                  value={state.value}
                  onChange={(e) => setState({ ...state, value: e.target.value })}
                />
              )
            }
          </Field>
        )}
      </div>
      {kind === 'pain' ? (
        <PainScore
          idPrefix="amend"
          scale={state.painScale}
          score={state.value}
          onScale={(s) => setState({ ...state, painScale: s })}
          onScore={(v) => setState({ ...state, value: v })}
          error={valueError}
        />
      ) : null}
      <Field label="Reason for the amendment" error={errors.reason}>
        {(p) => <input {...p} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save amendment'}
        </button>
      </div>
    </form>
  );
}
