import { Field } from '../lib/form';
import type { VisitFormModel } from './use-visit-form';
import { rangeHint } from './visit-form';

/** Vital signs, range-checked with the contract's limits once the nurse leaves a field. */
export function VitalsFieldset(props: { form: VisitFormModel }) {
  const { f, set, bind, touch, shownErrors, tempError, warnings } = props.form;
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
      <div className="check">
        <input
          id="temp-unit"
          type="checkbox"
          checked={f.tempUnit === 'C'}
          onChange={(e) => set('tempUnit', e.target.checked ? 'C' : 'F')}
        />
        <label htmlFor="temp-unit">Temperature in °C</label>
      </div>
    </fieldset>
  );
}
