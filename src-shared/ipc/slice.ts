import { z } from 'zod';
import { textPathLabel, unstorableTextReason } from '../text/storable';

/**
 * The parts every IPC slice (src-shared/ipc/<feature>.ts) is made of: `method({...})` declares one method (its
 * arguments, its result and its access rule), `slice(prefix, {...})` one feature's methods, and the building blocks
 * of their schemas. The dispatcher (src-main/workstation/core.ts) derives every policy from these declarations.
 */

/**
 * Who may call a method: `public` with no session (sign-in, status); `session` a signed-in, unlocked nurse;
 * `emergencyRead` that nurse or, read-only, emergency (break-the-glass) access.
 */
export const IPC_ACCESS = ['public', 'session', 'emergencyRead'] as const;
export type IpcAccess = (typeof IPC_ACCESS)[number];

export interface IpcMethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
  readonly access: IpcAccess;
  /** The UI polls it: a call does not count as the nurse's activity (the inactivity lock ignores it). */
  readonly polling: boolean;
  /** Runs one at a time with the other serial methods (sign-in, enrollment, unlock, sign-out). */
  readonly serial: boolean;
}

export const method = <A extends z.ZodType, R extends z.ZodType>(spec: {
  readonly args: A;
  readonly result: R;
  readonly access: IpcAccess;
  readonly polling?: boolean;
  readonly serial?: boolean;
}): IpcMethodSpec<A, R> =>
  Object.freeze({
    args: spec.args,
    result: spec.result,
    access: spec.access,
    polling: spec.polling ?? false,
    serial: spec.serial ?? false,
  });

/** One feature's methods, each named `<prefix>.<name>` (a compile error otherwise). */
export const slice = <P extends string, S extends Record<`${P}.${string}`, IpcMethodSpec>>(
  _prefix: P,
  methods: S,
): Readonly<S> => Object.freeze(methods);

// ---------------------------------------------------------------------------------------------------------
// building blocks

export const id = z.string().min(1, 'required').max(64);
export const instant = z.iso.datetime({ offset: true, message: 'must be a date and time (ISO-8601)' });
export const isoDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

/**
 * Text a database can store: no NUL character and no lone UTF-16 surrogate (src-shared/text/storable.ts). Every
 * free-text argument is built on it, so the UI shows the field's error before anything is saved; the dispatcher
 * checks every string argument again (storableArgs below).
 */
export const storableText = () =>
  z.string().superRefine((s, ctx) => {
    const reason = unstorableTextReason(s);
    if (reason !== null) ctx.addIssue({ code: 'custom', message: reason, abort: true });
  });

export const text = (max: number) => storableText().trim().max(max, `at most ${max} characters`);
export const requiredText = (max: number) => text(max).min(1, 'required');
export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });

/** The label of a field path for messages (`medications.0.dose`). */
export const fieldLabel = (path: readonly (string | number)[]): string => textPathLabel('', path);
