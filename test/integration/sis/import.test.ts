import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { runImport, type ImportRequest } from '../../../server-sync/sis/run';
import { serverTargets } from '../../support/db';
import { rosterFiles, student, type RosterSet, type StudentRow } from '../../support/oneroster';
import { allergy, makeWorld, openMigrated, pullAll, push, T0, type World } from '../sync-server/support';

/** Applying OneRoster CSV sets to a district (server-sync/sis/run.ts) on PGlite and PostgreSQL. */

const ORGS = [
  { sourcedId: 'org-a', name: 'Alpha', identifier: 'A' },
  { sourcedId: 'org-b', name: 'Beta', identifier: 'B' },
];
const AT = new Date('2026-12-07T15:00:00Z');

describe.each(serverTargets())('OneRoster CSV import on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  const students: StudentRow[] = Array.from({ length: 12 }, (_, i) =>
    student(i + 1, i < 6 ? 'org-a' : 'org-b', { agents: i === 0 ? ['g-1'] : [] }),
  );
  const base: RosterSet = {
    orgs: ORGS,
    students,
    guardians: [
      { sourcedId: 'g-1', givenName: 'Pat', familyName: 'Family1', phone: '555-0101', agents: ['stu-1'] },
    ],
  };
  const run = (set: RosterSet, extra: Partial<ImportRequest> = {}) =>
    runImport(h.db, {
      files: rosterFiles(set),
      source: 'test',
      districtId: w.district,
      dryRun: false,
      userId: w.admin,
      trigger: 'MANUAL',
      at: AT,
      ...extra,
    });
  const idOf = async (sis: string) =>
    await h.db
      .selectFrom('students')
      .select(['id', 'school_id', 'enrollment_status'])
      .where('sis_id', '=', sis)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    h = await openMigrated(target);
    w = await makeWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a dry run plans without writing anything', async () => {
    const before = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM students)::int + (SELECT count(*) FROM sis_sync_jobs)::int AS n`.execute(
      h.db,
    );
    const r = await run(base, { dryRun: true });
    expect(r).toMatchObject({ read: 12, created: 12, updated: 0, withdrawn: 0, jobId: null, dryRun: true });
    const after = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM students)::int + (SELECT count(*) FROM sis_sync_jobs)::int AS n`.execute(
      h.db,
    );
    expect(after.rows).toEqual(before.rows);
    const audit = await h.db
      .selectFrom('audit_logs')
      .select(['user_id', 'school_id', 'action'])
      .where(sql`details->>'event'`, '=', 'sis_dry_run')
      .execute();
    expect(audit).toEqual([{ user_id: w.admin, school_id: null, action: 'READ' }]);
  });

  it('creates the students in the schools matched by school code, their guardian, the job with its counts; the same file again changes nothing', async () => {
    const r = await run(base);
    expect(r).toMatchObject({
      read: 12,
      created: 12,
      updated: 0,
      transferred: 0,
      withdrawn: 0,
      unchanged: 0,
      errors: [],
    });
    expect(r.schools).toEqual({ created: 0, updated: 2, unchanged: 0 });
    const s1 = await idOf('stu-1');
    expect(s1.school_id).toBe(w.schoolA);
    const g = await h.db.selectFrom('guardians').selectAll().where('student_id', '=', s1.id).execute();
    expect(g.map((x) => [x.first_name, x.relationship, x.phone_primary, x.school_id])).toEqual([
      ['Pat', 'Parent', '555-0101', w.schoolA],
    ]);
    const job = await h.db
      .selectFrom('sis_sync_jobs')
      .selectAll()
      .where('id', '=', r.jobId ?? '')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({
      job_status: 'COMPLETED',
      records_processed: 12,
      records_created: 12,
      records_failed: 0,
    });
    const audit = await h.db
      .selectFrom('audit_logs')
      .select(['school_id', 'details'])
      .where(sql`details->>'event'`, '=', 'sis_import')
      .execute();
    expect(audit.map((a) => a.school_id).sort()).toEqual([w.schoolA, w.schoolB]);

    const again = await run(base);
    expect(again).toMatchObject({
      read: 12,
      created: 0,
      updated: 0,
      transferred: 0,
      withdrawn: 0,
      unchanged: 12,
      errors: [],
    });
    expect(again.guardians).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(
      await h.db
        .selectFrom('students')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('sis_id', 'is not', null)
        .executeTakeFirst(),
    ).toEqual({ n: 12 });
    expect(
      await h.db
        .selectFrom('guardians')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 1 });
  });

  it('runs two imports of one district one after the other: the second finds what the first created', async () => {
    const other = await h.db
      .insertInto('districts')
      .values({ id: 'dist-2', name: 'Other', state_code: 'NJ' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const set: RosterSet = {
      orgs: [{ sourcedId: 'o-x', name: 'X', identifier: 'X' }],
      students: [student(1, 'o-x'), student(2, 'o-x')],
    };
    const both = await Promise.all([run(set, { districtId: other.id }), run(set, { districtId: other.id })]);
    expect(both.map((r) => [r.created, r.unchanged]).sort()).toEqual([
      [0, 2],
      [2, 0],
    ]);
    expect(
      await h.db
        .selectFrom('schools')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('district_id', '=', other.id)
        .executeTakeFirst(),
    ).toEqual({ n: 1 });
  });

  it('stores every rejected record with file, line, id, field and reason, and applies the rest', async () => {
    const set: RosterSet = {
      ...base,
      students: [
        ...students.map((s) => (s.sourcedId === 'stu-2' ? { ...s, givenName: 'Renamed' } : s)),
        student(20, 'org-a', { birthDate: '15/06/2023' }),
        student(21, 'org-z'),
        student(22, 'org-a', { schools: ['org-a', 'org-b'] }),
        student(23, 'org-a', { status: '' }),
      ],
      renameHeader: { middleName: 'middelName' },
    };
    const r = await run(set);
    expect(r).toMatchObject({ read: 16, created: 1, updated: 1, unchanged: 11 });
    expect(r.errors.map((e) => [e.file, e.line, e.sourcedId, e.field])).toEqual([
      ['users.csv', 1, null, 'middelName'],
      ['demographics.csv', 14, 'stu-20', 'birthDate'],
      ['users.csv', 15, 'stu-21', 'schoolSourcedId'],
      ['users.csv', 16, 'stu-22', 'schoolSourcedId'],
    ]);
    const stored = await h.db
      .selectFrom('sis_sync_errors')
      .select(['source_file', 'source_line', 'sis_record_id', 'error_field', 'error_message', 'error_type'])
      .where('sync_job_id', '=', r.jobId ?? '')
      .orderBy('source_line')
      .execute();
    expect(stored).toContainEqual({
      source_file: 'demographics.csv',
      source_line: 14,
      sis_record_id: 'stu-20',
      error_field: 'birthDate',
      error_message: 'bad date "15/06/2023": expected yyyy-MM-dd',
      error_type: 'VALIDATION_ERROR',
    });
    expect(stored).toHaveLength(4);
    expect(
      await h.db
        .selectFrom('sis_sync_jobs')
        .select(['job_status', 'records_failed'])
        .where('id', '=', r.jobId ?? '')
        .executeTakeFirst(),
    ).toEqual({ job_status: 'PARTIAL_SUCCESS', records_failed: 4 });
    expect((await idOf('stu-23')).enrollment_status).toBe('ACTIVE');
  });

  it("moves a student to another school as a transfer: the old school's workstation gets a REMOVE, the new one the student with their allergy", async () => {
    const s3 = await idOf('stu-3');
    await push(h.db, w, w.devA1, [allergy(1, 'alg-s3', s3.id, w.schoolA, T0, w.devA1)]);
    const cursorA = (await pullAll(h.db, w, w.devA1)).cursor;
    const cursorB = (await pullAll(h.db, w, w.devB1)).cursor;
    const moved = students.map((s) => (s.sourcedId === 'stu-3' ? { ...s, schools: ['org-b'] } : s));
    const r = await run({ ...base, students: [...moved, student(23, 'org-a')] });
    expect(r).toMatchObject({ transferred: 1, created: 0, withdrawn: 0 });
    const a = await pullAll(h.db, w, w.devA1, cursorA);
    expect(
      a.changes.filter((c) => c.rowId === s3.id || c.rowId === 'alg-s3').map((c) => [c.table, c.op]),
    ).toEqual([
      ['students', 'REMOVE'],
      ['allergies', 'REMOVE'],
    ]);
    const b = await pullAll(h.db, w, w.devB1, cursorB);
    expect(
      b.changes.filter((c) => c.rowId === s3.id || c.rowId === 'alg-s3').map((c) => [c.table, c.op]),
    ).toEqual([
      ['students', 'UPSERT'],
      ['allergies', 'UPSERT'],
    ]);
    // the nurse's allergy is untouched by the SIS: moved, not rewritten
    expect(
      await h.db
        .selectFrom('allergies')
        .select(['school_id', 'allergen', 'severity'])
        .where('id', '=', 'alg-s3')
        .executeTakeFirst(),
    ).toEqual({ school_id: w.schoolB, allergen: 'Peanut', severity: 'SEVERE' });
  });

  it('holds a withdrawal above the threshold until an administrator approves it; a withdrawal is a status, never a delete', async () => {
    // school A: stu-1, 2, 4, 5, 6 and 23 active (stu-3 moved) and the two students not from the SIS;
    // stu-4, stu-5 and stu-23 are gone from this file: 3 of 8, above 10%
    const gone = students
      .filter((s) => !['stu-4', 'stu-5'].includes(s.sourcedId))
      .map((s) => (s.sourcedId === 'stu-3' ? { ...s, schools: ['org-b'] } : s));
    const r = await run({ ...base, students: gone });
    expect(r).toMatchObject({ withdrawn: 0, heldForApproval: 3 });
    const held = await h.db
      .selectFrom('sis_withdrawal_approvals')
      .selectAll()
      .where('sync_job_id', '=', r.jobId ?? '')
      .execute();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      withdrawing_school_id: w.schoolA,
      withdraw_count: 3,
      active_count: 8,
      threshold_percent: 10,
      status: 'PENDING',
    });
    expect((await idOf('stu-4')).enrollment_status).toBe('ACTIVE');
    // the same file again: still one decision waiting, now for this run
    const again = await run({ ...base, students: gone });
    const pending = await h.db
      .selectFrom('sis_withdrawal_approvals')
      .select(['sync_job_id', 'withdraw_count'])
      .where('status', '=', 'PENDING')
      .execute();
    expect(pending).toEqual([{ sync_job_id: again.jobId, withdraw_count: 3 }]);
  });
});
