import { useState, type FormEvent } from 'react';
import { ONSET_LOCATIONS, SYMPTOM_CATALOG, type IpcArgs } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { toLocalDate } from '../lib/format';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { useReadOnly } from '../lib/session';
import { ipcContract } from '../../src-shared/ipc/contract';

type Severity = 'MILD' | 'MODERATE' | 'SEVERE';

/** A free-text symptom's code: lower-case words joined by _ (the outbreak detection's key). */
export function symptomCode(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(slug) ? slug : `s_${slug}`.slice(0, 40);
}

/** Symptoms of a visit (the symptoms JSON outbreak detection reads): common ones to tick, others to type. */
export function SymptomsForm(props: { visitId: string; studentId: string | undefined }) {
  useTitle('Symptoms');
  const readOnly = useReadOnly();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const chart = useCall(
    'students.chart',
    props.studentId ? { studentId: props.studentId } : undefined,
    props.studentId,
  );
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [other, setOther] = useState('');
  const [onset, setOnset] = useState(toLocalDate(new Date()));
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [diagnosis, setDiagnosis] = useState('');
  const [icd10, setIcd10] = useState('');
  const [location, setLocation] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  function toggle(code: string) {
    setPicked((p) => {
      const n = new Set(p);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || saved) return;
    const others = other
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((label) => ({ code: symptomCode(label), label: label[0]!.toUpperCase() + label.slice(1) }));
    const symptoms = [
      ...SYMPTOM_CATALOG.filter((s) => picked.has(s.code)).map((s) => ({ code: s.code, label: s.label })),
      ...others,
    ].map((s) => ({ ...s, onset: onset || undefined, severity: severity || undefined }));
    const args: IpcArgs<'symptoms.record'> = {
      visitId: props.visitId,
      symptoms,
      onsetDate: onset || undefined,
      severity: severity || undefined,
      diagnosis: diagnosis.trim() || undefined,
      icd10Code: icd10.trim() || undefined,
      location: location.trim() || undefined,
      notes: notes.trim() || undefined,
    };
    const parsed = ipcContract['symptoms.record'].args.safeParse(args);
    const errs: Record<string, string> = parsed.success ? {} : { ...zodFieldErrors(parsed.error) };
    if (onset && onset > toLocalDate(new Date())) errs.onsetDate = 'cannot be in the future';
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      await call('symptoms.record', args);
      setSaved(true);
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  }

  const name = chart.data?.student.name;
  const symptomsError =
    errors.symptoms ?? Object.entries(errors).find(([k]) => k.startsWith('symptoms.'))?.[1];
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Symptoms{name ? ` — ${name}` : ''}
        </h1>
      </div>
      <div role="status">
        {saved ? (
          <div className="notice ok">
            <p>Symptoms recorded with the visit.</p>
            <div className="actions">
              <a
                className="button"
                href={href(['visits', props.visitId, 'note'], { student: props.studentId })}
              >
                Excuse note
              </a>
              <a className="button secondary" href={href(['today'])}>
                Back to Today
              </a>
            </div>
          </div>
        ) : null}
      </div>
      {!saved ? (
        <form className="card" onSubmit={(e) => void submit(e)} noValidate>
          <FormError message={general} />
          <fieldset aria-describedby={symptomsError ? 'symptoms-error' : undefined}>
            <legend>Symptoms</legend>
            <div className="symptom-grid">
              {SYMPTOM_CATALOG.map((s) => (
                <div className="check" key={s.code}>
                  <input
                    id={`sym-${s.code}`}
                    type="checkbox"
                    checked={picked.has(s.code)}
                    onChange={() => toggle(s.code)}
                  />
                  <label htmlFor={`sym-${s.code}`}>{s.label}</label>
                </div>
              ))}
            </div>
            <Field label="Other symptoms" hint="Separate several with commas.">
              {(p) => <input {...p} type="text" value={other} onChange={(e) => setOther(e.target.value)} />}
            </Field>
            {symptomsError ? (
              <p id="symptoms-error" className="field-error">
                {symptomsError}
              </p>
            ) : null}
          </fieldset>
          <div className="row">
            <Field label="Onset" error={errors.onsetDate}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  max={toLocalDate(new Date())}
                  value={onset}
                  onChange={(e) => setOnset(e.target.value)}
                />
              )}
            </Field>
            <Field label="Severity" error={errors.severity}>
              {(p) => (
                <select
                  {...p}
                  value={severity}
                  onChange={(e) => setSeverity(e.target.value as Severity | '')}
                >
                  <option value="">Not assessed</option>
                  <option value="MILD">Mild</option>
                  <option value="MODERATE">Moderate</option>
                  <option value="SEVERE">Severe</option>
                </select>
              )}
            </Field>
            <Field label="Diagnosis (optional)" error={errors.diagnosis}>
              {(p) => (
                <input {...p} type="text" value={diagnosis} onChange={(e) => setDiagnosis(e.target.value)} />
              )}
            </Field>
          </div>
          <div className="row">
            <Field label="ICD-10 code (optional)" hint="e.g. J02.9" error={errors.icd10Code}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  value={icd10}
                  onChange={(e) => setIcd10(e.target.value)}
                />
              )}
            </Field>
            <Field label="Where it started (optional)" error={errors.location}>
              {(p) => (
                <>
                  <input
                    {...p}
                    type="text"
                    list="onset-locations"
                    value={location}
                    onChange={(e) => setLocation(e.target.value)}
                  />
                  <datalist id="onset-locations">
                    {ONSET_LOCATIONS.map((l) => (
                      <option key={l} value={l} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>
          <p className="hint">
            The temperature comes from the visit&apos;s vitals and the grade from the student&apos;s record.
          </p>
          <Field label="Notes (optional)" error={errors.notes}>
            {(p) => <textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} />}
          </Field>
          <button type="submit" disabled={busy || readOnly}>
            Save symptoms
          </button>
        </form>
      ) : null}
    </>
  );
}
