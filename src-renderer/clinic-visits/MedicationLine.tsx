import { Field, sentence, type FieldErrors } from '../lib/form';
import { drugClassName, titleCase } from '../lib/format';
import type { MedLine } from './visit-form';

/** One medication given during the visit: dose, route and time, with the allergy check's answer. */
function AllergyWarning(props: {
  line: MedLine;
  index: number;
  errors: FieldErrors;
  onChange: (patch: Partial<MedLine>) => void;
  onRemove: () => void;
}) {
  const { line, index: i } = props;
  const matches = line.check?.matches ?? [];
  if (matches.length === 0) return null;
  const base = `med-${line.key}`;
  const ackError = props.errors[`medications.${i}.allergy`];
  const reasonError = props.errors[`medications.${i}.allergyOverride.reason`];
  return (
    <div className="allergy-warning" role="alert" aria-labelledby={`${base}-warn`}>
      <h4 id={`${base}-warn`}>Allergy warning: {line.medicationName}</h4>
      <ul>
        {matches.map((m) => (
          <li key={m.allergyId}>
            <strong>{m.allergen}</strong> ({titleCase(m.severity)}
            {m.reaction ? `, ${m.reaction}` : ''}) —{' '}
            {m.matchedOn === 'DRUG'
              ? `recorded allergy to this drug (${m.matchedTerm})`
              : `allergy to its class (${drugClassName(m.matchedTerm)})`}
          </li>
        ))}
      </ul>
      <div className="check">
        <input
          id={`${base}-ack`}
          type="checkbox"
          checked={line.acknowledged}
          aria-invalid={ackError ? true : undefined}
          aria-describedby={ackError ? `${base}-ack-err` : undefined}
          onChange={(e) => props.onChange({ acknowledged: e.target.checked })}
        />
        <label htmlFor={`${base}-ack`}>I have reviewed this allergy and will give the medication</label>
      </div>
      {ackError ? (
        <p id={`${base}-ack-err`} className="field-error">
          {ackError}
        </p>
      ) : null}
      {line.acknowledged ? (
        <Field
          label="Reason for giving it anyway"
          hint="Recorded with the visit and audited."
          error={reasonError}
        >
          {(p) => (
            <textarea
              {...p}
              value={line.reason}
              onChange={(e) => props.onChange({ reason: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      <button type="button" className="secondary small" onClick={props.onRemove}>
        Remove {line.medicationName}
      </button>
    </div>
  );
}

export function MedicationLine(props: {
  line: MedLine;
  index: number;
  errors: FieldErrors;
  onChange: (patch: Partial<MedLine>) => void;
  onRemove: () => void;
}) {
  const { line, index: i, errors } = props;
  const lineError = errors[`medications.${i}.medicationId`] ?? errors[`medications.${i}.studentMedicationId`];
  return (
    <div className="med-line" role="group" aria-label={`Medication ${i + 1}: ${line.medicationName}`}>
      <div className="page-head">
        <h3>
          {line.medicationName}{' '}
          <span className="badge neutral">{line.source === 'ORDER' ? 'Student’s order' : 'Stock'}</span>
          {line.drugClass ? <span className="subtitle"> · {drugClassName(line.drugClass)}</span> : null}
        </h3>
        <div className="actions">
          <button type="button" className="secondary small" onClick={props.onRemove}>
            Remove<span className="visually-hidden"> {line.medicationName}</span>
          </button>
        </div>
      </div>
      {line.check?.state === 'checking' ? <p role="status">Checking the student’s allergies…</p> : null}
      {line.check?.state === 'done' && line.check.matches.length === 0 ? (
        <p className="vital-normal" role="status">
          No recorded allergy matches this medication or its class.
        </p>
      ) : null}
      {line.check?.state === 'failed' ? (
        <p className="field-error" role="alert">
          The allergy check failed: {line.check.error}
        </p>
      ) : null}
      {lineError ? (
        <p className="field-error" role="alert">
          {sentence(lineError)}
        </p>
      ) : null}
      <AllergyWarning {...props} />
      <div className="row">
        <Field label="Dose" error={errors[`medications.${i}.dose`]}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={line.dose}
              onChange={(e) => props.onChange({ dose: e.target.value })}
            />
          )}
        </Field>
        <Field label="Route" error={errors[`medications.${i}.route`]}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={line.route}
              onChange={(e) => props.onChange({ route: e.target.value })}
            />
          )}
        </Field>
        <Field label="Given at" error={errors[`medications.${i}.givenAt`]}>
          {(p) => (
            <input
              {...p}
              type="time"
              value={line.givenAt}
              onChange={(e) => props.onChange({ givenAt: e.target.value })}
            />
          )}
        </Field>
      </div>
    </div>
  );
}
