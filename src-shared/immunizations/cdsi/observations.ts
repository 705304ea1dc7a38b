import type {
  AntigenContraindication,
  AntigenSupportingData,
  VaccineRef,
  Ymd,
} from '../supporting-data/model';
import { ageDate, FAR_FUTURE } from './dates';

/**
 * What the patient's observations (CDC's coded observations: ScheduleSupportingData's observation codes, "020"
 * laboratory evidence of immunity for measles, "007" pregnant...) change for one antigen (pure), read from the
 * antigen's supporting data (its immunity and contraindications), as the logic specification's forecast steps
 * "Determine Evidence of Immunity" and "Determine Contraindications" do:
 *
 * - Evidence of immunity: an observation listed in the antigen's clinical history (a titer, a verified history of
 *   varicella) is immunity; otherwise a birth date before the antigen's immunity birth date is, unless the patient
 *   has one of its exclusions (health care personnel, pregnant, immunocompromised) or was born in another country
 *   than the one it names (when the patient's country of birth is known; the records here do not hold it, and a
 *   school's students are born decades after those dates).
 * - Antigen contraindication: an observation listed at the antigen's vaccine group level, on a date within its
 *   begin and end ages (no begin: from birth; no end: for life): no dose of the antigen is recommended (the series
 *   status is Contraindicated, its text says why).
 * - Vaccine contraindication: an observation that rules out some vaccines (LAIV for an immunocompromised patient):
 *   those vaccines, within their begin and end ages, are left out of the vaccines the forecast recommends.
 */

export interface ImmunityEvidence {
  readonly kind: 'clinical history' | 'birth date';
  /** CDC's title of the observation, or the birth date rule */
  readonly text: string;
}

const NO_OBSERVATIONS: ReadonlySet<string> = new Set();

/** The patient's evidence of immunity to the antigen, or null (see above). */
export function evidenceOfImmunity(
  antigen: AntigenSupportingData | undefined,
  birthDate: Ymd,
  observations: ReadonlySet<string> = NO_OBSERVATIONS,
  birthCountry?: string | null,
): ImmunityEvidence | null {
  if (antigen === undefined) return null;
  const history = antigen.immunity.clinicalHistory.find((h) => observations.has(h.guidelineCode));
  if (history) return { kind: 'clinical history', text: history.guidelineTitle };
  for (const b of antigen.immunity.dateOfBirth) {
    if (!(birthDate < b.immunityBirthDate)) continue;
    if (b.exclusions.some((x) => observations.has(x.exclusionCode))) continue;
    if (b.birthCountry && birthCountry && birthCountry !== b.birthCountry) continue;
    return {
      kind: 'birth date',
      text: `born before ${b.immunityBirthDate}${b.birthCountry ? ` in the ${b.birthCountry}` : ''}`,
    };
  }
  return null;
}

/** Whether `date` falls within [birth + begin age, birth + end age). */
function withinAgeRange(
  birthDate: Ymd,
  date: Ymd,
  range: {
    readonly beginAge: AntigenContraindication['beginAge'];
    readonly endAge: AntigenContraindication['endAge'];
  },
): boolean {
  return (
    ageDate(birthDate, range.beginAge, birthDate) <= date &&
    date < ageDate(birthDate, range.endAge, FAR_FUTURE)
  );
}

/** The antigen contraindication the patient has on `date`, or null (see above). */
export function antigenContraindication(
  antigen: AntigenSupportingData | undefined,
  birthDate: Ymd,
  date: Ymd,
  observations: ReadonlySet<string> = NO_OBSERVATIONS,
): AntigenContraindication | null {
  if (antigen === undefined || observations.size === 0) return null;
  return (
    antigen.contraindications.vaccineGroup.find(
      (c) => observations.has(c.observationCode) && withinAgeRange(birthDate, date, c),
    ) ?? null
  );
}

/** The CVX codes of the vaccines contraindicated for the patient on `date` by an observation (see above). */
export function contraindicatedVaccines(
  antigen: AntigenSupportingData | undefined,
  birthDate: Ymd,
  date: Ymd,
  observations: ReadonlySet<string> = NO_OBSERVATIONS,
): ReadonlySet<string> {
  const out = new Set<string>();
  if (antigen === undefined || observations.size === 0) return out;
  for (const c of antigen.contraindications.vaccine)
    if (observations.has(c.observationCode))
      for (const v of c.contraindicatedVaccines) if (withinAgeRange(birthDate, date, v)) out.add(v.cvx);
  return out;
}

/** The vaccine types without those contraindicated. */
export function withoutContraindicated(
  types: readonly VaccineRef[],
  contraindicated: ReadonlySet<string>,
): readonly VaccineRef[] {
  return contraindicated.size === 0 ? types : Object.freeze(types.filter((t) => !contraindicated.has(t.cvx)));
}
