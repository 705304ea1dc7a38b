import { describe, expect, it } from 'vitest';
import { DOSE_WINDOW_LABEL, doseWindow } from '../../../src-shared/mar';

/** The one rule Today, the MAR and the missed-dose alert share for a dose not yet recorded. */
describe('doseWindow', () => {
  const at = Date.parse('2026-12-07T15:00:00.000Z');
  const min = 60_000;
  it('is upcoming, then due from 30 minutes before to 30 after, overdue to 60 after, then missed', () => {
    expect(doseWindow(at, at - 31 * min)).toBe('UPCOMING');
    expect(doseWindow(at, at - 30 * min)).toBe('DUE');
    expect(doseWindow(at, at)).toBe('DUE');
    expect(doseWindow(at, at + 30 * min)).toBe('DUE');
    expect(doseWindow(at, at + 30 * min + 1)).toBe('OVERDUE');
    expect(doseWindow(at, at + 60 * min)).toBe('OVERDUE');
    expect(doseWindow(at, at + 60 * min + 1)).toBe('MISSED');
    expect(doseWindow(at, at + 24 * 60 * min)).toBe('MISSED');
  });
  it('has one label per state, the same on every screen', () => {
    expect(DOSE_WINDOW_LABEL).toEqual({
      UPCOMING: 'Scheduled',
      DUE: 'Due',
      OVERDUE: 'Overdue',
      MISSED: 'Missed',
    });
  });
});
