import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { enrollAndSync, makeCore, refusal, startDistrict, tempDir, type District } from './support';

/**
 * The students page and the chart with the real core against a real district server: the roster's filters, sort and
 * pages (students.roster), the chart's visit pages (students.visits), guardians, and the immunization counts (extra
 * doses apart, a same-day duplicate counted once and flagged). Every read is audited.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
let withdrawn: string;
const VISITS = 30;

beforeAll(async () => {
  d = await startDistrict();
  const db = d.h.db;
  const s = d.students;
  const homeroom = async (key: string, room: string) =>
    db.updateTable('students').set({ homeroom: room }).where('id', '=', s[key]!).execute();
  await homeroom('ana', 'Room 2');
  await homeroom('maria', 'Room 2');
  await homeroom('sam', 'Room 10');
  await homeroom('sara', 'Room 10');
  await homeroom('lily', 'Room 1');
  const district = await db
    .selectFrom('schools')
    .select('district_id')
    .where('id', '=', d.schoolId)
    .executeTakeFirstOrThrow();
  withdrawn = uuidv7();
  await db
    .insertInto('students')
    .values({
      id: withdrawn,
      district_id: district.district_id,
      school_id: d.schoolId,
      student_number: 'S2000',
      first_name: 'Wanda',
      last_name: 'Left',
      date_of_birth: '2014-01-01',
      grade_level: '6',
      enrollment_status: 'WITHDRAWN',
    })
    .execute();
  await db
    .insertInto('health_conditions')
    .values([
      { id: uuidv7(), student_id: s.kai!, school_id: d.schoolId, condition_name: 'Asthma', status: 'ACTIVE' },
      {
        id: uuidv7(),
        student_id: s.noah!,
        school_id: d.schoolId,
        condition_name: 'Fracture',
        status: 'RESOLVED',
      },
    ])
    .execute();
  await db
    .insertInto('guardians')
    .values([
      {
        id: uuidv7(),
        student_id: s.ana!,
        school_id: d.schoolId,
        first_name: 'Rosa',
        last_name: 'Diaz',
        relationship: 'Mother',
        phone_primary: '614-555-0101',
        is_primary_contact: true,
        is_emergency_contact: true,
      },
      {
        id: uuidv7(),
        student_id: s.ana!,
        school_id: d.schoolId,
        first_name: 'Tomás',
        last_name: 'Reyes',
        relationship: 'Uncle',
        phone_primary: '614-555-0199',
        is_emergency_contact: true,
      },
    ])
    .execute();
  // Lily (K): MMR twice on one day, a second dose, and an extra one: "2 of 2, 1 extra", the day flagged
  // Zoë: both MMR doses: complete, so not overdue
  const mmr = (student: string, on: string) => ({
    id: uuidv7(),
    student_id: student,
    school_id: d.schoolId,
    vaccine_type: 'MMR',
    cvx_code: '03',
    administration_date: on,
    source: 'HISTORICAL' as const,
  });
  await db
    .insertInto('vaccinations')
    .values([
      mmr(s.lily!, '2019-02-11'),
      mmr(s.lily!, '2019-02-11'),
      mmr(s.lily!, '2022-02-15'),
      mmr(s.lily!, '2023-01-10'),
      mmr(s.zoe!, '2017-01-10'),
      mmr(s.zoe!, '2020-01-10'),
    ])
    .execute();
  const day = 86_400_000;
  await db
    .insertInto('clinic_visits')
    .values(
      Array.from({ length: VISITS }, (_, i) => ({
        id: uuidv7(),
        student_id: s.ben!,
        school_id: d.schoolId,
        attended_by_user_id: d.nurse.id,
        presenting_complaint: `Complaint ${i + 1}`,
        arrival_time: new Date(Date.now() - (VISITS - i) * day),
      })),
    )
    .execute();
  tmp = tempDir('wc-roster-');
  core = await makeCore(tmp.dir);
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

const lastAudit = () =>
  core.internals
    .context()!
    .sqlite.prepare(
      `SELECT action, table_name, record_id, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`,
    )
    .get() as { action: string; table_name: string; record_id: string | null; details: string };

describe('students.roster', () => {
  it('lists the enrolled students by name (not the withdrawn one) with their flags; the read is audited', async () => {
    const r = await core.call('students.roster', {});
    expect(r.total).toBe(10);
    expect(r.schoolTotal).toBe(10);
    expect(r.rows.map((x) => x.lastName)).toEqual([
      'Chen',
      'Diaz',
      'García-López',
      'Johnson',
      'Johnston',
      'Nakamura',
      "O'Brien",
      'Okafor',
      'Smith',
      'Williams',
    ]);
    expect(r.rows.some((x) => x.id === withdrawn)).toBe(false);
    const ana = r.rows.find((x) => x.id === d.students.ana)!;
    expect(ana).toMatchObject({ allergies: 1, hasDrugAllergy: true, activeOrders: 1, homeroom: 'Room 2' });
    expect(r.rows.find((x) => x.id === d.students.noah)).toMatchObject({ conditions: 0 });
    expect(r.homerooms).toEqual(['Room 1', 'Room 2', 'Room 10']);
    expect(r.grades).toEqual(['K', '3', '4', '5', '6', '7', '8']);
    const a = lastAudit();
    expect(a).toMatchObject({ action: 'VIEW', table_name: 'students', record_id: null });
    expect(JSON.parse(a.details)).toMatchObject({
      what: 'roster',
      total: 10,
      studentIds: r.rows.map((x) => x.id),
    });
  });

  it('filters: grade, homeroom, allergy, condition (resolved ones do not count), active order, immunization overdue', async () => {
    const ids = async (filters: object) =>
      (await core.call('students.roster', { filters })).rows.map((x) => x.firstName);
    expect(await ids({ grade: '6' })).toEqual(['Ana', 'María']);
    expect(await ids({ homeroom: 'room 10' })).toEqual(['Samuel', 'Sara']);
    expect(await ids({ hasAllergy: true })).toEqual(['Ana', 'Benjamin']);
    expect(await ids({ hasCondition: true })).toEqual(['Kai']);
    expect(await ids({ hasActiveOrder: true })).toEqual(['Ana', 'Benjamin']);
    // everyone owes MMR doses except Lily (2 of 2 and an extra) and Zoë (2 of 2)
    expect(await ids({ immunizationOverdue: false })).toEqual(['Lily', 'Zoë']);
    const overdue = await core.call('students.roster', { filters: { immunizationOverdue: true } });
    expect(overdue.total).toBe(8);
    expect(await ids({ grade: '6', hasActiveOrder: true })).toEqual(['Ana']);
  });

  it('sorts by grade and homeroom, either way, and pages with a stable order', async () => {
    const byGrade = await core.call('students.roster', { sort: 'grade' });
    expect(byGrade.rows.map((x) => x.grade)).toEqual(['K', '3', '4', '5', '5', '6', '6', '7', '8', '8']);
    const down = await core.call('students.roster', { sort: 'grade', direction: 'desc' });
    expect(down.rows[0]!.grade).toBe('8');
    const rooms = await core.call('students.roster', { sort: 'homeroom' });
    expect(rooms.rows.slice(0, 5).map((x) => x.homeroom)).toEqual([
      'Room 1',
      'Room 2',
      'Room 2',
      'Room 10',
      'Room 10',
    ]);
    expect(rooms.rows.at(-1)!.homeroom).toBeUndefined();
    const all = (await core.call('students.roster', { limit: 100 })).rows.map((x) => x.id);
    const pages: string[] = [];
    for (let offset = 0; offset < 10; offset += 4)
      pages.push(...(await core.call('students.roster', { offset, limit: 4 })).rows.map((x) => x.id));
    expect(pages).toEqual(all);
    const last = await core.call('students.roster', { offset: 8, limit: 4 });
    expect(last).toMatchObject({ total: 10, offset: 8 });
    expect(last.rows).toHaveLength(2);
  });

  it('refuses bad arguments naming the field and its range', async () => {
    expect(await refusal(core.call('students.roster', { limit: 500 }))).toMatchObject({
      code: 'VALIDATION',
      field: 'limit',
    });
    expect((await refusal(core.call('students.roster', { limit: 500 }))).message).toMatch(/at most 100/);
    expect(await refusal(core.call('students.roster', { offset: -1 }))).toMatchObject({ field: 'offset' });
    expect(await refusal(core.call('students.roster', { filters: { grade: '13' as 'K' } }))).toMatchObject({
      field: 'filters.grade',
    });
    expect(await refusal(core.call('students.roster', { sort: 'age' as 'name' }))).toMatchObject({
      field: 'sort',
    });
  });
});

describe('the chart', () => {
  it('pages the visits: 25 with the chart, the rest with students.visits, newest first; audited', async () => {
    const c = await core.call('students.chart', { studentId: d.students.ben! });
    expect(c.visits).toHaveLength(25);
    expect(c.visitsTotal).toBe(VISITS);
    expect(c.visits[0]!.complaint).toBe(`Complaint ${VISITS}`);
    const more = await core.call('students.visits', { studentId: d.students.ben!, offset: 25, limit: 25 });
    expect(more.total).toBe(VISITS);
    expect(more.visits.map((v) => v.complaint)).toEqual([
      'Complaint 5',
      'Complaint 4',
      'Complaint 3',
      'Complaint 2',
      'Complaint 1',
    ]);
    const seen = new Set([...c.visits, ...more.visits].map((v) => v.visitId));
    expect(seen.size).toBe(VISITS);
    const a = lastAudit();
    expect(a).toMatchObject({ action: 'VIEW', table_name: 'clinic_visits' });
    expect(JSON.parse(a.details)).toMatchObject({ studentId: d.students.ben, offset: 25 });
    expect((JSON.parse(a.details) as { visitIds: string[] }).visitIds).toHaveLength(5);
  });

  it('students.visits refuses an unknown student and a page too large', async () => {
    expect(
      await refusal(core.call('students.visits', { studentId: 'nobody', offset: 0, limit: 25 })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
    expect(
      await refusal(core.call('students.visits', { studentId: d.students.ben!, offset: 0, limit: 1000 })),
    ).toMatchObject({ field: 'limit' });
  });

  it('carries the guardians and emergency contacts', async () => {
    const c = await core.call('students.chart', { studentId: d.students.ana! });
    expect(c.guardians).toEqual([
      expect.objectContaining({ name: 'Rosa Diaz', isPrimaryContact: true, isEmergencyContact: true }),
      expect.objectContaining({ name: 'Tomás Reyes', relationship: 'Uncle', isEmergencyContact: true }),
    ]);
    expect(c.visitsTotal).toBe(0);
  });

  it('immunizations: never "3 of 2": extra doses apart, the same-day duplicate counted once and flagged', async () => {
    const lily = await core.call('students.chart', { studentId: d.students.lily! });
    expect(lily.immunizations.status).toEqual([
      {
        vaccine: 'MMR',
        status: 'COMPLETE',
        dosesGiven: 2,
        dosesRequired: 2,
        extraDoses: 1,
        sameDayDuplicates: ['2019-02-11'],
      },
    ]);
    const flagged = lily.immunizations.doses.filter((x) => x.sameDayDuplicate).map((x) => x.administeredOn);
    expect(flagged).toEqual(['2019-02-11', '2019-02-11']);
    const ana = await core.call('students.chart', { studentId: d.students.ana! });
    expect(ana.immunizations.status[0]).toMatchObject({
      status: 'OVERDUE',
      dosesGiven: 1,
      nextDueOn: '2018-03-02',
      overdueSince: '2018-03-02',
    });
  });
});
