import { stringify } from 'csv-stringify/sync';

/** Small OneRoster CSV sets written in tests (header + rows), with the quirks real exports have. */

export interface OrgRow {
  sourcedId: string;
  name: string;
  type?: string;
  identifier: string;
  status?: string;
}
export interface StudentRow {
  sourcedId: string;
  identifier: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex?: string;
  grades?: string;
  schools: string[];
  primary?: string;
  status?: string;
  agents?: string[];
}
export interface GuardianRow {
  sourcedId: string;
  givenName: string;
  familyName: string;
  phone: string;
  email?: string;
  role?: string;
  agents: string[];
}

export interface RosterSet {
  version?: '1.1' | '1.2';
  mode?: 'bulk' | 'delta';
  orgs: OrgRow[];
  students: StudentRow[];
  guardians?: GuardianRow[];
  /** Replaces users.csv's header name (e.g. middleName → middelName, the misspelled optional header). */
  renameHeader?: Record<string, string>;
  /** Extra raw lines appended to users.csv. */
  extraUserLines?: string[];
}

const csv = (header: string[], rows: (string | undefined)[][]) =>
  stringify([header, ...rows.map((r) => r.map((c) => c ?? ''))]);

export function rosterFiles(set: RosterSet): Map<string, string> {
  const mode = set.mode ?? 'bulk';
  const files = new Map<string, string>();
  files.set(
    'manifest.csv',
    csv(
      ['propertyName', 'value'],
      [
        ['manifest.version', '1.0'],
        ['oneroster.version', set.version ?? '1.1'],
        ['file.academicSessions', 'absent'],
        ['file.categories', 'absent'],
        ['file.classes', 'absent'],
        ['file.courses', 'absent'],
        ['file.demographics', mode],
        ['file.enrollments', mode],
        ['file.orgs', mode],
        ['file.users', mode],
        ['source.systemName', 'Test SIS'],
      ],
    ),
  );
  files.set(
    'orgs.csv',
    csv(
      ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
      [
        ['dist-org', '', '', 'Test District', 'district', 'D1', ''],
        ...set.orgs.map((o) => [
          o.sourcedId,
          o.status ?? '',
          '',
          o.name,
          o.type ?? 'school',
          o.identifier,
          'dist-org',
        ]),
      ],
    ),
  );
  const header = [
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
  ].map((h) => set.renameHeader?.[h] ?? h);
  let users = csv(header, [
    ...set.students.map((s) => [
      s.sourcedId,
      s.status ?? '',
      '',
      'true',
      s.schools.join(','),
      'student',
      '',
      '',
      s.givenName,
      s.familyName,
      'Q',
      s.identifier,
      '',
      '',
      '',
      (s.agents ?? []).join(','),
      s.grades ?? '05',
      '',
    ]),
    ...(set.guardians ?? []).map((g) => [
      g.sourcedId,
      '',
      '',
      'true',
      '',
      g.role ?? 'parent',
      '',
      '',
      g.givenName,
      g.familyName,
      '',
      '',
      g.email ?? '',
      '',
      g.phone,
      g.agents.join(','),
      '',
      '',
    ]),
  ]);
  if (set.extraUserLines) users += set.extraUserLines.map((l) => `${l}\n`).join('');
  files.set('users.csv', users);
  files.set(
    'demographics.csv',
    csv(
      ['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex'],
      set.students.map((s) => [s.sourcedId, '', '', s.birthDate, s.sex ?? 'female']),
    ),
  );
  const enr: string[][] = [];
  for (const s of set.students)
    for (const school of s.schools)
      enr.push([
        `e-${s.sourcedId}-${school}`,
        '',
        '',
        `cls-${school}`,
        school,
        s.sourcedId,
        'student',
        s.primary === school ? 'true' : 'false',
        '2025-08-20',
        '',
      ]);
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
      enr,
    ),
  );
  return files;
}

export const student = (n: number, school: string, extra: Partial<StudentRow> = {}): StudentRow => ({
  sourcedId: `stu-${n}`,
  identifier: String(100000 + n),
  givenName: `Given${n}`,
  familyName: `Family${n}`,
  birthDate: '2014-05-0' + String((n % 9) + 1),
  schools: [school],
  ...extra,
});
