import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ipcContract, type AppStatus } from '../../src-shared/ipc/contract';
import { call } from '../bridge';
import { Field, FormError, ipcFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form';
import { toIpcError } from '../lib/hooks';
import { Gate } from './Gate';

/** "Break the glass": emergency, read-only access to the clinic's records; the reason is required and audited. */
export function BreakGlass(props: { onStatus: (s: AppStatus) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const parsed = ipcContract['app.breakGlass'].args.safeParse({ reason });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onStatus(await call('app.breakGlass', { reason }));
    } catch (err) {
      const { fields, general: g } = ipcFieldErrors(toIpcError(err));
      setErrors(fields);
      setGeneral(g);
      setBusy(false);
    }
  }

  return (
    <Gate
      title="Emergency access"
      subtitle="For an emergency only. Access is read-only, time-limited and recorded with your reason for the district to review."
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        <Field
          label="Reason"
          hint="What is happening, e.g. “Student collapsed, need allergy and medication information”."
          error={errors.reason}
        >
          {(p) => <textarea {...p} ref={field} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            Open emergency access
          </button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Gate>
  );
}
