import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../bench/registry';
import { benchmarks } from '../../bench/registry';

/** The reports benchmark at a tiny size, so it cannot rot unnoticed (speed is not asserted: docs/bench.md). */
describe('npm run bench -- reports', () => {
  it('renders the table report and its raw limit, printing the lines', async () => {
    const lines: Measurement[] = [];
    await benchmarks.reports?.run(['--rows', '40', '--runs', '1'], (m) => lines.push(m));
    expect(lines.map((l) => l.measurement)).toEqual(['render_ms', 'raw_limit_ms', 'ratio_to_raw']);
    expect(lines[0]).toMatchObject({ rows: 40, runs: 1 });
    expect(Number(lines[0]?.pages)).toBeGreaterThanOrEqual(2);
    expect(Number(lines[2]?.value)).toBeGreaterThan(0);
  });
});
