import { SYMPTOM_CATALOG } from '../../src-shared/ipc/contract';
import type { VisitFormModel } from './use-visit-form';

/** The symptom checklist, filled in the visit itself (recorded with the visit for outbreak surveillance). */
export function SymptomsFieldset(props: { form: VisitFormModel }) {
  const { f, set, shownErrors } = props.form;
  const toggle = (code: string, on: boolean) =>
    set('symptoms', on ? [...f.symptoms, code] : f.symptoms.filter((c) => c !== code));
  return (
    <fieldset aria-describedby={shownErrors.symptoms ? 'symptoms-error' : undefined}>
      <legend>Symptoms (optional)</legend>
      <div className="symptom-grid">
        {SYMPTOM_CATALOG.map((s) => (
          <div className="check" key={s.code}>
            <input
              id={`symptom-${s.code}`}
              type="checkbox"
              checked={f.symptoms.includes(s.code)}
              onChange={(e) => toggle(s.code, e.target.checked)}
            />
            <label htmlFor={`symptom-${s.code}`}>{s.label}</label>
          </div>
        ))}
      </div>
      {shownErrors.symptoms ? (
        <p id="symptoms-error" className="error">
          {shownErrors.symptoms}
        </p>
      ) : null}
    </fieldset>
  );
}
