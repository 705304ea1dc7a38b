import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDays,
  addMonths,
  schoolEntryCompliance,
  StateRequirements,
  type StudentExemption,
  type VaccineCompliance,
} from '../../../../src-shared/immunizations';

/** The shipped requirements of a state, parsed with the schema the loader uses. */
export function shipped(state: string): StateRequirements {
  const file = join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    '..',
    'reference-data',
    'school-entry',
    `${state}.json`,
  );
  return StateRequirements.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** A date `months` months (and `days` days) after the birth date. */
export const at = (dob: string, months: number, days = 0): string => addDays(addMonths(dob, months), days);

/** The routine series of a child born on `dob`, as CDC's schedule gives them, per series (valid doses). */
export function routineDoses(dob: string): Record<string, string[]> {
  return {
    DTaP: [at(dob, 2), at(dob, 4), at(dob, 6), at(dob, 15), at(dob, 50)],
    IPV: [at(dob, 2), at(dob, 4), at(dob, 6), at(dob, 50)],
    HepB: [dob, at(dob, 1), at(dob, 6)],
    MMR: [at(dob, 12), at(dob, 50)],
    VAR: [at(dob, 12), at(dob, 50)],
    HepA: [at(dob, 12), at(dob, 18)],
  };
}

export interface Case {
  readonly state: string;
  readonly dob: string;
  readonly grade: string;
  readonly entry: string;
  readonly today: string;
  readonly doses: Readonly<Record<string, readonly string[]>>;
  readonly exemptions?: readonly StudentExemption[];
  readonly requirements?: StateRequirements;
}

/** The compliance of a student, by vaccine. */
export function check(c: Case): Record<string, VaccineCompliance> {
  const out = schoolEntryCompliance({
    student: { dateOfBirth: c.dob, gradeLevel: c.grade, state: c.state, schoolEntryDate: c.entry },
    requirements: c.requirements ?? shipped(c.state),
    validDoses: c.doses,
    exemptions: c.exemptions ?? [],
    today: c.today,
  });
  return Object.fromEntries(out.map((v) => [v.vaccine, v]));
}

export const exemption = (
  e: Partial<StudentExemption> & Pick<StudentExemption, 'type'>,
): StudentExemption => ({
  vaccine: null,
  startDate: '2026-08-01',
  endDate: null,
  documentRef: 'doc-1',
  ...e,
});

/** A copy of a series list without its last `n` doses. */
export const without = (
  doses: Record<string, string[]>,
  series: string,
  keep: number,
): Record<string, string[]> => ({ ...doses, [series]: (doses[series] ?? []).slice(0, keep) });
