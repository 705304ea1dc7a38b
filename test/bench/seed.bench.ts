import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { openServerDb, type ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { seedDemo } from '../../server-sync/seed/demo';
import { openFreshPostgres } from '../support/db';
import type { Benchmark } from './registry';

/**
 * Demo-seed throughput (rows per second into the fully constrained, indexed schema), with the raw limit of the
 * same run: the same number of rows inserted by plain batched multi-row INSERTs into one unindexed table.
 * Options: --students N (default 1500), --years N (default 1); TEST_DATABASE_URL adds a PostgreSQL run.
 */
export const seedBench: Benchmark = {
  description:
    'demo seed rows/s vs plain batched INSERTs of as many rows (PGlite; PostgreSQL with TEST_DATABASE_URL)',
  async run(args, emit) {
    const opt = (flag: string, d: number) => {
      const i = args.indexOf(flag);
      return i >= 0 ? Number(args[i + 1]) : d;
    };
    const students = opt('--students', 1500);
    const years = opt('--years', 1);
    const targets: [string, () => Promise<ServerDbHandle>][] = [
      ['pglite', () => openServerDb({ pgliteDir: ':memory:' })],
    ];
    const url = process.env.TEST_DATABASE_URL;
    if (url) targets.push(['postgres', () => openFreshPostgres(url)]);
    for (const [name, open] of targets) {
      const h = await open();
      try {
        await migrateServerToLatest(h.db);
        const t0 = performance.now();
        const summary = await seedDemo(h.db, {
          seed: 1,
          students,
          years,
          schools: 3,
          asOf: new Date('2026-11-20T12:00:00Z'),
        });
        const seedMs = performance.now() - t0;
        const rows = Object.values(summary).reduce((a, b) => a + b, 0);
        await sql`CREATE TABLE bench_raw (id text PRIMARY KEY, a text, b integer, c timestamptz)`.execute(
          h.db,
        );
        const t1 = performance.now();
        for (let i = 0; i < rows; i += 500) {
          const n = Math.min(500, rows - i);
          const values = Array.from({ length: n }, (_, k) => sql`(${`r${i + k}`}, ${'x'}, ${k}, now())`);
          await sql`INSERT INTO bench_raw (id, a, b, c) VALUES ${sql.join(values)}`.execute(h.db);
        }
        const rawMs = performance.now() - t1;
        const seedRate = rows / (seedMs / 1000);
        const rawRate = rows / (rawMs / 1000);
        emit({
          database: name,
          measurement: 'seed_rows_per_s',
          students,
          years,
          rows,
          value: Math.round(seedRate),
        });
        emit({ database: name, measurement: 'raw_insert_rows_per_s', rows, value: Math.round(rawRate) });
        emit({
          database: name,
          measurement: 'seed_to_raw_ratio',
          value: Number((seedRate / rawRate).toFixed(3)),
        });
      } finally {
        await h.close();
      }
    }
  },
};
