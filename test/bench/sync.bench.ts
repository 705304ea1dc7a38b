import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import type { Benchmark } from './registry';
import { benchFirstSync } from './sync/first-sync';
import { parseArgs, rate, sec, type Ctx } from './sync/measure';
import { benchPush } from './sync/push';
import { ROWS_PER_STUDENT, generateDistrict } from './sync/school';
import { openBenchDb, startBenchServer, type BenchServer } from './sync/server';

/**
 * npm run bench -- sync [--rows N] [--devices N] [--changes N] [--batch N] [--page N] [--commit N] [--seed N] [--only
 * first-sync|push] [--profile]  (docs/bench.md)
 *
 * 1. First sync: one school of --rows synced rows (2,500 students over 5 years ≈ 200,000) downloaded by the real
 *    workstation client, in its own process, from the real server over 127.0.0.1 into an encrypted database; and
 *    the same rows inserted into a fresh encrypted database by plain prepared statements (the limit); peak RSS.
 * 2. Push ingest: --devices enrolled workstations (own tokens, own schools) pushing --changes outbox rows each, all
 *    at once; and the same rows by plain batched multi-row INSERTs from as many writers (the limit).
 * The server runs on PostgreSQL at TEST_DATABASE_URL (a fresh database, dropped after), else on in-memory PGlite.
 */

export const syncBench: Benchmark = {
  description: 'first sync rows/s and peak RSS, push ingest changes/s from 20 devices, each vs its raw limit',
  async run(args, emit) {
    const o = parseArgs(args);
    const url = process.env.TEST_DATABASE_URL;
    const bdb = await openBenchDb(url);
    const dir = mkdtempSync(join(tmpdir(), 'wc-bench-sync-'));
    let server: BenchServer | null = null;
    try {
      emit({
        database: bdb.kind,
        measurement: 'setup',
        note: url
          ? `PostgreSQL (${bdb.handle.description}), fresh database`
          : 'PGlite in memory: TEST_DATABASE_URL is not set, so one connection and no concurrency',
        cpus: cpus().length,
        load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(1)),
        node: process.version,
      });
      await migrateServerToLatest(bdb.handle.db);
      const students = Math.max(1, Math.round(o.rows / ROWS_PER_STUDENT));
      const t0 = performance.now();
      const district = await generateDistrict(bdb.handle.db, {
        seed: o.seed,
        asOf: new Date('2026-11-20T12:00:00.000Z'),
        schools: [
          { students, years: 5 },
          ...Array.from({ length: o.devices }, () => ({ students: 20, years: 1 })),
        ],
      });
      const genMs = performance.now() - t0;
      // a district's database has statistics (autovacuum); a table loaded a moment ago has none yet
      await sql`ANALYZE`.execute(bdb.handle.db);
      const rows = district.schools.reduce(
        (a, sc) => a + Object.values(sc.rows).reduce((x, y) => x + y, 0),
        0,
      );
      emit({
        database: bdb.kind,
        measurement: 'generate_district_rows_per_s',
        students: district.schools.reduce((a, sc) => a + sc.students, 0),
        rows,
        seconds: sec(genMs),
        value: rate(rows, genMs),
      });
      server = await startBenchServer(bdb.handle);
      const ctx: Ctx = { o, bdb, server, district, dir, emit };
      if (o.only !== 'push') await benchFirstSync(ctx);
      if (o.only !== 'first-sync') await benchPush(ctx);
    } finally {
      await server?.close();
      await bdb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
