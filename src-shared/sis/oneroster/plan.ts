import type { RosterError } from './errors';
import {
  GUARDIAN_COLUMNS,
  STUDENT_COLUMNS,
  type ConflictStrategy,
  type FieldGroup,
  type GuardianColumn,
  type StudentColumn,
} from './mappings';
import type { RosterRecords, StudentRecord } from './records';

/**
 * What applying a roster would do to the district, computed from the mapped records and what the district holds
 * (pure: the server reads the snapshot, plans, then writes the plan; a dry run stops after planning).
 *
 * - Schools match by sourcedId, then by school code (identifier); new ones are created.
 * - Students match by sourcedId (students.sis_id), then by student number, never by name. A student number that
 *   belongs to another SIS record is reported (two SIS records for one student), not merged.
 * - Each changed field follows its group's strategy: SIS_WINS writes it, WHITECROSS_WINS keeps ours, MANUAL_REVIEW
 *   leaves ours and queues both values. A school change is a transfer (ENROLLMENT group).
 * - Bulk mode: an active SIS student of the district absent from users.csv is withdrawn; `tobedeleted` withdraws in
 *   both modes. Withdrawals beyond the threshold share of a school's active students are held for approval.
 */

export interface SnapshotSchool {
  readonly id: string;
  readonly schoolCode: string;
  readonly name: string;
  readonly sourcedIds: readonly string[];
}

export type StudentValues = Readonly<Partial<Record<StudentColumn, string | null>>>;

export interface SnapshotStudent {
  readonly id: string;
  readonly schoolId: string;
  readonly sisId: string | null;
  readonly studentNumber: string;
  readonly status: 'ACTIVE' | 'TRANSFERRED' | 'WITHDRAWN' | 'GRADUATED';
  readonly values: StudentValues;
}

export interface SnapshotGuardian {
  readonly id: string;
  readonly studentId: string;
  readonly sourcedId: string;
  readonly values: Readonly<Partial<Record<GuardianColumn, string | null>>>;
}

export interface RosterSnapshot {
  readonly schools: readonly SnapshotSchool[];
  readonly students: readonly SnapshotStudent[];
  readonly guardians: readonly SnapshotGuardian[];
  /** Pending MANUAL_REVIEW items as `studentId|field|sisValue`, so a re-run does not queue them again. */
  readonly pendingReviews: ReadonlySet<string>;
}

export interface PlanOptions {
  readonly mode: 'bulk' | 'delta';
  readonly strategies: Readonly<Record<FieldGroup, ConflictStrategy>>;
  readonly thresholdPercent: number;
  /** The district's today (YYYY-MM-DD): the withdrawal date. */
  readonly today: string;
  readonly newId: () => string;
}

export interface ReviewItem {
  readonly studentId: string;
  readonly sourcedId: string;
  readonly line: number;
  readonly field: string;
  readonly group: FieldGroup;
  readonly whitecross: string | null;
  readonly sis: string | null;
}

export interface RosterPlan {
  readonly schools: {
    readonly create: readonly { id: string; sourcedId: string; name: string; schoolCode: string }[];
    readonly update: readonly { id: string; sourcedId: string; name: string; link: boolean }[];
    readonly unchanged: number;
  };
  readonly students: {
    readonly create: readonly { id: string; sourcedId: string; schoolId: string; values: StudentValues }[];
    readonly update: readonly { id: string; changes: StudentValues; sisId?: string }[];
    readonly transfer: readonly {
      id: string;
      fromSchoolId: string;
      toSchoolId: string;
      changes: StudentValues;
      sisId?: string;
    }[];
    readonly withdraw: readonly { id: string; schoolId: string }[];
    readonly held: readonly { schoolId: string; studentIds: readonly string[]; active: number }[];
    readonly unchanged: number;
  };
  readonly guardians: {
    readonly create: readonly {
      id: string;
      sourcedId: string;
      studentId: string;
      schoolId: string;
      values: SnapshotGuardian['values'];
    }[];
    readonly update: readonly { id: string; changes: SnapshotGuardian['values'] }[];
    readonly unchanged: number;
  };
  readonly reviews: readonly ReviewItem[];
  readonly errors: readonly RosterError[];
  readonly read: number;
  readonly today: string;
}

const stuErr = (s: StudentRecord, field: string, reason: string, type: RosterError['type']): RosterError => ({
  file: 'users.csv',
  line: s.line,
  sourcedId: s.sourcedId,
  field,
  reason,
  type,
  entity: 'STUDENT',
});

export function planRoster(records: RosterRecords, snap: RosterSnapshot, opt: PlanOptions): RosterPlan {
  const errors: RosterError[] = [...records.errors];
  const reviews: ReviewItem[] = [];

  // schools
  const bySourced = new Map<string, SnapshotSchool>();
  for (const s of snap.schools) for (const id of s.sourcedIds) bySourced.set(id, s);
  const byCode = new Map(snap.schools.map((s) => [s.schoolCode.toLowerCase(), s]));
  const schoolOf = new Map<string, string>(); // org sourcedId -> school id
  for (const s of snap.schools) for (const id of s.sourcedIds) schoolOf.set(id, s.id);
  const sCreate: RosterPlan['schools']['create'][number][] = [];
  const sUpdate: RosterPlan['schools']['update'][number][] = [];
  let sUnchanged = 0;
  for (const r of records.schools) {
    const found = bySourced.get(r.sourcedId) ?? byCode.get(r.schoolCode.toLowerCase());
    if (!found) {
      const id = opt.newId();
      sCreate.push({ id, sourcedId: r.sourcedId, name: r.name, schoolCode: r.schoolCode });
      schoolOf.set(r.sourcedId, id);
      continue;
    }
    schoolOf.set(r.sourcedId, found.id);
    const link = !found.sourcedIds.includes(r.sourcedId);
    if (link || found.name !== r.name)
      sUpdate.push({ id: found.id, sourcedId: r.sourcedId, name: r.name, link });
    else sUnchanged++;
  }

  // students
  const bySis = new Map<string, SnapshotStudent>();
  const byNumber = new Map<string, SnapshotStudent>();
  for (const s of snap.students) {
    if (s.sisId !== null) bySis.set(s.sisId, s);
    byNumber.set(s.studentNumber, s);
  }
  const numberCount = new Map<string, StudentRecord[]>();
  for (const s of records.students) {
    const n = s.values.student_number ?? '';
    numberCount.set(n, [...(numberCount.get(n) ?? []), s]);
  }
  const create: RosterPlan['students']['create'][number][] = [];
  const update: RosterPlan['students']['update'][number][] = [];
  const transfer: RosterPlan['students']['transfer'][number][] = [];
  const toWithdraw: { id: string; schoolId: string }[] = [];
  let unchanged = 0;
  const studentIdOf = new Map<string, { id: string; schoolId: string }>();
  const taken = new Set<string>(); // student ids matched in this run

  for (const r of records.students) {
    const number = r.values.student_number ?? '';
    const same = numberCount.get(number) ?? [];
    let match = bySis.get(r.sourcedId);
    if (same.length > 1 && !(match && match.studentNumber === number)) {
      const others = same.filter((o) => o !== r).map((o) => o.sourcedId);
      errors.push(
        stuErr(
          r,
          'identifier',
          `two SIS records for student number ${number} (also ${others.join(', ')}): not merged, this record is not applied`,
          'DUPLICATE_RECORD',
        ),
      );
      continue;
    }
    let linkSis = false;
    if (!match) {
      const byNum = byNumber.get(number);
      if (byNum && byNum.sisId !== null) {
        errors.push(
          stuErr(
            r,
            'identifier',
            `student number ${number} belongs to SIS record ${byNum.sisId}: two SIS records for one student are not merged`,
            'DUPLICATE_RECORD',
          ),
        );
        continue;
      }
      match = byNum;
      linkSis = match !== undefined;
    }
    if (match && taken.has(match.id)) {
      errors.push(
        stuErr(
          r,
          'sourcedId',
          `matches a student another record of this file already matched`,
          'DUPLICATE_RECORD',
        ),
      );
      continue;
    }
    // the school
    let schoolSourced: string | null = r.primarySchool;
    if (schoolSourced === null) {
      if (r.schools.length === 1) schoolSourced = r.schools[0] ?? null;
      else if (r.schools.length > 1) {
        const current = match ? r.schools.find((s) => schoolOf.get(s) === match.schoolId) : undefined;
        if (current === undefined) {
          errors.push(
            stuErr(
              r,
              'schoolSourcedId',
              `a student in two schools (${r.schools.join(', ')}) with none marked primary`,
              'CONFLICT',
            ),
          );
          continue;
        }
        schoolSourced = current;
      }
    }
    const schoolId =
      schoolSourced === null ? (match?.schoolId ?? null) : (schoolOf.get(schoolSourced) ?? null);
    if (schoolId === null) {
      const reason =
        schoolSourced === null
          ? 'no school: a new student needs an enrollment in a school'
          : `unknown school ${schoolSourced} (rejected in orgs.csv)`;
      errors.push(
        stuErr(
          r,
          'schoolSourcedId',
          reason,
          schoolSourced === null ? 'MISSING_REQUIRED_FIELD' : 'VALIDATION_ERROR',
        ),
      );
      continue;
    }
    const values: Partial<Record<StudentColumn, string | null>> = { ...r.values };
    const begin = schoolSourced === null ? undefined : r.beginDates[schoolSourced];
    if (begin !== undefined) values.enrollment_date = begin;
    if (!match) {
      if (r.toBeDeleted) continue; // never seen, leaving: nothing to do
      const id = opt.newId();
      create.push({ id, sourcedId: r.sourcedId, schoolId, values });
      studentIdOf.set(r.sourcedId, { id, schoolId });
      continue;
    }
    taken.add(match.id);
    studentIdOf.set(r.sourcedId, { id: match.id, schoolId });
    if (r.toBeDeleted) {
      if (match.status === 'ACTIVE') toWithdraw.push({ id: match.id, schoolId: match.schoolId });
      else unchanged++;
      continue;
    }
    const changes: Partial<Record<StudentColumn | 'enrollment_status' | 'withdrawal_date', string | null>> =
      {};
    const review = (field: string, group: FieldGroup, ours: string | null, theirs: string | null) => {
      if (!snap.pendingReviews.has(`${match.id}|${field}|${theirs ?? ''}`))
        reviews.push({
          studentId: match.id,
          sourcedId: r.sourcedId,
          line: r.line,
          field,
          group,
          whitecross: ours,
          sis: theirs,
        });
    };
    for (const [col, v] of Object.entries(values) as [StudentColumn, string | null][]) {
      const ours = match.values[col] ?? null;
      if (ours === v || (v === null && !(col in r.values))) continue;
      const strategy = opt.strategies[STUDENT_COLUMNS[col]];
      if (strategy === 'SIS_WINS') changes[col] = v;
      else if (strategy === 'MANUAL_REVIEW') review(col, STUDENT_COLUMNS[col], ours, v);
    }
    const newNumber = changes.student_number;
    if (newNumber !== undefined && newNumber !== null) {
      const holder = byNumber.get(newNumber);
      if (holder && holder.id !== match.id) {
        errors.push(
          stuErr(
            r,
            'identifier',
            `student number ${newNumber} belongs to another student: two SIS records for one student are not merged`,
            'DUPLICATE_RECORD',
          ),
        );
        continue;
      }
    }
    if (match.status !== 'ACTIVE') {
      changes.enrollment_status = 'ACTIVE';
      changes.withdrawal_date = null;
    }
    let moves = match.schoolId !== schoolId;
    if (moves && opt.strategies.ENROLLMENT !== 'SIS_WINS') {
      if (opt.strategies.ENROLLMENT === 'MANUAL_REVIEW')
        review('school_id', 'ENROLLMENT', match.schoolId, schoolId);
      moves = false;
      studentIdOf.set(r.sourcedId, { id: match.id, schoolId: match.schoolId });
    }
    const sisId = linkSis ? { sisId: r.sourcedId } : {};
    if (moves)
      transfer.push({ id: match.id, fromSchoolId: match.schoolId, toSchoolId: schoolId, changes, ...sisId });
    else if (Object.keys(changes).length > 0 || linkSis) update.push({ id: match.id, changes, ...sisId });
    else unchanged++;
  }
  if (opt.mode === 'bulk') {
    for (const s of snap.students)
      if (s.sisId !== null && s.status === 'ACTIVE' && !records.seenStudents.has(s.sisId))
        toWithdraw.push({ id: s.id, schoolId: s.schoolId });
  }
  // the threshold, per school
  const activeBySchool = new Map<string, number>();
  for (const s of snap.students)
    if (s.status === 'ACTIVE') activeBySchool.set(s.schoolId, (activeBySchool.get(s.schoolId) ?? 0) + 1);
  const wBySchool = new Map<string, string[]>();
  for (const w of toWithdraw) wBySchool.set(w.schoolId, [...(wBySchool.get(w.schoolId) ?? []), w.id]);
  const withdraw: { id: string; schoolId: string }[] = [];
  const held: { schoolId: string; studentIds: string[]; active: number }[] = [];
  for (const [schoolId, ids] of wBySchool) {
    const active = activeBySchool.get(schoolId) ?? 0;
    if (ids.length * 100 > active * opt.thresholdPercent) held.push({ schoolId, studentIds: ids, active });
    else withdraw.push(...ids.map((id) => ({ id, schoolId })));
  }

  // guardians
  const gByKey = new Map(snap.guardians.map((g) => [`${g.sourcedId}|${g.studentId}`, g]));
  const gCreate: RosterPlan['guardians']['create'][number][] = [];
  const gUpdate: RosterPlan['guardians']['update'][number][] = [];
  let gUnchanged = 0;
  for (const g of records.guardians) {
    if (!g.values.phone_primary) continue;
    for (const sid of g.studentIds) {
      const stu = studentIdOf.get(sid);
      if (!stu) continue;
      const found = gByKey.get(`${g.sourcedId}|${stu.id}`);
      if (!found) {
        gCreate.push({
          id: opt.newId(),
          sourcedId: g.sourcedId,
          studentId: stu.id,
          schoolId: stu.schoolId,
          values: g.values,
        });
        continue;
      }
      const changes: Partial<Record<GuardianColumn, string | null>> = {};
      for (const col of GUARDIAN_COLUMNS) {
        if (!(col in g.values)) continue;
        const v = g.values[col] ?? null;
        const ours = found.values[col] ?? null;
        if (v === ours) continue;
        if (opt.strategies.CONTACTS === 'SIS_WINS') changes[col] = v;
        else if (
          opt.strategies.CONTACTS === 'MANUAL_REVIEW' &&
          !snap.pendingReviews.has(`${stu.id}|guardians.${found.id}.${col}|${v ?? ''}`)
        )
          reviews.push({
            studentId: stu.id,
            sourcedId: g.sourcedId,
            line: g.line,
            field: `guardians.${found.id}.${col}`,
            group: 'CONTACTS',
            whitecross: ours,
            sis: v,
          });
      }
      if (Object.keys(changes).length > 0) gUpdate.push({ id: found.id, changes });
      else gUnchanged++;
    }
  }
  return {
    schools: { create: sCreate, update: sUpdate, unchanged: sUnchanged },
    students: { create, update, transfer, withdraw, held, unchanged },
    guardians: { create: gCreate, update: gUpdate, unchanged: gUnchanged },
    reviews,
    errors,
    read: records.read,
    today: opt.today,
  };
}

/** The counts a run reports (CLI, job row, console). */
export function planCounts(p: RosterPlan) {
  return {
    read: p.read,
    created: p.students.create.length,
    updated: p.students.update.length,
    transferred: p.students.transfer.length,
    withdrawn: p.students.withdraw.length,
    unchanged: p.students.unchanged,
    heldForApproval: p.students.held.reduce((n, h) => n + h.studentIds.length, 0),
    review: p.reviews.length,
    schools: {
      created: p.schools.create.length,
      updated: p.schools.update.length,
      unchanged: p.schools.unchanged,
    },
    guardians: {
      created: p.guardians.create.length,
      updated: p.guardians.update.length,
      unchanged: p.guardians.unchanged,
    },
  };
}
