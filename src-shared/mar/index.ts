/** MAR: standing-order doses of stock medications, and where a scheduled dose stands in time (pure). */
export { acetaminophenDose, describeDose, ibuprofenDose, type AnalgesicDose } from './standing-orders';
export {
  DOSE_WINDOW_LABEL,
  DUE_BEFORE_MS,
  MISSED_AFTER_MS,
  OVERDUE_AFTER_MS,
  doseWindow,
  type DoseWindow,
} from './dose-window';
