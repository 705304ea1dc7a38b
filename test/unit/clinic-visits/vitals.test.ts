import { describe, expect, it } from 'vitest';
import {
  diffAmendment,
  rangeText,
  requiredVitals,
  stillInClinic,
  vitalProblem,
  vitalsAskedFor,
  VITAL_NAMES,
  VITAL_RANGES,
} from '../../../src-shared/clinic-visits';
import { VisitFinishArgs, VisitVitals } from '../../../src-shared/ipc/contract';

describe('vital ranges', () => {
  it.each([
    ['bloodGlucose', 20, 600, 'mg/dL'],
    ['spo2', 50, 100, '%'],
    ['respiratoryRate', 4, 80, 'breaths/min'],
    ['painScore', 0, 10, 'points'],
    ['peakFlow', 50, 900, 'L/min'],
  ] as const)('%s accepts %d–%d %s and refuses just outside, naming the range', (name, min, max, unit) => {
    expect(VITAL_RANGES[name]).toMatchObject({ min, max, unit });
    expect(vitalProblem(name, min)).toBeUndefined();
    expect(vitalProblem(name, max)).toBeUndefined();
    expect(vitalProblem(name, min - 1)).toBe(
      `below ${min} ${unit}: check the reading (accepted ${min}–${max} ${unit})`,
    );
    expect(vitalProblem(name, max + 1)).toBe(
      `above ${max} ${unit}: check the reading (accepted ${min}–${max} ${unit})`,
    );
    expect(vitalProblem(name, min + 0.5)).toBe('must be a whole number');
    expect(vitalProblem(name, Number.NaN)).toBe('must be a number');
  });

  it('keeps the decimal temperature and every range well-formed', () => {
    expect(vitalProblem('temperatureF', 98.6)).toBeUndefined();
    expect(vitalProblem('temperatureC', 37.2)).toBeUndefined();
    for (const n of VITAL_NAMES) expect(VITAL_RANGES[n].min).toBeLessThan(VITAL_RANGES[n].max);
    expect(rangeText('bloodGlucose')).toBe('20–600 mg/dL');
  });

  it('the contract refuses an implausible reading at its path', () => {
    const r = VisitVitals.safeParse({ spo2: 101, peakFlow: 300 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['spo2', 'above 100 %: check the reading (accepted 50–100 %)'],
    ]);
    expect(VisitVitals.safeParse({ bloodGlucose: 72, painScore: 0 }).success).toBe(true);
  });

  it('a diabetic check requires the glucose; asthma suggests peak flow, SpO2 and breathing', () => {
    expect(requiredVitals('DIABETIC_CHECK')).toEqual(['bloodGlucose']);
    expect(requiredVitals('ASTHMA')).toEqual([]);
    expect(vitalsAskedFor('ASTHMA')).toEqual(['peakFlow', 'spo2', 'respiratoryRate']);
    expect(requiredVitals(undefined)).toEqual([]);
  });
});

describe('finishing and amending', () => {
  it('a visit is in the clinic until something says the student left', () => {
    const base = { departure_time: null, return_to_class_time: null, sent_home: 0, disposition: null };
    expect(stillInClinic(base)).toBe(true);
    expect(stillInClinic({ ...base, return_to_class_time: '2026-01-05T15:00:00Z' })).toBe(false);
    expect(stillInClinic({ ...base, sent_home: 1 })).toBe(false);
    expect(stillInClinic({ ...base, disposition: 'SENT_HOME' })).toBe(false);
  });

  it('the finish arguments need the time that matches the outcome', () => {
    const at = '2026-01-05T15:00:00Z';
    const issues = (a: unknown) =>
      VisitFinishArgs.safeParse(a).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(issues({ visitId: 'v', disposition: 'RETURNED_TO_CLASS' })).toEqual(['returnedToClassAt']);
    expect(issues({ visitId: 'v', disposition: 'SENT_HOME' })).toEqual(['departedAt']);
    expect(issues({ visitId: 'v', disposition: 'SENT_HOME', departedAt: at, returnedToClassAt: at })).toEqual(
      ['returnedToClassAt'],
    );
    expect(issues({ visitId: 'v', disposition: 'EMERGENCY_TRANSPORT', departedAt: at })).toEqual([]);
  });

  it('an amendment records only what changed, with the old value', () => {
    expect(
      diffAmendment(
        { heartRate: 90, treatment: 'Rest', spo2: null },
        { heartRate: 96, treatment: 'Rest', spo2: 97 },
      ),
    ).toEqual({ heartRate: { old: 90, new: 96 }, spo2: { old: null, new: 97 } });
    expect(diffAmendment({ complaint: 'x' }, {})).toEqual({});
  });
});
