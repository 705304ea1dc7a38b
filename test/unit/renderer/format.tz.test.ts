import { afterEach, describe, expect, it } from 'vitest';
import {
  ago,
  ageOn,
  displayTimeZone,
  formatDate,
  formatDateTime,
  formatTime,
  fromLocalInput,
  setDisplayTimeZone,
  toLocalDate,
  toLocalInput,
  todayAt,
} from '../../../src-renderer/lib/format';

/**
 * The renderer's times, with the process in Asia/Tokyo (vitest project "school-time-zone") and the school in
 * America/New_York: shown and entered in the school's zone, 12-hour clock, US dates.
 */

const SCHOOL = 'America/New_York';
const computer = Intl.DateTimeFormat().resolvedOptions().timeZone;
afterEach(() => setDisplayTimeZone(computer));

describe('renderer times in the school time zone', () => {
  it('runs with the computer in another zone than the school', () => {
    expect(computer).toBe('Asia/Tokyo');
    expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset()).toBe(-540);
  });

  it('shows an instant at the school’s wall-clock time, 12-hour clock', () => {
    setDisplayTimeZone(SCHOOL);
    expect(displayTimeZone()).toBe(SCHOOL);
    // 11:30 in New York in January (EST, UTC-5) and in July (EDT, UTC-4)
    expect(formatTime('2026-01-15T16:30:00.000Z')).toBe('11:30 AM');
    expect(formatTime('2026-07-15T15:30:00.000Z')).toBe('11:30 AM');
    expect(formatTime('2026-01-15T19:45:00.000Z')).toBe('2:45 PM');
  });

  it('says "today" by the school’s calendar, and a US date otherwise', () => {
    setDisplayTimeZone(SCHOOL);
    // 8 PM in New York on Jan 15 is already Jan 16 in Tokyo: still "today" at the school
    const now = Date.parse('2026-01-16T01:30:00Z');
    expect(formatDateTime('2026-01-16T01:00:00Z', now)).toBe('today 8:00 PM');
    expect(formatDateTime('2026-01-15T14:00:00Z', now)).toBe('today 9:00 AM');
    expect(formatDateTime('2026-01-14T14:00:00Z', now)).toBe('Jan 14, 9:00 AM');
    expect(formatDateTime('2025-12-30T14:00:00Z', now)).toBe('Dec 30, 2025, 9:00 AM');
    expect(ago('2026-01-13T14:00:00Z', now)).toBe('Jan 13, 9:00 AM');
    expect(formatDate('2015-07-19')).toBe('Jul 19, 2015');
  });

  it('takes what the nurse types as the school’s wall-clock time', () => {
    setDisplayTimeZone(SCHOOL);
    expect(fromLocalInput('2026-01-15T11:30')).toBe('2026-01-15T16:30:00.000Z');
    expect(fromLocalInput('2026-07-15T11:30')).toBe('2026-07-15T15:30:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('2026-01-15T25:00')).toBeUndefined();
    const evening = new Date('2026-01-16T01:30:00Z'); // Jan 15, 8:30 PM at the school
    expect(toLocalInput(evening)).toBe('2026-01-15T20:30');
    expect(toLocalDate(evening)).toBe('2026-01-15');
    expect(todayAt('07:45', evening)).toBe('2026-01-15T12:45:00.000Z');
    expect(fromLocalInput(toLocalInput(evening))).toBe(evening.toISOString());
  });

  it('counts a birthday by the school’s calendar', () => {
    setDisplayTimeZone(SCHOOL);
    // Jul 19, 2025 in Tokyo but still Jul 18 at the school: not yet 10
    expect(ageOn('2015-07-19', new Date('2025-07-19T02:00:00Z'))).toBe(9);
    expect(ageOn('2015-07-19', new Date('2025-07-19T16:00:00Z'))).toBe(10);
  });

  it('ignores a zone the runtime does not know', () => {
    setDisplayTimeZone(SCHOOL);
    setDisplayTimeZone('Not/AZone');
    expect(displayTimeZone()).toBe(SCHOOL);
  });
});
