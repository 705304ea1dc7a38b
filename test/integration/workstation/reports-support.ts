import { v7 as uuidv7 } from 'uuid';
import type { District } from './support';

/**
 * The reports tests' extra students, written into the district before the workstation enrolls (they arrive by
 * sync): the five names the issue asks to print as typed, each with guardians; one with a condition and an action
 * plan, a PRN order and MMR doses (one a same-day duplicate).
 */
export const FIVE = [
  ['jose', 'José', 'Ñúñez', '2014-05-02', '6'],
  ['anh', 'Nguyễn Thị', 'Ánh', '2015-03-09', '5'],
  ['alexei', 'Алексей', 'Смирнов', '2013-08-21', '7'],
  ['ming', '王小明', 'Wang', '2020-01-15', 'K'],
  ['mohammed', 'محمد', 'علي', '2016-10-30', '4'],
] as const;
export type FiveKey = (typeof FIVE)[number][0];

export interface ReportStudents {
  readonly ids: Readonly<Record<FiveKey, string>>;
  readonly names: Readonly<Record<FiveKey, string>>;
  readonly joseIbuprofen: string;
  readonly guardians: readonly { student: FiveKey; name: string; phone: string }[];
}

export async function seedReportStudents(d: District): Promise<ReportStudents> {
  const db = d.h.db;
  const { district_id } = await db
    .selectFrom('schools')
    .select('district_id')
    .where('id', '=', d.schoolId)
    .executeTakeFirstOrThrow();
  const ids = {} as Record<FiveKey, string>;
  const names = {} as Record<FiveKey, string>;
  const guardians: { student: FiveKey; name: string; phone: string }[] = [];
  let n = 7000;
  for (const [key, first, last, dob, grade] of FIVE) {
    const id = uuidv7();
    ids[key] = id;
    names[key] = `${first} ${last}`;
    await db
      .insertInto('students')
      .values({
        id,
        district_id,
        school_id: d.schoolId,
        student_number: `R${n++}`,
        first_name: first,
        last_name: last,
        date_of_birth: dob,
        grade_level: grade,
        homeroom: '12B',
      })
      .execute();
    const g = { student: key, name: `${first} Parent`, phone: `(555) 01${n}` };
    guardians.push(g);
    await db
      .insertInto('guardians')
      .values({
        id: uuidv7(),
        student_id: id,
        school_id: d.schoolId,
        first_name: first,
        last_name: 'Parent',
        relationship: 'Mother',
        phone_primary: g.phone,
        is_primary_contact: true,
        is_emergency_contact: true,
      })
      .execute();
  }
  await db
    .insertInto('health_conditions')
    .values({
      id: uuidv7(),
      student_id: ids.anh,
      school_id: d.schoolId,
      condition_name: 'Asthma',
      icd10_code: 'J45.909',
      status: 'ACTIVE',
      severity: 'MODERATE',
      action_plan: 'Albuterol 2 puffs before PE',
      emergency_plan: 'No relief after 2 puffs in 10 minutes: call 911 and the parent',
    })
    .execute();
  await db
    .insertInto('allergies')
    .values({
      id: uuidv7(),
      student_id: ids.anh,
      school_id: d.schoolId,
      allergen: 'Bee sting',
      allergen_type: 'INSECT',
      severity: 'LIFE_THREATENING',
      reaction: 'Anaphylaxis',
      epinephrine_required: true,
    })
    .execute();
  const joseIbuprofen = uuidv7();
  await db
    .insertInto('student_medications')
    .values({
      id: joseIbuprofen,
      student_id: ids.jose,
      medication_id: d.meds.ibuprofen,
      dose: '1 tablet',
      route: 'oral',
      schedule_times: JSON.stringify([]),
      is_prn: true,
      prn_instructions: 'Headache',
      start_date: '2020-01-01',
      school_id: d.schoolId,
    })
    .execute();
  for (const date of ['2021-02-20', '2021-02-20'])
    await db
      .insertInto('vaccinations')
      .values({
        id: uuidv7(),
        student_id: ids.ming,
        school_id: d.schoolId,
        vaccine_type: 'MMR',
        cvx_code: '03',
        administration_date: date,
        source: 'HISTORICAL',
      })
      .execute();
  return { ids, names, joseIbuprofen, guardians };
}
