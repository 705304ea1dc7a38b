import type { SupportingData, VaccineRef, Ymd } from '../supporting-data/model';
import { forecastSeries, type AntigenForecast } from './forecast';
import { evaluateVaccineGroup, type GroupInput, type VaccineGroupResult } from './group';
import { contraindicatedVaccines, withoutContraindicated } from './observations';
import { organizeHistory, type HistoryProblem, type OrganizedHistory } from './organize';

/**
 * The CDSi vaccine group forecast (pure), from the forecasts of the group's antigens that are Not Complete (an
 * antigen complete, immune, contraindicated or aged out forecasts nothing; a vaccine contraindicated by an
 * observation is left out of the vaccine types; a group that is not Not Complete forecasts nothing):
 *
 * - "administer full vaccine group" Yes (MMR: one vaccine gives every antigen): the dose must suit every antigen
 *   due. Earliest date: the latest of the antigens' earliest dates. Recommended date: the earliest of their
 *   recommended dates, not before the earliest date. Past due date: the earliest of their past due dates, not
 *   before the earliest date (none when no antigen has one). Latest date: the earliest of their latest dates.
 *   Dose number: the lowest antigen dose number (a child with a measles dose and no mumps dose is due MMR dose 1).
 *   Vaccine types: those recommended for every antigen due (MMR, MMRV), else all of them.
 * - No (DTaP/Tdap/Td: Tdap, Td and DTaP give different antigens): the forecast of the antigen that can be given
 *   first (earliest earliest date, then the earliest recommended date, then the group's antigen order), with its
 *   dates and vaccine types. Dose number: the highest antigen dose number (the group's doses counted: a patient
 *   with three tetanus-diphtheria doses and one Tdap is due dose 4 even when pertussis is the antigen due first).
 *
 * The dose numbers are counted as CDC's test cases count them (forecast.ts, forecastDoseNumber).
 */

export interface VaccineGroupForecast {
  readonly vaccineGroup: string;
  readonly forecastDoseNumber: number;
  readonly earliestDate: Ymd;
  readonly recommendedDate: Ymd;
  readonly pastDueDate: Ymd | null;
  readonly latestDate: Ymd | null;
  /** the antigens whose forecast gave the dates */
  readonly fromAntigens: readonly string[];
  /** what set the earliest date */
  readonly earliestReason: string;
  readonly vaccineTypes: readonly VaccineRef[];
}

export interface VaccineGroupAssessment {
  readonly evaluation: VaccineGroupResult;
  /** each antigen's forecast, for the antigens Not Complete */
  readonly antigenForecasts: readonly AntigenForecast[];
  /** null when nothing is due (Complete, Immune, Contraindicated, Aged Out, Not Recommended) */
  readonly forecast: VaccineGroupForecast | null;
}

const earlier = (a: Ymd, b: Ymd): Ymd => (a < b ? a : b);
const later = (a: Ymd, b: Ymd): Ymd => (a > b ? a : b);

/** Combines the antigens' forecasts into the group's (see above); null when there is none. */
export function combineForecasts(
  vaccineGroup: string,
  administerFullVaccineGroup: boolean,
  forecasts: readonly AntigenForecast[],
): VaccineGroupForecast | null {
  if (forecasts.length === 0) return null;
  if (!administerFullVaccineGroup) {
    const first = forecasts.reduce((a, b) =>
      b.earliestDate < a.earliestDate ||
      (b.earliestDate === a.earliestDate && b.recommendedDate < a.recommendedDate)
        ? b
        : a,
    );
    return Object.freeze({
      vaccineGroup,
      forecastDoseNumber: Math.max(...forecasts.map((f) => f.forecastDoseNumber)),
      earliestDate: first.earliestDate,
      recommendedDate: first.recommendedDate,
      pastDueDate: first.pastDueDate,
      latestDate: first.latestDate,
      fromAntigens: Object.freeze([first.antigen]),
      earliestReason: `${first.antigen}: ${first.earliestReason}`,
      vaccineTypes: first.vaccineTypes,
    });
  }
  const latestEarliest = forecasts.reduce((a, b) => (b.earliestDate > a.earliestDate ? b : a));
  const earliestDate = latestEarliest.earliestDate;
  const pastDues = forecasts.flatMap((f) => (f.pastDueDate === null ? [] : [f.pastDueDate]));
  const latests = forecasts.flatMap((f) => (f.latestDate === null ? [] : [f.latestDate]));
  const common = forecasts[0]!.vaccineTypes.filter((v) =>
    forecasts.every((f) => f.vaccineTypes.some((w) => w.cvx === v.cvx)),
  );
  const all = [...new Map(forecasts.flatMap((f) => f.vaccineTypes).map((v) => [v.cvx, v])).values()];
  return Object.freeze({
    vaccineGroup,
    forecastDoseNumber: Math.min(...forecasts.map((f) => f.forecastDoseNumber)),
    earliestDate,
    recommendedDate: later(forecasts.map((f) => f.recommendedDate).reduce(earlier), earliestDate),
    pastDueDate: pastDues.length === 0 ? null : later(pastDues.reduce(earlier), earliestDate),
    latestDate: latests.length === 0 ? null : latests.reduce(earlier),
    fromAntigens: Object.freeze(forecasts.map((f) => f.antigen)),
    earliestReason: `${latestEarliest.antigen}: ${latestEarliest.earliestReason}`,
    vaccineTypes: Object.freeze(common.length > 0 ? common : all),
  });
}

/** Evaluation and forecast of one vaccine group for a patient. */
export function assessVaccineGroup(
  data: SupportingData,
  vaccineGroup: string,
  input: GroupInput,
  history: OrganizedHistory = organizeHistory(data, input),
): VaccineGroupAssessment {
  const evaluation = evaluateVaccineGroup(data, vaccineGroup, input, history);
  const antigenForecasts =
    evaluation.seriesStatus !== 'Not Complete'
      ? []
      : evaluation.antigens.flatMap((a) => {
          if (a.status !== 'Not Complete' || a.selection.best === null) return [];
          const f = forecastSeries({
            birthDate: input.birthDate,
            assessmentDate: input.assessmentDate,
            patientSeries: a.selection.best,
            history,
            liveVirusConflicts: data.schedule.liveVirusConflicts,
          });
          if (f === null) return [];
          // a vaccine contraindicated for the patient (LAIV when immunocompromised) is not recommended
          const ruledOut = contraindicatedVaccines(
            data.antigens[a.antigen],
            input.birthDate,
            input.assessmentDate,
            input.observations,
          );
          return [
            ruledOut.size === 0
              ? f
              : Object.freeze({ ...f, vaccineTypes: withoutContraindicated(f.vaccineTypes, ruledOut) }),
          ];
        });
  return Object.freeze({
    evaluation,
    antigenForecasts: Object.freeze(antigenForecasts),
    forecast: combineForecasts(vaccineGroup, evaluation.administerFullVaccineGroup, antigenForecasts),
  });
}

export interface PatientAssessment {
  /**
   * doses left out of the evaluation (unknown CVX, not a date, after the assessment date) and doses before birth
   * (evaluated Not Valid), each naming its dose
   */
  readonly problems: readonly HistoryProblem[];
  /** every vaccine group of the data, in the schedule's order */
  readonly vaccineGroups: readonly VaccineGroupAssessment[];
}

/** Evaluation and forecast of every vaccine group of the data for a patient. */
export function assessPatient(data: SupportingData, input: GroupInput): PatientAssessment {
  const history = organizeHistory(data, input);
  const beforeBirth: HistoryProblem[] = input.doses.flatMap((d, doseIndex) =>
    history.doses.some((h) => h.doseIndex === doseIndex) && d.date < input.birthDate
      ? [
          {
            doseIndex,
            problem: `date ${d.date} is before the birth date ${input.birthDate}: not valid (Administered Before Birth)`,
          },
        ]
      : [],
  );
  return Object.freeze({
    problems: Object.freeze([...history.problems, ...beforeBirth].sort((a, b) => a.doseIndex - b.doseIndex)),
    vaccineGroups: Object.freeze(
      data.schedule.vaccineGroups
        .filter((g) => data.vaccineGroupAntigens[g.name] !== undefined)
        .map((g) => assessVaccineGroup(data, g.name, input, history)),
    ),
  });
}
