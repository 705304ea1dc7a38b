import { describe, expect, it } from 'vitest';
import {
  detectOutbreaks,
  matchesOutbreakPattern,
  OUTBREAK_PATTERN_KEYS,
  type OutbreakRule,
} from '../../../src-shared/outbreaks';

const GI: OutbreakRule = { windowDays: 3, thresholdStudents: 3, thresholdPercent: 1 };
const c = (studentId: string, day: string) => ({ studentId, day });
const ids = (cases: readonly { studentId: string; day: string }[]) =>
  cases.map((x) => `${x.studentId}@${x.day}`);

describe('outbreak patterns', () => {
  it('match influenza-like illness on fever of 100.0 F or more with cough or sore throat', () => {
    const ili = (symptoms: Record<string, unknown>) =>
      matchesOutbreakPattern('ILI', { symptoms, icd10: 'J11.1' });
    expect(ili({ fever: true, temp_f: 100.4, cough: true })).toBe(true);
    expect(ili({ fever: true, temp_f: 100, sore_throat: true })).toBe(true);
    expect(ili({ fever: true, temp_f: 99.9, cough: true })).toBe(false);
    expect(ili({ fever: true, temp_f: 101 })).toBe(false);
    expect(ili({ fever: false, temp_f: 101, cough: true })).toBe(false);
  });

  it('match GI on vomiting or diarrhea, conjunctivitis on both eye signs, the others on the confirmed diagnosis', () => {
    expect(matchesOutbreakPattern('GI', { symptoms: { vomiting: true }, icd10: null })).toBe(true);
    expect(matchesOutbreakPattern('GI', { symptoms: { nausea: true }, icd10: null })).toBe(false);
    expect(matchesOutbreakPattern('CONJUNCTIVITIS', { symptoms: { eye_redness: true }, icd10: null })).toBe(
      false,
    );
    expect(
      matchesOutbreakPattern('CONJUNCTIVITIS', {
        symptoms: { eye_redness: true, eye_discharge: true },
        icd10: null,
      }),
    ).toBe(true);
    expect(matchesOutbreakPattern('STREP', { symptoms: {}, icd10: 'J02.0' })).toBe(true);
    expect(matchesOutbreakPattern('STREP', { symptoms: {}, icd10: 'J02.9' })).toBe(false);
    expect(matchesOutbreakPattern('HFMD', { symptoms: {}, icd10: 'B08.4' })).toBe(true);
    expect(matchesOutbreakPattern('VARICELLA', { symptoms: {}, icd10: 'B01.9' })).toBe(true);
    expect(OUTBREAK_PATTERN_KEYS).toHaveLength(6);
  });
});

describe('outbreak detection (sliding window, students and percentage thresholds)', () => {
  it('opens at the case that reaches the thresholds and goes on while cases keep coming within the window', () => {
    const cases = [
      c('A', '2026-10-05'),
      c('B', '2026-10-05'),
      c('C', '2026-10-06'),
      c('D', '2026-10-09'),
      c('E', '2026-10-14'),
    ];
    const found = detectOutbreaks(cases, GI, () => 200);
    expect(found).toHaveLength(1);
    expect(found[0]?.trigger).toEqual(c('C', '2026-10-06'));
    expect(ids(found[0]?.cases ?? [])).toEqual([
      'A@2026-10-05',
      'B@2026-10-05',
      'C@2026-10-06',
      'D@2026-10-09',
    ]);
  });

  it('counts students, not visits, and only those inside the window', () => {
    expect(
      detectOutbreaks([c('A', '2026-10-05'), c('A', '2026-10-06'), c('A', '2026-10-07')], GI, () => 200),
    ).toEqual([]);
    // A and B are 3 days before C: outside a 3-day window.
    expect(
      detectOutbreaks([c('A', '2026-10-02'), c('B', '2026-10-02'), c('C', '2026-10-05')], GI, () => 200),
    ).toEqual([]);
  });

  it('needs the percentage of the enrolled students too', () => {
    const three = [c('A', '2026-10-05'), c('B', '2026-10-05'), c('C', '2026-10-05')];
    expect(detectOutbreaks(three, GI, () => 300)).toHaveLength(1); // 1.0%
    expect(detectOutbreaks(three, GI, () => 301)).toHaveLength(0); // 0.997%
  });

  it('finds separate outbreaks in the order they end', () => {
    const cases = [
      c('A', '2026-10-01'),
      c('B', '2026-10-01'),
      c('C', '2026-10-01'),
      c('D', '2026-10-20'),
      c('E', '2026-10-20'),
      c('F', '2026-10-21'),
    ];
    const found = detectOutbreaks(cases, GI, () => 100);
    expect(found.map((o) => o.trigger.studentId)).toEqual(['C', 'F']);
    expect(found.map((o) => o.cases.length)).toEqual([3, 3]);
  });

  it('refuses cases out of day order and rules that make no sense, naming them', () => {
    expect(() => detectOutbreaks([c('A', '2026-10-05'), c('B', '2026-10-04')], GI, () => 100)).toThrow(
      /day order: 2026-10-04 comes after 2026-10-05/,
    );
    expect(() => detectOutbreaks([c('A', '10/05/2026')], GI, () => 100)).toThrow(/'10\/05\/2026'/);
    expect(() => detectOutbreaks([], { ...GI, windowDays: 0 }, () => 100)).toThrow(/time_window_days/);
    expect(() => detectOutbreaks([], { ...GI, thresholdPercent: 120 }, () => 100)).toThrow(
      /threshold_percentage/,
    );
  });
});
