import { z } from 'zod';
import type {
  AllergiesRow,
  HealthConditionsRow,
  StudentsRow,
  VaccinationsRow,
} from '../../src-shared/db/server-schema.generated';
import {
  AllergenType,
  AllergySeverity,
  ConditionStatus,
  EnrollmentStatus,
  GradeLevel,
} from '../../src-shared/enums';

/** What the students routes answer (camelCase, dates as 'YYYY-MM-DD'). */
export const studentSummary = z.object({
  id: z.string(),
  schoolId: z.string(),
  studentNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  gradeLevel: z.enum(GradeLevel),
  enrollmentStatus: z.enum(EnrollmentStatus),
});

export const allergyItem = z.object({
  id: z.string(),
  allergen: z.string(),
  allergenType: z.enum(AllergenType),
  severity: z.enum(AllergySeverity),
  reaction: z.string().nullable(),
  epinephrineRequired: z.boolean(),
  verified: z.boolean(),
});

export const conditionItem = z.object({
  id: z.string(),
  conditionName: z.string(),
  icd10Code: z.string().nullable(),
  status: z.enum(ConditionStatus),
  severity: z.enum(AllergySeverity).nullable(),
  actionPlan: z.string().nullable(),
  emergencyPlan: z.string().nullable(),
});

export const vaccinationItem = z.object({
  id: z.string(),
  vaccineType: z.string(),
  cvxCode: z.string(),
  vaccineName: z.string().nullable(),
  doseNumber: z.number().int().nullable(),
  administrationDate: z.string(),
  source: z.string(),
});

export const studentDetail = studentSummary.extend({
  allergies: z.array(allergyItem),
  healthConditions: z.array(conditionItem),
  vaccinations: z.array(vaccinationItem),
});

export const summaryOf = (s: StudentsRow): z.infer<typeof studentSummary> => ({
  id: s.id,
  schoolId: s.school_id,
  studentNumber: s.student_number,
  firstName: s.first_name,
  lastName: s.last_name,
  preferredName: s.preferred_name,
  dateOfBirth: s.date_of_birth,
  gradeLevel: s.grade_level,
  enrollmentStatus: s.enrollment_status,
});

export const allergyView = (a: AllergiesRow): z.infer<typeof allergyItem> => ({
  id: a.id,
  allergen: a.allergen,
  allergenType: a.allergen_type,
  severity: a.severity,
  reaction: a.reaction,
  epinephrineRequired: a.epinephrine_required,
  verified: a.verified,
});

export const conditionView = (c: HealthConditionsRow): z.infer<typeof conditionItem> => ({
  id: c.id,
  conditionName: c.condition_name,
  icd10Code: c.icd10_code,
  status: c.status,
  severity: c.severity,
  actionPlan: c.action_plan,
  emergencyPlan: c.emergency_plan,
});

export const vaccinationView = (v: VaccinationsRow): z.infer<typeof vaccinationItem> => ({
  id: v.id,
  vaccineType: v.vaccine_type,
  cvxCode: v.cvx_code,
  vaccineName: v.vaccine_name,
  doseNumber: v.dose_number,
  administrationDate: v.administration_date,
  source: v.source,
});
