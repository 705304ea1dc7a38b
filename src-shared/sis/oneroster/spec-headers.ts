import type { RosterFileName } from './bundle';

/**
 * The CSV columns OneRoster 1.1 and 1.2 bulk files define (1EdTech OneRoster CSV binding), per file: a header
 * outside these (and outside `metadata.*`) is reported as unknown, with the nearest known name when it looks
 * like a misspelling. Required columns: a file without them cannot be read at all.
 */
const COMMON = ['sourcedId', 'status', 'dateLastModified'] as const;

export const ONEROSTER_HEADERS: Readonly<Record<RosterFileName, readonly string[]>> = {
  orgs: [...COMMON, 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: [...COMMON, 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
  users: [
    ...COMMON,
    'enabledUser',
    'orgSourcedIds',
    'role',
    'username',
    'userIds',
    'givenName',
    'familyName',
    'middleName',
    'identifier',
    'email',
    'sms',
    'phone',
    'agentSourcedIds',
    'grades',
    'password',
    'userMasterIdentifier',
    'resourceSourcedIds',
    'preferredGivenName',
    'preferredMiddleName',
    'preferredFamilyName',
    'preferredFirstName',
    'preferredLastName',
    'primaryOrgSourcedId',
    'pronouns',
  ],
  demographics: [
    ...COMMON,
    'birthDate',
    'sex',
    'americanIndianOrAlaskaNative',
    'asian',
    'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander',
    'white',
    'demographicRaceTwoOrMoreRaces',
    'hispanicOrLatinoEthnicity',
    'countryOfBirthCode',
    'stateOfBirthAbbreviation',
    'cityOfBirth',
    'publicSchoolResidenceStatus',
  ],
  enrollments: [
    ...COMMON,
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  classes: [
    ...COMMON,
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  courses: [
    ...COMMON,
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  userProfiles: [
    ...COMMON,
    'userSourcedId',
    'profileType',
    'vendorId',
    'applicationId',
    'description',
    'credentialType',
    'username',
    'password',
  ],
  roles: [
    ...COMMON,
    'userSourcedId',
    'roleType',
    'role',
    'beginDate',
    'endDate',
    'orgSourcedId',
    'userProfileSourcedId',
  ],
};

/** Columns without which a file cannot be used (the rest may be blank or absent). */
export const REQUIRED_HEADERS: Readonly<Partial<Record<RosterFileName, readonly string[]>>> = {
  orgs: ['sourcedId', 'name', 'type'],
  users: ['sourcedId', 'givenName', 'familyName'],
  demographics: ['sourcedId'],
  enrollments: ['sourcedId', 'schoolSourcedId', 'userSourcedId', 'role'],
  roles: ['sourcedId', 'userSourcedId', 'role', 'orgSourcedId'],
};

export const ROSTER_FILE_NAMES = Object.keys(ONEROSTER_HEADERS) as readonly RosterFileName[];

/** Levenshtein distance, small strings only (header names). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The known header a misspelled one most likely meant (case-insensitive, at most a third of its letters off), or null. */
export function nearestHeader(file: RosterFileName, header: string): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const known of ONEROSTER_HEADERS[file]) {
    const d = distance(header.toLowerCase(), known.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = known;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(header.length / 3)) ? best : null;
}

export const isKnownHeader = (file: RosterFileName, header: string): boolean =>
  header.startsWith('metadata.') || ONEROSTER_HEADERS[file].includes(header);
