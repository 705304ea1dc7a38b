import { useState, type FormEvent } from 'react';
import { AMEND_LABEL, rangeText, VITAL_RANGES, type VitalName } from '../../src-shared/clinic-visits';
import { VisitAmendArgs, type VisitDetail } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError } from '../lib/hooks';
import { num } from './visit-form';

/** The fields a nurse corrects from this screen (times and outcome are corrected through the same method). */
const FIELDS = [
  'complaint',
  'treatment',
  'notes',
  'followUp',
  'heartRate',
  'temperatureF',
  'systolic',
  'diastolic',
  'bloodGlucose',
  'spo2',
  'respiratoryRate',
  'painScore',
  'peakFlow',
] as const;
type Amendable = (typeof FIELDS)[number];
const isVital = (k: Amendable): k is Amendable & VitalName => k in VITAL_RANGES;

const current = (v: VisitDetail, k: Amendable): string => {
  if (isVital(k)) return v.vitals[k] === undefined ? '' : String(v.vitals[k]);
  return v[k] ?? '';
};

/** Amend a saved visit: one field, its new value and the reason (the history below shows every amendment). */
export function AmendVisit(props: { visit: VisitDetail; onDone: () => void }) {
  const [field, setField] = useState<Amendable>('complaint');
  const [value, setValue] = useState(() => current(props.visit, 'complaint'));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = num(value);
    const newValue = isVital(field) ? (n === undefined ? null : n) : value.trim() || null;
    const args = { visitId: props.visit.visitId, changes: { [field]: newValue }, reason };
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
      setGeneral(`Not amended: ${r.general ?? Object.values(r.fields)[0] ?? ''}`);
    } finally {
      setSaving(false);
    }
  }

  const valueError = errors[`changes.${field}`] ?? errors.changes;
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
                const k = e.target.value as Amendable;
                setField(k);
                setValue(current(props.visit, k));
              }}
            >
              {FIELDS.map((k) => (
                <option key={k} value={k}>
                  {AMEND_LABEL[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="New value" hint={isVital(field) ? rangeText(field) : undefined} error={valueError}>
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode={isVital(field) ? 'decimal' : 'text'}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
      </div>
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
