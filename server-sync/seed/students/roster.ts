import type { Faker } from '@faker-js/faker';
import type { CatalogIds } from '../helpers';
import type { DistrictRec, SchoolRec } from '../district';
import { guardiansFor, healthRecordsFor, type RecordSink, type Who } from './records';
import {
  conditionPrevalence,
  makeCondition,
  pickAllergy,
  type AllergenType,
  type AllergyPick,
  type ConditionKey,
  type ConditionRec,
} from './health';
import {
  insertMany,
  isoDate,
  sectionFaker,
  addDays,
  addMinutes,
  ageOn,
  chance,
  currentSchoolYearStart,
  GRADES,
  gradeNumber,
  localTime,
  newId,
  notAfter,
  pick,
  stamps,
  weighted,
  type Grade,
  type SeedContext,
  type NewRow,
} from '../helpers';
import { type StudentRec } from './student';

/**
 * The roster and its health records: students, guardians, allergies, health_conditions,
 * student_drug_allergies_xref, and the care-plan documents (action plans) of students with
 * diabetes, seizures or anaphylaxis risk.
 */

const LANGUAGES: readonly (readonly [string, number])[] = [
  ['English', 88],
  ['Spanish', 7],
  ['Somali', 1.5],
  ['Arabic', 1.2],
  ['Nepali', 1],
  ['Mandarin', 0.8],
  ['Ukrainian', 0.5],
];

const GRADE_WEIGHTS: readonly (readonly [Grade, number])[] = GRADES.map((g) => [
  g,
  g === '9' ? 1.04 : g === '10' ? 0.99 : g === '11' ? 0.95 : g === '12' ? 0.92 : 1,
]);

interface Draft {
  index: number;
  grade: Grade;
  school: SchoolRec;
  sex: 'F' | 'M';
  dob: string;
  conditions: ConditionRec[];
  allergies: AllergyPick[];
  status: StudentRec['status'];
}

function addAllergy(f: Faker, d: Draft, type: AllergenType): void {
  const a = pickAllergy(f, type);
  if (!d.allergies.some((x) => x.def.allergen === a.def.allergen)) d.allergies.push(a);
}

/** Makes sure a small demo district still shows every feature (one student with each key condition). */
function guarantee(f: Faker, drafts: Draft[], ctx: SeedContext): void {
  if (drafts.length < 10) return;
  const candidates = (pred: (d: Draft) => boolean) => drafts.filter((d) => d.status === 'ACTIVE' && pred(d));
  const ensure = (has: (d: Draft) => boolean, eligible: (d: Draft) => boolean, give: (d: Draft) => void) => {
    if (drafts.some((d) => d.status === 'ACTIVE' && has(d))) return;
    const pool = candidates(eligible);
    if (pool.length > 0) give(pick(f, pool));
  };
  const cond = (key: ConditionKey) => (d: Draft) => d.conditions.some((c) => c.key === key);
  const noChronic = (d: Draft) => d.conditions.length === 0;
  for (const key of ['ASTHMA', 'ADHD', 'T1D', 'SEIZURE'] as const) {
    ensure(
      cond(key),
      (d) => noChronic(d) && (key !== 'ADHD' || gradeNumber(d.grade) >= 1),
      (d) => d.conditions.push(makeCondition(f, key)),
    );
  }
  ensure(
    (d) => d.allergies.some((a) => a.def.type === 'DRUG'),
    (d) => d.allergies.length === 0,
    (d) => {
      let a = pickAllergy(f, 'DRUG');
      while (a.def.drugClass !== 'PENICILLINS') a = pickAllergy(f, 'DRUG');
      d.allergies.push(a);
    },
  );
  ensure(
    (d) => d.allergies.some((a) => a.epinephrine),
    (d) => d.allergies.length === 0 && gradeNumber(d.grade) <= 8,
    (d) => {
      let a = pickAllergy(f, 'FOOD');
      while (!a.epinephrine) a = pickAllergy(f, 'FOOD');
      d.allergies.push(a);
    },
  );
  if (drafts.length >= 20 && !drafts.some((d) => d.status !== 'ACTIVE')) {
    const pool = drafts.filter((d) => d.conditions.length === 0 && d.allergies.length === 0);
    if (pool.length > 0 && ctx.years.at(-1)?.days.length) pick(f, pool).status = 'TRANSFERRED';
  }
}

export async function seedStudents(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
): Promise<StudentRec[]> {
  const f = sectionFaker(ctx.options.seed, 'students');
  const y = currentSchoolYearStart(ctx.options.asOf);
  const currentYear = ctx.years[ctx.years.length - 1];
  const thisYearDays = currentYear?.days ?? [];
  const perGradeCounter = new Map<Grade, number>();

  // 1. Who is where, born when, with which conditions.
  const drafts: Draft[] = [];
  for (let i = 0; i < ctx.options.students; i++) {
    const grade = weighted(f, GRADE_WEIGHTS);
    const serving = district.schools.filter((s) => s.grades.includes(grade));
    const k = perGradeCounter.get(grade) ?? 0;
    perGradeCounter.set(grade, k + 1);
    const school = serving[k % serving.length] ?? district.schools[0];
    if (!school) throw new Error('the district has no school');
    const sex = f.datatype.boolean() ? 'F' : 'M';
    const g = gradeNumber(grade);
    // Ohio: age 5 by September 30 for kindergarten; about 3% are a year older than their grade.
    const older = chance(f, 0.03) ? 1 : 0;
    const from = Date.UTC(y - 6 - g - older, 9, 1);
    const to = Date.UTC(y - 5 - g - older, 8, 30);
    const dob = isoDate(new Date(f.number.int({ min: from, max: to })));
    const age = ageOn(dob, ctx.today);
    const conditions: ConditionRec[] = [];
    for (const key of [
      'ASTHMA',
      'ADHD',
      'T1D',
      'SEIZURE',
      'MIGRAINE',
      'ANXIETY',
      'ECZEMA',
      'CELIAC',
    ] as const) {
      if (chance(f, conditionPrevalence(key, age, sex))) conditions.push(makeCondition(f, key));
    }
    const d: Draft = { index: i, grade, school, sex, dob, conditions, allergies: [], status: 'ACTIVE' };
    if (chance(f, 0.08)) {
      const n = weighted(f, [
        [1, 70],
        [2, 22],
        [3, 8],
      ]);
      for (let j = 0; j < n; j++) {
        addAllergy(
          f,
          d,
          weighted<AllergenType>(f, [
            ['FOOD', 45],
            ['DRUG', 25],
            ['ENVIRONMENTAL', 18],
            ['INSECT', 7],
            ['LATEX', 5],
          ]),
        );
      }
    }
    if (thisYearDays.length > 5 && chance(f, 0.02)) d.status = chance(f, 0.7) ? 'TRANSFERRED' : 'WITHDRAWN';
    drafts.push(d);
  }
  guarantee(f, drafts, ctx);

  // 2. Rows.
  const students: StudentRec[] = [];
  const rows: NewRow<'students'>[] = [];
  const sink: RecordSink = { guardians: [], allergies: [], xref: [], conditions: [], documents: [] };
  const rosterImport = addMinutes(ctx.setupAt, 180);
  for (const d of drafts) {
    const g = gradeNumber(d.grade);
    const kStart = `${y - g}-08-${String(f.number.int({ min: 18, max: 24 })).padStart(2, '0')}`;
    let enrollmentDate = kStart;
    if (g > 0 && chance(f, 0.15)) {
      // Moved into the district later: any school day between kindergarten and now.
      const span = Math.max(
        1,
        Math.round((Date.parse(`${ctx.today}T00:00:00Z`) - Date.parse(`${kStart}T00:00:00Z`)) / 86_400_000),
      );
      enrollmentDate = addDays(kStart, f.number.int({ min: 1, max: span }));
      while ([0, 6].includes(new Date(`${enrollmentDate}T00:00:00Z`).getUTCDay()))
        enrollmentDate = addDays(enrollmentDate, 1);
      if (enrollmentDate > ctx.today) enrollmentDate = kStart;
    }
    let withdrawalDate: string | null = null;
    if (d.status !== 'ACTIVE') {
      const candidates = thisYearDays.filter((day) => day > enrollmentDate && day < ctx.today);
      withdrawalDate =
        candidates.length > 2
          ? (candidates[
              f.number.int({ min: Math.floor(candidates.length / 3), max: candidates.length - 1 })
            ] ?? null)
          : null;
      if (withdrawalDate === null) d.status = 'ACTIVE';
    }
    const createdAt =
      enrollmentDate < isoDate(ctx.setupAt)
        ? addMinutes(rosterImport, d.index / 1000)
        : localTime(enrollmentDate, 8, 15);
    const id = newId(f, createdAt);
    const firstName = f.person.firstName(d.sex === 'F' ? 'female' : 'male');
    const lastName = f.person.lastName();
    const language = weighted(f, LANGUAGES);
    const gradYear = y + 1 + (12 - g);
    const studentNumber = `${gradYear}${String(d.index + 1).padStart(5, '0')}`;
    const age = ageOn(d.dob, ctx.today);
    const weightKg = Math.round(
      (age <= 12 ? 2.6 * age + 6 : 38 + (age - 12) * 5) * f.number.float({ min: 0.85, max: 1.25 }),
    );
    const withdrawnAt = withdrawalDate ? notAfter(ctx, localTime(withdrawalDate, 14, 30)) : null;
    const street = f.location.streetAddress();
    rows.push({
      id,
      district_id: district.id,
      school_id: d.school.id,
      student_number: studentNumber,
      sis_id: String(100_000 + d.index * 17 + f.number.int({ min: 0, max: 16 })),
      first_name: firstName,
      middle_name: chance(f, 0.7) ? f.person.middleName(d.sex === 'F' ? 'female' : 'male') : null,
      last_name: lastName,
      preferred_name: chance(f, 0.08) ? f.person.firstName(d.sex === 'F' ? 'female' : 'male') : null,
      date_of_birth: d.dob,
      sex: d.sex,
      grade_level: d.grade,
      homeroom:
        g <= 5
          ? `Room ${100 + g * 10 + f.number.int({ min: 1, max: 4 })}`
          : `${200 + f.number.int({ min: 1, max: 40 })}`,
      enrollment_status: d.status,
      enrollment_date: enrollmentDate,
      withdrawal_date: withdrawalDate,
      primary_language: language,
      address_line1: street,
      address_line2: chance(f, 0.12)
        ? `Apt ${f.number.int({ min: 1, max: 24 })}${pick(f, ['A', 'B', 'C', ''])}`
        : null,
      city: district.town,
      state: 'OH',
      postal_code: `${district.postalPrefix}${f.string.numeric({ length: 2, allowLeadingZeros: true })}`,
      photo_document_id: null,
      ...stamps(createdAt, withdrawnAt ?? createdAt),
    });

    const who: Who = {
      id,
      firstName,
      lastName,
      createdAt,
      enrollmentDate,
      language,
      dob: d.dob,
      school: d.school,
      allergyPicks: d.allergies,
      conditionDrafts: d.conditions,
    };
    const guardians = guardiansFor(f, district, who, sink);
    const { allergies, conditions } = healthRecordsFor(f, ctx, district, catalogs, who, sink);

    students.push({
      index: d.index,
      id,
      school: d.school,
      grade: d.grade,
      dob: d.dob,
      sex: d.sex,
      firstName,
      lastName,
      studentNumber,
      status: d.status,
      enrollmentDate,
      withdrawalDate,
      createdAt,
      guardians,
      conditions,
      allergies,
      weightKg,
      propensity: Math.exp(f.number.float({ min: -0.9, max: 0.9 })) * (g <= 5 ? 1.2 : g <= 8 ? 1.0 : 0.75),
      language,
    });
  }

  await insertMany(ctx.db, 'students', rows, ctx.progress);
  await insertMany(ctx.db, 'guardians', sink.guardians, ctx.progress);
  await insertMany(ctx.db, 'allergies', sink.allergies, ctx.progress);
  await insertMany(ctx.db, 'student_drug_allergies_xref', sink.xref, ctx.progress);
  await insertMany(ctx.db, 'health_conditions', sink.conditions, ctx.progress);
  await insertMany(ctx.db, 'documents', sink.documents, ctx.progress);
  return students;
}
