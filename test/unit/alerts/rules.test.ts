import { describe, expect, it } from 'vitest';
import {
  ALERT_DEFINITIONS,
  canTransition,
  escalationNotice,
  escalationRoles,
  nextDeliveryInstant,
  nextEscalation,
  renderTemplate,
  renderTemplateHtml,
  retryDelayMs,
  subscriptionMatches,
} from '../../../src-shared/alerts';

const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

describe('alert rules', () => {
  it('the catalog has the built-in triggers, codes unique', () => {
    const codes = ALERT_DEFINITIONS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of [
      'MEDICATION_MISSED',
      'EMERGENCY_HEALTH',
      'OUTBREAK_DETECTED',
      'CONTRAINDICATED_OVERRIDE',
      'IMMUNIZATION_OVERDUE',
      'SYNC_CONFLICT',
      'SYNC_FAILURE',
    ]) {
      expect(codes).toContain(c);
    }
  });

  it('matches subscriptions by definition, category and priority threshold', () => {
    const inst = { definitionId: 'd1', category: 'MEDICATION' as const, priority: 'HIGH' as const };
    const all = { isActive: true, definitionId: null, category: null, priorityThreshold: null };
    expect(subscriptionMatches(all, inst)).toBe(true);
    expect(subscriptionMatches({ ...all, isActive: false }, inst)).toBe(false);
    expect(subscriptionMatches({ ...all, definitionId: 'd2' }, inst)).toBe(false);
    expect(subscriptionMatches({ ...all, category: 'SYSTEM' }, inst)).toBe(false);
    expect(subscriptionMatches({ ...all, category: 'MEDICATION', priorityThreshold: 'HIGH' }, inst)).toBe(
      true,
    );
    expect(subscriptionMatches({ ...all, priorityThreshold: 'CRITICAL' }, inst)).toBe(false);
  });

  it('quiet hours (wrapping midnight) and weekends in the time zone; EMERGENCY ignores both', () => {
    const w = { quietStart: '22:00:00', quietEnd: '07:00', weekendDelivery: true };
    // Tuesday 23:30 New York -> Wednesday 07:00
    expect(nextDeliveryInstant(at('2026-11-18T04:30:00Z'), 'HIGH', w, NY)).toBe(at('2026-11-18T12:00:00Z'));
    // 06:00 -> 07:00 the same day; 12:00 -> now
    expect(nextDeliveryInstant(at('2026-11-18T11:00:00Z'), 'HIGH', w, NY)).toBe(at('2026-11-18T12:00:00Z'));
    expect(nextDeliveryInstant(at('2026-11-18T17:00:00Z'), 'HIGH', w, NY)).toBe(at('2026-11-18T17:00:00Z'));
    expect(nextDeliveryInstant(at('2026-11-18T04:30:00Z'), 'EMERGENCY', w, NY)).toBe(
      at('2026-11-18T04:30:00Z'),
    );
    // Saturday noon, no weekend deliveries -> Monday 07:00 (midnight is in quiet hours)
    const noWeekend = { ...w, weekendDelivery: false };
    expect(nextDeliveryInstant(at('2026-11-21T17:00:00Z'), 'CRITICAL', noWeekend, NY)).toBe(
      at('2026-11-23T12:00:00Z'),
    );
    expect(nextDeliveryInstant(at('2026-11-21T17:00:00Z'), 'EMERGENCY', noWeekend, NY)).toBe(
      at('2026-11-21T17:00:00Z'),
    );
  });

  it('retries back off 1, 2, 4 ... minutes up to an hour', () => {
    expect([0, 1, 2, 3, 10].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000]);
  });

  it('escalates after the configured minutes, one level up, until acknowledged', () => {
    const rules = { escalate_after_minutes: 30, escalate_to: ['SCHOOL_ADMIN' as const] };
    const t0 = new Date('2026-11-20T12:00:00Z');
    expect(
      nextEscalation(rules, { status: 'ACTIVE', level: 0, triggeredAt: t0, lastEscalatedAt: null }),
    ).toEqual({
      at: new Date('2026-11-20T12:30:00Z'),
      level: 1,
      roles: ['SCHOOL_ADMIN'],
    });
    const t1 = new Date('2026-11-20T12:31:00Z');
    expect(
      nextEscalation(rules, { status: 'ESCALATED', level: 1, triggeredAt: t0, lastEscalatedAt: t1 })?.at,
    ).toEqual(new Date('2026-11-20T13:01:00Z'));
    expect(
      nextEscalation(rules, { status: 'ACKNOWLEDGED', level: 1, triggeredAt: t0, lastEscalatedAt: t1 }),
    ).toBeNull();
    expect(
      nextEscalation(null, { status: 'ACTIVE', level: 0, triggeredAt: t0, lastEscalatedAt: null }),
    ).toBeNull();
  });

  it('widens each further escalation level one role up the chain, each level its own notice', () => {
    expect(escalationRoles(['SCHOOL_ADMIN'], 1)).toEqual(['SCHOOL_ADMIN']);
    expect(escalationRoles(['SCHOOL_ADMIN'], 2)).toEqual(['SCHOOL_ADMIN', 'DISTRICT_ADMIN']);
    expect(escalationRoles(['SCHOOL_ADMIN'], 5)).toEqual(['SCHOOL_ADMIN', 'DISTRICT_ADMIN']);
    expect(escalationRoles(['NURSE'], 2)).toEqual(['NURSE', 'SCHOOL_ADMIN']);
    expect(escalationRoles(['SCHOOL_ADMIN', 'DISTRICT_ADMIN'], 3)).toEqual([
      'SCHOOL_ADMIN',
      'DISTRICT_ADMIN',
    ]);
    expect(escalationRoles(['AUDITOR'], 3)).toEqual(['AUDITOR']);
    const rules = { escalate_after_minutes: 30, escalate_to: ['SCHOOL_ADMIN' as const] };
    const t0 = new Date('2026-11-20T12:00:00Z');
    expect(
      nextEscalation(rules, { status: 'ESCALATED', level: 1, triggeredAt: t0, lastEscalatedAt: t0 })?.roles,
    ).toEqual(['SCHOOL_ADMIN', 'DISTRICT_ADMIN']);
    expect(escalationNotice(2)).toBe('ESCALATED (level 2): still not acknowledged');
  });

  it('shows instants of alert data in the school time zone; lists as "a, b"', () => {
    const t = 'Dose at {{scheduled_time}}; missing {{missing}}';
    const data = { scheduled_time: '2026-11-20T15:05:00.000Z', missing: ['MMR', 'VAR'] };
    expect(renderTemplate(t, data, { timeZone: NY })).toBe(
      'Dose at Nov 20, 2026, 10:05 AM; missing MMR, VAR',
    );
    expect(renderTemplate(t, data, { timeZone: NY, today: '2026-11-20' })).toBe(
      'Dose at 10:05 AM; missing MMR, VAR',
    );
    // without a time zone the stored value is shown as is
    expect(renderTemplate('{{scheduled_time}}', data)).toBe('2026-11-20T15:05:00.000Z');
  });

  it('allows only the status transitions of the workflow', () => {
    expect(canTransition('ACTIVE', 'ACKNOWLEDGED')).toBe(true);
    expect(canTransition('ESCALATED', 'ESCALATED')).toBe(true);
    expect(canTransition('ACKNOWLEDGED', 'ESCALATED')).toBe(false);
    expect(canTransition('RESOLVED', 'ACKNOWLEDGED')).toBe(false);
    expect(canTransition('EXPIRED', 'RESOLVED')).toBe(false);
  });

  it('renders templates: missing placeholders stay visible, HTML escaped', () => {
    const t = '{{student_name}} got {{ medication }} at {{time}}.';
    expect(renderTemplate(t, { student_name: 'Sam', medication: 'Ibuprofen' })).toBe(
      'Sam got Ibuprofen at {{time}}.',
    );
    expect(renderTemplateHtml('<{{a}}> & {{b}}', { a: '<script>x</script>' })).toBe(
      '&lt;&lt;script&gt;x&lt;/script&gt;&gt; &amp; {{b}}',
    );
  });
});
