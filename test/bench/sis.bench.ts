import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { openServerDb, type ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { runImport } from '../../server-sync/sis/run';
import { openFreshPostgres } from '../support/db';
import type { Benchmark } from './registry';
import { changedRoster, generateRoster } from './sis-roster';

/**
 * npm run bench -- sis [--students 50000] [--schools 25] [--changed 0.02]
 *
 * A district's SIS roster through the OneRoster CSV import (read, map, plan against the district, apply with its job
 * row, audit and sync capture), on PGlite and, with TEST_DATABASE_URL, on PostgreSQL:
 * - sis.first_import: an empty district takes the whole roster (schools, students, guardians, enrollments);
 * - sis.reimport: the same roster again with a share of the students changed (phone, family name, grade, school);
 * - sis.raw_limit: the same number of rows written by plain batched multi-row INSERTs into one unindexed table, in
 *   the same run: the fastest plain path for as many rows; first_import.ratio_to_raw = raw time / import time.
 * Aims (issue 13): first import at least half the speed of the plain inserts, re-import under 30 s.
 */
export const sisBench: Benchmark = {
  description: 'OneRoster CSV import of a district: first import and a 2% re-import vs plain batched INSERTs',
  async run(args, emit) {
    const opt = (flag: string, d: number) => {
      const i = args.indexOf(flag);
      const v = i >= 0 ? Number(args[i + 1]) : d;
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} must be a positive number`);
      return v;
    };
    const students = opt('--students', 50_000);
    const schools = opt('--schools', 25);
    const share = opt('--changed', 0.02);
    const roster = { students, schools, seed: 7 };
    const first = generateRoster(roster);
    const again = changedRoster(roster, share);
    const targets: [string, () => Promise<ServerDbHandle>][] = [
      ['pglite', () => openServerDb({ pgliteDir: ':memory:' })],
    ];
    const url = process.env.TEST_DATABASE_URL;
    if (url) targets.push(['postgres', () => openFreshPostgres(url)]);
    for (const [database, open] of targets) {
      const h = await open();
      try {
        await migrateServerToLatest(h.db);
        await sql`INSERT INTO districts (id, name, state_code) VALUES ('bench-d', 'Bench District', 'OH')`.execute(
          h.db,
        );
        const request = (files: Map<string, string>, at: string) => ({
          files,
          source: 'bench',
          districtId: 'bench-d',
          dryRun: false,
          userId: null,
          trigger: 'MANUAL' as const,
          at: new Date(at),
        });
        const t0 = performance.now();
        const r1 = await runImport(h.db, request(first, '2026-12-08T06:00:00Z'));
        const firstMs = performance.now() - t0;
        // rows the import wrote: students, guardians (one each), enrollments, schools
        const rows = students * 3 + schools;
        emit({
          database,
          metric: 'sis.first_import',
          students,
          created: r1.created,
          errors: r1.errors.length,
          ms: Math.round(firstMs),
          rows_per_s: Math.round(rows / (firstMs / 1000)),
        });
        const t1 = performance.now();
        const r2 = await runImport(h.db, request(again.files, '2026-12-09T06:00:00Z'));
        const againMs = performance.now() - t1;
        emit({
          database,
          metric: 'sis.reimport',
          students,
          changed_students: again.changed,
          updated: r2.updated,
          transferred: r2.transferred,
          unchanged: r2.unchanged,
          errors: r2.errors.length,
          ms: Math.round(againMs),
          aim_ms: 30_000,
        });
        await sql`CREATE TABLE bench_raw (id text PRIMARY KEY, a text, b text, c text, d date, e timestamptz)`.execute(
          h.db,
        );
        const t2 = performance.now();
        for (let i = 0; i < rows; i += 1000) {
          const n = Math.min(1000, rows - i);
          const values = Array.from(
            { length: n },
            (_, k) => sql`(${`r${i + k}`}, ${'Olivia'}, ${'Garcia'}, ${'100000'}, ${'2019-05-04'}, now())`,
          );
          await sql`INSERT INTO bench_raw (id, a, b, c, d, e) VALUES ${sql.join(values)}`.execute(h.db);
        }
        const rawMs = performance.now() - t2;
        emit({ database, metric: 'sis.raw_limit', rows, ms: Math.round(rawMs) });
        emit({
          database,
          metric: 'sis.first_import.ratio_to_raw',
          ratio: Math.round((rawMs / firstMs) * 100) / 100,
          aim: 0.5,
        });
      } finally {
        await h.close();
      }
    }
  },
};
