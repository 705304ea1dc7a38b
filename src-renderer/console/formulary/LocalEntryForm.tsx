import { useState, type FormEvent } from 'react';
import {
  drugClassesResponse,
  formularyEntryRequest,
  formularyEntryView,
  type FormularyEntryRequest,
} from '../../../src-shared/api/medication-safety';
import { DrugClass } from '../../../src-shared/enums';
import { DRUG_ROUTES } from '../../../src-shared/medication-safety';
import { Field, FormError, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

/** "a, b ,, c" → ['a', 'b', 'c'] (lists typed as text). */
const items = (text: string): string[] =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

const EMPTY = {
  genericName: '',
  brandNames: '',
  rxnorm: '',
  drugClass: 'OTHER',
  forms: '',
  strengths: '',
  schedule: '',
};

/**
 * A district's own catalog entry (DISTRICT_ADMIN): a drug the shipped reference lacks, with the classes the checks
 * read (interaction and allergy rules are by class), checked by the contract's own schema here and by the server
 * (an unknown class or an RxNorm code already in the catalog is refused naming its field).
 */
export function LocalEntryForm(props: { onDone: (created: FormularyEntryRequest | null) => void }) {
  const classes = useLoad(() => api('GET', '/medication-safety/classes', drugClassesResponse), 'classes');
  const [draft, setDraft] = useState(EMPTY);
  const [chosen, setChosen] = useState<string[]>([]);
  const [routes, setRoutes] = useState<string[]>(['ORAL']);
  const [otc, setOtc] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const parsed = formularyEntryRequest.safeParse({
      genericName: draft.genericName,
      brandNames: items(draft.brandNames),
      ...(draft.rxnorm.trim() ? { rxnorm: draft.rxnorm.trim() } : {}),
      drugClass: draft.drugClass,
      classes: chosen,
      forms: items(draft.forms),
      strengths: items(draft.strengths),
      routes,
      ...(draft.schedule ? { schedule: draft.schedule } : {}),
      otc,
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await api('POST', '/medication-safety/formulary', formularyEntryView, { body: parsed.data });
      props.onDone(parsed.data);
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields);
      if (!Object.keys(a.fields).length) setError(capitalized(a.message));
      setBusy(false);
    }
  }

  const fieldError = (name: string): string | undefined =>
    errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];

  return (
    <section className="card" aria-labelledby="local-h">
      <h2 id="local-h">Add a local entry</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <FormError message={error} />
        <div className="grid-2">
          <Field label="Generic name" error={fieldError('genericName')}>
            {(p) => <input {...p} type="text" value={draft.genericName} onChange={set('genericName')} />}
          </Field>
          <Field label="Brand names" hint="Separated by commas" error={fieldError('brandNames')}>
            {(p) => <input {...p} type="text" value={draft.brandNames} onChange={set('brandNames')} />}
          </Field>
          <Field
            label="RxNorm code (RxCUI)"
            hint="Leave empty when RxNorm has none"
            error={fieldError('rxnorm')}
          >
            {(p) => (
              <input {...p} type="text" inputMode="numeric" value={draft.rxnorm} onChange={set('rxnorm')} />
            )}
          </Field>
          <Field label="Kind of drug" error={fieldError('drugClass')}>
            {(p) => (
              <select {...p} value={draft.drugClass} onChange={set('drugClass')}>
                {DrugClass.map((c) => (
                  <option key={c} value={c}>
                    {c.toLowerCase().replaceAll('_', ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Classes the checks read"
            hint="Interactions and allergies are found by class: choose every class the drug belongs to"
            error={fieldError('classes')}
          >
            {(p) => (
              <select
                {...p}
                multiple
                size={6}
                value={chosen}
                onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}
              >
                {(classes.data?.classes ?? []).map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name} ({c.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Forms" hint="Separated by commas: tablet, oral solution" error={fieldError('forms')}>
            {(p) => <input {...p} type="text" value={draft.forms} onChange={set('forms')} />}
          </Field>
          <Field label="Strengths" hint="Separated by commas: 10 mg, 20 mg" error={fieldError('strengths')}>
            {(p) => <input {...p} type="text" value={draft.strengths} onChange={set('strengths')} />}
          </Field>
          <Field label="Controlled substance schedule" error={fieldError('schedule')}>
            {(p) => (
              <select {...p} value={draft.schedule} onChange={set('schedule')}>
                <option value="">Not controlled</option>
                {['II', 'III', 'IV', 'V'].map((s) => (
                  <option key={s} value={s}>
                    Schedule {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Routes</legend>
          {DRUG_ROUTES.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={routes.includes(r)}
                onChange={(e) => setRoutes(e.target.checked ? [...routes, r] : routes.filter((x) => x !== r))}
              />{' '}
              {r.toLowerCase().replaceAll('_', ' ')}
            </label>
          ))}
          {fieldError('routes') ? <span className="field-error">{fieldError('routes')}</span> : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={otc} onChange={(e) => setOtc(e.target.checked)} /> Sold over the
          counter
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Add to the catalog
          </button>
          <button type="button" className="secondary" onClick={() => props.onDone(null)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
