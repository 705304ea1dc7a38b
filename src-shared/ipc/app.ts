import { z } from 'zod';
import { UserRole } from '../enums';
import { empty, id, instant, method, ok, requiredText, slice, text } from './slice';

/** The app slice: enrollment, session, lock, PIN, break-glass (src-main/workstation/app/ipc.ts). */

export const AppUser = z.object({ id, name: z.string(), role: z.enum(UserRole) });
export type AppUser = z.infer<typeof AppUser>;

export const AppStatus = z.object({
  /** enrolled to a district server (has a device identity and a local database) */
  enrolled: z.boolean(),
  /** a session exists but is locked (inactivity, OS lock, app.lock): app.unlock with the password */
  locked: z.boolean(),
  /** a nurse is signed in (possibly locked) */
  signedIn: z.boolean(),
  user: AppUser.optional(),
  schoolName: z.string().optional(),
  /** the school's IANA time zone (schools.timezone): every time the UI shows or takes is in it */
  schoolTimeZone: z.string().optional(),
  /** the district server answered recently */
  online: z.boolean(),
  /** online / offline as last found; unknown until the server was probed (at start) or contacted */
  connection: z.enum(['online', 'offline', 'unknown']),
  mode: z.enum(['electron', 'browser']),
  /** the inactivity lock, rounded to whole minutes (at least 1) for display */
  autoLockMinutes: z.number().int().positive(),
  /** the inactivity lock in seconds (exact) */
  autoLockSeconds: z.number().int().positive(),
  /**
   * who set the inactivity lock: an explicit setting at launch on this workstation (flag or environment), the
   * district's policy (received at sign-in and token refresh, kept for offline sign-in), or the default (10 minutes)
   */
  autoLockSource: z.enum(['district', 'workstation', 'default']),
  /** the signed-in nurse has set an unlock PIN on this workstation (the locked screen offers it) */
  pinSet: z.boolean().optional(),
  /** how the database key is protected on this workstation */
  keyProtection: z.enum(['safeStorage', 'passphrase']).optional(),
  /** emergency (break-the-glass) access is active: read-only, audited, until `until` */
  breakGlass: z.object({ reason: z.string(), until: instant }).optional(),
  serverUrl: z.string().optional(),
});
export type AppStatus = z.infer<typeof AppStatus>;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address'))
  .pipe(z.string().max(254));
const password = z.string().min(1, 'required').max(1024);

export const EnrollArgs = z.object({
  serverUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL of the district server' })
    .max(2048),
  enrollmentCode: requiredText(128),
  email,
  password,
  /** optional name for this workstation as the district sees it */
  deviceName: text(100).optional(),
});

/** An unlock PIN: 4 to 8 digits, not one digit repeated nor a run like 1234 or 9876. */
export const Pin = z
  .string()
  .regex(/^\d{4,8}$/, 'must be 4 to 8 digits')
  .refine((p) => !/^(\d)\1+$/.test(p), 'must not be one digit repeated')
  .refine(
    (p) => !'01234567890'.includes(p) && !'09876543210'.includes(p),
    'must not be a run of digits like 1234',
  );

/** Unlock with the password, or with the PIN the nurse set on this workstation (exactly one). */
export const UnlockArgs = z
  .object({ password: password.optional(), pin: z.string().max(8).optional() })
  .superRefine((v, ctx) => {
    if ((v.password === undefined) === (v.pin === undefined))
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'give the password or the PIN' });
    if (v.pin !== undefined && !/^\d{4,8}$/.test(v.pin))
      ctx.addIssue({ code: 'custom', path: ['pin'], message: 'must be 4 to 8 digits' });
  });

export const SetPinArgs = z.object({ password, pin: Pin });

export const SignInArgs = z.object({
  email,
  password,
  /** passphrase mode only, after KEY_SLOT_STALE: the password this workstation last saw for the nurse */
  previousPassword: password.optional(),
});

export const BreakGlassArgs = z.object({
  reason: requiredText(1000).min(10, 'give the reason (at least 10 characters)'),
});

export const appSlice = slice('app', {
  'app.status': method({ args: empty, result: AppStatus, access: 'public', polling: true }),
  'app.enroll': method({ args: EnrollArgs, result: ok, access: 'public', serial: true }),
  'app.signIn': method({ args: SignInArgs, result: AppStatus, access: 'public', serial: true }),
  'app.unlock': method({ args: UnlockArgs, result: AppStatus, access: 'public', serial: true }),
  'app.setPin': method({ args: SetPinArgs, result: AppStatus, access: 'session', serial: true }),
  'app.clearPin': method({ args: empty, result: AppStatus, access: 'session', serial: true }),
  'app.lock': method({ args: empty, result: AppStatus, access: 'public' }),
  'app.signOut': method({ args: empty, result: AppStatus, access: 'public', serial: true }),
  'app.activity': method({ args: empty, result: empty, access: 'public' }),
  'app.breakGlass': method({ args: BreakGlassArgs, result: AppStatus, access: 'public' }),
});
