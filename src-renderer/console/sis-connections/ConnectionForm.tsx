import { useState, type FormEvent } from 'react';
import {
  CONFLICT_STRATEGIES,
  SIS_VENDORS,
  SOURCE_KINDS,
  sourceConfigView,
  type SourceConfigView,
  type SourceKind,
} from '../../../src-shared/api/sis-sources';
import { Field, FormError, type FieldErrors } from '../../lib/form';
import { titleCase } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized } from '../lib/page';
import { toApiError } from '../lib/useLoad';
import { bodyOf, formOf, KIND_LABEL, type ConnectionForm as Form } from './connection-form';

type TextKey = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

/** Adds or changes a SIS connection (DISTRICT_ADMIN). Credentials are typed in and never shown again. */
export function ConnectionForm(props: {
  editing?: SourceConfigView;
  onDone: (saved?: SourceConfigView) => void;
}) {
  const editing = props.editing;
  const [form, setForm] = useState<Form>(() => formOf(editing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set =
    (k: TextKey, field = k as string) =>
    (e: { target: { value: string } }) => {
      setForm((f) => ({ ...f, [k]: e.target.value }));
      setErrors(({ [field]: _gone, ...rest }) => rest);
    };
  const text = (k: TextKey, label: string, o: { field?: string; hint?: string; type?: string } = {}) => (
    <Field label={label} hint={o.hint} error={errors[o.field ?? k]}>
      {(p) => (
        <input
          {...p}
          type={o.type ?? 'text'}
          autoComplete="off"
          value={form[k]}
          onChange={set(k, o.field ?? k)}
        />
      )}
    </Field>
  );
  const headingId = editing ? `sis-edit-${editing.id}-h` : 'sis-new-h';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = bodyOf(form, editing);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      const saved = editing
        ? await api('PATCH', `/sis/configs/${encodeURIComponent(editing.id)}`, sourceConfigView, {
            body: built.body,
          })
        : await api('POST', '/sis/configs', sourceConfigView, { body: built.body });
      props.onDone(saved);
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields);
      if (Object.keys(a.fields).length === 0) setGeneral(capitalized(a.message));
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{editing ? 'Change the SIS connection' : 'New SIS connection'}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        <div className="form-grid">
          <Field label="Source" error={errors['source.kind']}>
            {(p) => (
              <select
                {...p}
                value={form.kind}
                onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as SourceKind }))}
              >
                {SOURCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="SIS" error={errors.vendor}>
            {(p) => (
              <select {...p} value={form.vendor} onChange={set('vendor')}>
                {SIS_VENDORS.map((v) => (
                  <option key={v} value={v}>
                    {titleCase(v)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {form.kind === 'WATCHED_FOLDER' ? (
          <div className="form-grid">
            {text('path', 'Folder on the district server', {
              field: 'source.path',
              hint: 'An absolute path',
            })}
            {text('settleSeconds', 'Unchanged for (seconds) before it is taken', {
              field: 'source.settleSeconds',
              type: 'number',
            })}
          </div>
        ) : null}
        {form.kind === 'SFTP' ? (
          <div className="form-grid">
            {text('host', 'Host', { field: 'source.host' })}
            {text('port', 'Port', { field: 'source.port', type: 'number' })}
            {text('username', 'User name', { field: 'source.username' })}
            {text('remotePath', 'Remote path', {
              field: 'source.remotePath',
              hint: 'A zip, a folder with manifest.csv, or a drop folder of zips',
            })}
            {text('hostKeyFingerprint', 'Host key fingerprint', {
              field: 'source.hostKeyFingerprint',
              hint: 'SHA256:… as ssh-keygen -l prints it',
            })}
            <Field
              label="Private key"
              hint={editing?.hasCredentials ? 'Stored; leave empty to keep it' : 'OpenSSH or PEM'}
              error={errors['credentials.privateKey']}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={form.privateKey}
                  onChange={set('privateKey', 'credentials.privateKey')}
                />
              )}
            </Field>
            {text('passphrase', 'Key passphrase (if any)', {
              field: 'credentials.passphrase',
              type: 'password',
            })}
            {text('password', 'Or a password', { field: 'credentials.password', type: 'password' })}
          </div>
        ) : null}
        {form.kind === 'ONEROSTER_REST' ? (
          <div className="form-grid">
            {text('baseUrl', 'Rostering service URL', {
              field: 'source.baseUrl',
              hint: 'Ends in /ims/oneroster/rostering/v1p2',
            })}
            {text('tokenUrl', 'Token URL', { field: 'source.tokenUrl' })}
            {text('scope', 'Scopes (optional)', { field: 'source.scope' })}
            {text('pageSize', 'Records per page', { field: 'source.pageSize', type: 'number' })}
            {text('clientId', 'Client id', {
              field: 'credentials.clientId',
              hint: editing?.hasCredentials ? 'Stored; leave empty to keep it' : undefined,
            })}
            {text('clientSecret', 'Client secret', { field: 'credentials.clientSecret', type: 'password' })}
          </div>
        ) : null}
        <div className="form-grid">
          {text('scheduleCron', 'Schedule (cron, district time)', {
            hint: 'e.g. 0 2 * * * for 2:00 AM daily; empty: manual',
          })}
          <Field label="Conflicts" error={errors.conflictStrategy}>
            {(p) => (
              <select {...p} value={form.conflictStrategy} onChange={set('conflictStrategy')}>
                {CONFLICT_STRATEGIES.map((c) => (
                  <option key={c} value={c}>
                    {titleCase(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('deletionThresholdPercent', 'Withdrawals needing approval above (%)', { type: 'number' })}
        </div>
        <div className="checks">
          <label>
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked }))}
            />{' '}
            Enabled
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.testMode}
              onChange={(e) => setForm((f) => ({ ...f, testMode: e.target.checked }))}
            />{' '}
            Test mode (dry runs only)
          </label>
          {editing?.hasCredentials ? (
            <label>
              <input
                type="checkbox"
                checked={form.removeCredentials}
                onChange={(e) => setForm((f) => ({ ...f, removeCredentials: e.target.checked }))}
              />{' '}
              Remove the stored credentials
            </label>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {editing ? 'Save changes' : 'Add the connection'}
          </button>
          <button type="button" className="secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
