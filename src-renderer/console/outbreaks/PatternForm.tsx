import { useState, type FormEvent } from 'react';
import { DiseaseCategory, patternView, Severity, type PatternView } from '../../../src-shared/api/outbreaks';
import { Field, FormError, type FieldErrors } from '../../lib/form';
import { titleCase } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized } from '../lib/page';
import { toApiError } from '../lib/useLoad';

interface Form {
  name: string;
  category: string;
  symptoms: string;
  thresholdStudents: string;
  thresholdPercent: string;
  windowDays: string;
  severity: string;
  reportable: boolean;
  active: boolean;
}

const EXAMPLE = '{ "fever": true, "any_of": ["cough", "sore_throat"] }';

/** The server names the entry at fault as a path ("symptoms.any_of[1]: ..."): said after the reason instead. */
function symptomReason(message: string): string {
  const m = /^symptoms(?:\.([^:]+))?: (.+)$/.exec(message);
  if (!m?.[2]) return message;
  return m[1] && !m[2].includes(`'${m[1]}'`) ? `${m[2]} (at ${m[1]})` : m[2];
}

const formOf = (p: PatternView | undefined): Form => ({
  name: p?.name ?? '',
  category: p?.category ?? '',
  symptoms: p ? JSON.stringify(p.symptoms, null, 2) : '',
  thresholdStudents: String(p?.thresholdStudents ?? 3),
  thresholdPercent: String(p?.thresholdPercent ?? 0),
  windowDays: String(p?.windowDays ?? 7),
  severity: p?.severity ?? '',
  reportable: p?.reportable ?? false,
  active: p?.active ?? true,
});

/**
 * A new outbreak pattern, or changes to one (DISTRICT_ADMIN). The symptom expression is JSON; the server checks it
 * and its reason (unknown symptom, empty combination...) shows next to the field.
 */
export function PatternForm(props: { pattern?: PatternView; onDone: (saved?: PatternView) => void }) {
  const editing = props.pattern;
  const [form, setForm] = useState<Form>(() => formOf(editing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setErrors(({ [k]: _gone, ...rest }) => rest);
  };
  const headingId = editing ? `pattern-edit-${editing.id}-h` : 'pattern-new-h';

  async function submit(e: FormEvent) {
    e.preventDefault();
    let symptoms: unknown;
    try {
      symptoms = JSON.parse(form.symptoms);
    } catch {
      setErrors({ symptoms: `write the expression as JSON, for example ${EXAMPLE}` });
      return;
    }
    const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
    const body = {
      name: form.name,
      ...(form.category || editing ? { category: form.category || null } : {}),
      symptoms,
      thresholdStudents: num(form.thresholdStudents),
      thresholdPercent: num(form.thresholdPercent),
      windowDays: num(form.windowDays),
      ...(form.severity || editing ? { severity: form.severity || null } : {}),
      reportable: form.reportable,
      active: form.active,
    };
    const bad: Record<string, string> = {};
    for (const k of ['thresholdStudents', 'thresholdPercent', 'windowDays'] as const)
      if (!Number.isFinite(body[k])) bad[k] = 'write a number';
    if (Object.keys(bad).length) {
      setErrors(bad);
      return;
    }
    if (!editing) {
      if (body.category === null) delete (body as { category?: unknown }).category;
      if (body.severity === null) delete (body as { severity?: unknown }).severity;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      const saved = editing
        ? await api('PATCH', `/outbreaks/patterns/${encodeURIComponent(editing.id)}`, patternView, { body })
        : await api('POST', '/outbreaks/patterns', patternView, { body });
      props.onDone(saved);
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields.symptoms ? { ...a.fields, symptoms: symptomReason(a.fields.symptoms) } : a.fields);
      if (Object.keys(a.fields).length === 0) setGeneral(capitalized(a.message));
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{editing ? `Change the pattern ${editing.name}` : 'New outbreak pattern'}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        <div className="form-grid">
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} type="text" value={form.name} onChange={set('name')} />}
          </Field>
          <Field label="Category" error={errors.category}>
            {(p) => (
              <select {...p} value={form.category} onChange={set('category')}>
                <option value="">None</option>
                {DiseaseCategory.map((c) => (
                  <option key={c} value={c}>
                    {titleCase(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Severity" error={errors.severity}>
            {(p) => (
              <select {...p} value={form.severity} onChange={set('severity')}>
                <option value="">None</option>
                {Severity.map((c) => (
                  <option key={c} value={c}>
                    {titleCase(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Students (at least)" error={errors.thresholdStudents}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                value={form.thresholdStudents}
                onChange={set('thresholdStudents')}
              />
            )}
          </Field>
          <Field label="Percent of enrollment (0: any)" error={errors.thresholdPercent}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={100}
                step="0.1"
                value={form.thresholdPercent}
                onChange={set('thresholdPercent')}
              />
            )}
          </Field>
          <Field label="Window (days)" error={errors.windowDays}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={60}
                value={form.windowDays}
                onChange={set('windowDays')}
              />
            )}
          </Field>
        </div>
        <Field
          label="Symptom expression"
          hint={`JSON: every entry must hold. For example ${EXAMPLE}`}
          error={errors.symptoms}
        >
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={4}
              spellCheck={false}
              value={form.symptoms}
              onChange={set('symptoms')}
            />
          )}
        </Field>
        <div className="check">
          <input
            type="checkbox"
            id={`${headingId}-reportable`}
            checked={form.reportable}
            onChange={(e) => setForm((f) => ({ ...f, reportable: e.target.checked }))}
          />
          <label htmlFor={`${headingId}-reportable`}>Reportable to the health department</label>
        </div>
        <div className="check">
          <input
            type="checkbox"
            id={`${headingId}-active`}
            checked={form.active}
            onChange={(e) => setForm((f) => ({ ...f, active: e.target.checked }))}
          />
          <label htmlFor={`${headingId}-active`}>Active (scans look for it)</label>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save the pattern' : 'Create the pattern'}
          </button>
          <button type="button" className="secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
