import { describe, expect, it } from 'vitest';
import {
  applyTransforms,
  extractRecords,
  mappingsFromRows,
  ONEROSTER_DEFAULT_MAPPINGS,
  parseCsvText,
  pipelineOf,
  planCounts,
  planRoster,
  readOneRosterCsv,
  strategiesOf,
  type RosterSnapshot,
} from '../../../src-shared/sis';
import { rosterFiles, student, type RosterSet } from '../../support/oneroster';

const ORGS = [
  { sourcedId: 'org-a', name: 'Alpha Elementary', identifier: 'A' },
  { sourcedId: 'org-b', name: 'Beta Middle', identifier: 'B' },
];
const EMPTY: RosterSnapshot = { schools: [], students: [], guardians: [], pendingReviews: new Set() };
const SIS = strategiesOf('SIS_WINS', {});

function plan(set: RosterSet, snap: RosterSnapshot = EMPTY, strategies = SIS, thresholdPercent = 10) {
  const { bundle, errors } = readOneRosterCsv(rosterFiles(set), 'test');
  const records = extractRecords(bundle, ONEROSTER_DEFAULT_MAPPINGS);
  let n = 0;
  const p = planRoster({ ...records, errors: [...errors, ...records.errors] }, snap, {
    mode: bundle.mode,
    strategies,
    thresholdPercent,
    today: '2026-12-07',
    newId: () => `new-${++n}`,
  });
  return p;
}

/** The snapshot a district holds after a plan was applied as is (what the server would read back). */
function applied(p: ReturnType<typeof plan>, before: RosterSnapshot = EMPTY): RosterSnapshot {
  const schools = [
    ...before.schools,
    ...p.schools.create.map((s) => ({
      id: s.id,
      schoolCode: s.schoolCode,
      name: s.name,
      sourcedIds: [s.sourcedId],
    })),
  ];
  const students = [
    ...before.students,
    ...p.students.create.map((s) => ({
      id: s.id,
      schoolId: s.schoolId,
      sisId: s.sourcedId,
      studentNumber: s.values.student_number ?? '',
      status: 'ACTIVE' as const,
      values: s.values,
    })),
  ];
  const guardians = [
    ...before.guardians,
    ...p.guardians.create.map((g) => ({
      id: g.id,
      studentId: g.studentId,
      sourcedId: g.sourcedId,
      values: g.values,
    })),
  ];
  return { schools, students, guardians, pendingReviews: new Set() };
}

describe('OneRoster CSV reading', () => {
  it('gives each record the line it starts on, quoted line breaks included', () => {
    const p = parseCsvText('a,b\n1,"x\ny"\n\n2,z\n');
    expect(p.header).toEqual(['a', 'b']);
    expect(p.rows.map((r) => [r.line, r.cells])).toEqual([
      [2, ['1', 'x\ny']],
      [5, ['2', 'z']],
    ]);
  });

  it('reads the manifest version and modes, and reports a misspelled optional header with its likely meaning', () => {
    const { bundle, errors } = readOneRosterCsv(
      rosterFiles({
        version: '1.2',
        orgs: ORGS,
        students: [student(1, 'org-a')],
        renameHeader: { middleName: 'middelName' },
      }),
      'dir',
    );
    expect(bundle.version).toBe('1.2');
    expect(bundle.mode).toBe('bulk');
    expect(bundle.unknownHeaders?.users).toEqual(['middelName']);
    expect(errors.map((e) => [e.file, e.line, e.field, e.reason])).toEqual([
      ['users.csv', 1, 'middelName', 'unknown column "middelName" (did you mean middleName?): ignored'],
    ]);
    expect(bundle.files.users?.[0]?.fields).not.toHaveProperty('middelName');
  });

  it('refuses a file without a required column, naming it, and a manifest listing a missing file', () => {
    const files = rosterFiles({ orgs: ORGS, students: [] });
    files.set('orgs.csv', 'sourcedId,name\nx,y\n');
    files.delete('demographics.csv');
    const { bundle, errors } = readOneRosterCsv(files, 'dir');
    expect(bundle.files.orgs).toBeUndefined();
    expect(errors.map((e) => [e.file, e.field, e.reason])).toEqual([
      ['orgs.csv', 'type', expect.stringContaining('required column type is missing')],
      ['demographics.csv', null, expect.stringContaining('not there')],
    ]);
  });
});

describe('transformations', () => {
  it('parses dates strictly, maps codes, applies defaults, and never evaluates code', () => {
    expect(
      applyTransforms(' 2023-06-15 ', [{ op: 'trim' }, { op: 'date', formats: ['yyyy-MM-dd'] }]),
    ).toEqual({ ok: true, value: '2023-06-15' });
    expect(applyTransforms('15/06/2023', [{ op: 'date', formats: ['yyyy-MM-dd'] }])).toEqual({
      ok: false,
      reason: 'bad date "15/06/2023": expected yyyy-MM-dd',
    });
    expect(applyTransforms('15/06/2023', [{ op: 'date', formats: ['dd/MM/yyyy'] }])).toEqual({
      ok: true,
      value: '2023-06-15',
    });
    expect(applyTransforms('2023-02-30', [{ op: 'date', formats: ['yyyy-MM-dd'] }]).ok).toBe(false);
    const grade = ONEROSTER_DEFAULT_MAPPINGS.student.find((m) => m.column === 'grade_level')?.steps ?? [];
    expect(applyTransforms('KG', grade)).toEqual({ ok: true, value: 'K' });
    expect(applyTransforms('09,10', grade)).toEqual({ ok: true, value: '9' });
    expect(applyTransforms('13', grade).ok).toBe(false);
    const sex = ONEROSTER_DEFAULT_MAPPINGS.student.find((m) => m.column === 'sex')?.steps ?? [];
    expect(applyTransforms('Female', sex)).toEqual({ ok: true, value: 'F' });
    expect(applyTransforms('', sex)).toEqual({ ok: true, value: 'U' });
    const custom = pipelineOf({
      sis_field_name: 'users.x',
      transformation_rule: 'CUSTOM',
      transformation_function: '[{"op":"case","to":"title"}]',
      default_value: null,
    });
    expect(applyTransforms("o'BRIEN-SMITH", custom)).toEqual({ ok: true, value: "O'Brien-Smith" });
    expect(() =>
      pipelineOf({
        sis_field_name: 'users.x',
        transformation_rule: 'CUSTOM',
        transformation_function: '[{"op":"eval","code":"1"}]',
        default_value: null,
      }),
    ).toThrow(/users\.x/);
    expect(() =>
      pipelineOf({
        sis_field_name: 'users.x',
        transformation_rule: 'DATE_FORMAT',
        transformation_function: 'parse(dd-MMM-yy)',
        default_value: null,
      }),
    ).toThrow(/unknown date format "dd-MMM-yy"/);
  });

  it("takes a district's mapping over the default, and refuses one aiming at health data", () => {
    const row = {
      entity_type: 'STUDENT',
      sis_field_name: 'demographics.birthDate',
      whitecross_table: 'students',
      whitecross_column: 'date_of_birth',
      transformation_rule: 'DATE_FORMAT',
      transformation_function: 'parse(MM/dd/yyyy|yyyy-MM-dd)',
      default_value: null,
      is_required: true,
      is_active: true,
    };
    const m = mappingsFromRows([row]);
    const dob = m.student.find((x) => x.column === 'date_of_birth');
    expect(applyTransforms('06/15/2014', dob?.steps ?? [])).toEqual({ ok: true, value: '2014-06-15' });
    expect(() =>
      mappingsFromRows([
        {
          ...row,
          entity_type: 'HEALTH_CONDITION',
          whitecross_table: 'allergies',
          whitecross_column: 'allergen',
        },
      ]),
    ).toThrow(/health data is never written/);
    // a mapping whose output the column cannot hold is a per-record error, not a failed import
    const loose = mappingsFromRows([
      {
        ...row,
        sis_field_name: 'users.grades',
        whitecross_column: 'grade_level',
        transformation_rule: 'DIRECT',
        transformation_function: null,
      },
    ]);
    const { bundle } = readOneRosterCsv(
      rosterFiles({ orgs: ORGS, students: [student(1, 'org-a', { grades: 'KG' })] }),
      'x',
    );
    const records = extractRecords(bundle, loose);
    expect(records.students).toEqual([]);
    expect(records.errors.map((e) => [e.file, e.line, e.field, e.reason.slice(0, 32)])).toEqual([
      ['users.csv', 2, 'grades', '"KG" does not fit grade_level: I'],
    ]);
  });
});

describe('planning a roster', () => {
  it('creates schools and students on a first import, with guardians, then changes nothing on the same file', () => {
    const set: RosterSet = {
      orgs: ORGS,
      students: [student(1, 'org-a', { agents: ['g-1'], grades: 'KG' }), student(2, 'org-b')],
      guardians: [
        { sourcedId: 'g-1', givenName: 'Pat', familyName: 'Family1', phone: '555-0101', agents: ['stu-1'] },
      ],
    };
    const p = plan(set);
    expect(p.errors).toEqual([]);
    expect(planCounts(p)).toMatchObject({
      read: 2,
      created: 2,
      updated: 0,
      transferred: 0,
      withdrawn: 0,
      unchanged: 0,
      schools: { created: 2 },
      guardians: { created: 1 },
    });
    expect(p.students.create[0]?.values).toMatchObject({
      first_name: 'Given1',
      grade_level: 'K',
      date_of_birth: '2014-05-02',
      sex: 'F',
      enrollment_date: '2025-08-20',
    });
    expect(p.guardians.create[0]?.values).toMatchObject({
      relationship: 'Parent',
      phone_primary: '555-0101',
    });
    const again = plan(set, applied(p));
    expect(planCounts(again)).toMatchObject({
      read: 2,
      created: 0,
      updated: 0,
      transferred: 0,
      withdrawn: 0,
      unchanged: 2,
      schools: { created: 0, updated: 0, unchanged: 2 },
      guardians: { created: 0, updated: 0, unchanged: 1 },
    });
  });

  it('rejects bad records with file, line, id, field and reason, applies the rest, and reads a blank status as active', () => {
    const p = plan({
      orgs: ORGS,
      students: [
        student(1, 'org-a', { birthDate: '15/06/2023' }),
        student(2, 'org-a', { status: '' }),
        student(3, 'org-x'),
        student(4, 'org-a', { identifier: '' }),
        student(5, 'org-a'),
        student(5, 'org-b', { identifier: '999' }),
        student(6, 'org-a', { schools: ['org-a', 'org-b'] }),
        student(7, 'org-a', { schools: ['org-a', 'org-b'], primary: 'org-b' }),
      ],
    });
    const brief = p.errors.map((e) => [e.file, e.line, e.sourcedId, e.field, e.type]);
    expect(brief).toEqual(
      expect.arrayContaining([
        ['demographics.csv', 2, 'stu-1', 'birthDate', 'VALIDATION_ERROR'],
        ['users.csv', 4, 'stu-3', 'schoolSourcedId', 'VALIDATION_ERROR'],
        ['users.csv', 5, 'stu-4', 'identifier', 'MISSING_REQUIRED_FIELD'],
        ['users.csv', 6, 'stu-5', 'sourcedId', 'DUPLICATE_RECORD'],
        ['users.csv', 7, 'stu-5', 'sourcedId', 'DUPLICATE_RECORD'],
        ['users.csv', 8, 'stu-6', 'schoolSourcedId', 'CONFLICT'],
      ]),
    );
    expect(p.errors).toHaveLength(6);
    expect(p.errors.find((e) => e.sourcedId === 'stu-1')?.reason).toBe(
      'bad date "15/06/2023": expected yyyy-MM-dd',
    );
    expect(p.students.create.map((c) => [c.sourcedId, c.schoolId])).toEqual([
      ['stu-2', 'new-1'],
      ['stu-7', 'new-2'],
    ]);
  });

  it('matches by sourcedId, then student number, never by name; two SIS records for one student are reported', () => {
    const first = plan({ orgs: ORGS, students: [student(1, 'org-a'), student(2, 'org-a')] });
    const snap = applied(first);
    const unlinked: RosterSnapshot = {
      ...snap,
      students: snap.students.map((s) => (s.sisId === 'stu-2' ? { ...s, sisId: null } : s)),
    };
    const p = plan(
      {
        orgs: ORGS,
        students: [
          student(1, 'org-a', { givenName: 'Renamed' }),
          student(2, 'org-a', { sourcedId: 'stu-2-new' }),
          student(9, 'org-a', { identifier: '100001', givenName: 'Given1', familyName: 'Family1' }),
        ],
      },
      unlinked,
    );
    expect(p.students.update).toEqual([
      { id: 'new-3', changes: { first_name: 'Renamed' } },
      { id: 'new-4', changes: {}, sisId: 'stu-2-new' },
    ]);
    expect(p.students.create).toEqual([]);
    // a number change onto another student's number is reported, not written
    const taking = plan(
      { mode: 'delta', orgs: ORGS, students: [student(1, 'org-a', { identifier: '100002' })] },
      snap,
    );
    expect(taking.errors.map((e) => [e.sourcedId, e.field, e.type])).toEqual([
      ['stu-1', 'identifier', 'DUPLICATE_RECORD'],
    ]);
    expect(taking.students.update).toEqual([]);
    // two schools with one code: both rejected, their students reported
    const twoCodes = plan({
      orgs: [...ORGS, { sourcedId: 'org-c', name: 'Gamma', identifier: 'a' }],
      students: [],
    });
    expect(twoCodes.errors.map((e) => [e.file, e.sourcedId, e.field])).toEqual([
      ['orgs.csv', 'org-a', 'identifier'],
      ['orgs.csv', 'org-c', 'identifier'],
    ]);
    expect(p.errors.map((e) => [e.sourcedId, e.type, e.reason])).toEqual([
      [
        'stu-9',
        'DUPLICATE_RECORD',
        'two SIS records for student number 100001 (also stu-1): not merged, this record is not applied',
      ],
    ]);
  });

  it("moves a student between schools as a transfer and follows each field group's strategy", () => {
    const snap = applied(plan({ orgs: ORGS, students: [student(1, 'org-a'), student(2, 'org-a')] }));
    const changed: RosterSet = {
      orgs: ORGS,
      students: [student(1, 'org-b', { givenName: 'New' }), student(2, 'org-a', { birthDate: '2014-01-01' })],
    };
    const sisWins = plan(changed, snap);
    expect(sisWins.students.transfer).toEqual([
      { id: 'new-3', fromSchoolId: 'new-1', toSchoolId: 'new-2', changes: { first_name: 'New' } },
    ]);
    expect(sisWins.students.update).toEqual([{ id: 'new-4', changes: { date_of_birth: '2014-01-01' } }]);
    const review = plan(
      changed,
      snap,
      strategiesOf('SIS_WINS', { DEMOGRAPHICS: 'MANUAL_REVIEW', ENROLLMENT: 'WHITECROSS_WINS' }),
    );
    expect(review.students.transfer).toEqual([]);
    expect(review.students.update).toEqual([]);
    expect(review.reviews.map((r) => [r.studentId, r.field, r.whitecross, r.sis])).toEqual([
      ['new-3', 'first_name', 'Given1', 'New'],
      ['new-4', 'date_of_birth', '2014-05-03', '2014-01-01'],
    ]);
    const pending = new Set(review.reviews.map((r) => `${r.studentId}|${r.field}|${r.sis ?? ''}`));
    expect(
      plan(
        changed,
        { ...snap, pendingReviews: pending },
        strategiesOf('SIS_WINS', { DEMOGRAPHICS: 'MANUAL_REVIEW', ENROLLMENT: 'WHITECROSS_WINS' }),
      ).reviews,
    ).toEqual([]);
  });

  it('withdraws students absent from a bulk file (never from a delta), and holds a withdrawal above the threshold', () => {
    const all = Array.from({ length: 20 }, (_, i) => student(i + 1, i < 10 ? 'org-a' : 'org-b'));
    const snap = applied(plan({ orgs: ORGS, students: all }));
    const oneGone = plan({ orgs: ORGS, students: all.filter((s) => s.sourcedId !== 'stu-1') }, snap);
    expect(oneGone.students.withdraw).toEqual([{ id: 'new-3', schoolId: 'new-1' }]);
    expect(oneGone.students.held).toEqual([]);
    const twoGone = plan(
      { orgs: ORGS, students: all.filter((s) => !['stu-1', 'stu-2', 'stu-11'].includes(s.sourcedId)) },
      snap,
    );
    expect(twoGone.students.held).toEqual([
      { schoolId: 'new-1', studentIds: ['new-3', 'new-4'], active: 10 },
    ]);
    expect(twoGone.students.withdraw).toEqual([{ id: 'new-13', schoolId: 'new-2' }]);
    const delta = plan({ mode: 'delta', orgs: ORGS, students: [student(5, 'org-a')] }, snap);
    expect(planCounts(delta)).toMatchObject({ withdrawn: 0, unchanged: 1 });
    // a delta naming a school the district already links, without orgs.csv rows or enrollments: kept where they are
    const deltaFiles = rosterFiles({
      mode: 'delta',
      orgs: [],
      students: [student(6, 'org-a', { givenName: 'Changed' }), student(7, 'org-b')],
    });
    deltaFiles.set(
      'enrollments.csv',
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\ne-7,,,c,org-b,stu-7,student,false,,\n',
    );
    const { bundle } = readOneRosterCsv(deltaFiles, 'delta');
    const known = new Set(snap.schools.flatMap((s) => s.sourcedIds));
    const dp = planRoster(extractRecords(bundle, ONEROSTER_DEFAULT_MAPPINGS, known), snap, {
      mode: 'delta',
      strategies: SIS,
      thresholdPercent: 10,
      today: '2026-12-07',
      newId: () => 'x',
    });
    expect(dp.errors).toEqual([]);
    expect(dp.students.update).toEqual([{ id: 'new-8', changes: { first_name: 'Changed' } }]);
    expect(planCounts(dp)).toMatchObject({ updated: 1, unchanged: 0, transferred: 1, withdrawn: 0 });
    expect(dp.students.transfer.map((t) => [t.id, t.toSchoolId])).toEqual([['new-9', 'new-2']]);
    const tbd = plan(
      { mode: 'delta', orgs: ORGS, students: [student(5, 'org-a', { status: 'tobedeleted' })] },
      snap,
    );
    expect(tbd.students.withdraw).toEqual([{ id: 'new-7', schoolId: 'new-1' }]);
    // a bad row is still present: it withdraws nobody
    const bad = plan(
      { orgs: ORGS, students: all.map((s) => (s.sourcedId === 'stu-1' ? { ...s, birthDate: 'x' } : s)) },
      snap,
    );
    expect(bad.students.withdraw).toEqual([]);
  });
});
