import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OUTBREAK_PATTERNS,
  detectInRecords,
  linkCases,
  matchesExpression,
  parseSymptomExpression,
  transitionRefusal,
  trackedSymptomsSchema,
  type KeyedRecord,
  type SymptomExpression,
} from '../../../src-shared/outbreaks';
import { OUTBREAK_PATTERNS } from '../../../server-sync/seed/outbreaks/patterns';

const parse = (j: unknown): SymptomExpression => {
  const r = parseSymptomExpression(j);
  if (!r.ok) throw new Error(r.reason);
  return r.expression;
};
const on = (e: SymptomExpression, symptoms: Record<string, unknown>) =>
  matchesExpression(e, { symptoms, onsetDate: '2026-03-02' });

describe('pattern symptom expressions', () => {
  it("accept the seed's and the default patterns", () => {
    for (const p of [...OUTBREAK_PATTERNS, ...DEFAULT_OUTBREAK_PATTERNS])
      expect(parseSymptomExpression(p.symptoms)).toMatchObject({ ok: true });
  });

  it('refuse with the reason naming what is wrong', () => {
    const reason = (j: unknown) => {
      const r = parseSymptomExpression(j);
      return r.ok ? null : r.reason;
    };
    expect(reason({})).toBe('symptoms: empty combination (name at least one symptom)');
    expect(reason({ feverish: true })).toBe("symptoms.feverish: unknown symptom key or operator 'feverish'");
    expect(reason({ any_of: ['cough', 'sneezing'] })).toBe(
      "symptoms.any_of[1]: unknown symptom key 'sneezing'",
    );
    expect(reason({ any_of: [] })).toBe('symptoms.any_of: empty list');
    expect(reason({ any_of: 'cough' })).toMatch(/^symptoms.any_of: must be a list/);
    expect(reason({ fever: 'yes' })).toBe('symptoms.fever: must be true or false');
    expect(reason({ fever: true, min_temp_f: 200 })).toMatch(/^symptoms.min_temp_f: must be a temperature/);
    expect(reason({ cough: false })).toMatch(/names no symptom that must be present/);
    expect(reason({ any_of: [{ rash: true, x: 1 }] })).toBe(
      "symptoms.any_of[0].x: unknown symptom key or operator 'x'",
    );
    expect(reason([1])).toBe('symptoms: must be a JSON object');
  });

  it('match as the seed means them', () => {
    const ili = parse({ fever: true, min_temp_f: 100, any_of: ['cough', 'sore_throat'] });
    expect(on(ili, { fever: true, temp_f: 100.4, cough: true })).toBe(true);
    expect(on(ili, { fever: true, temp_f: 99.9, cough: true })).toBe(false);
    expect(on(ili, { fever: true, temp_f: 101 })).toBe(false);
    const strep = parse({ sore_throat: true, fever: true, cough: false, confirmed_test: 'rapid_strep' });
    expect(on(strep, { sore_throat: true, fever: true, confirmed_test: 'rapid_strep' })).toBe(true);
    expect(on(strep, { sore_throat: true, fever: true, cough: true, confirmed_test: 'rapid_strep' })).toBe(
      false,
    );
    const hfmd = parse({ rash: true, rash_location: ['hands', 'feet'], mouth_sores: true });
    expect(on(hfmd, { rash: true, rash_location: ['hands', 'feet', 'mouth'], mouth_sores: true })).toBe(true);
    expect(on(hfmd, { rash: true, rash_location: ['hands'], mouth_sores: true })).toBe(false);
    const conj = parse({ any_of: ['conjunctivitis', { eye_redness: true, eye_discharge: true }] });
    expect(on(conj, { conjunctivitis: true })).toBe(true);
    expect(on(conj, { eye_redness: true, eye_discharge: true })).toBe(true);
    expect(on(conj, { eye_redness: true })).toBe(false);
    const gi72 = parse({ any_of: ['vomiting'], onset_within_hours: 72 });
    const r = (reported: string) =>
      matchesExpression(gi72, {
        symptoms: { vomiting: true },
        onsetDate: '2026-03-02',
        reportedAt: new Date(reported),
      });
    expect(r('2026-03-04T12:00:00Z')).toBe(true);
    expect(r('2026-03-06T12:00:00Z')).toBe(false);
  });

  it('the symptoms schema types the issue keys and keeps other findings', () => {
    expect(trackedSymptomsSchema.safeParse({ fever: true, temp_f: 101.2, labels: { x: 'y' } }).success).toBe(
      true,
    );
    const bad = trackedSymptomsSchema.safeParse({ fever: 'yes' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['fever']);
  });
});

describe('case linking and workflow', () => {
  it('gives temporal distance, grade clusters and link strength', () => {
    const c = linkCases([
      { id: 'a', studentId: 's1', onsetDate: '2026-03-03', grade: '2', location: 'Cafeteria' },
      { id: 'b', studentId: 's2', onsetDate: '2026-03-01', grade: '2', location: 'Classroom' },
      { id: 'c', studentId: 's3', onsetDate: '2026-03-02', grade: '3', location: 'Cafeteria' },
      { id: 'd', studentId: 's4', onsetDate: '2026-03-02', grade: '2', location: 'Cafeteria' },
      { id: 'e', studentId: 's5', onsetDate: '2026-03-04', grade: '5', location: null },
    ]);
    expect(c.cases.map((x) => [x.id, x.temporalDistanceDays, x.clusterAssignment, x.linkStrength])).toEqual([
      ['b', 0, 1, 'MODERATE'],
      ['c', 1, 2, 'MODERATE'],
      ['d', 1, 1, 'STRONG'],
      ['a', 2, 1, 'STRONG'],
      ['e', 3, 3, 'WEAK'],
    ]);
    expect(c.grades[0]).toEqual({ grade: '2', cases: 3 });
    expect(c.locations[0]).toEqual({ location: 'Cafeteria', cases: 3 });
  });

  it('moves INVESTIGATING -> CONFIRMED -> CONTAINED -> RESOLVED and refuses the rest', () => {
    expect(transitionRefusal('INVESTIGATING', 'CONFIRMED')).toBeNull();
    expect(transitionRefusal('CONFIRMED', 'CONTAINED')).toBeNull();
    expect(transitionRefusal('CONTAINED', 'RESOLVED')).toBeNull();
    expect(transitionRefusal('INVESTIGATING', 'CONTAINED')).toBe(
      'an outbreak INVESTIGATING cannot become CONTAINED (it can become CONFIRMED or RESOLVED)',
    );
    expect(transitionRefusal('RESOLVED', 'CONFIRMED')).toMatch(/RESOLVED is final/);
  });
});

describe('detectors over records', () => {
  it('raise threshold and EARS alerts with the cases of the window', () => {
    const recs: KeyedRecord[] = [];
    // a quiet school: one GI case a week, then 4 on the as-of day
    for (const d of ['2026-02-09', '2026-02-16', '2026-02-23'])
      recs.push({
        key: `q${d}`,
        studentId: `q${d}`,
        schoolId: 'A',
        onsetDate: d,
        symptoms: { vomiting: true },
      });
    for (let i = 0; i < 4; i++)
      recs.push({
        key: `o${i}`,
        studentId: `o${i}`,
        schoolId: 'A',
        onsetDate: '2026-03-02',
        symptoms: { diarrhea: true },
      });
    const r = detectInRecords(
      recs,
      [{ id: 'A', enrollment: 300 }],
      '2026-03-02',
      ['threshold', 'c1', 'c2', 'c3'],
      true,
    );
    const gi = r.alerts.filter((a) => a.pattern === 'Acute gastrointestinal illness');
    expect(gi.map((a) => a.method)).toEqual(['threshold', 'c1', 'c2', 'c3']);
    expect(gi[0]).toMatchObject({ count: 4, expected: 3, caseIds: ['o0', 'o1', 'o2', 'o3'] });
    expect(gi[1]).toMatchObject({ method: 'c1', count: 4 });
    expect(r.series?.find((s) => s.pattern === 'Acute gastrointestinal illness')?.days.at(-1)).toMatchObject({
      date: '2026-03-02',
      count: 4,
    });
    expect(r.alerts.every((a) => a.schoolId === 'A')).toBe(true);
  });
});
