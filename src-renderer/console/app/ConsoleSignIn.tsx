import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  consoleSessionResponse,
  consoleSignInRequest,
  type ConsoleSessionResponse,
} from '../../../src-shared/api/console';
import { ConsoleGate, capitalized } from '../lib/page';
import { Field, FormError, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { toApiError } from '../lib/useLoad';

/** Sign in with a district account (administrators, billing, auditors). */
export function ConsoleSignIn(props: { reason?: string; onSignedIn: (s: ConsoleSessionResponse) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const parsed = consoleSignInRequest.safeParse({ email, password });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onSignedIn(
        await api('POST', '/console/session', consoleSessionResponse, { body: parsed.data, quiet401: true }),
      );
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields);
      setGeneral(a.message ? capitalized(a.message) : undefined);
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <ConsoleGate title="District console" subtitle="Sign in with your district account.">
      {props.reason ? (
        <div className="notice" role="status">
          {props.reason}
        </div>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
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
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </ConsoleGate>
  );
}
