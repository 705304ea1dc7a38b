import type { Faker } from '@faker-js/faker';
import { insertMany, isoDate, json, sectionFaker } from './context';
import type { CatalogIds } from './catalogs';
import { fictionalPhone, type DistrictRec, type SchoolRec } from './district';
import {
  conditionPrevalence,
  makeCondition,
  pickAllergy,
  type AllergenType,
  type AllergyPick,
  type ConditionKey,
  type ConditionRec,
} from './students-health';
import {
  addDays,
  addMinutes,
  ageOn,
  chance,
  currentSchoolYearStart,
  fakeSha256,
  GRADES,
  gradeNumber,
  localTime,
  newId,
  pick,
  stamps,
  weighted,
  type Grade,
  type SeedContext,
} from './world';

/**
 * The roster and its health records: students, guardians, allergies, health_conditions,
 * student_drug_allergies_xref, and the care-plan documents (action plans) of students with
 * diabetes, seizures or anaphylaxis risk.
 */

export interface GuardianRec {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly relationship: string;
  readonly phone: string;
  readonly email: string | null;
}

export interface AllergyRec extends AllergyPick {
  readonly id: string;
}

export interface StudentRec {
  readonly index: number;
  readonly id: string;
  readonly school: SchoolRec;
  readonly grade: Grade;
  readonly dob: string;
  readonly sex: 'F' | 'M';
  readonly firstName: string;
  readonly lastName: string;
  readonly studentNumber: string;
  readonly status: 'ACTIVE' | 'TRANSFERRED' | 'WITHDRAWN';
  readonly enrollmentDate: string;
  readonly withdrawalDate: string | null;
  readonly createdAt: Date;
  readonly guardians: readonly GuardianRec[];
  readonly conditions: readonly ConditionRec[];
  readonly allergies: readonly AllergyRec[];
  readonly weightKg: number;
  /** Visit-frequency multiplier (some students are frequent visitors). */
  readonly propensity: number;
  readonly language: string;
}

export const hasCondition = (s: StudentRec, key: ConditionKey): boolean =>
  s.conditions.some((c) => c.key === key);

/** Whether the student belongs to the district on a date (enrolled and not yet gone). */
export const enrolledOn = (s: StudentRec, date: string): boolean =>
  date >= s.enrollmentDate && (s.withdrawalDate === null || date < s.withdrawalDate);

/** The student's grade on a date (one lower per earlier school year). */
export function gradeOn(ctx: SeedContext, s: StudentRec, date: string): Grade | null {
  const y = Number(date.slice(0, 4)) - (date.slice(5) >= '08-15' ? 0 : 1);
  const g = gradeNumber(s.grade) - (currentSchoolYearStart(ctx.options.asOf) - y);
  return g < 0 ? null : g === 0 ? 'K' : (String(g) as Grade);
}

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
  const rows: Record<string, unknown>[] = [];
  const guardianRows: Record<string, unknown>[] = [];
  const allergyRows: Record<string, unknown>[] = [];
  const conditionRows: Record<string, unknown>[] = [];
  const xrefRows: Record<string, unknown>[] = [];
  const documentRows: Record<string, unknown>[] = [];
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
      const candidates = thisYearDays.filter((day) => day > enrollmentDate);
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
    const withdrawnAt = withdrawalDate ? localTime(withdrawalDate, 14, 30) : null;
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

    // Guardians: 1 to 3 contacts, in calling order.
    const guardians: GuardianRec[] = [];
    const nGuardians = weighted(f, [
      [1, 22],
      [2, 55],
      [3, 23],
    ]);
    const first = weighted<[string, 'female' | 'male']>(f, [
      [['Mother', 'female'], 62],
      [['Father', 'male'], 28],
      [['Grandmother', 'female'], 5],
      [['Legal Guardian', 'female'], 3],
      [['Foster Parent', 'female'], 2],
    ]);
    const rels: [string, 'female' | 'male'][] = [first];
    if (nGuardians >= 2)
      rels.push(
        first[0] === 'Mother'
          ? ['Father', 'male']
          : first[0] === 'Father'
            ? ['Mother', 'female']
            : ['Grandfather', 'male'],
      );
    if (nGuardians >= 3)
      rels.push(
        weighted<[string, 'female' | 'male']>(f, [
          [['Grandmother', 'female'], 45],
          [['Aunt', 'female'], 25],
          [['Uncle', 'male'], 15],
          [['Family Friend', 'female'], 15],
        ]),
      );
    rels.forEach(([relationship, gsex], k) => {
      const gFirst = f.person.firstName(gsex);
      const gLast = k < 2 && chance(f, 0.8) ? lastName : f.person.lastName();
      const phone = fictionalPhone(district.areaCode, f.number.int({ min: 0, max: 9999 }));
      const email =
        k < 2
          ? `${gFirst}.${gLast}${f.number.int({ min: 1, max: 99 })}@${pick(f, ['example.com', 'example.net', 'example.org'])}`
              .toLowerCase()
              .replace(/[^a-z0-9.@]/g, '')
          : null;
      const gid = newId(f, addMinutes(createdAt, 1 + k));
      guardians.push({ id: gid, firstName: gFirst, lastName: gLast, relationship, phone, email });
      guardianRows.push({
        id: gid,
        student_id: id,
        first_name: gFirst,
        last_name: gLast,
        relationship,
        phone_primary: phone,
        phone_secondary: chance(f, 0.4)
          ? fictionalPhone(district.areaCode, f.number.int({ min: 0, max: 9999 }))
          : null,
        email,
        is_primary_contact: k === 0,
        is_emergency_contact: true,
        can_pick_up: k < 2 || chance(f, 0.7),
        contact_priority: k + 1,
        preferred_language: language,
        receives_notifications: k < 2,
        notes:
          relationship === 'Legal Guardian' || relationship === 'Foster Parent'
            ? 'Custody documentation on file in the main office.'
            : null,
        school_id: d.school.id,
        ...stamps(addMinutes(createdAt, 1 + k)),
      });
    });

    // Allergies, their drug cross-references and the food/insect allergy conditions.
    const nurse = d.school.nurseIds[0] ?? district.healthDirectorId;
    const allergies: AllergyRec[] = [];
    for (const a of d.allergies) {
      const at = addMinutes(createdAt, 5 + allergies.length);
      const aid = newId(f, at);
      allergies.push({ ...a, id: aid });
      const verified = chance(f, 0.75);
      const verifiedAt = verified ? addMinutes(at, 60 * 24 * f.number.int({ min: 1, max: 20 })) : null;
      const onset = addDays(
        d.dob,
        f.number.int({
          min: 300,
          max: Math.max(301, Math.round((Date.parse(enrollmentDate) - Date.parse(d.dob)) / 86_400_000)),
        }),
      );
      allergyRows.push({
        id: aid,
        student_id: id,
        allergen: a.def.allergen,
        allergen_type: a.def.type,
        severity: a.severity,
        reaction: a.reaction,
        onset_date: onset <= ctx.today ? onset : null,
        epinephrine_required: a.epinephrine,
        verified,
        verified_by: verified ? nurse : null,
        verified_at: verifiedAt && verifiedAt < ctx.options.asOf ? verifiedAt : null,
        notes: a.epinephrine
          ? 'Emergency care plan and epinephrine auto-injectors on file; second injector in the classroom go-bag.'
          : null,
        school_id: d.school.id,
        ...stamps(at),
      });
      if (a.def.type === 'DRUG' && a.def.drug) {
        xrefRows.push({
          id: newId(f, addMinutes(at, 1)),
          student_id: id,
          allergy_id: aid,
          drug_id: catalogs.drugs.get(a.def.drug) ?? null,
          drug_class: a.def.drugClass ?? null,
          cross_reactive_drugs: json(a.def.crossReactive ?? []),
          verified_by: verified ? nurse : null,
          verification_date: verified && verifiedAt && verifiedAt < ctx.options.asOf ? verifiedAt : null,
          school_id: d.school.id,
          ...stamps(addMinutes(at, 1)),
        });
      }
    }
    const conditions: ConditionRec[] = [...d.conditions];
    const epi = d.allergies.find((a) => a.epinephrine && (a.def.type === 'FOOD' || a.def.type === 'INSECT'));
    if (epi) {
      const insect = epi.def.type === 'INSECT';
      conditions.push({
        key: insect ? 'INSECT_ALLERGY' : 'FOOD_ALLERGY',
        name: insect
          ? 'Bee allergy status (risk of anaphylaxis)'
          : `Food allergy with risk of anaphylaxis: ${epi.def.allergen.toLowerCase()}`,
        icd10: epi.def.statusCode ?? 'Z91.018',
        severity: 'LIFE_THREATENING',
        actionPlan: `Food Allergy & Anaphylaxis Emergency Care Plan: strict avoidance of ${epi.def.allergen.toLowerCase()}; allergy-aware table at lunch. Mild symptoms (itchy mouth, a few hives): antihistamine, stay with the student, watch closely.`,
        emergencyPlan:
          'Any severe symptom (trouble breathing, throat tightness, repeated vomiting, widespread hives, fainting) or more than one mild symptom: inject epinephrine immediately (thigh), call 911, then call the parent. A second dose may be given after 5 minutes.',
      });
    }
    conditions.forEach((c, k) => {
      const at = addMinutes(createdAt, 10 + k);
      const diagnosed = addDays(
        d.dob,
        f.number.int({
          min: 365,
          max: Math.max(366, Math.round((Date.parse(ctx.today) - Date.parse(d.dob)) / 86_400_000) - 30),
        }),
      );
      conditionRows.push({
        id: newId(f, at),
        student_id: id,
        condition_name: c.name,
        icd10_code: c.icd10,
        status:
          c.key === 'ECZEMA' || c.key === 'ANXIETY' ? pick(f, ['ACTIVE', 'MANAGED'] as const) : 'ACTIVE',
        severity: c.severity,
        diagnosed_date: diagnosed <= ctx.today ? diagnosed : null,
        action_plan: c.actionPlan,
        emergency_plan: c.emergencyPlan,
        notes: null,
        school_id: d.school.id,
        ...stamps(at),
      });
      if (c.key === 'T1D' || c.key === 'SEIZURE' || c.key === 'FOOD_ALLERGY' || c.key === 'INSECT_ALLERGY') {
        const title =
          c.key === 'T1D'
            ? 'Diabetes Medical Management Plan'
            : c.key === 'SEIZURE'
              ? 'Seizure Action Plan'
              : 'Food Allergy & Anaphylaxis Emergency Care Plan';
        const docAt = addMinutes(at, 30);
        const docId = newId(f, docAt);
        documentRows.push({
          id: docId,
          school_id: d.school.id,
          student_id: id,
          title: `${title} - ${lastName}, ${firstName}`,
          document_type: 'ACTION_PLAN',
          mime_type: 'application/pdf',
          file_size_bytes: f.number.int({ min: 80_000, max: 420_000 }),
          storage_path: `documents/${d.school.code}/${id}/${docId}.pdf`,
          sha256: fakeSha256(f),
          uploaded_by: nurse,
          ...stamps(docAt),
        });
      }
    });

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
  await insertMany(ctx.db, 'guardians', guardianRows, ctx.progress);
  await insertMany(ctx.db, 'allergies', allergyRows, ctx.progress);
  await insertMany(ctx.db, 'student_drug_allergies_xref', xrefRows, ctx.progress);
  await insertMany(ctx.db, 'health_conditions', conditionRows, ctx.progress);
  await insertMany(ctx.db, 'documents', documentRows, ctx.progress);
  return students;
}
