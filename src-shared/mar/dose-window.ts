/**
 * The one rule for where a scheduled dose stands in time, used by the MAR, Today and the missed-dose alert
 * (feature 26), so no two screens name the same dose differently:
 *   - UPCOMING until 30 minutes before its time;
 *   - DUE from 30 minutes before to 30 minutes after (the window to give it on time);
 *   - OVERDUE from 30 to 60 minutes after (late, still to be given or recorded);
 *   - MISSED from 60 minutes after with nothing recorded: past its window, the workstation raises
 *     MEDICATION_MISSED once for that dose.
 * A boundary belongs to the earlier state: at exactly -30 minutes the dose is DUE, at +30 still DUE, at +60 still
 * OVERDUE (MISSED from the first instant after).
 */

export const DUE_BEFORE_MS = 30 * 60_000;
export const OVERDUE_AFTER_MS = 30 * 60_000;
export const MISSED_AFTER_MS = 60 * 60_000;

export type DoseWindow = 'UPCOMING' | 'DUE' | 'OVERDUE' | 'MISSED';

/** Where a dose scheduled at `scheduledAtMs` stands at `nowMs` (both epoch milliseconds), nothing recorded yet. */
export function doseWindow(scheduledAtMs: number, nowMs: number): DoseWindow {
  const d = nowMs - scheduledAtMs;
  if (d > MISSED_AFTER_MS) return 'MISSED';
  if (d > OVERDUE_AFTER_MS) return 'OVERDUE';
  if (d >= -DUE_BEFORE_MS) return 'DUE';
  return 'UPCOMING';
}

/** The label every screen shows for a window. */
export const DOSE_WINDOW_LABEL: Readonly<Record<DoseWindow, string>> = Object.freeze({
  UPCOMING: 'Scheduled',
  DUE: 'Due',
  OVERDUE: 'Overdue',
  MISSED: 'Missed',
});
