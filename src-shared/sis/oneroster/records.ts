import type { z } from 'zod';
import { guardiansRow, studentsRow } from '../../db/server-schema.generated';
import type { RosterBundle, RosterRecord } from './bundle';
import { fileOf, type RosterEntity, type RosterError, type RosterErrorType } from './errors';
import type { GuardianColumn, RosterFieldMapping, RosterMappings, StudentColumn } from './mappings';
import { applyTransforms, parseDate } from './transforms';

/**
 * The roster's schools, students and guardians as White Cross values (after mapping), each with where it came from.
 * A record with any bad field is rejected whole (an error per bad field) and kept out of the plan; its sourcedId
 * still counts as present, so a bulk file never withdraws a student only because their row had a bad date.
 */

export interface SchoolRecord {
  readonly sourcedId: string;
  readonly line: number;
  readonly name: string;
  readonly schoolCode: string;
}

export interface StudentRecord {
  readonly sourcedId: string;
  readonly line: number;
  readonly values: Readonly<Partial<Record<StudentColumn, string | null>>>;
  /** Schools (org sourcedIds) the student is enrolled in; the first is the primary one when the roster says so. */
  readonly schools: readonly string[];
  readonly primarySchool: string | null;
  readonly toBeDeleted: boolean;
  /** Enrollment begin date per school sourcedId (the earliest). */
  readonly beginDates: Readonly<Record<string, string>>;
  readonly guardianIds: readonly string[];
}

export interface GuardianRecord {
  readonly sourcedId: string;
  readonly line: number;
  readonly values: Readonly<Partial<Record<GuardianColumn, string | null>>>;
  readonly studentIds: readonly string[];
}

export interface RosterRecords {
  readonly schools: readonly SchoolRecord[];
  readonly students: readonly StudentRecord[];
  readonly guardians: readonly GuardianRecord[];
  /** Every student sourcedId in users.csv, rejected or not. */
  readonly seenStudents: ReadonlySet<string>;
  readonly errors: readonly RosterError[];
  /** Student records read. */
  readonly read: number;
}

const GUARDIAN_ROLES: Readonly<Record<string, string>> = {
  parent: 'Parent',
  guardian: 'Guardian',
  relative: 'Relative',
  relativeguardian: 'Relative',
};

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

const isTrue = (s: string | undefined) => (s ?? '').trim().toLowerCase() === 'true';

/**
 * knownSchools: org sourcedIds the district already links to a school, so a delta file (or a bulk one whose orgs.csv
 * lacks a school) may still name it.
 */
export function extractRecords(
  bundle: RosterBundle,
  mappings: RosterMappings,
  knownSchools: ReadonlySet<string> = new Set(),
): RosterRecords {
  const errors: RosterError[] = [];
  const err = (
    file: string,
    r: RosterRecord,
    entity: RosterEntity,
    field: string | null,
    reason: string,
    type: RosterErrorType = 'VALIDATION_ERROR',
  ) =>
    errors.push({
      file: fileOf(file),
      line: r.line,
      sourcedId: r.fields.sourcedId?.trim() || null,
      field,
      reason,
      type,
      entity,
    });
  const active = (r: RosterRecord) => (r.fields.status ?? '').trim().toLowerCase() !== 'tobedeleted';

  // duplicate sourcedIds within a file: every row of that id is rejected (which one is right cannot be told)
  const dupes = (file: 'orgs' | 'users'): Set<string> => {
    const count = new Map<string, number>();
    for (const r of bundle.files[file] ?? []) {
      const id = r.fields.sourcedId?.trim() ?? '';
      count.set(id, (count.get(id) ?? 0) + 1);
    }
    return new Set([...count].filter(([id, n]) => id !== '' && n > 1).map(([id]) => id));
  };

  // schools
  const orgDupes = dupes('orgs');
  // two schools with one school code cannot both be the district's: both are rejected
  const codeCount = new Map<string, number>();
  for (const r of bundle.files.orgs ?? []) {
    if ((r.fields.type ?? '').trim().toLowerCase() !== 'school') continue;
    const code = (r.fields.identifier ?? '').trim().toLowerCase();
    if (code !== '') codeCount.set(code, (codeCount.get(code) ?? 0) + 1);
  }
  const schoolIds = new Set<string>(knownSchools);
  const schools: SchoolRecord[] = [];
  for (const r of bundle.files.orgs ?? []) {
    if ((r.fields.type ?? '').trim().toLowerCase() !== 'school') continue;
    const sourcedId = r.fields.sourcedId?.trim() ?? '';
    schoolIds.add(sourcedId);
    if (sourcedId === '')
      err('orgs', r, 'SCHOOL', 'sourcedId', 'missing required field sourcedId', 'MISSING_REQUIRED_FIELD');
    else if (orgDupes.has(sourcedId))
      err('orgs', r, 'SCHOOL', 'sourcedId', `duplicate id ${sourcedId} in orgs.csv`, 'DUPLICATE_RECORD');
    else if (!active(r)) continue;
    else {
      const name = (r.fields.name ?? '').trim();
      const code = (r.fields.identifier ?? '').trim();
      if (name === '')
        err('orgs', r, 'SCHOOL', 'name', 'missing required field name', 'MISSING_REQUIRED_FIELD');
      else if (code === '')
        err(
          'orgs',
          r,
          'SCHOOL',
          'identifier',
          'missing required field identifier (the school code)',
          'MISSING_REQUIRED_FIELD',
        );
      else if ((codeCount.get(code.toLowerCase()) ?? 0) > 1)
        err(
          'orgs',
          r,
          'SCHOOL',
          'identifier',
          `school code "${code}" is on two schools of orgs.csv`,
          'DUPLICATE_RECORD',
        );
      else if (code.length > 20)
        err('orgs', r, 'SCHOOL', 'identifier', `school code "${code}" is longer than 20 characters`);
      else schools.push({ sourcedId, line: r.line, name: name.slice(0, 200), schoolCode: code });
    }
  }

  // roles: users.role (1.1), else roles.csv (1.2: the primary role, else the first)
  const rolesCsv = new Map<string, { role: string; primary: boolean; org: string }[]>();
  for (const r of bundle.files.roles ?? []) {
    if (!active(r)) continue;
    const u = r.fields.userSourcedId?.trim() ?? '';
    const entry = {
      role: (r.fields.role ?? '').trim(),
      primary: (r.fields.roleType ?? '').trim() === 'primary',
      org: (r.fields.orgSourcedId ?? '').trim(),
    };
    rolesCsv.set(u, [...(rolesCsv.get(u) ?? []), entry]);
  }
  const roleOf = (r: RosterRecord): string => {
    const direct = (r.fields.role ?? '').trim();
    if (direct !== '') return direct.toLowerCase();
    const rs = rolesCsv.get(r.fields.sourcedId?.trim() ?? '') ?? [];
    return (rs.find((x) => x.primary) ?? rs[0])?.role.toLowerCase() ?? '';
  };

  // enrollments of students per user: school, primary, begin date
  const enrolled = new Map<string, { school: string; primary: boolean; begin: string | null }[]>();
  for (const r of bundle.files.enrollments ?? []) {
    if (!active(r) || (r.fields.role ?? '').trim().toLowerCase() !== 'student') continue;
    const u = r.fields.userSourcedId?.trim() ?? '';
    const school = r.fields.schoolSourcedId?.trim() ?? '';
    const rawBegin = (r.fields.beginDate ?? '').trim();
    const begin = rawBegin === '' ? null : parseDate(rawBegin, ['yyyy-MM-dd']);
    if (rawBegin !== '' && begin === null)
      err('enrollments', r, 'ENROLLMENT', 'beginDate', `bad date "${rawBegin}": expected yyyy-MM-dd`);
    enrolled.set(u, [...(enrolled.get(u) ?? []), { school, primary: isTrue(r.fields.primary), begin }]);
  }

  const demographics = new Map<string, RosterRecord>();
  for (const r of bundle.files.demographics ?? []) demographics.set(r.fields.sourcedId?.trim() ?? '', r);

  const mapValues = <C extends string>(
    r: RosterRecord,
    ms: readonly RosterFieldMapping<C>[],
    entity: RosterEntity,
    shape: Readonly<Record<string, z.ZodType>>,
  ): Partial<Record<C, string | null>> | null => {
    const out: Partial<Record<C, string | null>> = {};
    let ok = true;
    const demo = demographics.get(r.fields.sourcedId?.trim() ?? '');
    for (const mp of ms) {
      let raw = '';
      let from = mp.sources[0] ?? '';
      let fromRecord = r;
      let present = false;
      for (const s of mp.sources) {
        const [file, col] = [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.') + 1)];
        const rec = file === 'demographics' ? demo : r;
        if (rec === undefined || col in rec.fields) present = true;
        const v = rec?.fields[col] ?? '';
        if (v.trim() !== '') {
          raw = v;
          from = s;
          if (rec) fromRecord = rec;
          break;
        }
      }
      const [file, col] = [from.slice(0, from.indexOf('.')), from.slice(from.indexOf('.') + 1)];
      // a column the file does not have (a misspelled optional header) says nothing: ours stays
      if (!present && !mp.required) continue;
      const res = applyTransforms(raw, mp.steps);
      if (!res.ok) {
        err(file, fromRecord, entity, col, res.reason);
        ok = false;
      } else if (res.value === '' && mp.required) {
        const where = file === 'demographics' && !demo ? ' (no demographics row for this user)' : '';
        err(file, fromRecord, entity, col, `missing required field ${col}${where}`, 'MISSING_REQUIRED_FIELD');
        ok = false;
      } else {
        const value = res.value === '' ? null : res.value;
        // what the column can hold (a district's mapping may produce a grade or a code the table refuses)
        const fits = shape[mp.column]?.safeParse(value);
        if (fits && !fits.success) {
          const why = fits.error.issues[0]?.message ?? 'invalid';
          err(file, fromRecord, entity, col, `"${res.value}" does not fit ${mp.column}: ${why}`);
          ok = false;
        } else out[mp.column] = value;
      }
    }
    return ok ? out : null;
  };

  const userDupes = dupes('users');
  const students: StudentRecord[] = [];
  const guardians: GuardianRecord[] = [];
  const seenStudents = new Set<string>();
  const studentAgents = new Map<string, Set<string>>();
  let read = 0;
  const guardianRows: { r: RosterRecord; role: string }[] = [];
  for (const r of bundle.files.users ?? []) {
    const role = roleOf(r);
    const sourcedId = r.fields.sourcedId?.trim() ?? '';
    if (role in GUARDIAN_ROLES) {
      guardianRows.push({ r, role });
      continue;
    }
    if (role !== 'student') continue;
    read++;
    if (sourcedId === '') {
      err('users', r, 'STUDENT', 'sourcedId', 'missing required field sourcedId', 'MISSING_REQUIRED_FIELD');
      continue;
    }
    seenStudents.add(sourcedId);
    if (userDupes.has(sourcedId)) {
      err(
        'users',
        r,
        'STUDENT',
        'sourcedId',
        `duplicate id ${sourcedId} in users.csv: no row of it is applied`,
        'DUPLICATE_RECORD',
      );
      continue;
    }
    const status = (r.fields.status ?? '').trim().toLowerCase();
    if (status !== '' && status !== 'active' && status !== 'tobedeleted') {
      err(
        'users',
        r,
        'STUDENT',
        'status',
        `unknown status "${r.fields.status ?? ''}" (expected active, tobedeleted or blank)`,
      );
      continue;
    }
    const values = mapValues(r, mappings.student, 'STUDENT', studentsRow.shape);
    const ens = enrolled.get(sourcedId) ?? [];
    const roleOrgs = (rolesCsv.get(sourcedId) ?? []).map((x) => x.org);
    const candidates = [
      ...new Set([...ens.map((e) => e.school), ...list(r.fields.orgSourcedIds), ...roleOrgs]),
    ].filter((s) => schoolIds.has(s));
    const unknown = [...new Set(ens.map((e) => e.school))].filter((s) => !schoolIds.has(s));
    for (const u of unknown)
      err(
        'users',
        r,
        'ENROLLMENT',
        'schoolSourcedId',
        `unknown school ${u} (not an org of type school in orgs.csv)`,
      );
    const primary = (r.fields.primaryOrgSourcedId ?? '').trim() || ens.find((e) => e.primary)?.school || null;
    if (values === null || unknown.length > 0) continue;
    if (candidates.length === 0 && status !== 'tobedeleted' && bundle.mode === 'bulk') {
      err(
        'users',
        r,
        'ENROLLMENT',
        'schoolSourcedId',
        'no school: the student has no enrollment in a school of orgs.csv',
        'MISSING_REQUIRED_FIELD',
      );
      continue;
    }
    const beginDates: Record<string, string> = {};
    for (const e of ens) {
      const prev = beginDates[e.school];
      if (e.begin !== null && (prev === undefined || e.begin < prev)) beginDates[e.school] = e.begin;
    }
    const agents = list(r.fields.agentSourcedIds);
    for (const a of agents) studentAgents.set(a, (studentAgents.get(a) ?? new Set()).add(sourcedId));
    students.push({
      sourcedId,
      line: r.line,
      values,
      schools: candidates,
      primarySchool: primary !== null && schoolIds.has(primary) ? primary : null,
      toBeDeleted: status === 'tobedeleted',
      beginDates,
      guardianIds: agents,
    });
  }
  for (const { r, role } of guardianRows) {
    const sourcedId = r.fields.sourcedId?.trim() ?? '';
    if (sourcedId === '' || userDupes.has(sourcedId) || !active(r)) continue;
    const studentIds = new Set([
      ...list(r.fields.agentSourcedIds).filter((s) => seenStudents.has(s)),
      ...(studentAgents.get(sourcedId) ?? []),
    ]);
    if (studentIds.size === 0) continue;
    const values = mapValues(r, mappings.guardian, 'EMERGENCY_CONTACT', guardiansRow.shape);
    if (values === null) continue;
    guardians.push({
      sourcedId,
      line: r.line,
      values: { relationship: GUARDIAN_ROLES[role] ?? 'Guardian', ...values },
      studentIds: [...studentIds],
    });
  }
  return { schools, students, guardians, seenStudents, errors, read };
}
