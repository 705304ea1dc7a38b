import type { ChartResult } from '../../src-shared/ipc/contract';
import { VisitSeverityTriage } from '../../src-shared/enums';
import { Field, FormError } from '../lib/form';
import { formatDateTime, titleCase, toLocalInput } from '../lib/format';
import { LeaveDialog } from './LeaveDialog';
import { AddMedication } from './AddMedication';
import { MedicationLine } from './MedicationLine';
import { OutcomeFieldset } from './OutcomeFieldset';
import { useVisitForm } from './use-visit-form';
import { SymptomsFieldset } from './SymptomsFieldset';
import { VitalsFieldset } from './VitalsFieldset';

/** The visit form: arrival, vital signs, care (medications given), outcome, class time missed, notes. */
export function VisitForm(props: { chart: ChartResult }) {
  const form = useVisitForm(props.chart);
  const {
    f,
    general,
    set,
    bind,
    reasons,
    reason,
    shownErrors,
    updateLine,
    removeLine,
    addLine,
    submit,
    onKeyDown,
    formRef,
    first,
    minutesInClinic,
    saving,
    submitted,
    readOnly,
  } = form;
  return (
    <form
      ref={formRef}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      noValidate
      aria-describedby="visit-form-error"
    >
      <FormError message={general} id="visit-form-error" />
      {form.draft.restoredAt ? (
        <div className="notice" role="status">
          Draft restored (saved {formatDateTime(form.draft.restoredAt)}).{' '}
          <button type="button" className="secondary small" onClick={() => void form.discardDraft()}>
            Discard draft
          </button>
        </div>
      ) : null}
      {form.draft.leave ? (
        <LeaveDialog
          onStay={form.draft.stay}
          onKeep={() => void form.draft.leaveKeepingDraft()}
          onDiscard={() => void form.draft.leaveDiscarding()}
        />
      ) : null}
      <fieldset>
        <legend>Arrival</legend>
        <div className="row">
          <Field label="Reason" error={shownErrors.reasonId}>
            {(p) => (
              <select {...p} ref={first} {...bind('reasonId')}>
                <option value="">Choose a reason…</option>
                {reasons.data?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
                <option value="other">Other (type it)</option>
              </select>
            )}
          </Field>
          {f.reasonId === 'other' ? (
            <Field label="Reason (free text)" error={shownErrors.reasonText}>
              {(p) => <input {...p} type="text" {...bind('reasonText')} />}
            </Field>
          ) : null}
          <Field label="Arrived" error={shownErrors.arrivedAt}>
            {(p) => (
              <input {...p} type="datetime-local" max={toLocalInput(new Date())} {...bind('arrivedAt')} />
            )}
          </Field>
        </div>
        {reason?.requiresVitals || reason?.requiresParentNotification ? (
          <p className="hint">
            {reason.requiresVitals ? 'This reason calls for vital signs. ' : ''}
            {reason.requiresParentNotification ? 'This reason calls for notifying a parent.' : ''}
          </p>
        ) : null}
        <fieldset className="segmented-wrap">
          <legend>Triage</legend>
          <div className="segmented">
            {VisitSeverityTriage.map((t) => (
              <label key={t}>
                <input
                  type="radio"
                  name="triage"
                  value={t}
                  checked={f.triage === t}
                  onChange={() => set('triage', t)}
                />
                {titleCase(t)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          label="Presenting complaint"
          hint="In the student’s words, and what you observe."
          error={shownErrors.complaint}
        >
          {(p) => <textarea {...p} {...bind('complaint')} />}
        </Field>
      </fieldset>

      <VitalsFieldset form={form} />
      <SymptomsFieldset form={form} />

      <fieldset>
        <legend>Care</legend>
        <Field label="Treatment" error={shownErrors.treatment}>
          {(p) => <textarea {...p} {...bind('treatment')} />}
        </Field>
        <h3 id="meds-title">Medications given</h3>
        {f.meds.length === 0 ? <p className="empty">None.</p> : null}
        {f.meds.map((m, i) => (
          <MedicationLine
            key={m.key}
            line={m}
            index={i}
            errors={shownErrors}
            onChange={(patch) => updateLine(m.key, patch)}
            onRemove={() => removeLine(m.key)}
          />
        ))}
        <AddMedication orders={props.chart.medicationOrders} onAdd={addLine} />
      </fieldset>

      <OutcomeFieldset form={form} />

      <fieldset>
        <legend>Class time missed</legend>
        <div className="row">
          <Field label="Period" hint="e.g. 3 or 3rd" error={shownErrors['classTimeMissed.period']}>
            {(p) => <input {...p} type="text" {...bind('period')} />}
          </Field>
          <Field label="Subject" hint="e.g. Math" error={shownErrors['classTimeMissed.subject']}>
            {(p) => <input {...p} type="text" {...bind('subject')} />}
          </Field>
          <Field
            label="Minutes"
            hint={minutesInClinic !== undefined ? `In the clinic ${minutesInClinic} min` : 'Whole minutes'}
            error={shownErrors['classTimeMissed.minutes']}
          >
            {(p) => <input {...p} type="text" inputMode="numeric" {...bind('minutesMissed')} />}
          </Field>
        </div>
      </fieldset>

      <Field label="Notes (optional)" error={shownErrors.notes}>
        {(p) => <textarea {...p} {...bind('notes')} />}
      </Field>

      <div className="actions">
        <button type="submit" disabled={saving || submitted || readOnly} aria-keyshortcuts="Control+Enter">
          {saving ? 'Saving…' : 'Save visit'}
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves
        </span>
      </div>
    </form>
  );
}
