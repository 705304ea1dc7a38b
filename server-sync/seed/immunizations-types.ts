/** Shapes shared by the immunization sections (vaccinations and reminders). */

export type ImmunizationPlan = 'COMPLIANT' | 'OVERDUE' | 'EXEMPT_NONMEDICAL' | 'EXEMPT_MEDICAL';

/** A required dose a student lacks, with the schedule row that requires it. */
export interface MissingDose {
  readonly vaccine: string;
  readonly dose: number;
  readonly scheduleId: string;
}
