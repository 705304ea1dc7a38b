import { describe, expect, it } from 'vitest';
import {
  diffAmendment,
  FACE_SCORES,
  PAIN_FACES,
  painScaleOf,
  painScaleProblem,
  painText,
} from '../../../src-shared/clinic-visits';
import { VisitAmendArgs, VisitVitals } from '../../../src-shared/ipc/contract';

/** The pain score's two scales (issue 10): the 0–10 number and six faces labelled in words. */
describe('pain scales', () => {
  it('has six faces at 0, 2, 4, 6, 8 and 10, each labelled in words, from no hurt to the worst', () => {
    expect(FACE_SCORES).toEqual([0, 2, 4, 6, 8, 10]);
    expect(PAIN_FACES[0]!.label).toBe('No hurt');
    expect(PAIN_FACES[5]!.label).toBe('Hurts worst');
    expect(new Set(PAIN_FACES.map((f) => f.label)).size).toBe(6);
  });

  it('reads any whole 0–10 on the numbers, only a face’s score on the faces', () => {
    for (let n = 0; n <= 10; n++) {
      expect(painScaleProblem('NUMERIC', n)).toBeUndefined();
      expect(painScaleProblem('FACES', n) === undefined).toBe(n % 2 === 0);
    }
    expect(painScaleProblem('FACES', 5)).toBe('the faces scale scores 0, 2, 4, 6, 8, 10');
  });

  it('a score saved before scales were kept reads as numbers; no score, no scale', () => {
    expect(painScaleOf(4, null)).toBe('NUMERIC');
    expect(painScaleOf(4, 'FACES')).toBe('FACES');
    expect(painScaleOf(null, 'FACES')).toBeUndefined();
    expect(painText(6, 'FACES')).toBe('6 of 10 — Hurts even more (faces)');
    expect(painText(3, 'NUMERIC')).toBe('3 of 10 (numbers)');
  });

  it('the contract takes the scale with the score and refuses a faces score that is no face', () => {
    expect(VisitVitals.safeParse({ painScore: 6, painScale: 'FACES' }).success).toBe(true);
    expect(VisitVitals.safeParse({ painScore: 7, painScale: 'NUMERIC' }).success).toBe(true);
    const odd = VisitVitals.safeParse({ painScore: 7, painScale: 'FACES' });
    expect(odd.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['painScore', 'the faces scale scores 0, 2, 4, 6, 8, 10'],
    ]);
    const alone = VisitVitals.safeParse({ painScale: 'FACES' });
    expect(alone.error?.issues.map((i) => i.path.join('.'))).toEqual(['painScore']);
    const bad = VisitVitals.safeParse({ painScore: 4, painScale: 'EMOJI' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['painScale']);
  });

  it('an amendment may change the scale, the parent notification and the outcome', () => {
    const args = {
      visitId: '019fbd69-dee0-7084-8a7a-619af7fb83ba',
      reason: 'Child pointed at a face',
      changes: {
        painScore: 8,
        painScale: 'FACES',
        parentNotifiedAt: '2026-12-07T15:00:00.000Z',
        disposition: 'SENT_HOME',
      },
    };
    expect(VisitAmendArgs.safeParse(args).success).toBe(true);
    expect(
      VisitAmendArgs.safeParse({ ...args, changes: { painScale: 'SMILEYS' } }).error?.issues[0]?.path,
    ).toEqual(['changes', 'painScale']);
    expect(
      diffAmendment({ painScore: 4, painScale: 'NUMERIC' }, { painScore: 8, painScale: 'FACES' }),
    ).toEqual({ painScore: { old: 4, new: 8 }, painScale: { old: 'NUMERIC', new: 'FACES' } });
  });
});
