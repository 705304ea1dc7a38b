import { z } from 'zod';
import { GradeLevel } from '../enums';
import { id, isoDate, text } from './slice';

/** students.roster: the school's students, filtered, sorted and paged (handled in src-main/workstation/students). */

export const ROSTER_SORTS = ['name', 'grade', 'homeroom'] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];
export const ROSTER_PAGE = 25;

/** Each flag: true = only students who have it, false = only students who do not, absent = either. */
export const RosterFilters = z
  .object({
    grade: z.enum(GradeLevel).optional(),
    homeroom: text(40).min(1, 'required').optional(),
    hasAllergy: z.boolean().optional(),
    hasCondition: z.boolean().optional(),
    hasActiveOrder: z.boolean().optional(),
    immunizationOverdue: z.boolean().optional(),
  })
  .strict();
export type RosterFilters = z.infer<typeof RosterFilters>;

export const RosterArgs = z
  .object({
    filters: RosterFilters.default({}),
    sort: z.enum(ROSTER_SORTS).default('name'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0, 'at least 0').max(100_000, 'at most 100000').default(0),
    limit: z.number().int().min(1, 'at least 1').max(100, 'at most 100').default(ROSTER_PAGE),
  })
  .strict();
export type RosterArgs = z.infer<typeof RosterArgs>;

export const RosterRow = z.object({
  id,
  name: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().optional(),
  studentNumber: z.string(),
  birthDate: isoDate,
  grade: z.enum(GradeLevel),
  homeroom: z.string().optional(),
  /** allergies on record (any kind) */
  allergies: z.number().int().min(0),
  hasDrugAllergy: z.boolean(),
  /** health conditions not resolved */
  conditions: z.number().int().min(0),
  activeOrders: z.number().int().min(0),
  immunizationOverdue: z.boolean(),
});
export type RosterRow = z.infer<typeof RosterRow>;

export const RosterResult = z.object({
  rows: z.array(RosterRow),
  /** students matching the filters */
  total: z.number().int().min(0),
  /** the school's enrolled students */
  schoolTotal: z.number().int().min(0),
  offset: z.number().int().min(0),
  /** the school's homerooms and grades, for the filter choices */
  homerooms: z.array(z.string()),
  grades: z.array(z.enum(GradeLevel)),
});
export type RosterResult = z.infer<typeof RosterResult>;
