import { AlertPriority, type AlertStatus } from '../enums';
import type { AlertCategory } from './catalog';

/** Rank of a priority: LOW 0 ... EMERGENCY 4. */
export function priorityRank(p: AlertPriority): number {
  return AlertPriority.indexOf(p);
}

export interface SubscriptionFilter {
  readonly isActive: boolean;
  /** NULL: not tied to one definition. */
  readonly definitionId: string | null;
  /** NULL: not tied to one category. */
  readonly category: AlertCategory | null;
  /** NULL: every priority. */
  readonly priorityThreshold: AlertPriority | null;
}

export interface InstanceFacts {
  readonly definitionId: string;
  readonly category: AlertCategory | null;
  readonly priority: AlertPriority;
}

/**
 * Whether a subscription wants an instance: active; naming the instance's definition, or its category, or
 * neither (every alert); and the instance's priority at or above the threshold.
 */
export function subscriptionMatches(s: SubscriptionFilter, i: InstanceFacts): boolean {
  if (!s.isActive) return false;
  if (s.definitionId !== null && s.definitionId !== i.definitionId) return false;
  if (s.definitionId === null && s.category !== null && s.category !== i.category) return false;
  if (s.priorityThreshold !== null && priorityRank(i.priority) < priorityRank(s.priorityThreshold))
    return false;
  return true;
}

/**
 * Which status may follow which. RESOLVED and EXPIRED are final; an ESCALATED alert may escalate again; an
 * acknowledged one is no longer escalated but may still be resolved or expire.
 */
const TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  ACTIVE: ['ACKNOWLEDGED', 'ESCALATED', 'RESOLVED', 'EXPIRED'],
  ESCALATED: ['ACKNOWLEDGED', 'ESCALATED', 'RESOLVED', 'EXPIRED'],
  ACKNOWLEDGED: ['RESOLVED', 'EXPIRED'],
  RESOLVED: [],
  EXPIRED: [],
};

export function canTransition(from: AlertStatus, to: AlertStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which an alert is still open (deliveries and escalations go on). */
export function isOpen(status: AlertStatus): boolean {
  return status === 'ACTIVE' || status === 'ESCALATED' || status === 'ACKNOWLEDGED';
}

/** Statuses in which an alert still escalates (not yet acknowledged). */
export function escalates(status: AlertStatus): boolean {
  return status === 'ACTIVE' || status === 'ESCALATED';
}
