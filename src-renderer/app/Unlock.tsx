import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppStatus } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError } from '../lib/hooks';
import { BreakGlass } from './BreakGlass';
import { Gate } from './Gate';
import { PinField } from './PinDialog';

/**
 * The locked screen: nothing of the clinic is shown until the signed-in nurse gives the password again, or the
 * PIN she set on this workstation (offered first when there is one).
 */
export function Unlock(props: { status: AppStatus; onStatus: (s: AppStatus) => void }) {
  const [withPin, setWithPin] = useState(props.status.pinSet === true);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [emergency, setEmergency] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!emergency) field.current?.focus();
  }, [emergency, withPin]);
  // three wrong PINs remove the PIN: the core says so, and once the status poll shows it, the screen asks for the password
  useEffect(() => {
    if (props.status.pinSet !== true) setWithPin(false);
  }, [props.status.pinSet]);
  const fieldName = withPin ? 'pin' : 'password';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!password) {
      setErrors({ [fieldName]: 'required' });
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onStatus(await call('app.unlock', withPin ? { pin: password } : { password }));
    } catch (err) {
      const { fields, general: g } = ipcFieldErrors(toIpcError(err));
      setErrors(fields);
      setGeneral(g);
      setPassword('');
      setBusy(false);
      field.current?.focus();
    }
  }

  async function signOut() {
    try {
      props.onStatus(await call('app.signOut', {}));
    } catch (err) {
      setGeneral(toIpcError(err).message);
    }
  }

  if (emergency) return <BreakGlass onStatus={props.onStatus} onCancel={() => setEmergency(false)} />;

  const who = props.status.user?.name;
  return (
    <Gate
      title="Locked"
      subtitle={`${who ? `${who} is signed in. ` : ''}The workstation locked to protect student records. Enter your ${withPin ? 'PIN' : 'password'} to continue.`}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        {withPin ? (
          <PinField
            key="pin"
            label="PIN"
            error={errors.pin}
            value={password}
            onChange={setPassword}
            inputRef={field}
          />
        ) : (
          <Field key="password" label="Password" error={errors.password}>
            {(p) => (
              <input
                {...p}
                ref={field}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
        )}
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      <div className="actions">
        {props.status.pinSet ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              setWithPin(!withPin);
              setPassword('');
              setErrors({});
              setGeneral(undefined);
            }}
          >
            {withPin ? 'Use your password instead' : 'Use your PIN instead'}
          </button>
        ) : null}
        <button type="button" className="link" onClick={() => void signOut()}>
          Not {who ?? 'you'}? Sign out
        </button>
        <button type="button" className="link" onClick={() => setEmergency(true)}>
          Emergency access
        </button>
      </div>
    </Gate>
  );
}
