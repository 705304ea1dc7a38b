import { useEffect, useState, type FormEvent } from 'react';
import {
  MAX_AUTO_LOCK_MINUTES,
  MIN_AUTO_LOCK_MINUTES,
  workstationPolicy,
} from '../../../src-shared/api/admin';
import { Field, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

/** The district's workstation policy (DISTRICT_ADMIN): the inactivity lock of every clinic workstation. */
export function WorkstationPolicy() {
  const policy = useLoad(() => api('GET', '/admin/workstation-policy', workstationPolicy), 'policy');
  const [minutes, setMinutes] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (policy.data) setMinutes(String(policy.data.autoLockMinutes));
  }, [policy.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsed = workstationPolicy.safeParse({ autoLockMinutes: Number(minutes) });
    if (!parsed.success || minutes.trim() === '') {
      setErrors(
        parsed.success ? { autoLockMinutes: 'enter a number of minutes' } : zodFieldErrors(parsed.error),
      );
      return;
    }
    setBusy(true);
    setErrors({});
    setOutcome({});
    try {
      const saved = await api('PUT', '/admin/workstation-policy', workstationPolicy, { body: parsed.data });
      setMinutes(String(saved.autoLockMinutes));
      setOutcome({
        ok: `Saved: workstations lock after ${saved.autoLockMinutes} minutes without activity, from their next sign-in or token refresh.`,
      });
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields);
      if (!Object.keys(a.fields).length) setOutcome({ error: capitalized(a.message) });
    }
    setBusy(false);
  }

  return (
    <Page title="Workstation policy" subtitle="Settings every clinic workstation of the district applies.">
      <LoadState loading={policy.loading && !policy.data} error={policy.error} what="the policy" />
      <Outcome {...outcome} />
      {policy.data ? (
        <section className="card narrow" aria-labelledby="lock-h">
          <h2 id="lock-h">Inactivity lock</h2>
          <form onSubmit={(e) => void save(e)} noValidate>
            <Field
              label="Lock a workstation after (minutes without activity)"
              hint={`From ${MIN_AUTO_LOCK_MINUTES} to ${MAX_AUTO_LOCK_MINUTES} minutes. The nurse unlocks with her PIN or password.`}
              error={errors.autoLockMinutes}
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={MIN_AUTO_LOCK_MINUTES}
                  max={MAX_AUTO_LOCK_MINUTES}
                  value={minutes}
                  onChange={(e) => setMinutes(e.target.value)}
                />
              )}
            </Field>
            <div className="actions">
              <button type="submit" disabled={busy}>
                Save
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </Page>
  );
}
