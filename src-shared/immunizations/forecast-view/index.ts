/** What a nurse reads of CDC's evaluation and forecast, per vaccine group (pure). */
export {
  concernsSchoolAge,
  forecastView,
  nextDoseState,
  yearsAfter,
  type ForecastDoseView,
  type ForecastView,
  type NextDoseState,
  type NextDoseView,
  type VaccineGroupView,
} from './view';
export { evidenceObservations, validDosesBySeries, type EvidenceOnFile } from './series';
export { onePerDose, studentPatient, type RecordedDose } from './student';
