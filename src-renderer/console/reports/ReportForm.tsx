import { useState, type FormEvent } from 'react';
import type { SchoolActivity } from '../../../src-shared/api/console';
import {
  reportInstanceView,
  type ReportDefinitionView,
  type ReportInstanceView,
} from '../../../src-shared/api/reports';
import { Field, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized } from '../lib/page';
import { toApiError } from '../lib/useLoad';

/**
 * The parameters of one report as a form built from its definition: a school is picked from the caller's schools
 * (empty: all of them), a student or user is an id, a date a calendar day. The server checks every value and names
 * the one it refuses, shown beside its field.
 */
export function ReportForm(props: {
  report: ReportDefinitionView;
  schools: readonly SchoolActivity[];
  onRan: (i: ReportInstanceView) => void;
}) {
  const r = props.report;
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  async function run(e: FormEvent) {
    e.preventDefault();
    setRunning(true);
    setError(undefined);
    setErrors({});
    try {
      const parameters = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      const i = await api('POST', `/reports/${r.name}/runs`, reportInstanceView, { body: { parameters } });
      props.onRan(i);
    } catch (x) {
      const a = toApiError(x);
      setErrors(a.fields);
      if (Object.keys(a.fields).length === 0) setError(capitalized(a.message));
    }
    setRunning(false);
  }

  const set = (k: string) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  return (
    <form onSubmit={(e) => void run(e)} noValidate className="report-form" aria-busy={running}>
      {r.parameters.map((p) => (
        <Field
          key={p.name}
          label={`${p.label}${p.required ? '' : ' (optional)'}`}
          hint={p.type === 'date' ? 'A day in the school’s time zone' : undefined}
          error={errors[p.name] ?? errors[`parameters.${p.name}`]}
        >
          {(c) =>
            p.type === 'school' ? (
              <select {...c} value={values[p.name] ?? ''} onChange={set(p.name)}>
                <option value="">All my schools</option>
                {props.schools.map((s) => (
                  <option key={s.schoolId} value={s.schoolId}>
                    {s.schoolName}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...c}
                type={p.type === 'date' ? 'date' : 'text'}
                required={p.required}
                value={values[p.name] ?? ''}
                onChange={set(p.name)}
              />
            )
          }
        </Field>
      ))}
      {r.oneOf.length ? <p className="hint">Give {r.oneOf.map((o) => o.join(' or ')).join('; ')}.</p> : null}
      {error ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={running}>
          {running ? 'Generating…' : 'Run report'}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {running ? `Generating ${r.title}` : ''}
      </p>
    </form>
  );
}
