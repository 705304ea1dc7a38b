import { Field } from '../lib/form';
import type { VisitFormModel } from './use-visit-form';
import { hhmm } from './visit-form';

/** Outcome: back to class, sent home or still in the clinic, when, and whether a parent was notified. */
export function OutcomeFieldset(props: { form: VisitFormModel }) {
  const { f, set, bind, shownErrors, leftField } = props.form;
  return (
    <fieldset>
      <legend>Outcome</legend>
      <div className="segmented" role="radiogroup" aria-label="Outcome">
        {(
          [
            ['RETURNED', 'Returned to class'],
            ['SENT_HOME', 'Sent home'],
            ['IN_CLINIC', 'Still in the clinic'],
          ] as const
        ).map(([v, label]) => (
          <label key={v}>
            <input
              type="radio"
              name="disposition"
              value={v}
              checked={f.disposition === v}
              onChange={() => set('disposition', v)}
            />
            {label}
          </label>
        ))}
      </div>
      <div className="row spaced">
        {f.disposition !== 'IN_CLINIC' ? (
          <Field
            label={f.disposition === 'RETURNED' ? 'Back to class at' : 'Left with parent at'}
            error={shownErrors[leftField]}
          >
            {(p) => (
              <div className="inline-input">
                <input {...p} type="time" {...bind('leftAt')} />
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => set('leftAt', hhmm(new Date()))}
                >
                  Now
                  <span className="visually-hidden">
                    {' '}
                    ({f.disposition === 'RETURNED' ? 'back to class' : 'left'})
                  </span>
                </button>
              </div>
            )}
          </Field>
        ) : null}
        <div className="field">
          <div className="check">
            <input
              id="parent-notified"
              type="checkbox"
              checked={f.parentNotified}
              onChange={(e) => set('parentNotified', e.target.checked)}
            />
            <label htmlFor="parent-notified">Parent notified</label>
          </div>
          {f.parentNotified ? (
            <Field label="Notified at" error={shownErrors.parentNotifiedAt}>
              {(p) => (
                <div className="inline-input">
                  <input {...p} type="time" {...bind('parentNotifiedAt')} />
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => set('parentNotifiedAt', hhmm(new Date()))}
                  >
                    Now<span className="visually-hidden"> (parent notified)</span>
                  </button>
                </div>
              )}
            </Field>
          ) : null}
        </div>
      </div>
      <Field label="Follow-up (optional)" error={shownErrors.followUp}>
        {(p) => <input {...p} type="text" {...bind('followUp')} />}
      </Field>
    </fieldset>
  );
}
