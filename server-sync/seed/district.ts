import {
  insertMany,
  sectionFaker,
  addDays,
  addMinutes,
  localTime,
  makeNpi,
  newId,
  pick,
  stamps,
  type Grade,
  weekday,
  type SeedContext,
  type NewRow,
} from './helpers';

/**
 * The district, its schools and staff: districts, schools, users, user_schools, and one enrolled nurse
 * workstation per school (devices, device_enrollment_codes). The workstations' sync state is sync.ts,
 * the staff's login history auth.ts.
 *
 * Staff accounts have no password (password_hash NULL: users_password_hash_check only admits
 * argon2id hashes, so a placeholder cannot be stored); the server's demo login is set up elsewhere.
 */

export type SchoolLevel = 'ELEMENTARY' | 'MIDDLE' | 'HIGH' | 'K8' | 'K12';

export interface SchoolRec {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly level: SchoolLevel;
  readonly grades: readonly Grade[];
  readonly nurseIds: readonly string[];
  readonly adminId: string;
  readonly deviceId: string;
  /** When the school's workstation was enrolled. */
  readonly deviceEnrolledAt: Date;
  readonly phone: string;
}

export interface StaffRec {
  readonly id: string;
  readonly role: 'NURSE' | 'SCHOOL_ADMIN' | 'DISTRICT_ADMIN' | 'BILLING' | 'AUDITOR';
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly title: string;
  readonly npi: string | null;
  readonly schoolIds: readonly string[];
  /** When the user last signed in (null: not before asOf). */
  readonly lastLoginAt: Date | null;
}

export interface DistrictRec {
  readonly id: string;
  readonly name: string;
  readonly town: string;
  readonly county: string;
  readonly stateCode: 'OH';
  readonly domain: string;
  readonly ncesId: string;
  readonly postalPrefix: string;
  readonly areaCode: string;
  readonly schools: readonly SchoolRec[];
  readonly staff: readonly StaffRec[];
  /** The Director of Health Services (a DISTRICT_ADMIN): creator of catalogs, approver of exemptions. */
  readonly healthDirectorId: string;
  readonly billingId: string;
  readonly auditorId: string;
}

/** Fictional Ohio towns with the county they sit in and the area code of the county. */
const TOWNS: readonly (readonly [string, string, string, string])[] = [
  ['Willow Creek', 'Delaware', '740', '430'],
  ['Cedar Ridge', 'Licking', '740', '430'],
  ['Maple Grove', 'Wood', '419', '434'],
  ['Stonebridge', 'Greene', '937', '453'],
  ['Pine Hollow', 'Medina', '330', '442'],
  ['Riverbend', 'Warren', '513', '450'],
  ['Oak Meadow', 'Fairfield', '740', '431'],
  ['Fox Run', 'Lorain', '440', '440'],
];

const ELEMENTARY_NAMES = [
  'Lincoln',
  'Jefferson',
  'Riverside',
  'Hawthorne',
  'Meadowbrook',
  'Oakwood',
  'Sycamore',
  'Brookside',
  'Whittier',
  'Garfield',
];

/** Grades of each school for a district of `n` schools: K-5 / 6-8 / 9-12 from three schools up. */
export function schoolLevels(n: number): SchoolLevel[] {
  if (n <= 1) return ['K12'];
  if (n === 2) return ['K8', 'HIGH'];
  const high = 1 + Math.floor((n - 3) / 5);
  const middle = 1 + Math.floor((n - 3) / 3);
  const elementary = n - high - middle;
  return [
    ...Array.from({ length: elementary }, () => 'ELEMENTARY' as const),
    ...Array.from({ length: middle }, () => 'MIDDLE' as const),
    ...Array.from({ length: high }, () => 'HIGH' as const),
  ];
}

export const LEVEL_GRADES: Readonly<Record<SchoolLevel, readonly Grade[]>> = {
  ELEMENTARY: ['K', '1', '2', '3', '4', '5'],
  MIDDLE: ['6', '7', '8'],
  HIGH: ['9', '10', '11', '12'],
  K8: ['K', '1', '2', '3', '4', '5', '6', '7', '8'],
  K12: ['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
};

/** Students per grade are about even, so a school's share of the district is its share of grades (split between schools of a level). */
export function expectedEnrollment(levels: readonly SchoolLevel[], students: number): number[] {
  const perGrade = students / 13;
  return levels.map((lvl) => {
    const peers = levels.filter((l) => l === lvl).length;
    return (LEVEL_GRADES[lvl].length * perGrade) / peers;
  });
}

export const fictionalPhone = (areaCode: string, n: number): string =>
  `(${areaCode}) 555-${String(n % 10000).padStart(4, '0')}`;

export async function seedDistrict(ctx: SeedContext): Promise<DistrictRec> {
  const f = sectionFaker(ctx.options.seed, 'district');
  const [town, county, areaCode, postalPrefix] = pick(f, TOWNS);
  const slug = town.toLowerCase().replace(/[^a-z]/g, '');
  const domain = `${slug}.k12.oh.us`;
  const at = ctx.setupAt;
  const districtId = newId(f, at);
  const ncesId = `39${f.string.numeric({ length: 5, allowLeadingZeros: true })}`;
  const name = `${town} City School District`;

  await insertMany(
    ctx.db,
    'districts',
    [
      {
        id: districtId,
        name,
        state_code: 'OH',
        nces_id: ncesId,
        timezone: 'America/New_York',
        settings: JSON.stringify({
          county,
          school_year: { start: '08-15', end: '06-10', winter_break: ['12-22', '01-02'] },
          fever_exclusion_temp_f: 100.0,
          medication_window_minutes: 30,
          county_health_department: `${county} County Public Health`,
          immunization_registry: 'ImpactSIIS',
        }),
        ...stamps(at),
      },
    ],
    ctx.progress,
  );

  // Schools.
  const levels = schoolLevels(ctx.options.schools);
  const enrollment = expectedEnrollment(levels, ctx.options.students);
  const elementaryNames = f.helpers.shuffle([...ELEMENTARY_NAMES]);
  let elemIndex = 0;
  let middleIndex = 0;
  let highIndex = 0;
  const schoolRows: NewRow<'schools'>[] = [];
  const pending: {
    id: string;
    name: string;
    code: string;
    level: SchoolLevel;
    phone: string;
    nurses: number;
  }[] = [];
  levels.forEach((level, i) => {
    const id = newId(f, addMinutes(at, 1 + i));
    let schoolName: string;
    if (level === 'ELEMENTARY')
      schoolName = `${elementaryNames[elemIndex++ % elementaryNames.length] ?? 'Central'} Elementary School`;
    else if (level === 'MIDDLE')
      schoolName =
        middleIndex++ === 0
          ? `${town} Middle School`
          : `${town} ${['East', 'West', 'North', 'South'][(middleIndex - 2) % 4] ?? 'East'} Middle School`;
    else if (level === 'HIGH')
      schoolName =
        highIndex++ === 0
          ? `${town} High School`
          : `${town} ${['North', 'South', 'East', 'West'][(highIndex - 2) % 4] ?? 'North'} High School`;
    else if (level === 'K8') schoolName = `${pick(f, ELEMENTARY_NAMES)} K-8 School`;
    else schoolName = `${town} Local School`;
    // Ohio building IRN: 6 digits, unique in the district.
    let code = String(f.number.int({ min: 10_000, max: 99_999 })).padStart(6, '0');
    while (pending.some((p) => p.code === code))
      code = String(f.number.int({ min: 10_000, max: 99_999 })).padStart(6, '0');
    const phone = fictionalPhone(areaCode, 100 + i * 10);
    const nurses = Math.max(1, Math.ceil((enrollment[i] ?? 0) / 750));
    pending.push({ id, name: schoolName, code, level, phone, nurses });
    schoolRows.push({
      id,
      district_id: districtId,
      name: schoolName,
      school_code: code,
      nces_id: `${ncesId}${f.string.numeric({ length: 5, allowLeadingZeros: true })}`,
      grade_levels: JSON.stringify(LEVEL_GRADES[level]),
      address_line1: f.location.streetAddress(),
      address_line2: null,
      city: town,
      state: 'OH',
      postal_code: `${postalPrefix}${f.string.numeric({ length: 2, allowLeadingZeros: true })}`,
      phone,
      timezone: 'America/New_York',
      is_active: true,
      ...stamps(addMinutes(at, 1 + i)),
    });
  });
  await insertMany(ctx.db, 'schools', schoolRows, ctx.progress);

  // Staff.
  const usedEmails = new Set<string>();
  const staff: StaffRec[] = [];
  const userRows: NewRow<'users'>[] = [];
  let minute = 10;
  const person = (sex: 'female' | 'male' | undefined = undefined) => ({
    first: f.person.firstName(sex),
    last: f.person.lastName(),
  });
  const addUser = (
    role: StaffRec['role'],
    title: string,
    schoolIds: string[],
    opts: { nurse?: boolean } = {},
  ): StaffRec => {
    const p = person(opts.nurse && f.datatype.boolean({ probability: 0.9 }) ? 'female' : undefined);
    const local = `${p.first}.${p.last}`.toLowerCase().replace(/[^a-z.]/g, '');
    let email = `${local}@${domain}`;
    for (let k = 2; usedEmails.has(email); k++) email = `${local}${k}@${domain}`;
    usedEmails.add(email);
    const created = addMinutes(at, minute++);
    const id = newId(f, created);
    const npi = opts.nurse ? makeNpi(f, 'individual') : null;
    let loginDay = addDays(ctx.today, -f.number.int({ min: 0, max: 6 }));
    while (weekday(loginDay) === 0 || weekday(loginDay) === 6) loginDay = addDays(loginDay, -1);
    const lastLogin = addMinutes(localTime(loginDay, 7, 30), f.number.int({ min: 0, max: 90 }));
    const lastLoginAt = lastLogin.getTime() < ctx.options.asOf.getTime() ? lastLogin : null;
    const rec: StaffRec = {
      id,
      role,
      firstName: p.first,
      lastName: p.last,
      email,
      title,
      npi,
      schoolIds,
      lastLoginAt,
    };
    staff.push(rec);
    userRows.push({
      id,
      district_id: districtId,
      email,
      first_name: p.first,
      last_name: p.last,
      role,
      password_hash: null,
      npi_number: npi,
      license_number: opts.nurse ? `RN.${f.string.numeric({ length: 6, allowLeadingZeros: false })}` : null,
      phone: fictionalPhone(areaCode, 200 + staff.length),
      is_active: true,
      failed_login_count: 0,
      locked_until: null,
      last_login_at: lastLoginAt,
      password_changed_at: null,
      ...stamps(created),
    });
    return rec;
  };

  const allSchoolIds = pending.map((s) => s.id);
  const director = addUser('DISTRICT_ADMIN', 'Director of Health Services', allSchoolIds, { nurse: true });
  if (ctx.options.students >= 1000 || ctx.options.schools > 3)
    addUser('DISTRICT_ADMIN', 'Student Information Systems Coordinator', allSchoolIds);
  const billing = addUser('BILLING', 'Medicaid Billing Specialist', allSchoolIds);
  const auditor = addUser('AUDITOR', 'HIPAA Privacy Officer', allSchoolIds);
  const schools = pending.map((s): Omit<SchoolRec, 'deviceId' | 'deviceEnrolledAt'> => {
    const nurseIds: string[] = [];
    for (let k = 0; k < s.nurses; k++)
      nurseIds.push(
        addUser('NURSE', k === 0 ? 'School Nurse (RN)' : 'School Nurse', [s.id], { nurse: true }).id,
      );
    const admin = addUser('SCHOOL_ADMIN', s.level === 'HIGH' ? 'Assistant Principal' : 'Principal', [s.id]);
    return {
      id: s.id,
      name: s.name,
      code: s.code,
      level: s.level,
      grades: LEVEL_GRADES[s.level],
      nurseIds,
      adminId: admin.id,
      phone: s.phone,
    };
  });
  await insertMany(ctx.db, 'users', userRows, ctx.progress);

  await insertMany(
    ctx.db,
    'user_schools',
    staff.flatMap((u) =>
      u.schoolIds.map((schoolId) => ({
        user_id: u.id,
        school_id: schoolId,
        granted_at: addMinutes(at, 60),
        granted_by: u.id === director.id ? null : director.id,
      })),
    ),
    ctx.progress,
  );

  // One nurse workstation per school, enrolled with a one-time code the day before the first school day.
  const deviceRows: NewRow<'devices'>[] = [];
  const codeRows: NewRow<'device_enrollment_codes'>[] = [];
  const withDevices = schools.map((s, i): SchoolRec => {
    const codeAt = localTime(addDays(ctx.years[0]?.start ?? ctx.today, -3), 10, i * 5);
    const enrolledAt = addMinutes(codeAt, 20 + f.number.int({ min: 0, max: 30 }));
    const deviceId = newId(f, enrolledAt);
    const nurseId = s.nurseIds[0] ?? director.id;
    const lastSeen = addMinutes(ctx.options.asOf, -f.number.int({ min: 2, max: 240 }));
    deviceRows.push({
      id: deviceId,
      school_id: s.id,
      name: `WC-${s.code}-HEALTH01`,
      platform: f.helpers.weightedArrayElement([
        { value: 'WINDOWS', weight: 8 },
        { value: 'MACOS', weight: 2 },
      ]),
      enrolled_by: nurseId,
      enrolled_at: enrolledAt,
      last_seen_at: lastSeen,
      revoked_at: null,
      revoked_by: null,
      revocation_reason: null,
      ...stamps(enrolledAt, lastSeen),
    });
    codeRows.push({
      id: newId(f, codeAt),
      school_id: s.id,
      code_hash: f.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }),
      created_by: director.id,
      expires_at: addMinutes(codeAt, 24 * 60),
      used_at: enrolledAt,
      used_by_device_id: deviceId,
      ...stamps(codeAt, enrolledAt),
    });
    return { ...s, deviceId, deviceEnrolledAt: enrolledAt };
  });
  await insertMany(ctx.db, 'devices', deviceRows, ctx.progress);
  await insertMany(ctx.db, 'device_enrollment_codes', codeRows, ctx.progress);

  return {
    id: districtId,
    name,
    town,
    county,
    stateCode: 'OH',
    domain,
    ncesId,
    postalPrefix,
    areaCode,
    schools: withDevices,
    staff,
    healthDirectorId: director.id,
    billingId: billing.id,
    auditorId: auditor.id,
  };
}
