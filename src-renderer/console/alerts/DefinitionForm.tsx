import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { alertDefinition, updateDefinitionRequest } from '../../../src-shared/api/alerts';
import { AlertDeliveryChannel, AlertPriority, UserRole } from '../../../src-shared/enums';
import { Field, FormError, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized } from '../lib/page';
import { roleLabel } from '../lib/roles';
import { toApiError } from '../lib/useLoad';
import { titleCaseCode } from './shared';

export type AlertDefinition = z.infer<typeof alertDefinition>;

interface Draft {
  priority: string;
  isActive: boolean;
  channels: string[];
  escalates: boolean;
  escalateAfter: string;
  escalateTo: string[];
  expirationMinutes: string;
  template: string;
  requireAck: boolean;
  canDismiss: boolean;
}

const toNumber = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

/** Checkboxes for a list of codes, with the field's error under them. */
function Checks(props: {
  legend: string;
  id: string;
  options: readonly string[];
  label: (o: string) => string;
  value: readonly string[];
  error: string | undefined;
  onChange: (v: string[]) => void;
}) {
  return (
    <fieldset aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <div className="check" key={o}>
          <input
            type="checkbox"
            id={`${props.id}-${o}`}
            checked={props.value.includes(o)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.value, o] : props.value.filter((x) => x !== o))
            }
          />
          <label htmlFor={`${props.id}-${o}`}>{props.label(o)}</label>
        </div>
      ))}
      {props.error ? (
        <span className="field-error" id={`${props.id}-error`}>
          {capitalized(props.error)}
        </span>
      ) : null}
    </fieldset>
  );
}

/**
 * Change an alert definition (DISTRICT_ADMIN): priority, active, channels, escalation (after how many minutes, to
 * which roles), expiration, message template and whether it must be acknowledged. PUT /alerts/definitions/:code.
 */
export function DefinitionForm(props: {
  definition: AlertDefinition;
  onDone: (saved?: AlertDefinition) => void;
}) {
  const d = props.definition;
  const [draft, setDraft] = useState<Draft>({
    priority: d.priority,
    isActive: d.isActive,
    channels: [...d.channels],
    escalates: d.escalation !== null,
    escalateAfter: String(d.escalation?.escalate_after_minutes ?? 15),
    escalateTo: [...(d.escalation?.escalate_to ?? ['SCHOOL_ADMIN'])],
    expirationMinutes: d.expirationMinutes === null ? '' : String(d.expirationMinutes),
    template: d.template ?? '',
    requireAck: d.requireAck,
    canDismiss: d.canDismiss,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `def-${d.code}`;
  const update = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((x) => ({ ...x, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      priority: draft.priority,
      isActive: draft.isActive,
      channels: draft.channels,
      escalation: draft.escalates
        ? { escalate_after_minutes: toNumber(draft.escalateAfter), escalate_to: draft.escalateTo }
        : null,
      expirationMinutes: draft.expirationMinutes.trim() === '' ? null : toNumber(draft.expirationMinutes),
      template: draft.template.trim() === '' ? null : draft.template,
      requireAck: draft.requireAck,
      canDismiss: draft.canDismiss,
    };
    const parsed = updateDefinitionRequest.safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onDone(
        await api('PUT', `/alerts/definitions/${encodeURIComponent(d.code)}`, alertDefinition, {
          body: parsed.data,
        }),
      );
    } catch (err) {
      const a = toApiError(err);
      const fields = Object.fromEntries(
        Object.entries(a.fields).map(([k, v]) => [k.replace(/\.\d+$/, ''), v] as const),
      );
      setErrors(fields);
      if (Object.keys(fields).length === 0) setGeneral(capitalized(a.message));
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Change {d.name}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-h`}>
        <FormError message={general ?? errors._ ?? errors.escalation} />
        <div className="form-grid">
          <Field label="Priority" error={errors.priority}>
            {(p) => (
              <select
                {...p}
                value={draft.priority}
                onChange={(e) => update({ priority: e.target.value }, 'priority')}
              >
                {AlertPriority.map((x) => (
                  <option key={x} value={x}>
                    {titleCaseCode(x)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Expires after (minutes)" hint="Blank: never" error={errors.expirationMinutes}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                value={draft.expirationMinutes}
                onChange={(e) => update({ expirationMinutes: e.target.value }, 'expirationMinutes')}
              />
            )}
          </Field>
        </div>
        <Checks
          legend="Channels"
          id={`${id}-channel`}
          options={AlertDeliveryChannel}
          label={titleCaseCode}
          value={draft.channels}
          error={errors.channels}
          onChange={(channels) => update({ channels }, 'channels')}
        />
        <div className="check">
          <input
            type="checkbox"
            id={`${id}-escalates`}
            checked={draft.escalates}
            onChange={(e) => update({ escalates: e.target.checked }, 'escalation')}
          />
          <label htmlFor={`${id}-escalates`}>Escalate when not acknowledged</label>
        </div>
        {draft.escalates ? (
          <>
            <div className="form-grid">
              <Field label="Escalate after (minutes)" error={errors['escalation.escalate_after_minutes']}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={1}
                    value={draft.escalateAfter}
                    onChange={(e) =>
                      update({ escalateAfter: e.target.value }, 'escalation.escalate_after_minutes')
                    }
                  />
                )}
              </Field>
            </div>
            <Checks
              legend="Escalate to"
              id={`${id}-escalate-to`}
              options={UserRole}
              label={roleLabel}
              value={draft.escalateTo}
              error={errors['escalation.escalate_to']}
              onChange={(escalateTo) => update({ escalateTo }, 'escalation.escalate_to')}
            />
          </>
        ) : null}
        <Field
          label="Message template"
          hint="Placeholders as {{student_name}}; blank: the default"
          error={errors.template}
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={draft.template}
              onChange={(e) => update({ template: e.target.value }, 'template')}
            />
          )}
        </Field>
        <div className="check">
          <input
            type="checkbox"
            id={`${id}-ack`}
            checked={draft.requireAck}
            onChange={(e) => update({ requireAck: e.target.checked }, 'requireAck')}
          />
          <label htmlFor={`${id}-ack`}>Requires acknowledgment</label>
        </div>
        <div className="check">
          <input
            type="checkbox"
            id={`${id}-active`}
            checked={draft.isActive}
            onChange={(e) => update({ isActive: e.target.checked }, 'isActive')}
          />
          <label htmlFor={`${id}-active`}>Active</label>
        </div>
        <div className="check">
          <input
            type="checkbox"
            id={`${id}-dismiss`}
            checked={draft.canDismiss}
            onChange={(e) => update({ canDismiss: e.target.checked }, 'canDismiss')}
          />
          <label htmlFor={`${id}-dismiss`}>Users may dismiss it</label>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save the definition'}
          </button>
          <button type="button" className="secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
