import { IPC_METHODS, ipcContract, type IpcMethod, type IpcMethodSpec } from '../../src-shared/ipc/contract';

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
