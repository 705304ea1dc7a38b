/** MAR: standing-order doses of stock medications, where a scheduled dose stands in time, the five rights (pure). */
export { acetaminophenDose, describeDose, ibuprofenDose, type AnalgesicDose } from './standing-orders';
export {
  DOSE_WINDOW_LABEL,
  DUE_BEFORE_MS,
  MISSED_AFTER_MS,
  OVERDUE_AFTER_MS,
  doseWindow,
  type DoseWindow,
} from './dose-window';
export {
  DOSE_TIMING_LABEL,
  MAX_FREE_DOSE,
  REPEAT_TOLERANCE_MS,
  doseGivenProblem,
  doseTiming,
  isRepeatDose,
  orderIntervalMs,
  parseDose,
  unitsForDose,
  type DoseAmount,
  type DoseTiming,
} from './five-rights';
export {
  CONTROLLED_KINDS,
  MANUAL_CONTROLLED_KINDS,
  MAX_CONTROLLED_QUANTITY,
  WITNESS_REQUIRED,
  applyEntry,
  ledgerBalance,
  overdrawProblem,
  type ControlledKind,
  type LedgerEntry,
  type ManualControlledKind,
} from './controlled';
