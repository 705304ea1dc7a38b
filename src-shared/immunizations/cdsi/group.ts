import type { AntigenSupportingData, Gender, SupportingData, Ymd } from '../supporting-data/model';
import { ageDates, ageInEffect } from './dates';
import type { DoseStatus } from './evaluate';
import { organizeHistory, type AdministeredDose, type OrganizedHistory } from './organize';
import { dueTargetDoses, selectSeries, type AntigenSelection, type PatientSeries } from './select';

/**
 * The CDSi vaccine group's result from the best series of each of its antigens (pure).
 *
 * Antigen series status (what can be derived without the forecast and observations):
 * - Immune: born before the antigen's immunity birth date (measles, mumps, rubella, varicella born before 1957 or
 *   1980 in 4.64; the birth country and exclusions are not in the input and not checked);
 * - Complete: every target dose left (not satisfied, or recurring: influenza and COVID-19 doses come back each
 *   season) is skipped in the Forecast context on the assessment date (a healthy 5-year-old needs no more Hib or
 *   pneumococcal doses; a COVID-19 dose of this season skips the recurring dose);
 * - Aged Out: the next target dose's maximum age date is on or before the assessment date;
 * - Not Complete otherwise; Not Recommended when no series of the antigen is relevant for the patient.
 * Contraindicated needs observations (not read yet).
 *
 * Vaccine group: a dose's status for the group is Not Valid when it is not valid for one antigen of the group that
 * it counts for. Otherwise, with "administer full vaccine group" (MMR) it is Extraneous when extraneous for one
 * antigen, else Valid: the dose counts for the group only when valid for every antigen; without it
 * (DTaP/Tdap/Td) it is Valid when valid for one antigen (a decennial Tdap counts for tetanus and diphtheria though
 * the pertussis series is complete), else Extraneous. The group's series status: Immune when every antigen is immune;
 * Not Complete when one antigen is not complete; else Aged Out when one antigen aged out; else Complete (complete or
 * immune antigens). With "administer full vaccine group" (MMR) the rule is the same: the group is complete only when
 * every antigen is; DTaP/Tdap/Td ("No") differs only in the forecast (which antigen's dose is due: group-forecast.ts).
 */

export type SeriesStatus = 'Complete' | 'Not Complete' | 'Immune' | 'Aged Out' | 'Not Recommended';

export interface AntigenResult {
  readonly antigen: string;
  readonly selection: AntigenSelection;
  readonly status: SeriesStatus;
}

export interface GroupDose {
  readonly doseIndex: number;
  readonly date: Ymd;
  readonly cvx: string;
  readonly status: DoseStatus;
  /** the reasons of the antigens that gave the dose its status, each once */
  readonly reasons: readonly string[];
  /** the dose's status by antigen */
  readonly byAntigen: Readonly<Record<string, DoseStatus>>;
}

export interface VaccineGroupResult {
  readonly vaccineGroup: string;
  readonly administerFullVaccineGroup: boolean;
  readonly antigens: readonly AntigenResult[];
  /** the doses of the history that count for an antigen of the group, in date order */
  readonly doses: readonly GroupDose[];
  readonly seriesStatus: SeriesStatus;
}

export interface GroupInput {
  readonly birthDate: Ymd;
  readonly gender?: Gender | null;
  readonly assessmentDate: Ymd;
  readonly doses: readonly AdministeredDose[];
  readonly observations?: ReadonlySet<string>;
}

function immune(antigen: AntigenSupportingData | undefined, birthDate: Ymd): boolean {
  return antigen?.immunity.dateOfBirth.some((i) => birthDate < i.immunityBirthDate) ?? false;
}

/** The antigen's series status from its best series (see above). */
export function antigenStatus(
  best: PatientSeries | null,
  antigen: AntigenSupportingData | undefined,
  birthDate: Ymd,
  assessmentDate: Ymd,
): SeriesStatus {
  if (immune(antigen, birthDate)) return 'Immune';
  if (best === null) return 'Not Recommended';
  const next = dueTargetDoses(best.series, best.evaluation, birthDate, assessmentDate)[0];
  if (next === undefined) return 'Complete';
  const age = ageInEffect(next.ages, assessmentDate);
  return age !== null && ageDates(birthDate, age).maximumAgeDate <= assessmentDate
    ? 'Aged Out'
    : 'Not Complete';
}

/** A dose's status for the group from its statuses for the group's antigens (see above). */
export function groupDoseStatus(
  statuses: readonly DoseStatus[],
  administerFullVaccineGroup: boolean,
): DoseStatus {
  if (statuses.includes('Not Valid')) return 'Not Valid';
  if (!administerFullVaccineGroup && statuses.includes('Valid')) return 'Valid';
  return statuses.includes('Extraneous') ? 'Extraneous' : 'Valid';
}

export function evaluateVaccineGroup(
  data: SupportingData,
  vaccineGroup: string,
  input: GroupInput,
  history: OrganizedHistory = organizeHistory(data, input),
): VaccineGroupResult {
  const antigenNames = data.vaccineGroupAntigens[vaccineGroup];
  if (antigenNames === undefined) throw new Error(`"${vaccineGroup}" is not a vaccine group of the data`);
  const antigens: AntigenResult[] = antigenNames.map((antigen) => {
    const selection = selectSeries(data, antigen, {
      birthDate: input.birthDate,
      assessmentDate: input.assessmentDate,
      history,
      ...(input.gender ? { gender: input.gender } : {}),
      ...(input.observations ? { observations: input.observations } : {}),
    });
    return Object.freeze({
      antigen,
      selection,
      status: antigenStatus(selection.best, data.antigens[antigen], input.birthDate, input.assessmentDate),
    });
  });
  const full =
    data.schedule.vaccineGroups.find((g) => g.name === vaccineGroup)?.administerFullVaccineGroup ?? false;
  const perDose = new Map<
    number,
    { date: Ymd; cvx: string; list: { antigen: string; status: DoseStatus; reasons: readonly string[] }[] }
  >();
  for (const a of antigens)
    for (const d of a.selection.best?.evaluation.doses ?? []) {
      const entry = perDose.get(d.doseIndex) ?? { date: d.date, cvx: d.cvx, list: [] };
      entry.list.push({ antigen: a.antigen, status: d.status, reasons: d.reasons });
      perDose.set(d.doseIndex, entry);
    }
  const doses: GroupDose[] = [...perDose.entries()]
    .sort(([i, x], [j, y]) => (x.date < y.date ? -1 : x.date > y.date ? 1 : i - j))
    .map(([doseIndex, e]) => {
      const status = groupDoseStatus(
        e.list.map((o) => o.status),
        full,
      );
      return Object.freeze({
        doseIndex,
        date: e.date,
        cvx: e.cvx,
        status,
        reasons: Object.freeze([
          ...new Set(e.list.filter((o) => o.status === status).flatMap((o) => o.reasons)),
        ]),
        byAntigen: Object.freeze(Object.fromEntries(e.list.map((o) => [o.antigen, o.status]))),
      });
    });
  const statuses = antigens.map((a) => a.status);
  const seriesStatus: SeriesStatus =
    statuses.length > 0 && statuses.every((s) => s === 'Immune')
      ? 'Immune'
      : statuses.includes('Not Complete')
        ? 'Not Complete'
        : statuses.includes('Aged Out')
          ? 'Aged Out'
          : statuses.every((s) => s === 'Not Recommended')
            ? 'Not Recommended'
            : 'Complete';
  return Object.freeze({
    vaccineGroup,
    administerFullVaccineGroup: full,
    antigens: Object.freeze(antigens),
    doses: Object.freeze(doses),
    seriesStatus,
  });
}
