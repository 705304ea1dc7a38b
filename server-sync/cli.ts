/**
 * `white-cross`: the district IT command line. Every subcommand has --help.
 * Built into dist/white-cross.mjs (package.json bin); the npm scripts call it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig, ConfigError } from './config';
import { openServerDb, redactUrl, type ServerDbHandle } from './db/connect';
import { cliDatabase, dataDirOf, OTHER_DATABASE_HINT } from './db/target';
import { migrateServerToLatest, rollbackServer, serverMigrationStatus } from './db/migrate';
import { seedDemo, DEFAULT_SEED_OPTIONS } from './seed/demo';
import { buildServer } from './app';
import { defaultConsoleDir } from './console';
import { FIRST_ADMIN_HINT, registerAuthCommands } from './auth/cli';
import { resolveJwtSecret } from './auth/secret';
import { hasLoginAccount } from './auth/users';
import { registerAuditCommands, serverAuditCheckpoints } from './audit';
import { registerJobCommands, startJobs } from './jobs';
import { serverJobCatalog } from './jobs-catalog';
import { registerSisCommands, sisKek } from './sis';
import { registerOutbreakCommands } from './outbreaks';
import { registerRegistryCommands } from './registry';
import { ensureSupportingData, loadShippedSchoolEntry, registerImmunizationCommands } from './immunizations';
import {
  loadShippedIfChanged,
  registerInteractionsCommand,
  registerMedicationSafetyCommands,
} from './medication-safety';
import {
  registerKeygenCommand,
  registerReportCommands,
  reportDeps,
  resolveKek,
  reportOptions,
  syncReportDefinitions,
} from './reports';
import { systemClock } from './plugins/clock';

const positiveInt = (label: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${label} must be a positive whole number, got "${v}"`);
  return n;
};
const isoDay = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new InvalidArgumentError(`--as-of must be a date as YYYY-MM-DD, got "${v}"`);
  }
  return new Date(`${v}T12:00:00Z`);
};

const cliTarget = () =>
  cliDatabase({ env: process.env, dataDirFlag: program.opts<{ dataDir?: string }>().dataDir });

/** The server's data folder of the command's database (keys, audit checkpoints), the one withDb opens beside. */
const cliDataDir = (): string => dataDirOf(cliTarget(), loadConfig().dataDir);

/** Opens the database the command works on (server-sync/db/target.ts) and says which one, why, and how to change it. */
async function withDb<T>(fn: (h: ServerDbHandle) => Promise<T>): Promise<T> {
  loadConfig(); // a bad DATABASE_URL or other variable stops here, named
  const target = cliTarget();
  const which = target.databaseUrl ? redactUrl(target.databaseUrl) : `PGlite at ${target.pgliteDir ?? '?'}`;
  console.error(`database: ${which} (${target.why})\n  ${OTHER_DATABASE_HINT}`); // also when it cannot be opened
  const h = await openServerDb(target);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

const program = new Command('white-cross')
  .description(
    [
      'White Cross district server: database, demo data and service commands.',
      "Database: --data-dir DIR (PGlite in DIR/server; for a data folder of npm start, its demo district), else DATABASE_URL (PostgreSQL), else WHITE_CROSS_DATA_DIR (as --data-dir), else ./data/server when it exists, else the demo district of npm start (in the platform's app-data folder), else ./data/server. Every command says which it uses.",
    ].join('\n'),
  )
  .option(
    '--data-dir <dir>',
    'the embedded PGlite database in DIR/server, or the demo district of an npm start data folder (wins over DATABASE_URL)',
  )
  .showHelpAfterError();

const db = program.command('db').description('migrate or roll back the district database');

db.command('migrate')
  .description('apply every pending migration (one transaction: all or nothing)')
  .action(() =>
    withDb(async (h) => {
      const applied = await migrateServerToLatest(h.db);
      console.log(
        applied.length
          ? `applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`
          : 'already up to date',
      );
    }),
  );

db.command('rollback')
  .description('roll back the newest migration, or all of them with --all')
  .option('--all', 'roll back every migration (removes every White Cross table)', false)
  .action((opts: { all: boolean }) =>
    withDb(async (h) => {
      const undone = await rollbackServer(h.db, { all: opts.all });
      console.log(
        undone.length
          ? `rolled back ${undone.length} migration(s):\n  ${undone.join('\n  ')}`
          : 'nothing to roll back',
      );
    }),
  );

db.command('status')
  .description('list migrations and whether each is applied')
  .action(() =>
    withDb(async (h) => {
      for (const m of await serverMigrationStatus(h.db)) {
        console.log(
          `${m.executedAt ? 'applied ' : 'pending '} ${m.name}${m.executedAt ? `  (${m.executedAt.toISOString()})` : ''}`,
        );
      }
    }),
  );

program
  .command('seed-demo')
  .description(
    "migrate, then fill an empty database with a synthetic demo district (deterministic for a given --seed and --as-of; no real person's data)",
  )
  .option('--seed <n>', 'random seed', positiveInt('--seed'), DEFAULT_SEED_OPTIONS.seed)
  .option(
    '--students <n>',
    'number of students across the district',
    positiveInt('--students'),
    DEFAULT_SEED_OPTIONS.students,
  )
  .option('--years <n>', 'school years of history', positiveInt('--years'), DEFAULT_SEED_OPTIONS.years)
  .option('--schools <n>', 'number of schools', positiveInt('--schools'), DEFAULT_SEED_OPTIONS.schools)
  .option('--as-of <date>', "the demo's today, YYYY-MM-DD (default: today)", isoDay)
  .action((opts: { seed: number; students: number; years: number; schools: number; asOf?: Date }) =>
    withDb(async (h) => {
      await migrateServerToLatest(h.db);
      const asOf = opts.asOf ?? isoDay(new Date().toISOString().slice(0, 10));
      const bar = new SingleBar(
        { format: '{step} [{bar}] {value}/{total}', hideCursor: true, stream: process.stderr },
        Presets.shades_classic,
      );
      let current = '';
      const summary = await seedDemo(
        h.db,
        { seed: opts.seed, students: opts.students, years: opts.years, schools: opts.schools, asOf },
        (step, done, total) => {
          if (step !== current) {
            if (current) bar.stop();
            current = step;
            bar.start(total, done, { step: step.padEnd(28) });
          } else bar.update(done);
        },
      );
      if (current) bar.stop();
      const total = Object.values(summary).reduce((a, b) => a + b, 0);
      console.log(
        `seeded ${total} rows into ${Object.keys(summary).length} tables (seed ${opts.seed}, as of ${asOf.toISOString().slice(0, 10)})`,
      );
    }),
  );

program
  .command('serve')
  .description(
    'run pending migrations and start the district server (HOST, PORT, DATABASE_URL from the environment)',
  )
  .action(async () => {
    const config = loadConfig();
    const h = await openServerDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
    const applied = await migrateServerToLatest(h.db);
    const safety = await loadShippedIfChanged(h.db);
    console.error(
      safety.loaded
        ? `medication-safety reference ${safety.version} loaded (${safety.checksum.slice(0, 12)})`
        : `medication-safety reference ${safety.version} already loaded`,
    );
    const cdsi = await ensureSupportingData(h.db);
    if (cdsi)
      console.error(`CDC's CDSi supporting data ${cdsi.version} loaded (${cdsi.checksum.slice(0, 12)})`);
    const entry = await loadShippedSchoolEntry(h.db);
    console.error(
      `school-entry requirements ${entry.version} (${entry.states.join(', ')}): ${entry.rows.inserted} inserted, ${entry.rows.updated} updated, ${entry.rows.retired} retired, ${entry.rows.unchanged} unchanged`,
    );
    await syncReportDefinitions(h.db, new Date());
    const jwt = resolveJwtSecret(config);
    if (jwt.warning) console.error(`warning: ${jwt.warning}`);
    mkdirSync(config.dataDir, { recursive: true });
    const checkpoints = serverAuditCheckpoints(config);
    if (checkpoints.generatedKeyFile)
      console.error(
        `audit checkpoints are signed with ${checkpoints.generatedKeyFile} (made now): give auditors its public key (white-cross audit checkpoint-key)`,
      );
    const app = buildServer({
      db: h,
      config: { ...config, jwtSecret: jwt.secret },
      auditCheckpoints: checkpoints.options,
      reports: reportOptions(config),
      sisSources: { kek: () => sisKek(config) },
      registry: { kek: () => resolveKek(config, false) },
    });
    // the durable jobs run in every server instance (several on one PostgreSQL share the work; a job runs once)
    const jobs = await startJobs({ db: h, definitions: serverJobCatalog(config) });
    const close = async () => {
      await app.close();
      await jobs.stop();
      await h.close();
    };
    process.once('SIGINT', () => void close());
    process.once('SIGTERM', () => void close());
    const address = await app.listen({ host: config.host, port: config.port });
    console.log(
      `White Cross district server listening on ${address} (database: ${h.description}; ${applied.length} migration(s) applied now)`,
    );
    console.log(
      existsSync(join(defaultConsoleDir(), 'index.html'))
        ? `District console: ${address}/console`
        : `District console: ${address}/console once built (npm run build:console)`,
    );
    if (!(await hasLoginAccount(h.db))) console.log(FIRST_ADMIN_HINT);
  });

registerAuthCommands(program, withDb);
registerAuditCommands(program, withDb, cliDataDir);
registerJobCommands(program, withDb);
registerOutbreakCommands(program);
registerInteractionsCommand(program);
registerMedicationSafetyCommands(program, withDb);
registerImmunizationCommands(program, withDb);
registerSisCommands(program, withDb);
const reportConfig = () => ({ ...loadConfig(), dataDir: cliDataDir() });
const reportCommand = registerReportCommands(program, {
  withDb,
  dataDir: cliDataDir,
  deps: (h, dataDir) => reportDeps(h.db, systemClock, { ...reportConfig(), dataDir }),
});
registerKeygenCommand(reportCommand, reportConfig);
registerRegistryCommands(program, { withDb, kek: (create) => resolveKek(reportConfig(), create) });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(`white-cross: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
