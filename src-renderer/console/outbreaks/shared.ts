import type { OutbreakStatus } from '../../../src-shared/outbreaks';
import { dateTimeIn } from '../../../src-shared/time';

/** How each outbreak status reads, and its badge. */
export const OUTBREAK_STATUS_LABEL: Readonly<Record<OutbreakStatus, string>> = {
  INVESTIGATING: 'Investigating',
  CONFIRMED: 'Confirmed',
  CONTAINED: 'Contained',
  RESOLVED: 'Resolved',
};
export const OUTBREAK_STATUS_BADGE: Readonly<Record<OutbreakStatus, string>> = {
  INVESTIGATING: 'warn',
  CONFIRMED: 'danger',
  CONTAINED: 'ok',
  RESOLVED: 'neutral',
};
/** The button that moves an alert to a status. */
export const MOVE_LABEL: Readonly<Record<OutbreakStatus, string>> = {
  INVESTIGATING: 'Reopen the investigation',
  CONFIRMED: 'Confirm the outbreak',
  CONTAINED: 'Mark contained',
  RESOLVED: 'Resolve',
};

export const METHOD_LABEL: Readonly<Record<string, string>> = {
  threshold: 'Threshold',
  c1: 'EARS C1',
  c2: 'EARS C2',
  c3: 'EARS C3',
};
export const methodLabel = (m: string | undefined | null): string =>
  m ? (METHOD_LABEL[m] ?? m) : 'Recorded';

/** A time in the school's own zone. */
export const atSchool = (iso: string, tz: string): string => dateTimeIn(Date.parse(iso), tz, true);

/** The admins move alerts through the workflow and run scans (server-sync/outbreaks/routes.ts). */
export const OUTBREAK_ACTORS: readonly string[] = ['DISTRICT_ADMIN', 'SCHOOL_ADMIN'];
