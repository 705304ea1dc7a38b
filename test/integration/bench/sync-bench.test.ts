import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../bench/registry';
import { benchmarks } from '../../bench/registry';

/**
 * The sync benchmark end to end at a tiny size (PGlite, its workstation processes, the real client and server), so
 * it cannot rot unnoticed. Speed is not asserted here (docs/bench.md): only that every measurement comes out and
 * that the work it measured is the work it claims.
 */
describe('npm run bench -- sync', () => {
  it('prints every measurement of the first sync and of push ingest, for the rows it says', async () => {
    const bench = benchmarks.sync;
    expect(bench).toBeDefined();
    const lines: Measurement[] = [];
    const saved = process.env.TEST_DATABASE_URL;
    delete process.env.TEST_DATABASE_URL; // the PGlite path; the PostgreSQL one is the same code with a pool
    try {
      await bench?.run(
        ['--rows', '1000', '--devices', '2', '--changes', '30', '--batch', '10', '--profile'],
        (m) => lines.push(m),
      );
    } finally {
      if (saved !== undefined) process.env.TEST_DATABASE_URL = saved;
    }
    const by = (name: string) => lines.filter((l) => l.measurement === name);
    const one = (name: string) => {
      const found = by(name);
      expect(found, name).toHaveLength(1);
      return found[0] as Measurement;
    };
    expect(one('setup').database).toBe('pglite');
    const sync = one('first_sync_rows_per_s');
    expect(sync.rows).toBe(sync.local_rows);
    expect(Number(sync.rows)).toBeGreaterThan(Number(sync.school_rows));
    const limit = one('first_sync_limit_rows_per_s');
    expect(limit.rows).toBe(sync.local_rows);
    // the limit commits as many rows per transaction as the client did
    expect(Number(sync.commits)).toBeGreaterThan(0);
    expect(limit.rows_per_transaction).toBe(Math.round(Number(sync.rows) / Number(sync.commits)));
    expect(one('first_sync_limit_table_order_rows_per_s').rows).toBe(sync.local_rows);
    expect(by('first_sync_limit_variant_rows_per_s').map((l) => l.rows)).toEqual([
      sync.local_rows,
      sync.local_rows,
    ]);
    for (const name of ['first_sync_to_limit_ratio', 'first_sync_peak_rss_mb', 'push_to_limit_ratio']) {
      expect(Number(one(name).value), name).toBeGreaterThan(0);
    }
    expect(by('first_sync_db_statement').length).toBeGreaterThan(0);
    expect(by('first_sync_cpu').map((l) => l.side)).toContain('workstation');
    const push = one('push_ingest_changes_per_s');
    expect(push).toMatchObject({ devices: 2, changes: 60, batches: 6 });
    expect(by('push_warning')).toEqual([]);
    expect(one('push_limit_changes_per_s').rows).toBe(60);
    expect(one('push_limit_without_capture_changes_per_s').rows).toBe(60);
    expect(by('push_apply_experiment').map((l) => l.writes)).toEqual([60, 60]);
  }, 120_000);
});
