/**
 * Per-table digests of a seeded demo district, to prove a refactor of the seed left its output unchanged.
 *
 *   npx tsx scripts/seed-digests.ts --write before.json     record (run on the code before the change)
 *   npx tsx scripts/seed-digests.ts --check before.json     compare (run on the changed code): exit 1 on any difference
 *
 * SEED_DIGEST_SETS=name,name limits the run to some option sets (names as in OPTION_SETS).
 *
 * Each option set is seeded into a fresh in-memory PGlite database (TEST_DATABASE_URL adds a PostgreSQL run);
 * a table's digest is its row count and the md5 of every row's text in order (the `digests()` of
 * test/integration/seed-demo.test.ts). Sync traffic tables are left out: the change log records the server's
 * commit clock and transaction ids, not seed output. The materialized views are left out too: they are derived
 * from the tables and read the wall clock (now(), CURRENT_DATE).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { openServerDb, type ServerDbHandle } from '../server-sync/db/connect';
import { migrateServerToLatest } from '../server-sync/db/migrate';
import { seedDemo, type SeedOptions } from '../server-sync/seed/demo';
import type { ServerDatabase } from '../src-shared/db/server-schema.generated';
import { openFreshPostgres } from '../test/support/db';

const OPTION_SETS: Readonly<Record<string, SeedOptions>> = Object.freeze({
  'seed7-40students-3schools-1year': {
    seed: 7,
    students: 40,
    years: 1,
    schools: 3,
    asOf: new Date('2026-11-20T12:00:00Z'),
  },
  'seed11-300students-2schools-2years': {
    seed: 11,
    students: 300,
    years: 2,
    schools: 2,
    asOf: new Date('2026-11-20T12:00:00Z'),
  },
  'seed1-1500students-3schools-1year': {
    seed: 1,
    students: 1500,
    years: 1,
    schools: 3,
    asOf: new Date('2026-03-02T08:30:00Z'),
  },
});

const SYNC_TRAFFIC = new Set(['sync_changes', 'sync_field_versions', 'sync_conflicts', 'sync_rejections']);

async function digests(db: Kysely<ServerDatabase>): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND c.relname NOT IN ('kysely_migration', 'kysely_migration_lock')
    ORDER BY c.relname`.execute(db);
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (SYNC_TRAFFIC.has(name)) continue;
    const r = await sql<{ n: number; h: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, E'\n' ORDER BY t::text)) AS h FROM ${sql.table(name)} t`.execute(
      db,
    );
    out[name] = `${r.rows[0]?.n ?? 0}:${r.rows[0]?.h ?? ''}`;
  }
  return out;
}

type Targets = [string, () => Promise<ServerDbHandle>][];

async function run(): Promise<Record<string, Record<string, string>>> {
  const targets: Targets = [['pglite', () => openServerDb({ pgliteDir: ':memory:' })]];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push(['postgres', () => openFreshPostgres(url)]);
  const only = process.env.SEED_DIGEST_SETS ? process.env.SEED_DIGEST_SETS.split(',') : undefined;
  const out: Record<string, Record<string, string>> = {};
  for (const [target, open] of targets) {
    for (const [name, options] of Object.entries(OPTION_SETS)) {
      if (only && !only.includes(name)) continue;
      const h = await open();
      try {
        await migrateServerToLatest(h.db);
        await seedDemo(h.db, options);
        out[`${target}/${name}`] = await digests(h.db);
        process.stderr.write(
          `${target}/${name}: ${Object.keys(out[`${target}/${name}`] ?? {}).length} tables\n`,
        );
      } finally {
        await h.close();
      }
    }
  }
  return out;
}

const [mode, file] = process.argv.slice(2);
if ((mode !== '--write' && mode !== '--check') || !file) {
  console.error('usage: tsx scripts/seed-digests.ts --write|--check <file.json>');
  process.exit(2);
}
const now = await run();
if (mode === '--write') {
  writeFileSync(file, `${JSON.stringify(now, null, 2)}\n`);
  console.log(`wrote ${file}`);
} else {
  const before = z
    .record(z.string(), z.record(z.string(), z.string()))
    .parse(JSON.parse(readFileSync(file, 'utf8')));
  let differences = 0;
  let compared = 0;
  for (const [set, tables] of Object.entries(now)) {
    const old = before[set];
    if (!old) {
      console.log(`${set}: not in ${file}`);
      differences++;
      continue;
    }
    for (const t of new Set([...Object.keys(old), ...Object.keys(tables)])) {
      compared++;
      if (old[t] !== tables[t]) {
        differences++;
        console.log(`${set} ${t}: before ${old[t] ?? '(absent)'} now ${tables[t] ?? '(absent)'}`);
      }
    }
  }
  const sets = Object.keys(now).join(', ');
  if (compared === 0) {
    console.log('nothing compared: no option set was seeded (check SEED_DIGEST_SETS)');
    process.exit(1);
  }
  console.log(
    differences === 0
      ? `identical: ${compared} table digests over ${Object.keys(now).length} seeded databases (${sets})`
      : `${differences} difference(s)`,
  );
  process.exit(differences === 0 ? 0 : 1);
}
