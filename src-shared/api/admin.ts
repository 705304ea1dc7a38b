import { z } from 'zod';

/**
 * The HTTP contract of the admin feature (server-sync/admin): workstation enrollment (POST /devices/enroll, public:
 * the one-time code is the credential), enrollment codes, revocation, and the district's workstation policy.
 */

// ---- Enrollment
/** Operating system of an enrolled workstation; devices.platform. */
export const DevicePlatform = ['WINDOWS', 'MACOS', 'LINUX'] as const;
export type DevicePlatform = (typeof DevicePlatform)[number];

export const ENROLLMENT_CODE_MIN_LENGTH = 12;
export const ENROLLMENT_CODE_MAX_LENGTH = 40;

/** POST /devices/enroll */
export const enrollRequest = z.strictObject({
  code: z.string().min(ENROLLMENT_CODE_MIN_LENGTH).max(ENROLLMENT_CODE_MAX_LENGTH),
  name: z.string().trim().min(1).max(100),
  platform: z.enum(DevicePlatform),
});
export type EnrollRequest = z.input<typeof enrollRequest>;

/** 201 of POST /devices/enroll: the device secret is shown this once. */
export const enrollResponse = z.object({
  deviceId: z.string().min(1),
  deviceSecret: z.string().min(1),
  schoolId: z.string().min(1),
});
export type EnrollResponse = z.infer<typeof enrollResponse>;

// ---- Administration
export const adminIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** POST /admin/enrollment-codes */
export const enrollmentCodeRequest = z.strictObject({ schoolId: z.string().min(1).max(64) });
export const enrollmentCodeResponse = z.object({
  id: z.string(),
  code: z.string(),
  schoolId: z.string(),
  expiresAt: z.iso.datetime(),
});

/** POST /admin/devices/:id/revoke */
export const revokeDeviceRequest = z
  .strictObject({ reason: z.string().min(1).max(500).optional() })
  .optional();
export const revokeDeviceResponse = z.object({
  deviceId: z.string(),
  revokedAt: z.iso.datetime(),
  revokedSessions: z.number().int().nonnegative(),
});

/** POST /admin/users/:id/revoke-sessions */
export const revokeSessionsResponse = z.object({
  userId: z.string(),
  revokedSessions: z.number().int().nonnegative(),
});

// ---- The district's workstation policy
export const DEFAULT_AUTO_LOCK_MINUTES = 10;
export const MIN_AUTO_LOCK_MINUTES = 1;
export const MAX_AUTO_LOCK_MINUTES = 240;

export const autoLockMinutes = z.number().int().min(MIN_AUTO_LOCK_MINUTES).max(MAX_AUTO_LOCK_MINUTES);

/**
 * What a district administrator sets (PUT /admin/workstation-policy), what GET answers, and what a workstation
 * receives with its tokens (/auth/login, /auth/refresh). A workstation reads it tolerantly (an older server sends
 * none, a newer one may send more): see src-main/workstation/remote.ts.
 */
export const workstationPolicy = z.strictObject({
  /** Inactivity before a workstation session locks, in minutes (1..240; default 10). */
  autoLockMinutes,
});
export type WorkstationPolicy = z.infer<typeof workstationPolicy>;

/** Method and path of each route of this contract (the server registers them; a test checks it). */
export const adminEndpoints = Object.freeze({
  enroll: { method: 'POST', path: '/devices/enroll' },
  enrollmentCodes: { method: 'POST', path: '/admin/enrollment-codes' },
  revokeDevice: { method: 'POST', path: '/admin/devices/:id/revoke' },
  revokeSessions: { method: 'POST', path: '/admin/users/:id/revoke-sessions' },
  getWorkstationPolicy: { method: 'GET', path: '/admin/workstation-policy' },
  setWorkstationPolicy: { method: 'PUT', path: '/admin/workstation-policy' },
} as const);
