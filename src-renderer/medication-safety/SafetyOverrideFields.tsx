import type { SafetyRequirement } from '../../src-shared/ipc/contract';
import { Field, type FieldErrors } from '../lib/form';

/**
 * What the override needs, and only that: a checkbox for a drug the catalog does not know, a reason for an
 * allergy conflict or a major interaction, the approving physician (and the reason) for a contraindicated one.
 * `prefix` is where the contract's errors are ('' for the MAR, 'medications.0.' in a visit).
 */
export interface OverrideState {
  readonly reason: string;
  readonly physicianName: string;
  readonly acknowledgeUnknown: boolean;
}

export const emptyOverride: OverrideState = { reason: '', physicianName: '', acknowledgeUnknown: false };

/** The contract's `safetyOverride` for what the check requires (undefined when it requires nothing). */
export function overrideArgs(
  requires: SafetyRequirement | undefined,
  unknownDrug: boolean,
  o: OverrideState,
) {
  if (!requires || (requires === 'NONE' && !unknownDrug)) return undefined;
  return {
    ...(unknownDrug ? { acknowledgeUnknown: o.acknowledgeUnknown } : {}),
    ...(requires === 'REASON' || requires === 'PHYSICIAN' ? { reason: o.reason.trim() || undefined } : {}),
    ...(requires === 'PHYSICIAN' ? { physicianName: o.physicianName.trim() || undefined } : {}),
  };
}

export function SafetyOverrideFields(props: {
  requires: SafetyRequirement;
  unknownDrug: boolean;
  value: OverrideState;
  errors: FieldErrors;
  prefix: string;
  idBase: string;
  onChange: (patch: Partial<OverrideState>) => void;
}) {
  const { requires, value, errors, prefix } = props;
  const ackError = errors[`${prefix}safetyOverride.acknowledgeUnknown`];
  return (
    <div className="safety-override">
      {props.unknownDrug ? (
        <>
          <div className="check">
            <input
              id={`${props.idBase}-unknown`}
              type="checkbox"
              checked={value.acknowledgeUnknown}
              aria-invalid={ackError ? true : undefined}
              aria-describedby={ackError ? `${props.idBase}-unknown-err` : undefined}
              onChange={(e) => props.onChange({ acknowledgeUnknown: e.target.checked })}
            />
            <label htmlFor={`${props.idBase}-unknown`}>
              I understand this drug was not checked and will give it
            </label>
          </div>
          {ackError ? (
            <p id={`${props.idBase}-unknown-err`} className="field-error">
              {ackError}
            </p>
          ) : null}
        </>
      ) : null}
      {requires === 'PHYSICIAN' ? (
        <Field
          label="Approving physician"
          hint="Contraindicated: given only with a physician’s approval."
          error={errors[`${prefix}safetyOverride.physicianName`]}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              value={value.physicianName}
              onChange={(e) => props.onChange({ physicianName: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      {requires === 'REASON' || requires === 'PHYSICIAN' ? (
        <Field
          label="Reason for giving it anyway"
          hint="Recorded with the dose, audited, and the school is alerted."
          error={errors[`${prefix}safetyOverride.reason`]}
        >
          {(p) => (
            <textarea
              {...p}
              value={value.reason}
              onChange={(e) => props.onChange({ reason: e.target.value })}
            />
          )}
        </Field>
      ) : null}
    </div>
  );
}
