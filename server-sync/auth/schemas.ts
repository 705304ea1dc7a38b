import { z } from 'zod';
import { UserRole } from '../../src-shared/enums';
import { workstationPolicy } from '../admin/workstation-policy';
import { PASSWORD_MAX_LENGTH } from './passwords';

export const loginBody = z
  .strictObject({
    email: z.email().max(255),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    /** Both or neither: the enrolled workstation this login is made from. */
    deviceId: z.string().min(1).max(64).optional(),
    deviceSecret: z.string().min(1).max(200).optional(),
  })
  .refine((b) => (b.deviceId === undefined) === (b.deviceSecret === undefined), {
    path: ['deviceSecret'],
    message: 'deviceId and deviceSecret must be given together',
  });
export type LoginBody = z.infer<typeof loginBody>;

export const refreshBody = z.strictObject({ refreshToken: z.string().min(20).max(200) });

export const sessionUser = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(UserRole),
  districtId: z.string(),
  /** The schools this session may see (for a workstation login: the workstation's school). */
  schoolIds: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const tokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  refreshToken: z.string(),
  refreshExpiresAt: z.iso.datetime(),
  deviceId: z.string().nullable(),
  user: sessionUser,
  /** The user's district's workstation policy (the workstation applies it to the session at once). */
  workstationPolicy,
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const logoutResponse = z.object({ revokedTokens: z.number().int().nonnegative() });
