import { describe, expect, it } from 'vitest';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';

describe('alert dedupe keys', () => {
  it('gives the same id for the same key, a different one for another key', () => {
    const a = alertInstanceId(alertKey.emergencyVisit('v1'));
    expect(alertInstanceId(alertKey.emergencyVisit('v1'))).toBe(a);
    expect(alertInstanceId(alertKey.emergencyVisit('v2'))).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('keys name the trigger and what happened', () => {
    expect(alertKey.missedDose('s1', '2026-12-07T15:00:00.000Z')).toBe(
      'MEDICATION_MISSED:s1:2026-12-07T15:00:00.000Z',
    );
    expect(alertKey.immunizationOverdue('st', 'MMR', 2, '2026-09-01')).toBe(
      'IMMUNIZATION_OVERDUE:st:MMR:2:2026-09-01',
    );
  });
  it('refuses an empty key', () => {
    expect(() => alertInstanceId(' ')).toThrow(/must not be empty/);
  });
});
