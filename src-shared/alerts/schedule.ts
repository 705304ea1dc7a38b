import type { AlertPriority, AlertStatus, UserRole } from '../enums';
import { localDate, localTime, zonedToUtc } from '../time';
import type { EscalationRules } from './catalog';
import { escalates } from './rules';

/** A subscription's quiet hours ('HH:MM' or PostgreSQL's 'HH:MM:SS'; both NULL: none) and weekend wish. */
export interface DeliveryWindow {
  readonly quietStart: string | null;
  readonly quietEnd: string | null;
  readonly weekendDelivery: boolean;
}

const hhmm = (t: string): string => t.slice(0, 5);

function nextDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function weekday(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The end of the quiet period `ms` falls in, or null when `ms` is not in quiet hours. */
function quietEndAfter(ms: number, w: DeliveryWindow, tz: string): number | null {
  if (w.quietStart === null || w.quietEnd === null) return null;
  const start = hhmm(w.quietStart);
  const end = hhmm(w.quietEnd);
  if (start === end) return null;
  const date = localDate(ms, tz);
  const now = localTime(ms, tz);
  if (start < end) return now >= start && now < end ? zonedToUtc(date, end, tz) : null;
  // the window wraps midnight (22:00-07:00)
  if (now >= start) return zonedToUtc(nextDate(date), end, tz);
  if (now < end) return zonedToUtc(date, end, tz);
  return null;
}

/** Monday 00:00 local after a weekend day, or null on a weekday. */
function weekendEndAfter(ms: number, tz: string): number | null {
  let date = localDate(ms, tz);
  if (weekday(date) !== 0 && weekday(date) !== 6) return null;
  while (weekday(date) === 0 || weekday(date) === 6) date = nextDate(date);
  return zonedToUtc(date, '00:00', tz);
}

/**
 * The first instant at or after `nowMs` a delivery may go to a subscriber: outside quiet hours and, unless the
 * subscriber takes weekend deliveries, not on a Saturday or Sunday, both in `tz` (the school's time zone, else the
 * district's). EMERGENCY alerts ignore both.
 */
export function nextDeliveryInstant(
  nowMs: number,
  priority: AlertPriority,
  w: DeliveryWindow,
  tz: string,
): number {
  if (priority === 'EMERGENCY') return nowMs;
  let t = nowMs;
  for (let i = 0; i < 8; i++) {
    const weekendEnd = w.weekendDelivery ? null : weekendEndAfter(t, tz);
    if (weekendEnd !== null) {
      t = weekendEnd;
      continue;
    }
    const quietEnd = quietEndAfter(t, w, tz);
    if (quietEnd !== null) {
      t = quietEnd;
      continue;
    }
    return t;
  }
  return t;
}

/** Retry delays of a failed delivery: 1, 2, 4 ... minutes, at most an hour; retried until the alert closes. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 60 * 60_000;

export function retryDelayMs(retryCount: number): number {
  const n = Math.max(0, Math.min(retryCount, 30));
  return Math.min(RETRY_BASE_MS * 2 ** n, RETRY_MAX_MS);
}

/** When a delivery that failed for the `retryCount`-th time (0 = first failure) is tried again. */
export function nextRetryAt(now: Date, retryCount: number): Date {
  return new Date(now.getTime() + retryDelayMs(retryCount));
}

export interface EscalationState {
  readonly status: AlertStatus;
  readonly level: number;
  readonly triggeredAt: Date;
  readonly lastEscalatedAt: Date | null;
}

export interface NextEscalation {
  readonly at: Date;
  readonly level: number;
  readonly roles: readonly UserRole[];
}

/** The chain of command an unacknowledged alert climbs, lowest first. */
export const ESCALATION_CHAIN: readonly UserRole[] = Object.freeze([
  'NURSE',
  'SCHOOL_ADMIN',
  'DISTRICT_ADMIN',
]);

/**
 * Who level `level` (1, 2, ...) of an escalation reaches: the configured roles at level 1, and each further level one
 * more role up the chain above the highest configured one (SCHOOL_ADMIN at level 1, then also DISTRICT_ADMIN at level
 * 2 and after). Roles off the chain (e.g. AUDITOR) are reached as configured, never widened.
 */
export function escalationRoles(escalateTo: readonly UserRole[], level: number): UserRole[] {
  const top = Math.max(-1, ...escalateTo.map((r) => ESCALATION_CHAIN.indexOf(r)));
  const roles = new Set<UserRole>(escalateTo);
  if (top >= 0)
    for (let i = top + 1; i <= Math.min(ESCALATION_CHAIN.length - 1, top + level - 1); i++)
      roles.add(ESCALATION_CHAIN[i]!);
  return [...roles];
}

/**
 * What a recipient reads at escalation level `level`: a message of its own (the delivery log keeps one row per
 * instance, recipient, channel and level), so a reminder at level 2 is not the level-1 message sent twice.
 */
export function escalationNotice(level: number): string {
  return `ESCALATED (level ${level}): still not acknowledged`;
}

/**
 * The next escalation of an alert: escalate_after_minutes after it was raised or last escalated, one level up, to
 * the configured roles widened up the chain (escalationRoles); repeated until the alert is acknowledged (or closed),
 * every level a new notice to all of them. Null: it does not escalate.
 */
export function nextEscalation(rules: EscalationRules | null, s: EscalationState): NextEscalation | null {
  if (!rules || rules.escalate_after_minutes <= 0 || rules.escalate_to.length === 0) return null;
  if (!escalates(s.status)) return null;
  const from = s.lastEscalatedAt ?? s.triggeredAt;
  return {
    at: new Date(from.getTime() + rules.escalate_after_minutes * 60_000),
    level: s.level + 1,
    roles: escalationRoles(rules.escalate_to, s.level + 1),
  };
}
