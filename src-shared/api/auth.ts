import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../auth';
import { UserRole } from '../enums';
import { workstationPolicy } from './admin';

/**
 * The HTTP contract of the auth feature (server-sync/auth): sign-in, token refresh and sign-out. The server
 * validates requests and answers with these schemas; the workstation (src-main/workstation/remote.ts) sends and
 * reads them, tolerating an older server where it must.
 */

/** POST /auth/login. deviceId and deviceSecret: both or neither (the enrolled workstation the login is made from). */
export const loginRequest = z
  .strictObject({
    email: z.email().max(255),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    deviceId: z.string().min(1).max(64).optional(),
    deviceSecret: z.string().min(1).max(200).optional(),
  })
  .refine((b) => (b.deviceId === undefined) === (b.deviceSecret === undefined), {
    path: ['deviceSecret'],
    message: 'deviceId and deviceSecret must be given together',
  });
export type LoginRequest = z.infer<typeof loginRequest>;

/** POST /auth/refresh */
export const refreshRequest = z.strictObject({ refreshToken: z.string().min(20).max(200) });
export type RefreshRequest = z.infer<typeof refreshRequest>;

/** The signed-in user, as the tokens carry them. */
export const sessionUser = z.object({
  id: z.string().min(1),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(UserRole),
  districtId: z.string(),
  /** The schools this session may see (for a workstation login: the workstation's school). */
  schoolIds: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUser>;

/** 200 of /auth/login and /auth/refresh. */
export const tokenResponse = z.object({
  accessToken: z.string().min(1),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.iso.datetime(),
  deviceId: z.string().nullable(),
  user: sessionUser,
  /** The user's district's workstation policy (the workstation applies it to the session at once). */
  workstationPolicy,
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** 200 of POST /auth/logout. */
export const logoutResponse = z.object({ revokedTokens: z.number().int().nonnegative() });
export type LogoutResponse = z.infer<typeof logoutResponse>;

/**
 * The one answer to a sign-in refused for want of the right account and password: 401 INVALID_CREDENTIALS with this
 * message, for an unknown e-mail, a wrong password, an inactive account and a locked one alike (the server spends
 * one argon2 verification on each), so the answer never tells which e-mails exist. The message states the lockout
 * rule, so that a nurse who is locked out knows to wait rather than doubt her password.
 */
export const INVALID_CREDENTIALS = 'INVALID_CREDENTIALS';
export const signInRefusedMessage = (lockoutThreshold: number, lockoutMinutes: number): string =>
  `email or password is incorrect (after ${lockoutThreshold} failed sign-ins in a row, an account is locked for ${lockoutMinutes} minutes)`;

/** Method and path of each route of this contract (the server registers them; a test checks it). */
export const authEndpoints = Object.freeze({
  login: { method: 'POST', path: '/auth/login' },
  refresh: { method: 'POST', path: '/auth/refresh' },
  logout: { method: 'POST', path: '/auth/logout' },
} as const);
