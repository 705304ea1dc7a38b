import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../auth';
import { sessionUser } from './auth';

/**
 * The HTTP contract of the district console's browser session (server-sync/console): a cookie session for the web
 * console at /console. The session lives in an HttpOnly cookie the page's scripts cannot read; what they get is the
 * user and a CSRF token to send back as X-CSRF-Token on every request that changes something.
 */

/** The cookie holding the console session (HttpOnly, SameSite=Strict, Path=/, Secure over TLS). */
export const CONSOLE_SESSION_COOKIE = 'wc_console';
/** The header carrying the CSRF token on POST, PUT, PATCH and DELETE from the console. */
export const CSRF_HEADER = 'x-csrf-token';

/** POST /console/session */
export const consoleSignInRequest = z.strictObject({
  email: z.email().max(255),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type ConsoleSignInRequest = z.infer<typeof consoleSignInRequest>;

/** 200 of POST and GET /console/session. */
export const consoleSessionResponse = z.object({
  user: sessionUser,
  csrfToken: z.string().min(1),
  /** the district's IANA time zone: times are shown in it (a school's own zone where a row has a school) */
  districtTimeZone: z.string().min(1),
  districtName: z.string(),
  /** when the session ends unless signed in again */
  expiresAt: z.iso.datetime(),
});
export type ConsoleSessionResponse = z.infer<typeof consoleSessionResponse>;

/** 200 of DELETE /console/session. */
export const consoleSignOutResponse = z.object({ signedOut: z.literal(true) });

// ---- The dashboard's clinic activity
/** GET /district/activity?date=YYYY-MM-DD (the district's today when absent) */
export const districtActivityQuery = z.strictObject({
  date: z.iso.date().optional(),
});
export const schoolActivity = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  timeZone: z.string(),
  /** clinic visits that arrived on the date (the school's calendar day) */
  visits: z.number().int().nonnegative(),
  emergencies: z.number().int().nonnegative(),
  sentHome: z.number().int().nonnegative(),
  /** visits still open (no departure recorded) */
  open: z.number().int().nonnegative(),
  medicationsGiven: z.number().int().nonnegative(),
});
export type SchoolActivity = z.infer<typeof schoolActivity>;
export const districtActivityResponse = z.object({
  date: z.iso.date(),
  schools: z.array(schoolActivity),
});
export type DistrictActivityResponse = z.infer<typeof districtActivityResponse>;

/** Method and path of each route of this contract (the server registers them; a test checks it). */
export const consoleEndpoints = Object.freeze({
  signIn: { method: 'POST', path: '/console/session' },
  session: { method: 'GET', path: '/console/session' },
  signOut: { method: 'DELETE', path: '/console/session' },
  activity: { method: 'GET', path: '/district/activity' },
} as const);

// ---- Who uses the console, and which pages each role sees (the server enforces every route anyway)
/** The roles that may sign in to the console: nurses work at a clinic workstation instead. */
export const CONSOLE_ROLES = ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'BILLING', 'AUDITOR'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];
export const isConsoleRole = (role: string): role is ConsoleRole =>
  (CONSOLE_ROLES as readonly string[]).includes(role);

export const CONSOLE_PAGES = Object.freeze({
  dashboard: { label: 'Dashboard', roles: CONSOLE_ROLES },
  alerts: { label: 'Alerts', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
  outbreaks: { label: 'Outbreaks', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
  immunizations: { label: 'Immunization compliance', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
  users: { label: 'Users and roles', roles: ['DISTRICT_ADMIN'] },
  workstations: { label: 'Workstations', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
  policy: { label: 'Workstation policy', roles: ['DISTRICT_ADMIN'] },
  jobs: { label: 'Jobs', roles: ['DISTRICT_ADMIN'] },
  audit: { label: 'Audit log', roles: ['AUDITOR', 'DISTRICT_ADMIN'] },
  reports: { label: 'Reports', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'AUDITOR'] },
  formulary: { label: 'Drug catalog', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
  sis: { label: 'SIS roster', roles: ['DISTRICT_ADMIN'] },
  'sis-connections': { label: 'SIS connections', roles: ['DISTRICT_ADMIN'] },
  registry: { label: 'Registry', roles: ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'] },
} as const satisfies Record<string, { label: string; roles: readonly ConsoleRole[] }>);
export type ConsolePage = keyof typeof CONSOLE_PAGES;

/** The console pages a role sees, in navigation order. */
export const pagesOf = (role: string): ConsolePage[] =>
  (Object.keys(CONSOLE_PAGES) as ConsolePage[]).filter((p) =>
    (CONSOLE_PAGES[p].roles as readonly string[]).includes(role),
  );

/** How long a console session lasts (at most; the server's refresh-token lifetime if shorter). */
export const CONSOLE_SESSION_HOURS = 10;
