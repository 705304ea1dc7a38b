import { stringify } from 'csv-stringify/sync';

/**
 * A OneRoster 1.1 bulk CSV set of a district, generated (deterministic): orgs (the district and its schools),
 * academicSessions, classes (a homeroom per school and grade), users (students with their student number and
 * guardians, the guardians with e-mail and phone), demographics (birth date, sex) and enrollments (each student in
 * a homeroom). `changed` re-generates the same district with a share of the students changed as a SIS changes
 * them between nights (a new phone or family name, a grade, a move to another school).
 */

export interface RosterOptions {
  readonly students: number;
  readonly schools: number;
  readonly seed?: number;
}

const GRADES = ['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
const GIVEN =
  'Olivia Liam Emma Noah Ava Oliver Sophia Elijah Mia James Amelia Lucas Harper Mateo Evelyn Levi Luna Ezra Camila Asher'.split(
    ' ',
  );
const FAMILY =
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Nguyen Patel Kim Okafor Kowalski Novak Fischer Chen'.split(
    ' ',
  );

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODIFIED = '2026-08-01T00:00:00Z';

interface Student {
  id: string;
  number: string;
  given: string;
  family: string;
  grade: (typeof GRADES)[number];
  school: number;
  birthDate: string;
  sex: 'male' | 'female';
  guardian: string;
  phone: string;
}

function studentsOf(o: RosterOptions): Student[] {
  const r = prng(o.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: o.students }, (_, i) => {
    const g = Math.floor(r() * GRADES.length);
    const year = 2026 - 6 - g;
    return {
      id: `stu-${i}`,
      number: String(100000 + i),
      given: pick(GIVEN),
      family: pick(FAMILY),
      grade: GRADES[g]!,
      school: i % o.schools,
      birthDate: `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      sex: r() < 0.5 ? 'female' : 'male',
      guardian: `gua-${i}`,
      phone: `614555${String(i % 10000).padStart(4, '0')}`,
    };
  });
}

/** The CSV files by name (manifest.csv, orgs.csv...), as the importer reads them. */
function filesOf(o: RosterOptions, students: readonly Student[]): Map<string, string> {
  const csv = (header: readonly string[], rows: readonly (readonly string[])[]) =>
    stringify([header, ...(rows as string[][])]);
  const schoolId = (s: number) => `sch-${s}`;
  const files = new Map<string, string>();
  files.set(
    'manifest.csv',
    csv(
      ['propertyName', 'value'],
      [
        ['manifest.version', '1.0'],
        ['oneroster.version', '1.1'],
        ...['academicSessions', 'classes', 'demographics', 'enrollments', 'orgs', 'users'].map((f) => [
          `file.${f}`,
          'bulk',
        ]),
        ...[
          'categories',
          'courses',
          'lineItems',
          'results',
          'resources',
          'classResources',
          'courseResources',
        ].map((f) => [`file.${f}`, 'absent']),
      ],
    ),
  );
  files.set(
    'orgs.csv',
    csv(
      ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
      [
        ['dist-1', 'active', MODIFIED, 'Bench District', 'district', 'D1', ''],
        ...Array.from({ length: o.schools }, (_, s) => [
          schoolId(s),
          'active',
          MODIFIED,
          `Bench School ${s + 1}`,
          'school',
          String(90000 + s),
          'dist-1',
        ]),
      ],
    ),
  );
  files.set(
    'academicSessions.csv',
    csv(
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'title',
        'type',
        'startDate',
        'endDate',
        'parentSourcedId',
        'schoolYear',
      ],
      [['sy-2027', 'active', MODIFIED, '2026-2027', 'schoolYear', '2026-08-15', '2027-06-10', '', '2027']],
    ),
  );
  const classId = (s: number, g: string) => `cls-${s}-${g}`;
  files.set(
    'classes.csv',
    csv(
      [
        'sourcedId',
        'status',
        'dateLastModified',
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
      Array.from({ length: o.schools }, (_, s) =>
        GRADES.map((g) => [
          classId(s, g),
          'active',
          MODIFIED,
          `Homeroom ${g}`,
          g,
          '',
          `HR-${g}`,
          'homeroom',
          '',
          schoolId(s),
          'sy-2027',
          '',
          '',
          '',
        ]),
      ).flat(),
    ),
  );
  const userHeader = [
    'sourcedId',
    'status',
    'dateLastModified',
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
  ];
  files.set(
    'users.csv',
    csv(
      userHeader,
      students.flatMap((st) => [
        [
          '' + st.id,
          'active',
          MODIFIED,
          'true',
          schoolId(st.school),
          'student',
          `s${st.number}`,
          '',
          st.given,
          st.family,
          '',
          st.number,
          '',
          '',
          '',
          st.guardian,
          st.grade,
          '',
        ],
        [
          st.guardian,
          'active',
          MODIFIED,
          'true',
          schoolId(st.school),
          'guardian',
          '',
          '',
          'Pat',
          st.family,
          '',
          '',
          `pat.${st.number}@example.org`,
          st.phone,
          st.phone,
          st.id,
          '',
          '',
        ],
      ]),
    ),
  );
  files.set(
    'demographics.csv',
    csv(
      ['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex'],
      students.map((st) => [st.id, 'active', MODIFIED, st.birthDate, st.sex]),
    ),
  );
  files.set(
    'enrollments.csv',
    csv(
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'classSourcedId',
        'schoolSourcedId',
        'userSourcedId',
        'role',
        'primary',
        'beginDate',
        'endDate',
      ],
      students.map((st) => [
        `enr-${st.id}`,
        'active',
        MODIFIED,
        classId(st.school, st.grade),
        schoolId(st.school),
        st.id,
        'student',
        'true',
        '2026-08-15',
        '',
      ]),
    ),
  );
  return files;
}

/** The district's roster. */
export function generateRoster(o: RosterOptions): Map<string, string> {
  return filesOf(o, studentsOf(o));
}

/** The same roster with `share` of its students changed (a quarter each: phone, family name, grade, school). */
export function changedRoster(
  o: RosterOptions,
  share: number,
): { files: Map<string, string>; changed: number } {
  const students = studentsOf(o);
  const r = prng((o.seed ?? 42) + 1);
  let changed = 0;
  for (const st of students) {
    if (r() >= share) continue;
    changed += 1;
    switch (changed % 4) {
      case 0:
        st.phone = `740555${String(changed % 10000).padStart(4, '0')}`;
        break;
      case 1:
        st.family = `${st.family}-Lee`;
        break;
      case 2:
        st.grade = GRADES[Math.min(GRADES.indexOf(st.grade) + 1, GRADES.length - 1)]!;
        break;
      default:
        st.school = (st.school + 1) % o.schools;
    }
  }
  return { files: filesOf(o, students), changed };
}
