import type { AlertInstance } from '../../../src-shared/api/alerts';

export const OPEN_STATUSES: readonly string[] = ['ACTIVE', 'ACKNOWLEDGED', 'ESCALATED'];
export const isOpen = (a: AlertInstance): boolean => OPEN_STATUSES.includes(a.status);

/** Roles that may read alert instances (server-sync/alerts/routes.ts READERS). */
export const ALERT_READERS: readonly string[] = ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN', 'AUDITOR'];

export const PRIORITY_BADGE: Readonly<Record<string, string>> = {
  LOW: 'neutral',
  MEDIUM: 'neutral',
  HIGH: 'warn',
  CRITICAL: 'danger',
  EMERGENCY: 'danger',
};
export const STATUS_LABEL: Readonly<Record<string, string>> = {
  ACTIVE: 'Open',
  ACKNOWLEDGED: 'Acknowledged',
  ESCALATED: 'Escalated',
  RESOLVED: 'Resolved',
  EXPIRED: 'Expired',
};
export const titleCaseCode = (s: string): string =>
  s
    .toLowerCase()
    .split('_')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
