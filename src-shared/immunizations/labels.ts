import type { VaccineStatus } from './status';

/**
 * What a nurse reads for one vaccine's status (pure; the caller gives its date format, in the school's calendar):
 * the doses ("3 of 3, 1 extra", never "4 of 3"), the next dose ("due Mar 3, 2026", "overdue since Mar 3, 2019")
 * and the same-day duplicates.
 */

type Row = Pick<
  VaccineStatus,
  | 'status'
  | 'dosesGiven'
  | 'dosesRequired'
  | 'extraDoses'
  | 'sameDayDuplicates'
  | 'nextDueOn'
  | 'overdueSince'
  | 'graceEndsOn'
>;

export function dosesText(row: Row): string {
  const base = `${row.dosesGiven} of ${row.dosesRequired}`;
  return row.extraDoses ? `${base}, ${row.extraDoses} extra` : base;
}

export function nextDueText(row: Row, formatDate: (ymd: string) => string): string {
  if (row.status === 'COMPLETE' || row.status === 'EXEMPT') return '';
  if (row.overdueSince) return `overdue since ${formatDate(row.overdueSince)}`;
  if (!row.nextDueOn) return '';
  if (row.graceEndsOn)
    return `due since ${formatDate(row.nextDueOn)}, overdue after ${formatDate(row.graceEndsOn)}`;
  return `due ${formatDate(row.nextDueOn)}`;
}

export function duplicatesText(row: Row, formatDate: (ymd: string) => string): string {
  const days = row.sameDayDuplicates ?? [];
  if (days.length === 0) return '';
  return `more than one dose on ${days.map(formatDate).join(', ')} (counted once)`;
}

/** The ids of doses that share their series and day with another dose (every one of them is flagged). */
export function sameDayDuplicateIds(
  doses: readonly { readonly id: string; readonly vaccine: string; readonly administeredOn: string }[],
): Set<string> {
  const byKey = new Map<string, string[]>();
  for (const d of doses) {
    const key = `${d.vaccine}\u0000${d.administeredOn}`;
    byKey.set(key, [...(byKey.get(key) ?? []), d.id]);
  }
  return new Set([...byKey.values()].filter((ids) => ids.length > 1).flat());
}
