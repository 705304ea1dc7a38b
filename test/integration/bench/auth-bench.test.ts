import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../bench/registry';
import { benchmarks } from '../../bench/registry';

/** The auth benchmark at a tiny size, so it cannot rot unnoticed (speed is not asserted: docs/bench.md). */
describe('npm run bench -- auth', () => {
  it('times every kind of refused sign-in, each answered 401', async () => {
    const lines: Measurement[] = [];
    await benchmarks.auth?.run(['--rounds', '2'], (m) => lines.push(m));
    expect(lines.map((l) => l.case)).toEqual(['unknown', 'wrongPassword', 'locked', 'inactive']);
    for (const l of lines) {
      expect(l).toMatchObject({ measurement: 'login_refusal_ms', rounds: 2 });
      expect(Number(l.median_ms)).toBeGreaterThan(0);
    }
  });
});
