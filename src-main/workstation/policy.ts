import { IPC_METHODS, ipcContract, type IpcMethod, type IpcMethodSpec } from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/errors';
import { findUnstorableText, textPathLabel } from '../../src-shared/text/storable';

/**
 * The dispatcher's policy, derived from the access rule each IPC slice declares with its methods
 * (src-shared/ipc/<feature>.ts): nothing here lists a method.
 */
const where = (pick: (spec: IpcMethodSpec) => boolean): ReadonlySet<IpcMethod> =>
  new Set(IPC_METHODS.filter((m) => pick(ipcContract[m])));

export const IPC_POLICY = Object.freeze({
  /** Callable with no session. */
  public: where((s) => s.access === 'public'),
  /** Allowed under emergency (break-the-glass) access, read-only. */
  emergencyRead: where((s) => s.access === 'emergencyRead'),
  /** Methods the UI polls: they do not count as activity. */
  polling: where((s) => s.polling),
  /** Run one at a time (sign-in, enrollment, unlock, PIN, sign-out). */
  serial: where((s) => s.serial),
});

/**
 * Text a database cannot store (a NUL, a lone UTF-16 surrogate: src-shared/text/storable.ts) anywhere in a call's
 * arguments, free text or not, is refused before anything runs, naming the field (`medications.0.dose`).
 */
export function refuseUnstorableText(args: unknown): void {
  const bad = findUnstorableText(args);
  if (!bad) return;
  const field = textPathLabel('', bad.path);
  throw new IpcError('VALIDATION', `${field || 'the request'}: ${bad.reason}`, field || undefined);
}
