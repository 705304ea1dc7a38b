import { z } from 'zod';
import { isDistrictWide, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth';
import { UserRole } from '../enums';

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

// ---- Workstations and accounts, as the district console lists them
/** 200 of GET /admin/devices: the workstations of the caller's schools. */
export const deviceSummary = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.enum(DevicePlatform),
  schoolId: z.string(),
  schoolName: z.string(),
  enrolledAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  revocationReason: z.string().nullable(),
});
export type DeviceSummary = z.infer<typeof deviceSummary>;
export const deviceListResponse = z.object({ devices: z.array(deviceSummary) });

/** A district account, as GET /admin/users lists it (DISTRICT_ADMIN). */
export const userSummary = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(UserRole),
  isActive: z.boolean(),
  schoolIds: z.array(z.string()),
  lastLoginAt: z.iso.datetime().nullable(),
});
export type UserSummary = z.infer<typeof userSummary>;
export const userListResponse = z.object({ users: z.array(userSummary) });

/** POST /admin/users: a new account (NURSE and SCHOOL_ADMIN need at least one school). */
export const createUserRequest = z
  .strictObject({
    email: z.email().max(255),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100),
    role: z.enum(UserRole),
    schoolIds: z.array(z.string().min(1).max(64)).max(100).default([]),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(PASSWORD_MAX_LENGTH),
  })
  .refine((u) => isDistrictWide(u.role) || u.schoolIds.length > 0, {
    path: ['schoolIds'],
    message: 'a nurse or school administrator needs at least one school',
  });
export type CreateUserRequest = z.input<typeof createUserRequest>;

/** PATCH /admin/users/:id: change the role (and schools), or deactivate / reactivate. */
export const updateUserRequest = z
  .strictObject({
    role: z.enum(UserRole).optional(),
    schoolIds: z.array(z.string().min(1).max(64)).max(100).optional(),
    isActive: z.boolean().optional(),
  })
  .refine((u) => u.role !== undefined || u.schoolIds !== undefined || u.isActive !== undefined, {
    path: ['role'],
    message: 'say what to change: role, schoolIds or isActive',
  });
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;

/** GET /admin/schools: the schools of the caller (for the console's pickers). */
export const schoolSummary = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  timeZone: z.string().nullable(),
});
export type SchoolSummary = z.infer<typeof schoolSummary>;
export const schoolListResponse = z.object({ schools: z.array(schoolSummary) });

/** Method and path of each route of this contract (the server registers them; a test checks it). */
export const adminEndpoints = Object.freeze({
  enroll: { method: 'POST', path: '/devices/enroll' },
  enrollmentCodes: { method: 'POST', path: '/admin/enrollment-codes' },
  revokeDevice: { method: 'POST', path: '/admin/devices/:id/revoke' },
  revokeSessions: { method: 'POST', path: '/admin/users/:id/revoke-sessions' },
  getWorkstationPolicy: { method: 'GET', path: '/admin/workstation-policy' },
  setWorkstationPolicy: { method: 'PUT', path: '/admin/workstation-policy' },
  listDevices: { method: 'GET', path: '/admin/devices' },
  listUsers: { method: 'GET', path: '/admin/users' },
  createUser: { method: 'POST', path: '/admin/users' },
  updateUser: { method: 'PATCH', path: '/admin/users/:id' },
  listSchools: { method: 'GET', path: '/admin/schools' },
} as const);
