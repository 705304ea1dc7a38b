import { useEffect, useRef, useState, type FormEvent } from 'react';
import { EnrollArgs, type AppStatus, type SyncStatus } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useCall } from '../lib/hooks';
import { Gate } from './Gate';

/** First run: connect this workstation to the district server with a one-time enrollment code. */
export function Enroll(props: { onEnrolled: (status: AppStatus) => void }) {
  const [form, setForm] = useState({
    serverUrl: '',
    enrollmentCode: '',
    email: '',
    password: '',
    deviceName: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const args = { ...form, deviceName: form.deviceName.trim() || undefined };
    const parsed = EnrollArgs.safeParse(args);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setGeneral(undefined);
      return;
    }
    setErrors({});
    setGeneral(undefined);
    setBusy(true);
    try {
      await call('app.enroll', args);
      props.onEnrolled(await call('app.status', {}));
    } catch (err) {
      const { fields, general: g } = ipcFieldErrors(toIpcError(err));
      setErrors(fields);
      setGeneral(g);
      setBusy(false);
    }
  }

  return (
    <Gate
      title="Connect this workstation"
      subtitle="Your district IT gives you the server address and a one-time enrollment code. You sign in with your district account once; after that this workstation also works offline."
    >
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-describedby={general ? 'enroll-error' : undefined}
      >
        <FormError message={general} id="enroll-error" />
        <Field
          label="District server address"
          hint="For example https://nurse.district.example"
          error={errors.serverUrl}
        >
          {(p) => (
            <input
              {...p}
              ref={first}
              type="url"
              autoComplete="url"
              value={form.serverUrl}
              onChange={set('serverUrl')}
              required
            />
          )}
        </Field>
        <Field label="Enrollment code" error={errors.enrollmentCode}>
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={form.enrollmentCode}
              onChange={set('enrollmentCode')}
              required
            />
          )}
        </Field>
        <Field label="Your email" error={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="username"
              value={form.email}
              onChange={set('email')}
              required
            />
          )}
        </Field>
        <Field label="Your password" error={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={form.password}
              onChange={set('password')}
              required
            />
          )}
        </Field>
        <Field
          label="Workstation name (optional)"
          hint="How the district lists this computer"
          error={errors.deviceName}
        >
          {(p) => <input {...p} type="text" value={form.deviceName} onChange={set('deviceName')} />}
        </Field>
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Connecting…' : 'Connect and sign in'}
        </button>
      </form>
    </Gate>
  );
}

function phaseLabel(s: SyncStatus): string {
  if (!s.progress) return s.running ? 'Starting…' : 'Waiting to start…';
  const what =
    s.progress.phase === 'push' ? 'Sending this workstation’s changes' : 'Receiving your school’s records';
  return s.progress.total > 0
    ? `${what}: ${s.progress.done.toLocaleString()} of ${s.progress.total.toLocaleString()}`
    : `${what}…`;
}

/** After enrollment: the first sync brings the school's records; a progress bar shows how far it is. */
export function FirstSync(props: { onDone: () => void }) {
  const sync = useCall('sync.status', {}, 'first', 500);
  const s = sync.data;
  const done = s !== undefined && !s.running && s.lastSyncAt !== undefined;
  const failed = s !== undefined && !s.running && !done && s.lastError !== undefined;
  const cont = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (done || failed) cont.current?.focus();
  }, [done, failed]);

  const value = s?.progress && s.progress.total > 0 ? s.progress.done : undefined;
  const max = s?.progress && s.progress.total > 0 ? s.progress.total : undefined;
  return (
    <Gate
      title="Getting your school’s records"
      subtitle="This first sync can take a few minutes. You can keep this window open."
    >
      <div className="first-sync">
        {done ? (
          <div className="notice ok" role="status">
            All set: this workstation has your school’s records and works offline from now on.
          </div>
        ) : failed ? (
          <div className="notice error" role="alert">
            The first sync stopped: {s.lastError}. It retries by itself; you can also start it again.
          </div>
        ) : (
          <>
            <p id="first-sync-label" aria-live="polite">
              {s ? phaseLabel(s) : 'Starting…'}
            </p>
            <progress aria-labelledby="first-sync-label" value={value} max={max} />
          </>
        )}
        <div className="actions">
          {failed ? (
            <button
              type="button"
              className="secondary"
              onClick={() => void call('sync.now', {}).catch(() => undefined)}
            >
              Try again
            </button>
          ) : null}
          <button type="button" ref={cont} disabled={!done && !failed} onClick={props.onDone}>
            Open the clinic
          </button>
        </div>
      </div>
    </Gate>
  );
}
