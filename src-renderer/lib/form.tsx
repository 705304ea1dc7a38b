import { useId, type ReactNode } from 'react';
import type { z } from 'zod';
import type { IpcError } from '../../src-shared/ipc/errors';

/** Messages by field path (`vitals.heartRate`, `medications.0.allergyOverride.reason`). */
export type FieldErrors = Readonly<Record<string, string>>;

/** The contract's own zod issues, keyed by path (first message per field): the UI never re-states a rule. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    out[path] ??= issue.message;
  }
  return out;
}

/** A core error with a field becomes that field's message (its `field: ` prefix dropped); else general. */
export function ipcFieldErrors(e: IpcError): { fields: FieldErrors; general?: string } {
  if (!e.field) return { fields: {}, general: e.message };
  const prefix = `${e.field}: `;
  const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  return { fields: { [e.field]: message } };
}

/** Messages come lower-case from the contract ("required"); shown next to a field they start with a capital. */
export const sentence = (m: string): string => (m ? m[0]!.toUpperCase() + m.slice(1) : m);

export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One labelled form control with its hint, warning and error next to it; the control gets aria-invalid and
 * aria-describedby so a screen reader reads the message with the field.
 */
export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  warning?: string | undefined;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const msgId = props.error || props.warning ? `${id}-msg` : undefined;
  const describedBy = [hintId, msgId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <span id={hintId} className="hint">
          {props.hint}
        </span>
      ) : null}
      {props.children({
        id,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {props.error ? (
        <span id={msgId} className="field-error">
          {sentence(props.error)}
        </span>
      ) : props.warning ? (
        <span id={msgId} className="field-warning">
          {sentence(props.warning)}
        </span>
      ) : null}
    </div>
  );
}

/** A general message at the top of a form, announced when it appears. */
export function FormError(props: { message: string | undefined; id?: string }) {
  if (!props.message) return null;
  return (
    <div className="notice error" role="alert" id={props.id}>
      {props.message}
    </div>
  );
}
