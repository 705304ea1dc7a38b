import { useState, type FormEvent, type Ref } from 'react';
import type { AppStatus } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError, useModalDialog } from '../lib/hooks';

/**
 * Set, change or remove the nurse's unlock PIN on this workstation (a native modal dialog; Escape closes). The
 * password is asked again, so someone at an unattended open session cannot set a PIN of their own.
 */
export function PinDialog(props: {
  status: AppStatus;
  onStatus: (s: AppStatus) => void;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const errs: Record<string, string> = {};
    if (!password) errs.password = 'required';
    if (!pin) errs.pin = 'required';
    else if (again !== pin) errs.again = 'the two PINs differ';
    setErrors(errs);
    setGeneral(undefined);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    try {
      props.onStatus(await call('app.setPin', { password, pin }));
      setDone('Your PIN is set. Use it to unlock this workstation.');
      setPassword('');
      setPin('');
      setAgain('');
    } catch (err) {
      const r = ipcFieldErrors(toIpcError(err));
      setErrors(r.fields);
      setGeneral(r.general);
    }
    setBusy(false);
  }

  async function remove() {
    try {
      props.onStatus(await call('app.clearPin', {}));
      setDone('Your PIN is removed. Unlock with your password.');
    } catch (err) {
      setGeneral(toIpcError(err).message);
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="pin-title" onClose={props.onClose}>
      <h2 id="pin-title">Unlock PIN</h2>
      <p>
        A PIN of 4 to 8 digits unlocks this workstation when it locks itself. Signing in still needs your
        password; three wrong PINs remove the PIN.
      </p>
      {done ? (
        <p className="notice ok" role="status">
          {done}
        </p>
      ) : null}
      <form onSubmit={(e) => void save(e)} noValidate>
        <FormError message={general} />
        <Field label="Your password" error={errors.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <PinField
          label={props.status.pinSet ? 'New PIN' : 'PIN'}
          error={errors.pin}
          value={pin}
          onChange={(v) => {
            setPin(v);
            setErrors(({ pin: _, ...rest }) => rest);
          }}
        />
        <PinField
          label="The PIN again"
          error={errors.again}
          value={again}
          onChange={(v) => {
            setAgain(v);
            setErrors(({ again: _, ...rest }) => rest);
          }}
        />
        <div className="actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : props.status.pinSet ? 'Change PIN' : 'Set PIN'}
          </button>
          {props.status.pinSet ? (
            <button type="button" className="secondary" onClick={() => void remove()}>
              Remove PIN
            </button>
          ) : null}
          <button type="button" className="secondary" onClick={props.onClose}>
            Close
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A PIN input: digits only (at most 8), masked, no autofill (the dialog and the locked screen). */
export function PinField(props: {
  label: string;
  error: string | undefined;
  value: string;
  onChange: (digits: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field label={props.label} error={props.error}>
      {(p) => (
        <input
          {...p}
          ref={props.inputRef}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
        />
      )}
    </Field>
  );
}
