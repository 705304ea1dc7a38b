import { useState, type FormEvent } from 'react';
import {
  alertSubscription,
  createSubscriptionRequest,
  updateSubscriptionRequest,
  type AlertSubscription,
} from '../../../src-shared/api/alerts';
import { ALERT_CATEGORIES } from '../../../src-shared/alerts';
import { AlertDeliveryChannel, AlertPriority } from '../../../src-shared/enums';
import { Field, FormError, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized } from '../lib/page';
import { toApiError } from '../lib/useLoad';
import { titleCaseCode } from './shared';

type Scope = 'any' | 'definition' | 'category';

interface Draft {
  scope: Scope;
  definitionCode: string;
  category: string;
  priorityThreshold: string;
  channels: string[];
  quietHoursStart: string;
  quietHoursEnd: string;
  weekendDelivery: boolean;
  isActive: boolean;
}

const draftOf = (s: AlertSubscription | undefined, firstCode: string): Draft => ({
  scope: s?.definitionCode ? 'definition' : s?.category ? 'category' : s ? 'any' : 'definition',
  definitionCode: s?.definitionCode ?? firstCode,
  category: s?.category ?? ALERT_CATEGORIES[0],
  priorityThreshold: s?.priorityThreshold ?? '',
  channels: [...(s?.channels ?? ['IN_APP'])],
  quietHoursStart: s?.quietHoursStart ?? '',
  quietHoursEnd: s?.quietHoursEnd ?? '',
  weekendDelivery: s?.weekendDelivery ?? true,
  isActive: s?.isActive ?? true,
});

const bodyOf = (d: Draft) => ({
  definitionCode: d.scope === 'definition' ? d.definitionCode : null,
  category: d.scope === 'category' ? d.category : null,
  priorityThreshold: d.priorityThreshold || null,
  channels: d.channels,
  isActive: d.isActive,
  quietHoursStart: d.quietHoursStart || null,
  quietHoursEnd: d.quietHoursEnd || null,
  weekendDelivery: d.weekendDelivery,
});

/**
 * Add (no `subscription`) or change one of the caller's alert subscriptions: which alerts (one definition, a
 * category, or any), from which priority up, by which channels, quiet hours and weekend delivery. A refusal of the
 * server that names a field is shown next to that field.
 */
export function SubscriptionForm(props: {
  subscription?: AlertSubscription;
  definitions: readonly { code: string; name: string }[];
  onDone: (saved?: AlertSubscription) => void;
}) {
  const editing = props.subscription;
  const [draft, setDraft] = useState<Draft>(() => draftOf(editing, props.definitions[0]?.code ?? ''));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const prefix = editing ? `sub-${editing.id}` : 'new-sub';
  const update = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = bodyOf(draft);
    const parsed = (editing ? updateSubscriptionRequest : createSubscriptionRequest).safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onDone(
        editing
          ? await api('PATCH', `/alerts/subscriptions/${encodeURIComponent(editing.id)}`, alertSubscription, {
              body: parsed.data,
            })
          : await api('POST', '/alerts/subscriptions', alertSubscription, { body: parsed.data }),
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

  const heading = editing ? 'Change the subscription' : 'New subscription';
  return (
    <section className="card" aria-labelledby={`${prefix}-h`}>
      <h2 id={`${prefix}-h`}>{heading}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${prefix}-h`}>
        <FormError message={general} />
        <div className="form-grid">
          <Field label="Which alerts">
            {(p) => (
              <select
                {...p}
                value={draft.scope}
                onChange={(e) => update({ scope: e.target.value as Scope }, 'definitionCode', 'category')}
              >
                <option value="definition">One alert</option>
                <option value="category">A category of alerts</option>
                <option value="any">Any alert</option>
              </select>
            )}
          </Field>
          {draft.scope === 'definition' ? (
            <Field label="Alert" error={errors.definitionCode}>
              {(p) => (
                <select
                  {...p}
                  value={draft.definitionCode}
                  onChange={(e) => update({ definitionCode: e.target.value }, 'definitionCode')}
                >
                  {props.definitions.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          {draft.scope === 'category' ? (
            <Field label="Category" error={errors.category}>
              {(p) => (
                <select
                  {...p}
                  value={draft.category}
                  onChange={(e) => update({ category: e.target.value }, 'category')}
                >
                  {ALERT_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {titleCaseCode(c)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field label="From priority" error={errors.priorityThreshold}>
            {(p) => (
              <select
                {...p}
                value={draft.priorityThreshold}
                onChange={(e) => update({ priorityThreshold: e.target.value }, 'priorityThreshold')}
              >
                <option value="">Any priority</option>
                {AlertPriority.map((x) => (
                  <option key={x} value={x}>
                    {titleCaseCode(x)} and above
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Quiet hours start" hint="HH:MM, blank for none" error={errors.quietHoursStart}>
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                placeholder="22:00"
                value={draft.quietHoursStart}
                onChange={(e) => update({ quietHoursStart: e.target.value.trim() }, 'quietHoursStart')}
              />
            )}
          </Field>
          <Field label="Quiet hours end" hint="HH:MM, blank for none" error={errors.quietHoursEnd}>
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                placeholder="07:00"
                value={draft.quietHoursEnd}
                onChange={(e) => update({ quietHoursEnd: e.target.value.trim() }, 'quietHoursEnd')}
              />
            )}
          </Field>
        </div>
        <fieldset aria-describedby={errors.channels ? `${prefix}-channels-error` : undefined}>
          <legend>Channels</legend>
          {AlertDeliveryChannel.map((c) => (
            <div className="check" key={c}>
              <input
                type="checkbox"
                id={`${prefix}-channel-${c}`}
                checked={draft.channels.includes(c)}
                onChange={(e) =>
                  update(
                    {
                      channels: e.target.checked
                        ? [...draft.channels, c]
                        : draft.channels.filter((x) => x !== c),
                    },
                    'channels',
                  )
                }
              />
              <label htmlFor={`${prefix}-channel-${c}`}>{titleCaseCode(c)}</label>
            </div>
          ))}
          {errors.channels ? (
            <span className="field-error" id={`${prefix}-channels-error`}>
              {capitalized(errors.channels)}
            </span>
          ) : null}
        </fieldset>
        <div className="check">
          <input
            type="checkbox"
            id={`${prefix}-weekend`}
            checked={draft.weekendDelivery}
            onChange={(e) => update({ weekendDelivery: e.target.checked })}
          />
          <label htmlFor={`${prefix}-weekend`}>Deliver on weekends</label>
        </div>
        <div className="check">
          <input
            type="checkbox"
            id={`${prefix}-active`}
            checked={draft.isActive}
            onChange={(e) => update({ isActive: e.target.checked })}
          />
          <label htmlFor={`${prefix}-active`}>Active</label>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save the subscription' : 'Add the subscription'}
          </button>
          <button type="button" className="secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
