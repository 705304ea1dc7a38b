import type { z } from 'zod';
import type { RosterFileName } from './bundle';
import {
  academicSessionJson,
  classJson,
  demographicsJson,
  enrollmentJson,
  orgJson,
  userJson,
  type AcademicSessionJson,
  type ClassJson,
  type DemographicsJson,
  type EnrollmentJson,
  type OrgJson,
  type UserJson,
} from './rest-records';

/**
 * OneRoster 1.2 REST JSON → the CSV binding's records (bundle.ts): each object flattened to the CSV column names of
 * its file (a GUIDRef `parent: {sourcedId}` → `parentSourcedId`, a GUIDRef list → `...SourcedIds` joined by commas,
 * a string list joined by commas, `userIds` as `{type:identifier}` items, booleans as "true"/"false", metadata as
 * `metadata.<name>`). A 1.2 user's roles become rows of roles.csv (userSourcedId, roleType, role, orgSourcedId,
 * userProfileSourcedId, beginDate, endDate), as the 1.2 CSV binding keeps them. Pure.
 */

export type Flat = Record<string, string>;

const s = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const b = (v: boolean | 'true' | 'false' | null | undefined): string =>
  v === null || v === undefined ? '' : String(v);
const refs = (l: readonly { sourcedId: string }[] | null | undefined): string =>
  (l ?? []).map((r) => r.sourcedId).join(',');
const list = (l: readonly string[] | null | undefined): string => (l ?? []).join(',');

function common(o: {
  sourcedId: string;
  status: string;
  dateLastModified: string;
  metadata?: Record<string, unknown> | null | undefined;
}): Flat {
  const f: Flat = { sourcedId: o.sourcedId, status: o.status, dateLastModified: o.dateLastModified };
  for (const [k, v] of Object.entries(o.metadata ?? {})) {
    if (v === null || v === undefined) continue;
    f[`metadata.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return f;
}

export const flattenOrg = (o: OrgJson): Flat => ({
  ...common(o),
  name: o.name,
  type: o.type,
  identifier: s(o.identifier),
  parentSourcedId: s(o.parent?.sourcedId),
});

export const flattenAcademicSession = (o: AcademicSessionJson): Flat => ({
  ...common(o),
  title: o.title,
  type: o.type,
  startDate: o.startDate,
  endDate: o.endDate,
  parentSourcedId: s(o.parent?.sourcedId),
  schoolYear: s(o.schoolYear),
});

export const flattenUser = (o: UserJson): Flat => ({
  ...common(o),
  enabledUser: b(o.enabledUser),
  username: s(o.username),
  userIds: (o.userIds ?? []).map((u) => `{${u.type}:${u.identifier}}`).join(','),
  givenName: o.givenName,
  familyName: o.familyName,
  middleName: s(o.middleName),
  identifier: s(o.identifier),
  email: s(o.email),
  sms: s(o.sms),
  phone: s(o.phone),
  agentSourcedIds: refs(o.agents),
  grades: list(o.grades),
  userMasterIdentifier: s(o.userMasterIdentifier),
  resourceSourcedIds: refs(o.resources),
  preferredGivenName: s(o.preferredFirstName),
  preferredMiddleName: s(o.preferredMiddleName),
  preferredFamilyName: s(o.preferredLastName),
  primaryOrgSourcedId: s(o.primaryOrg?.sourcedId),
  pronouns: s(o.pronouns),
});

/** roles.csv rows of a user (1.2): one per role, its sourcedId made of the user's and the org's. */
export const flattenUserRoles = (o: UserJson): Flat[] =>
  o.roles.map((r) => ({
    sourcedId: `${o.sourcedId}:${r.org.sourcedId}:${r.role}`,
    status: o.status,
    dateLastModified: o.dateLastModified,
    userSourcedId: o.sourcedId,
    roleType: r.roleType,
    role: r.role,
    beginDate: s(r.beginDate),
    endDate: s(r.endDate),
    orgSourcedId: r.org.sourcedId,
    userProfileSourcedId: s(r.userProfile),
  }));

export const flattenClass = (o: ClassJson): Flat => ({
  ...common(o),
  title: o.title,
  grades: list(o.grades),
  courseSourcedId: o.course.sourcedId,
  classCode: s(o.classCode),
  classType: o.classType,
  location: s(o.location),
  schoolSourcedId: o.school.sourcedId,
  termSourcedIds: refs(o.terms),
  subjects: list(o.subjects),
  subjectCodes: list(o.subjectCodes),
  periods: list(o.periods),
});

export const flattenEnrollment = (o: EnrollmentJson): Flat => ({
  ...common(o),
  classSourcedId: o.class.sourcedId,
  schoolSourcedId: o.school.sourcedId,
  userSourcedId: o.user.sourcedId,
  role: o.role,
  primary: b(o.primary),
  beginDate: s(o.beginDate),
  endDate: s(o.endDate),
});

export const flattenDemographics = (o: DemographicsJson): Flat => ({
  ...common(o),
  birthDate: s(o.birthDate),
  sex: s(o.sex),
  americanIndianOrAlaskaNative: b(o.americanIndianOrAlaskaNative),
  asian: b(o.asian),
  blackOrAfricanAmerican: b(o.blackOrAfricanAmerican),
  nativeHawaiianOrOtherPacificIslander: b(o.nativeHawaiianOrOtherPacificIslander),
  white: b(o.white),
  demographicRaceTwoOrMoreRaces: b(o.demographicRaceTwoOrMoreRaces),
  hispanicOrLatinoEthnicity: b(o.hispanicOrLatinoEthnicity),
  countryOfBirthCode: s(o.countryOfBirthCode),
  stateOfBirthAbbreviation: s(o.stateOfBirthAbbreviation),
  cityOfBirth: s(o.cityOfBirth),
  publicSchoolResidenceStatus: s(o.publicSchoolResidenceStatus),
});

/** One endpoint of the rostering service White Cross reads. */
export interface RestEndpoint {
  /** Path under the service's base (…/ims/oneroster/rostering/v1p2). */
  readonly path: string;
  /** The JSON envelope's key ({ "orgs": [...] }). */
  readonly key: string;
  readonly file: RosterFileName;
  readonly parse: (o: unknown) => z.ZodSafeParseResult<unknown>;
  /** The records of one object: file → rows (users also give roles rows). */
  readonly flatten: (o: never) => Partial<Record<RosterFileName, Flat[]>>;
}

function endpoint<T>(
  path: string,
  file: RosterFileName,
  schema: z.ZodType<T>,
  flatten: (o: T) => Partial<Record<RosterFileName, Flat[]>>,
): RestEndpoint {
  return {
    path,
    key: path.slice(1),
    file,
    parse: (o) => schema.safeParse(o),
    flatten: flatten,
  };
}

/** The endpoints a sync reads, in the order a roster is built (orgs first). */
export const REST_ENDPOINTS: readonly RestEndpoint[] = [
  endpoint('/orgs', 'orgs', orgJson, (o) => ({ orgs: [flattenOrg(o)] })),
  endpoint('/academicSessions', 'academicSessions', academicSessionJson, (o) => ({
    academicSessions: [flattenAcademicSession(o)],
  })),
  endpoint('/users', 'users', userJson, (o) => ({ users: [flattenUser(o)], roles: flattenUserRoles(o) })),
  endpoint('/classes', 'classes', classJson, (o) => ({ classes: [flattenClass(o)] })),
  endpoint('/enrollments', 'enrollments', enrollmentJson, (o) => ({ enrollments: [flattenEnrollment(o)] })),
  endpoint('/demographics', 'demographics', demographicsJson, (o) => ({
    demographics: [flattenDemographics(o)],
  })),
];

/** Where a page came from, for an error message: "users page 3 (offset 200)". */
export interface PagePlace {
  readonly page: number;
  readonly offset: number;
}

/** A flattened row and the 0-based index, in its page, of the object it came from. */
export interface PageRow {
  readonly index: number;
  readonly fields: Flat;
}

export class RosterResponseError extends Error {
  override readonly name = 'RosterResponseError';
}

const where = (e: RestEndpoint, p: PagePlace) => `${e.path} page ${p.page} (offset ${p.offset})`;

/**
 * One page's JSON body, checked and flattened: the envelope must hold an array under the endpoint's key, and every
 * object must fit the endpoint's schema; the first misfit throws naming the endpoint, the page, the object's index
 * and sourcedId, and the field. Returns how many objects the page held and its rows per file, each with the index
 * of the object it came from (a user's roles rows share the user's index).
 */
export function readPage(
  e: RestEndpoint,
  body: unknown,
  p: PagePlace,
): { count: number; rows: Partial<Record<RosterFileName, PageRow[]>> } {
  const list: unknown =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[e.key] : undefined;
  if (!Array.isArray(list))
    throw new RosterResponseError(`${where(e, p)}: the response has no "${e.key}" array`);
  const rows: Partial<Record<RosterFileName, PageRow[]>> = {};
  list.forEach((o: unknown, i) => {
    const r = e.parse(o);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue?.path.map(String).join('.') || '(object)';
      const sid = typeof o === 'object' && o !== null ? (o as { sourcedId?: unknown }).sourcedId : undefined;
      const id = typeof sid === 'string' ? ` (sourcedId ${sid})` : '';
      throw new RosterResponseError(
        `${where(e, p)}, ${e.key}[${i}]${id}: field ${field}: ${issue?.message ?? 'invalid'}`,
      );
    }
    for (const [file, fileRows] of Object.entries(e.flatten(r.data as never)) as [RosterFileName, Flat[]][]) {
      (rows[file] ??= []).push(...fileRows.map((fields) => ({ index: i, fields })));
    }
  });
  return { count: list.length, rows };
}

/** The OneRoster filter of a delta sync: records changed after `since` (ISO 8601). */
export const deltaFilter = (since: Date): string => `dateLastModified>'${since.toISOString()}'`;
