import { z } from 'zod';

/**
 * Errors of the IPC contract (src-shared/ipc/contract.ts). A handler failure crosses the boundary as
 * `{ code, message, field? }` (both over Electron IPC and over the loopback bridge); the renderer side throws
 * it as an `IpcError`. `field` is the dotted path of the argument the message is about (`vitals.heartRate`,
 * `medications.0.allergyOverride.reason`), so the UI can show the message next to that field.
 */

/** Every code a handler may answer with. The UI switches on these; the message is for people. */
export const IPC_ERROR_CODES = [
  /** the payload failed the contract's zod schema (field says which argument) */
  'VALIDATION',
  /** unknown method name */
  'UNKNOWN_METHOD',
  /** browser mode: the bridge's per-launch token is missing or wrong (HTTP 401) */
  'UNAUTHORIZED',
  /** the workstation is not enrolled to a district server yet */
  'NOT_ENROLLED',
  /** the workstation is already enrolled (enroll refused) */
  'ALREADY_ENROLLED',
  /** no nurse is signed in */
  'NOT_SIGNED_IN',
  /** the session is locked (inactivity or OS lock): unlock with the password */
  'LOCKED',
  /** wrong email or password (online or against the cached verifier) */
  'INVALID_CREDENTIALS',
  /** the account is locked out / disabled on the server */
  'ACCOUNT_DISABLED',
  /** offline and this nurse has never signed in online on this workstation */
  'NO_CACHED_CREDENTIALS',
  /** passphrase mode: the database key is protected by another nurse's password; that nurse signs in first */
  'NO_KEY_SLOT',
  /** passphrase mode: the password changed on the server; sign in again giving previousPassword once */
  'KEY_SLOT_STALE',
  /** the key protector cannot be used (e.g. Linux safeStorage 'basic_text' backend without passphrase mode) */
  'KEY_PROTECTION_UNAVAILABLE',
  /** the district server could not be reached */
  'SERVER_UNREACHABLE',
  /** the district server refused the request (message says why) */
  'SERVER_REFUSED',
  /** the enrollment code is wrong, used or expired */
  'ENROLLMENT_REFUSED',
  /** a record the request names does not exist here */
  'NOT_FOUND',
  /**
   * the medication-safety check found what needs an override (an allergy conflict, a major or contraindicated
   * interaction, a drug not in the catalog) and the dose does not carry it: field names what to fill
   */
  'SAFETY_OVERRIDE_REQUIRED',
  /** the medication order does not belong to this student / is not active */
  'MEDICATION_NOT_ORDERED',
  /** the same submission was already saved (duplicate submit) */
  'DUPLICATE',
  /** a sync is already running / sync failed (message says why) */
  'SYNC_FAILED',
  /** the signed-in role may not do this */
  'FORBIDDEN',
  /** anything else; the message is safe to show, details are in the core's log */
  'INTERNAL',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const ipcErrorShape = z.object({
  code: z.string().min(1),
  message: z.string(),
  field: z.string().optional(),
});
export type IpcErrorShape = z.infer<typeof ipcErrorShape>;

/** The renderer's (and the core's) error carrying the handler's code, message and field. */
export class IpcError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: IpcErrorCode | (string & {}), message: string, field?: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.field = field;
  }
  toShape(): IpcErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
  static fromShape(shape: IpcErrorShape): IpcError {
    return new IpcError(shape.code, shape.message, shape.field);
  }
}

/** The first issue of a zod error as a VALIDATION IpcError naming the field (`vitals.heartRate: ...`). */
export function ipcErrorFromZod(error: z.ZodError, prefix?: string): IpcError {
  const issue = error.issues[0];
  if (!issue) return new IpcError('VALIDATION', 'invalid request');
  const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
  const message = path ? `${path}: ${issue.message}` : issue.message;
  return new IpcError('VALIDATION', message, path || undefined);
}
