import { Field, sentence, type FieldErrors } from '../lib/form';
import { drugClassName } from '../lib/format';
import { SafetyFindings, SafetyOverrideFields } from '../medication-safety';
import { hasAllergyConflict, needsOverride, unknownDrug, type MedLine } from './visit-form';

/** One medication given during the visit: dose, route and time, with the medication-safety check's answer. */
function SafetyWarning(props: {
  line: MedLine;
  index: number;
  errors: FieldErrors;
  onChange: (patch: Partial<MedLine>) => void;
  onRemove: () => void;
}) {
  const { line, index: i } = props;
  const view = line.check?.view;
  if (!view) return null;
  const base = `med-${line.key}`;
  const prefix = `medications.${i}.`;
  const ackError = props.errors[`${prefix}safety`];
  const override = needsOverride(line.check);
  const unknown = unknownDrug(line.check);
  const warn = override || unknown;
  const what = hasAllergyConflict(line.check) ? 'allergy' : 'warning';
  return (
    <div
      className={warn ? 'allergy-warning' : undefined}
      role={warn ? 'alert' : 'status'}
      aria-labelledby={`${base}-warn`}
    >
      {warn ? (
        <p className="visually-hidden">
          {hasAllergyConflict(line.check) ? 'Allergy warning' : 'Safety warning'}: {line.medicationName}
        </p>
      ) : null}
      <SafetyFindings check={view} headingId={`${base}-warn`} />
      {override ? (
        <>
          <div className="check">
            <input
              id={`${base}-ack`}
              type="checkbox"
              checked={line.acknowledged}
              aria-invalid={ackError ? true : undefined}
              aria-describedby={ackError ? `${base}-ack-err` : undefined}
              onChange={(e) => props.onChange({ acknowledged: e.target.checked })}
            />
            <label htmlFor={`${base}-ack`}>I have reviewed this {what} and will give the medication</label>
          </div>
          {ackError ? (
            <p id={`${base}-ack-err`} className="field-error">
              {ackError}
            </p>
          ) : null}
        </>
      ) : null}
      {(override && line.acknowledged) || unknown ? (
        <SafetyOverrideFields
          requires={override && line.acknowledged ? view.requires : 'NONE'}
          unknownDrug={unknown}
          value={line.override}
          errors={props.errors}
          prefix={prefix}
          idBase={base}
          onChange={(p) => props.onChange({ override: { ...line.override, ...p } })}
        />
      ) : null}
      {warn ? (
        <button type="button" className="secondary small" onClick={props.onRemove}>
          Remove {line.medicationName}
        </button>
      ) : null}
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
      {line.check?.state === 'checking' ? (
        <p role="status">Checking interactions and the student’s allergies…</p>
      ) : null}
      {line.check?.state === 'failed' ? (
        <p className="field-error" role="alert">
          The safety check failed: {line.check.error}
        </p>
      ) : null}
      {lineError ? (
        <p className="field-error" role="alert">
          {sentence(lineError)}
        </p>
      ) : null}
      <SafetyWarning {...props} />
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
