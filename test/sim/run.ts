/**
 * npm run sim -- --clients N --ops M --seeds K [--seed-start S] [--verbose]
 *
 * The seeded sync simulation (docs/sim.md): per seed, N workstations make M operations each against one district
 * server (real PostgreSQL at TEST_DATABASE_URL, a fresh database per seed; in-memory PGlite otherwise) through a
 * faulty network, then sync to quiescence and are checked. One JSON line per seed; the last line is
 * {"seeds":K,"lost":0,"duplicated":0,"diverged":0,"conflicts":C}. Exits 1 when any invariant fails.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runSeed, type SeedResult } from './sim';

const positive = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new InvalidArgumentError(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
};
const natural = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
};

const program = new Command('sim')
  .description(
    'seeded simulation of workstations syncing offline edits through faults against one district server',
  )
  .option('--clients <n>', 'workstations (two per school)', positive('--clients'), 4)
  .option('--ops <n>', 'operations (creates, edits, deletes) per workstation', positive('--ops'), 40)
  .option('--seeds <n>', 'seeds to run', positive('--seeds'), 1)
  .option('--seed-start <n>', 'first seed', natural('--seed-start'), 1)
  .option('--verbose', 'log the schedule and every finding to stderr', false)
  .showHelpAfterError();
program.parse();
const opts = program.opts<{
  clients: number;
  ops: number;
  seeds: number;
  seedStart: number;
  verbose: boolean;
}>();

const databaseUrl = process.env.TEST_DATABASE_URL || undefined;
const total = { seeds: opts.seeds, lost: 0, duplicated: 0, diverged: 0, conflicts: 0 };
let failed = false;
for (let seed = opts.seedStart; seed < opts.seedStart + opts.seeds; seed++) {
  let r: SeedResult;
  try {
    r = await runSeed({
      seed,
      clients: opts.clients,
      ops: opts.ops,
      databaseUrl,
      ...(opts.verbose ? { verbose: (line: string) => console.error(`[seed ${seed}] ${line}`) } : {}),
    });
  } catch (e) {
    failed = true;
    console.log(JSON.stringify({ seed, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
    continue;
  }
  const { details, notes: _notes, ...line } = r;
  console.log(JSON.stringify(line));
  if (!opts.verbose) for (const d of details.slice(0, 10)) console.error(`[seed ${seed}] ${d}`);
  total.lost += r.lost;
  total.duplicated += r.duplicated;
  total.diverged += r.diverged;
  total.conflicts += r.conflicts;
  if (r.lost > 0 || r.duplicated > 0 || r.diverged > 0 || r.violations > 0 || r.serverErrors > 0)
    failed = true;
}
console.log(JSON.stringify(total));
process.exitCode = failed ? 1 : 0;
