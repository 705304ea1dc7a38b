import { z } from 'zod';

/**
 * The JSON objects of the OneRoster 1.2 REST rostering service (1EdTech, "OneRoster 1.2 Rostering Service REST
 * Binding"), as far as White Cross reads them: every field the CSV binding has a column for, the rest ignored
 * (unknown properties are dropped, never an error: vendors add their own). Required are the fields the spec makes
 * required and mapping needs (sourcedId, status, dateLastModified, and each object's own key fields); a missing one
 * is an error naming the endpoint, page and field (rest-flatten.ts).
 */

const text = z.string();
const opt = text.optional().nullable();
/** dateLastModified and other instants: ISO 8601 (the spec's DateTime). */
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'an ISO 8601 date-time');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date YYYY-MM-DD');
/** The 1.2 statuses; 1.1 services still send 'inactive' at times, kept as sent. */
const status = z.enum(['active', 'tobedeleted', 'inactive']);
/** A GUIDRef: { href, sourcedId, type }; only sourcedId is read. */
export const guidRef = z.object({ sourcedId: z.string().min(1), href: opt, type: opt });
const metadata = z.record(z.string(), z.unknown()).optional().nullable();
const base = { sourcedId: z.string().min(1), status, dateLastModified: instant, metadata };
/** Booleans arrive as JSON booleans or, from some vendors, as "true"/"false". */
const bool = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .nullable();

export const orgJson = z.object({
  ...base,
  name: text,
  type: text,
  identifier: opt,
  parent: guidRef.optional().nullable(),
});

export const academicSessionJson = z.object({
  ...base,
  title: text,
  type: text,
  startDate: date,
  endDate: date,
  parent: guidRef.optional().nullable(),
  schoolYear: z.union([z.string(), z.number().int()]),
});

export const roleJson = z.object({
  roleType: z.enum(['primary', 'secondary']),
  role: text,
  org: guidRef,
  userProfile: opt,
  beginDate: date.optional().nullable(),
  endDate: date.optional().nullable(),
});

export const userJson = z.object({
  ...base,
  enabledUser: z.union([z.boolean(), z.enum(['true', 'false'])]),
  username: opt,
  userIds: z
    .array(z.object({ type: text, identifier: text }))
    .optional()
    .nullable(),
  givenName: text,
  familyName: text,
  middleName: opt,
  preferredFirstName: opt,
  preferredMiddleName: opt,
  preferredLastName: opt,
  pronouns: opt,
  identifier: opt,
  email: opt,
  sms: opt,
  phone: opt,
  userMasterIdentifier: opt,
  roles: z.array(roleJson).min(1, 'a user has at least one role'),
  primaryOrg: guidRef.optional().nullable(),
  agents: z.array(guidRef).optional().nullable(),
  grades: z.array(text).optional().nullable(),
  resources: z.array(guidRef).optional().nullable(),
});

export const classJson = z.object({
  ...base,
  title: text,
  classCode: opt,
  classType: text,
  location: opt,
  grades: z.array(text).optional().nullable(),
  subjects: z.array(text).optional().nullable(),
  subjectCodes: z.array(text).optional().nullable(),
  periods: z.array(text).optional().nullable(),
  course: guidRef,
  school: guidRef,
  terms: z.array(guidRef).min(1, 'a class has at least one term'),
});

export const enrollmentJson = z.object({
  ...base,
  role: text,
  primary: bool,
  beginDate: date.optional().nullable(),
  endDate: date.optional().nullable(),
  user: guidRef,
  class: guidRef,
  school: guidRef,
});

export const demographicsJson = z.object({
  ...base,
  birthDate: date.optional().nullable(),
  sex: opt,
  americanIndianOrAlaskaNative: bool,
  asian: bool,
  blackOrAfricanAmerican: bool,
  nativeHawaiianOrOtherPacificIslander: bool,
  white: bool,
  demographicRaceTwoOrMoreRaces: bool,
  hispanicOrLatinoEthnicity: bool,
  countryOfBirthCode: opt,
  stateOfBirthAbbreviation: opt,
  cityOfBirth: opt,
  publicSchoolResidenceStatus: opt,
});

export type OrgJson = z.infer<typeof orgJson>;
export type AcademicSessionJson = z.infer<typeof academicSessionJson>;
export type UserJson = z.infer<typeof userJson>;
export type ClassJson = z.infer<typeof classJson>;
export type EnrollmentJson = z.infer<typeof enrollmentJson>;
export type DemographicsJson = z.infer<typeof demographicsJson>;
