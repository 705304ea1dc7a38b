import type { Insertable } from 'kysely';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import {
  ALLERGENS,
  COMPLAINTS,
  CONDITIONS,
  DAY_MS,
  FIRST_NAMES,
  GRADES,
  LAST_NAMES,
  NOTES,
  SUBJECTS,
  SYMPTOMS,
  TREATMENTS,
  VACCINES,
  isoDate,
} from './random';
import type { Rng } from './random';

/**
 * The rows of one synthetic student over the years of a school plan (see school.ts), collected per table, in
 * the server's types, for multi-row INSERTs.
 */

export type GenTable =
  | 'students'
  | 'guardians'
  | 'allergies'
  | 'health_conditions'
  | 'student_medications'
  | 'vaccinations'
  | 'immunization_exemptions'
  | 'clinic_visits'
  | 'class_time_missed'
  | 'symptom_tracking'
  | 'medication_administrations';

/** Parents before children: each flush writes them in this order. */
export const ORDER: readonly GenTable[] = [
  'students',
  'guardians',
  'allergies',
  'health_conditions',
  'student_medications',
  'vaccinations',
  'immunization_exemptions',
  'clinic_visits',
  'class_time_missed',
  'symptom_tracking',
  'medication_administrations',
];

export type Buffers = { [T in GenTable]: Insertable<ServerDatabase[T]>[] };
export const emptyBuffers = (): Buffers => ({
  students: [],
  guardians: [],
  allergies: [],
  health_conditions: [],
  student_medications: [],
  vaccinations: [],
  immunization_exemptions: [],
  clinic_visits: [],
  class_time_missed: [],
  symptom_tracking: [],
  medication_administrations: [],
});

export interface StudentContext {
  readonly rng: Rng;
  readonly asOfMs: number;
  readonly districtId: string;
  readonly schoolId: string;
  readonly schoolCode: string;
  readonly nurseId: string;
  readonly medicationIds: readonly string[];
  readonly reasonIds: readonly string[];
}

const phone = (rng: Rng) => `555-${rng.int(100, 999)}-${rng.int(1000, 9999)}`;

export function addStudent(ctx: StudentContext, b: Buffers, n: number, years: number): void {
  const { rng, schoolId } = ctx;
  const days = years * 365;
  const created = ctx.asOfMs - days * DAY_MS - rng.int(0, 30) * DAY_MS;
  const grade = rng.pick(GRADES);
  const age = (grade === 'K' ? 5 : Number(grade) + 5) + rng.int(0, 1);
  const student = rng.id(created);
  const last = rng.pick(LAST_NAMES);
  b.students.push({
    id: student,
    district_id: ctx.districtId,
    school_id: schoolId,
    student_number: `${ctx.schoolCode}-${String(n).padStart(6, '0')}`,
    sis_id: `SIS-${ctx.schoolCode}-${n}`,
    first_name: rng.pick(FIRST_NAMES),
    last_name: last,
    date_of_birth: isoDate(ctx.asOfMs - age * 365 * DAY_MS - rng.int(0, 364) * DAY_MS),
    sex: rng.pick(['F', 'M'] as const),
    grade_level: grade,
    homeroom: `Room ${rng.int(101, 130)}`,
    enrollment_date: isoDate(created),
    primary_language: rng.chance(0.8) ? 'English' : 'Spanish',
    address_line1: `${rng.int(10, 9999)} ${rng.pick(LAST_NAMES)} Street`,
    city: 'Springfield',
    state: 'NJ',
    postal_code: `07${rng.int(100, 999)}`,
    created_at: new Date(created),
    updated_at: new Date(created),
  });
  for (let g = 1; g <= 2; g++) {
    b.guardians.push({
      id: rng.id(created),
      student_id: student,
      school_id: schoolId,
      first_name: rng.pick(FIRST_NAMES),
      last_name: last,
      relationship: g === 1 ? 'Mother' : 'Father',
      phone_primary: phone(rng),
      email: `guardian${n}.${g}@example.org`,
      is_primary_contact: g === 1,
      can_pick_up: true,
      contact_priority: g,
      created_at: new Date(created),
      updated_at: new Date(created),
    });
  }
  if (rng.chance(0.3)) {
    const [allergen, type] = rng.pick(ALLERGENS);
    b.allergies.push({
      id: rng.id(created),
      student_id: student,
      school_id: schoolId,
      allergen,
      allergen_type: type,
      severity: rng.pick(['MILD', 'MODERATE', 'SEVERE'] as const),
      reaction: 'Hives and swelling',
      epinephrine_required: type === 'FOOD' || type === 'INSECT',
      created_at: new Date(created),
      updated_at: new Date(created),
    });
  }
  if (rng.chance(0.4)) {
    const [condition, icd] = rng.pick(CONDITIONS);
    b.health_conditions.push({
      id: rng.id(created),
      student_id: student,
      school_id: schoolId,
      condition_name: condition,
      icd10_code: icd,
      status: 'ACTIVE',
      severity: 'MODERATE',
      action_plan: 'Follow the individual health plan on file; call the parent if symptoms persist.',
      created_at: new Date(created),
      updated_at: new Date(created),
    });
  }
  const vaccinations = rng.count(10);
  for (let v = 0; v < vaccinations; v++) {
    const [type, cvx, name] = rng.pick(VACCINES);
    const at = created - rng.int(30, 2000) * DAY_MS;
    b.vaccinations.push({
      id: rng.id(created),
      student_id: student,
      school_id: schoolId,
      vaccine_type: type,
      cvx_code: cvx,
      vaccine_name: name,
      dose_number: rng.int(1, 4),
      administration_date: isoDate(at),
      lot_number: `LOT${rng.int(10000, 99999)}`,
      site: rng.pick(['LD', 'RD', 'LT', 'RT'] as const),
      route: 'IM',
      dose_volume_ml: '0.50',
      source: 'HISTORICAL',
      provider_name: 'Springfield Pediatrics',
      registry_status: 'NOT_REQUIRED',
      created_at: new Date(created),
      updated_at: new Date(created),
    });
  }
  if (rng.chance(0.02)) {
    b.immunization_exemptions.push({
      id: rng.id(created),
      student_id: student,
      school_id: schoolId,
      vaccine_type: 'Flu',
      exemption_type: 'MEDICAL',
      start_date: isoDate(created),
      notes: 'Physician statement on file',
      created_at: new Date(created),
      updated_at: new Date(created),
    });
  }
  addVisits(ctx, b, student, grade, days);
  if (rng.chance(0.1)) addMedication(ctx, b, student, created, years);
}

function addVisits(ctx: StudentContext, b: Buffers, student: string, grade: string, days: number): void {
  const { rng, schoolId } = ctx;
  const visits = rng.count((days / 365) * 6);
  for (let v = 0; v < visits; v++) {
    const at = rng.schoolMoment(ctx.asOfMs, days);
    const minutes = rng.int(5, 45);
    const sentHome = rng.chance(0.08);
    const vitals = rng.chance(0.6);
    const visit = rng.id(at);
    b.clinic_visits.push({
      id: visit,
      student_id: student,
      school_id: schoolId,
      arrival_time: new Date(at),
      departure_time: new Date(at + minutes * 60_000),
      visit_reason_id: rng.pick(ctx.reasonIds),
      severity_triage: rng.chance(0.9) ? 'ROUTINE' : 'URGENT',
      presenting_complaint: rng.pick(COMPLAINTS),
      vital_signs_taken: vitals,
      temperature_f: vitals ? (97 + rng.int(0, 40) / 10).toFixed(1) : null,
      heart_rate: vitals ? rng.int(65, 115) : null,
      treatment_provided: rng.pick(TREATMENTS),
      sent_home: sentHome,
      parent_notified: sentHome,
      parent_notification_time: sentHome ? new Date(at + 5 * 60_000) : null,
      return_to_class_time: sentHome ? null : new Date(at + minutes * 60_000),
      nurse_notes: rng.pick(NOTES),
      attended_by_user_id: ctx.nurseId,
      created_at: new Date(at),
      updated_at: new Date(at + minutes * 60_000),
    });
    if (rng.chance(0.5)) {
      b.class_time_missed.push({
        id: rng.id(at),
        clinic_visit_id: visit,
        student_id: student,
        school_id: schoolId,
        class_period: `Period ${rng.int(1, 7)}`,
        subject: rng.pick(SUBJECTS),
        minutes_missed: minutes,
        created_at: new Date(at),
        updated_at: new Date(at),
      });
    }
    if (rng.chance(0.2)) {
      const symptoms = [rng.pick(SYMPTOMS), rng.pick(SYMPTOMS)];
      b.symptom_tracking.push({
        id: rng.id(at),
        student_id: student,
        school_id: schoolId,
        reported_date: new Date(at),
        symptom_onset_date: isoDate(at - DAY_MS),
        symptoms: JSON.stringify([...new Set(symptoms)]),
        severity_assessment: 'MILD',
        location_at_onset: 'Classroom',
        student_grade_level: grade as Insertable<ServerDatabase['symptom_tracking']>['student_grade_level'],
        sent_home: false,
        reported_by: ctx.nurseId,
        created_at: new Date(at),
        updated_at: new Date(at),
      });
    }
  }
}

function addMedication(
  ctx: StudentContext,
  b: Buffers,
  student: string,
  created: number,
  years: number,
): void {
  const { rng, schoolId } = ctx;
  const order = rng.id(created);
  const medication = rng.pick(ctx.medicationIds);
  b.student_medications.push({
    id: order,
    student_id: student,
    medication_id: medication,
    school_id: schoolId,
    dose: '1 tablet',
    route: 'ORAL',
    frequency: 'Daily at noon',
    schedule_times: JSON.stringify(['12:00']),
    start_date: isoDate(created),
    prescriber_name: 'Dr. Rivera',
    parent_consent_on_file: true,
    created_at: new Date(created),
    updated_at: new Date(created),
  });
  const doses = years * 30;
  for (let d = 0; d < doses; d++) {
    const at = rng.schoolMoment(ctx.asOfMs, years * 365);
    const given = rng.chance(0.95);
    b.medication_administrations.push({
      id: rng.id(at),
      student_id: student,
      student_medication_id: order,
      medication_id: medication,
      school_id: schoolId,
      scheduled_for: new Date(at),
      administered_at: given ? new Date(at + 120_000) : null,
      administration_status: given ? 'GIVEN' : 'MISSED',
      dose_given: given ? '1 tablet' : null,
      route: 'ORAL',
      administered_by: given ? ctx.nurseId : null,
      reason_not_given: given ? null : 'Student absent from the nurse office',
      created_at: new Date(at),
      updated_at: new Date(at),
    });
  }
}

/** Largest rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement. */
