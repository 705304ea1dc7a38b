import {
  currentSchoolYearStart,
  GRADES,
  gradeNumber,
  hashUnit,
  type Grade,
  type SeedContext,
} from '../helpers';
import type { SchoolRec } from '../district';
import type { ConditionKey, ConditionRec } from './health';
import type { AllergyRec, GuardianRec } from './records';

/** A student of the demo district, and what the later sections ask about a student. */

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
  return g < 0 ? null : (GRADES[g] ?? null);
}

/** Whether the student was absent that day (about 3% of days on average; the same answer in every section). */
export function isAbsent(seed: number, s: StudentRec, date: string): boolean {
  const rate = 0.01 + 0.04 * hashUnit(seed, 'absence-rate', s.id);
  return hashUnit(seed, 'absent', s.id, date) < rate;
}

/** The nurse who sees the student (a school with two nurses splits its roster). */
export const nurseOf = (s: StudentRec): string =>
  s.school.nurseIds[s.index % Math.max(1, s.school.nurseIds.length)] ?? s.school.adminId;
