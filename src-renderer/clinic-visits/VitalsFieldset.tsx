import { Field } from '../lib/form';
import type { VisitFormModel } from './use-visit-form';
import { FACE_SCORES, requiredVitals, vitalsAskedFor } from '../../src-shared/clinic-visits';
import { rangeHint } from './visit-form';
import { PainScore } from './PainScore';

/** The readings of issue 10, those the visit's reason asks for first. */
const MORE_VITALS = [
  ['bloodGlucose', 'Blood glucose'],
  ['spo2', 'SpO₂'],
  ['respiratoryRate', 'Respiratory rate'],
  ['peakFlow', 'Peak flow'],
] as const;

/** Vital signs, range-checked with the contract's limits once the nurse leaves a field. */
export function VitalsFieldset(props: { form: VisitFormModel }) {
  const { f, set, bind, touch, shownErrors, tempError, warnings, reason } = props.form;
  const asked = vitalsAskedFor(reason?.code);
  const required = requiredVitals(reason?.code);
  const one = ([k, label]: (typeof MORE_VITALS)[number]) => (
    <Field
      key={k}
      label={required.includes(k) ? `${label} (required)` : label}
      hint={rangeHint(k)}
      error={shownErrors[`vitals.${k}`]}
    >
      {(p) => <input {...p} type="text" inputMode="numeric" {...bind(k)} onBlur={touch(k)} />}
    </Field>
  );
  return (
    <fieldset>
      <legend>Vital signs</legend>
      <div className="vitals-row">
        <Field
          label="Temperature"
          hint={rangeHint(f.tempUnit === 'F' ? 'temperatureF' : 'temperatureC')}
          error={tempError}
          warning={warnings.temperature}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="decimal"
              {...bind('temperature')}
              onBlur={touch('temperature')}
            />
          )}
        </Field>
        <Field
          label="Heart rate"
          hint={rangeHint('heartRate')}
          error={shownErrors['vitals.heartRate']}
          warning={warnings.heartRate}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              {...bind('heartRate')}
              onBlur={touch('heartRate')}
            />
          )}
        </Field>
        <Field
          label="Systolic BP"
          hint={rangeHint('systolic')}
          error={shownErrors['vitals.systolic']}
          warning={warnings.systolic}
        >
          {(p) => (
            <input {...p} type="text" inputMode="numeric" {...bind('systolic')} onBlur={touch('systolic')} />
          )}
        </Field>
        <Field label="Diastolic BP" hint={rangeHint('diastolic')} error={shownErrors['vitals.diastolic']}>
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              {...bind('diastolic')}
              onBlur={touch('diastolic')}
            />
          )}
        </Field>
      </div>
      <div className="vitals-row">
        {MORE_VITALS.filter(([k]) => asked.includes(k)).map(one)}
        {MORE_VITALS.filter(([k]) => !asked.includes(k)).map(one)}
      </div>
      <div className="check">
        <input
          id="temp-unit"
          type="checkbox"
          checked={f.tempUnit === 'C'}
          onChange={(e) => set('tempUnit', e.target.checked ? 'C' : 'F')}
        />
        <label htmlFor="temp-unit">Temperature in °C</label>
      </div>
      <PainScore
        idPrefix="visit"
        scale={f.painScale}
        score={f.painScore}
        onScale={(s) => {
          set('painScale', s);
          // a number that is not one of the faces does not carry over to the faces
          if (s === 'FACES' && f.painScore !== '' && !FACE_SCORES.includes(Number(f.painScore)))
            set('painScore', '');
        }}
        onScore={(v) => set('painScore', v)}
        onBlur={touch('painScore')}
        error={shownErrors['vitals.painScore']}
        required={asked.includes('painScore')}
      />
    </fieldset>
  );
}
