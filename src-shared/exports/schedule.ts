/**
 * When a scheduled export runs (scheduled_exports.schedule_frequency), on the district's local calendar: daily,
 * weekly on Mondays, monthly on the 1st.
 */

export const ExportFrequency = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type ExportFrequency = (typeof ExportFrequency)[number];

function calendarDate(date: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date)
    throw new Error(`not a calendar date (YYYY-MM-DD): '${date}'`);
  return d;
}

/** Whether an export of this frequency runs on a local date. */
export function isExportDue(frequency: ExportFrequency, date: string): boolean {
  const d = calendarDate(date);
  switch (frequency) {
    case 'DAILY':
      return true;
    case 'WEEKLY':
      return d.getUTCDay() === 1;
    case 'MONTHLY':
      return d.getUTCDate() === 1;
  }
}
