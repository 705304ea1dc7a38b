import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SignInArgs, type AppStatus } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError } from '../lib/hooks';
import { BreakGlass } from './BreakGlass';
import { Gate } from './Gate';

/** Sign in: works offline against the nurse's credentials cached from the district server. */
export function SignIn(props: { status: AppStatus; onStatus: (s: AppStatus) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [previousPassword, setPrevious] = useState('');
  const [needPrevious, setNeedPrevious] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [emergency, setEmergency] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!emergency) first.current?.focus();
  }, [emergency]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const args = { email, password, previousPassword: needPrevious ? previousPassword : undefined };
    const parsed = SignInArgs.safeParse(args);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onStatus(await call('app.signIn', args));
    } catch (err) {
      const ipc = toIpcError(err);
      if (ipc.code === 'KEY_SLOT_STALE') setNeedPrevious(true);
      const { fields, general: g } = ipcFieldErrors(ipc);
      setErrors(fields);
      setGeneral(g);
      setPassword('');
      setBusy(false);
    }
  }

  if (emergency) return <BreakGlass onStatus={props.onStatus} onCancel={() => setEmergency(false)} />;

  return (
    <Gate
      title="Sign in"
      subtitle={
        <>
          {props.status.schoolName ? `${props.status.schoolName}. ` : ''}
          {props.status.connection === 'online'
            ? 'Connected to the district.'
            : props.status.connection === 'unknown'
              ? 'Checking the connection to the district…'
              : 'Offline: you can sign in if you have signed in on this workstation before.'}
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        <Field label="Email" error={errors.email}>
          {(p) => (
            <input
              {...p}
              ref={first}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {needPrevious ? (
          <Field
            label="Your previous password"
            hint="Your password changed on the server. Give the one you last used on this workstation, once."
            error={errors.previousPassword}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                value={previousPassword}
                onChange={(e) => setPrevious(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="subtle">
        Emergency and no account here?{' '}
        <button type="button" className="link" onClick={() => setEmergency(true)}>
          Emergency access
        </button>
      </p>
    </Gate>
  );
}
