import { describe, expect, it } from 'vitest';
import { readDataset } from '../../../server-sync/medication-safety';
import type { Measurement } from '../../bench/registry';
import { benchmarks } from '../../bench/registry';

/** The medication-safety bench runs (a short run) and reports the index build and the check's percentiles. */
describe('npm run bench -- medication-safety', () => {
  it('measures the index and the check, and refuses a bad option', async () => {
    const lines: Measurement[] = [];
    await benchmarks['medication-safety']!.run(['--runs', '200'], (m) => lines.push(m));
    expect(lines.map((l) => l['measurement'])).toEqual(['index', 'check']);
    const ds = await readDataset();
    expect(lines[0]).toMatchObject({ drugs: ds.drugs.length, pairs: ds.interactions.length });
    expect(lines[1]).toMatchObject({ runs: 200, aim_us: 1000 });
    for (const k of ['p50_us', 'p95_us', 'p99_us']) expect(typeof lines[1]![k]).toBe('number');
    await expect(benchmarks['medication-safety']!.run(['--runs', '5'], () => {})).rejects.toThrow(/--runs/);
  });
});
