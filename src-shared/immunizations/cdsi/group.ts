import type { AntigenSupportingData, Gender, SupportingData, Ymd } from '../supporting-data/model';
import { ageDates, ageInEffect } from './dates';
import type { DoseStatus } from './evaluate';
import { organizeHistory, type AdministeredDose, type OrganizedHistory } from './organize';
import { antigenContraindication, evidenceOfImmunity } from './observations';
import { dueTargetDoses, selectSeries, type AntigenSelection, type PatientSeries } from './select';

/**
 * The CDSi vaccine group's result from the best series of each of its antigens (pure).
 *
 * Antigen series status, in the logic specification's order of the forecast steps:
 * - Immune: evidence of immunity (observations.ts: an observation of the antigen's clinical history, such as a
 *   titer or a verified history of varicella; or born before the antigen's immunity birth date, measles, mumps,
 *   rubella before 1957 and varicella before 1980 in 4.64, without an exclusion such as health care personnel);
 * - Contraindicated: an antigen contraindication observed on the assessment date (pregnancy for MMR, a severe
 *   allergic reaction after a previous dose): no dose of the antigen is recommended, whatever the series;
 * - Complete: every target dose left (not satisfied, or recurring: influenza and COVID-19 doses come back each
 *   season) is skipped in the Forecast context on the assessment date (a healthy 5-year-old needs no more Hib or
 *   pneumococcal doses; a COVID-19 dose of this season skips the recurring dose);
 * - Aged Out: the next target dose's maximum age date is on or before the assessment date;
 * - Not Complete otherwise; Not Recommended when no series of the antigen is relevant for the patient.
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

export type SeriesStatus =
  'Complete' | 'Not Complete' | 'Immune' | 'Contraindicated' | 'Aged Out' | 'Not Recommended';

export interface AntigenResult {
  readonly antigen: string;
  readonly selection: AntigenSelection;
  readonly status: SeriesStatus;
  /** why Immune (the evidence) or Contraindicated (CDC's contraindication text); absent otherwise */
  readonly statusReason?: string;
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
  /** the patient's country of birth, where known (an immunity birth date applies to those born in its country) */
  readonly birthCountry?: string | null;
}

/** The antigen's series status and, for Immune and Contraindicated, why (see above). */
export function antigenStatusWithReason(
  best: PatientSeries | null,
  antigen: AntigenSupportingData | undefined,
  input: Pick<GroupInput, 'birthDate' | 'assessmentDate' | 'observations' | 'birthCountry'>,
): { status: SeriesStatus; reason?: string } {
  const immunity = evidenceOfImmunity(antigen, input.birthDate, input.observations, input.birthCountry);
  if (immunity) return { status: 'Immune', reason: `evidence of immunity: ${immunity.text}` };
  const contraindication = antigenContraindication(
    antigen,
    input.birthDate,
    input.assessmentDate,
    input.observations,
  );
  if (contraindication)
    return {
      status: 'Contraindicated',
      reason: `${contraindication.observationTitle}: ${contraindication.contraindicationText}`,
    };
  return { status: antigenStatus(best, antigen, input.birthDate, input.assessmentDate) };
}

/** The antigen's series status from its best series, without observations (see above). */
export function antigenStatus(
  best: PatientSeries | null,
  antigen: AntigenSupportingData | undefined,
  birthDate: Ymd,
  assessmentDate: Ymd,
): SeriesStatus {
  if (evidenceOfImmunity(antigen, birthDate)) return 'Immune';
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
    const { status, reason } = antigenStatusWithReason(selection.best, data.antigens[antigen], input);
    return Object.freeze({
      antigen,
      selection,
      status,
      ...(reason === undefined ? {} : { statusReason: reason }),
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
      : full && statuses.includes('Contraindicated')
        ? 'Contraindicated'
        : statuses.includes('Not Complete')
          ? 'Not Complete'
          : statuses.includes('Contraindicated')
            ? 'Contraindicated'
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
