import { oneOf, optionalInt, table } from '../helpers';

/** The state's school-entry immunization requirements (vaccination_schedules), as a reference table. */

export interface ScheduleDef {
  readonly vaccine: string;
  readonly dose: number;
  readonly minAgeMonths: number;
  readonly maxAgeMonths: number | null;
  readonly minIntervalDays: number | null;
  readonly grade: 'K' | '7' | '12';
  readonly reference: string;
  /** false = recommended, not a school-entry requirement (reminders only). */
  readonly required: boolean;
}

const CDC = 'CDC Child and Adolescent Immunization Schedule; Ohio Revised Code 3313.671, OAC 3701-53';

// Ohio school-entry requirements (K: DTaP 5, IPV 4, MMR 2, HepB 3, VAR 2; grade 7: Tdap 1, MenACWY 1; grade 12: MenACWY 2), plus the recommended HPV series.
// vaccine | dose | minimum age (months) | maximum age (months) | minimum interval from the previous dose (days) | required from grade | required or recommended | schedule note
const SCHEDULE_TABLE = `
DTaP | 1 | 2 | 83 |  | K | required | DTaP dose 1 at 2 months (minimum 6 weeks)
DTaP | 2 | 4 | 83 | 28 | K | required | DTaP dose 2 at 4 months
DTaP | 3 | 6 | 83 | 28 | K | required | DTaP dose 3 at 6 months
DTaP | 4 | 15 | 83 | 180 | K | required | DTaP dose 4 at 15-18 months (6 months after dose 3)
DTaP | 5 | 48 | 83 | 180 | K | required | DTaP dose 5 at 4-6 years (not needed if dose 4 at or after age 4)
IPV | 1 | 2 |  |  | K | required | IPV dose 1 at 2 months
IPV | 2 | 4 |  | 28 | K | required | IPV dose 2 at 4 months
IPV | 3 | 6 |  | 28 | K | required | IPV dose 3 at 6-18 months
IPV | 4 | 48 |  | 180 | K | required | IPV final dose at or after age 4, 6 months after the previous dose
MMR | 1 | 12 |  |  | K | required | MMR dose 1 at 12-15 months
MMR | 2 | 48 |  | 28 | K | required | MMR dose 2 at 4-6 years (minimum 28 days after dose 1)
HepB | 1 | 0 |  |  | K | required | HepB dose 1 at birth
HepB | 2 | 1 |  | 28 | K | required | HepB dose 2 at 1-2 months
HepB | 3 | 6 |  | 56 | K | required | HepB dose 3 at 6-18 months (minimum age 24 weeks)
VAR | 1 | 12 |  |  | K | required | varicella dose 1 at 12-15 months
VAR | 2 | 48 |  | 90 | K | required | varicella dose 2 at 4-6 years (minimum 3 months after dose 1 under age 13)
Tdap | 1 | 132 |  |  | 7 | required | Tdap at 11-12 years, required for 7th grade entry
MenACWY | 1 | 132 |  |  | 7 | required | MenACWY dose 1 at 11-12 years, required for 7th grade entry
MenACWY | 2 | 192 |  | 56 | 12 | required | MenACWY booster at 16 years, required for 12th grade entry
HPV | 1 | 108 |  |  | 7 | recommended | HPV dose 1 at 11-12 years (may start at 9); recommended, not required in Ohio
HPV | 2 | 114 |  | 150 | 7 | recommended | HPV dose 2 6-12 months after dose 1 when started before age 15; recommended
`;

export const SCHEDULES: readonly ScheduleDef[] = table(SCHEDULE_TABLE, 8).map((c) => ({
  vaccine: c(0),
  dose: Number(c(1)),
  minAgeMonths: Number(c(2)),
  maxAgeMonths: optionalInt(c(3)),
  minIntervalDays: optionalInt(c(4)),
  grade: oneOf(c(5), ['K', '7', '12'] as const),
  required: oneOf(c(6), ['required', 'recommended'] as const) === 'required',
  reference: `${CDC}: ${c(7)}`,
}));
