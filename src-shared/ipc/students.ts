import { z } from 'zod';
import {
  AllergenType,
  AllergySeverity,
  ConditionStatus,
  GradeLevel,
  MedicationOrderStatus,
  Sex,
  VaccinationRoute,
  VaccinationSite,
  VaccinationSource,
} from '../enums';
import { Triage } from './clinic-visits';
import { id, instant, isoDate, method, slice } from './slice';
import { AlertSummary } from './today';
import { RosterArgs, RosterResult } from './students-roster';

export * from './students-roster';

/** The students slice: search and the student's chart (src-main/workstation/students/ipc.ts). */

export const StudentSearchArgs = z.object({
  query: z.string().trim().min(1, 'type a name, student number or birth date').max(100),
  limit: z.number().int().min(1).max(100).optional(),
});
export const StudentHit = z.object({
  id,
  name: z.string(),
  preferredName: z.string().optional(),
  studentNumber: z.string(),
  birthDate: isoDate,
  grade: z.enum(GradeLevel),
  /** 0..1, higher is better */
  score: z.number().min(0).max(1),
  /** has at least one recorded drug allergy (shown as a flag in results) */
  hasDrugAllergy: z.boolean(),
});
export type StudentHit = z.infer<typeof StudentHit>;

export const ChartStudent = z.object({
  id,
  name: z.string(),
  firstName: z.string(),
  middleName: z.string().optional(),
  lastName: z.string(),
  preferredName: z.string().optional(),
  studentNumber: z.string(),
  birthDate: isoDate,
  grade: z.enum(GradeLevel),
  sex: z.enum(Sex),
  homeroom: z.string().optional(),
  schoolId: id,
  schoolName: z.string().optional(),
});
export const ChartAllergy = z.object({
  id,
  allergen: z.string(),
  allergenType: z.enum(AllergenType),
  severity: z.enum(AllergySeverity),
  reaction: z.string().optional(),
  epinephrineRequired: z.boolean(),
  verified: z.boolean(),
  notes: z.string().optional(),
  isDrugAllergy: z.boolean(),
  /** drug classes this allergy covers (from the drug-allergy cross reference) */
  drugClasses: z.array(z.string()),
});
export const ChartCondition = z.object({
  id,
  name: z.string(),
  icd10Code: z.string().optional(),
  status: z.enum(ConditionStatus),
  severity: z.enum(AllergySeverity).optional(),
  actionPlan: z.string().optional(),
  emergencyPlan: z.string().optional(),
});
export const ChartMedicationOrder = z.object({
  id,
  medicationId: id,
  medication: z.string(),
  drugClass: z.string().optional(),
  dose: z.string(),
  route: z.string(),
  frequency: z.string().optional(),
  /** local times of day, 'HH:MM' */
  scheduleTimes: z.array(z.string()),
  isPrn: z.boolean(),
  prnInstructions: z.string().optional(),
  startDate: isoDate,
  endDate: isoDate.optional(),
  status: z.enum(MedicationOrderStatus),
  prescriber: z.string().optional(),
});
export const ImmunizationDose = z.object({
  id,
  vaccine: z.string(),
  cvx: z.string(),
  mvx: z.string().optional(),
  vaccineName: z.string().optional(),
  doseNumber: z.number().int().optional(),
  administeredOn: isoDate,
  lot: z.string().optional(),
  site: z.enum(VaccinationSite).optional(),
  route: z.enum(VaccinationRoute).optional(),
  source: z.enum(VaccinationSource),
  /** where the state registry stands with the dose (the district's submission job sets it; synced down) */
  registryStatus: z.enum(['NOT_SUBMITTED', 'QUEUED', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'NOT_REQUIRED']),
  /** another dose of the same series was recorded on the same day */
  sameDayDuplicate: z.boolean(),
});
export const ImmunizationStatusRow = z.object({
  vaccine: z.string(),
  status: z.enum(['COMPLETE', 'DUE', 'OVERDUE', 'EXEMPT']),
  dosesGiven: z.number().int().min(0),
  dosesRequired: z.number().int().min(0),
  extraDoses: z.number().int().min(1).optional(),
  sameDayDuplicates: z.array(isoDate).optional(),
  nextDueOn: isoDate.optional(),
  overdueSince: isoDate.optional(),
  graceEndsOn: isoDate.optional(),
});
export const ChartVisit = z.object({
  visitId: id,
  arrivedAt: instant,
  departedAt: instant.optional(),
  reason: z.string(),
  triage: Triage.optional(),
  complaint: z.string(),
  treatment: z.string().optional(),
  sentHome: z.boolean(),
  attendedBy: z.string().optional(),
});
export const ChartSymptoms = z.object({
  id,
  visitId: id.optional(),
  reportedAt: instant,
  onsetDate: isoDate,
  symptoms: z.array(z.object({ code: z.string(), label: z.string() })),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']).optional(),
  diagnosis: z.string().optional(),
});
export const ChartGuardian = z.object({
  id,
  name: z.string(),
  relationship: z.string(),
  phone: z.string(),
  isPrimaryContact: z.boolean(),
  isEmergencyContact: z.boolean(),
});
export const ChartResult = z.object({
  student: ChartStudent,
  guardians: z.array(ChartGuardian),
  allergies: z.array(ChartAllergy),
  conditions: z.array(ChartCondition),
  medicationOrders: z.array(ChartMedicationOrder),
  immunizations: z.object({ doses: z.array(ImmunizationDose), status: z.array(ImmunizationStatusRow) }),
  /** the newest visits (CHART_VISITS of them); students.visits pages the rest */
  visits: z.array(ChartVisit),
  visitsTotal: z.number().int().min(0),
  symptoms: z.array(ChartSymptoms),
  alerts: z.array(AlertSummary),
});
export type ChartResult = z.infer<typeof ChartResult>;

export const CHART_VISITS = 25;

export const StudentVisitsArgs = z.object({
  studentId: id,
  offset: z.number().int().min(0).max(100_000),
  limit: z.number().int().min(1).max(100),
});
export const StudentVisitsResult = z.object({
  visits: z.array(ChartVisit),
  total: z.number().int().min(0),
});

export const studentsSlice = slice('students', {
  'students.search': method({
    args: StudentSearchArgs,
    result: z.array(StudentHit),
    access: 'emergencyRead',
  }),
  'students.chart': method({
    args: z.object({ studentId: id }),
    result: ChartResult,
    access: 'emergencyRead',
  }),
  'students.visits': method({
    args: StudentVisitsArgs,
    result: StudentVisitsResult,
    access: 'emergencyRead',
  }),
  'students.roster': method({
    args: RosterArgs,
    result: RosterResult,
    access: 'emergencyRead',
  }),
});
