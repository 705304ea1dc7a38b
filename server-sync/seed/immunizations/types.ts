import type { StudentRec } from '../students';

/** Shapes of the immunization seed, shared by its modules and by the sections that use its result. */

export type ImmunizationPlan = 'COMPLIANT' | 'OVERDUE' | 'EXEMPT_NONMEDICAL' | 'EXEMPT_MEDICAL';

/** A required dose a student lacks, with the schedule row that requires it. */
export interface MissingDose {
  readonly vaccine: string;
  readonly dose: number;
  readonly scheduleId: string;
}

/** A dose given at school (flu clinic, catch-up), for the clinic-visit section. */
export interface SchoolDose {
  readonly student: StudentRec;
  readonly at: Date;
  readonly vaccine: string;
  readonly productName: string;
  readonly nurseId: string;
  readonly vaccinationIds: readonly string[];
}

export interface ImmunizationResult {
  readonly plans: ReadonlyMap<string, ImmunizationPlan>;
  /** Students missing required doses on asOf (not exempt). */
  readonly overdue: readonly { readonly student: StudentRec; readonly missing: readonly MissingDose[] }[];
  readonly schoolDoses: readonly SchoolDose[];
}
