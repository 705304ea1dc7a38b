/**
 * The demo district server of `npm start` (started by src-main/launcher, one process):
 *
 *   node --import tsx server-sync/demo/serve.ts --data-dir DIR --port P [--setup] [--students N] [--parent-pid PID]
 *
 * Always embedded PGlite in `DIR/server` (DATABASE_URL is ignored: the demo never touches a real database),
 * migrated at start, listening on 127.0.0.1:P only. With --setup (a workstation is about to enroll) it also seeds
 * the demo district when the database holds none (one school, N students, one school year ending today), makes
 * sure the demo nurse exists with the password read from standard input, and issues a one-time enrollment code.
 * Events for the launcher go to standard output (src-shared/demo/protocol.ts); logs go to standard error.
 * SIGINT / SIGTERM (or the parent process going away) close the server and the database, then exit 0.
 */
import { Command, InvalidArgumentError } from 'commander';
import { sql } from 'kysely';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_DEFAULT_STUDENTS,
  DEMO_NURSE_EMAIL,
  formatDemoEvent,
  type DemoEvent,
} from '../../src-shared/demo/protocol';
import { issueEnrollmentCode } from '../admin';
import { buildServer } from '../app';
import { startJobs, type JobRunner } from '../jobs';
import { serverJobCatalog } from '../jobs-catalog';
import { sisKek } from '../sis';
import { reportOptions, syncReportDefinitions } from '../reports';
import { appendAudit, serverAuditCheckpoints } from '../audit';
import { resolveJwtSecret } from '../auth/secret';
import { createUser, UserInputError } from '../auth/users';
import { PASSWORD_MIN_LENGTH } from '../auth/passwords';
import { ConfigError, loadConfig } from '../config';
import { openServerDb, type ServerDb } from '../db/connect';
import { migrateServerToLatest } from '../db/migrate';
import { hasDistrict, seedDemo } from '../seed/demo';
import { loadShippedIfChanged } from '../medication-safety';
import { systemClock } from '../plugins/clock';
import { ensureSupportingData, loadShippedSchoolEntry, refreshMissingDashboards } from '../immunizations';

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const emit = (e: DemoEvent) => process.stdout.write(formatDemoEvent(e));

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

/** Seeds an empty database, makes sure the demo nurse can sign in, and issues an enrollment code. */
async function setup(db: ServerDb, students: number, password: string): Promise<DemoEvent> {
  let seeded = false;
  if (!(await hasDistrict(db))) {
    log(`seeding the demo district (1 school, ${students} students, one school year)...`);
    const t0 = Date.now();
    const asOf = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    await seedDemo(db, { seed: 1, students, years: 1, schools: 1, asOf });
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    seeded = true;
  }
  const school = await db
    .selectFrom('schools')
    .select(['id', 'name', 'district_id'])
    .orderBy('name')
    .orderBy('id')
    .executeTakeFirst();
  if (!school) throw new Error('the demo database holds no school: delete its data directory to start over');

  const nurse = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', DEMO_NURSE_EMAIL)
    .executeTakeFirst();
  if (!nurse) {
    try {
      await createUser(db, {
        email: DEMO_NURSE_EMAIL,
        role: 'NURSE',
        password,
        firstName: 'Demo',
        lastName: 'Nurse',
        schools: [school.id],
        districtId: school.district_id,
      });
    } catch (e) {
      if (e instanceof UserInputError) throw new Error(`demo nurse: ${e.message}`);
      throw e;
    }
    log(`created the demo nurse ${DEMO_NURSE_EMAIL} at ${school.name}`);
  }
  // the district console's demo account (same password as the nurse's)
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', DEMO_ADMIN_EMAIL)
    .executeTakeFirst();
  if (!admin) {
    await createUser(db, {
      email: DEMO_ADMIN_EMAIL,
      role: 'DISTRICT_ADMIN',
      password,
      firstName: 'Demo',
      lastName: 'Administrator',
      districtId: school.district_id,
    });
    log(`created the demo district administrator ${DEMO_ADMIN_EMAIL} (the district console)`);
  }

  const issuer = await db
    .selectFrom('users')
    .select('id')
    .where('district_id', '=', school.district_id)
    .where('role', '=', 'DISTRICT_ADMIN')
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!issuer) throw new Error('the demo district has no administrator to issue an enrollment code');
  const now = new Date();
  const code = await db.transaction().execute(async (trx) => {
    const c = await issueEnrollmentCode(trx, { schoolId: school.id, createdBy: issuer.id, now });
    await appendAudit(trx, {
      action: 'ADMIN',
      userId: issuer.id,
      deviceId: null,
      schoolId: school.id,
      tableName: 'device_enrollment_codes',
      recordId: c.id,
      ip: null,
      userAgent: 'white-cross demo',
      details: { event: 'enrollment_code_issued' },
      at: now,
    });
    return c.code;
  });
  return {
    event: 'setup',
    seeded,
    schoolId: school.id,
    schoolName: school.name,
    nurseEmail: DEMO_NURSE_EMAIL,
    enrollmentCode: code,
  };
}

async function main(): Promise<void> {
  const program = new Command('white-cross-demo-server')
    .description('the demo district server of `npm start` (PGlite, 127.0.0.1 only)')
    .requiredOption('--data-dir <dir>', 'demo district data (PGlite in <dir>/server, the token key)')
    .requiredOption('--port <port>', 'port on 127.0.0.1', int('--port', 1, 65535))
    .option(
      '--setup',
      'seed an empty database, ensure the demo nurse (password on standard input), issue an enrollment code',
    )
    .option(
      '--students <n>',
      `students of a newly seeded demo district (default ${DEMO_DEFAULT_STUDENTS})`,
      int('--students', 1, 200_000),
      DEMO_DEFAULT_STUDENTS,
    )
    .option('--parent-pid <pid>', 'stop when this process is gone', int('--parent-pid', 1, 2 ** 31))
    .showHelpAfterError();
  program.parse(process.argv);
  const opts = program.opts<{
    dataDir: string;
    port: number;
    setup?: boolean;
    students: number;
    parentPid?: number;
  }>();

  const password = opts.setup ? await readStdinLine() : '';
  if (opts.setup && password.length < PASSWORD_MIN_LENGTH)
    throw new Error(
      `--setup: the demo nurse's password (standard input) must be at least ${PASSWORD_MIN_LENGTH} characters`,
    );

  const env: Record<string, string | undefined> = { ...process.env };
  delete env.DATABASE_URL; // the demo is always embedded PGlite
  delete env.NODE_ENV;
  const config = loadConfig({
    ...env,
    WHITE_CROSS_DATA_DIR: opts.dataDir,
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const h = await openServerDb({ pgliteDir: config.pgliteDir });
  let closing: Promise<void> | null = null;
  let app: ReturnType<typeof buildServer> | null = null;
  let jobs: JobRunner | null = null;
  const stop = (why: string): Promise<void> =>
    (closing ??= (async () => {
      log(`${why}: stopping`);
      try {
        if (app) await app.close();
        if (jobs) await jobs.stop();
        await h.close();
        process.exit(0);
      } catch (e) {
        log(`stop failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      }
    })());
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (opts.parentPid !== undefined) {
    const parent = opts.parentPid;
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        void stop('the launcher is gone');
      }
    }, 2000).unref();
  }

  const applied = await migrateServerToLatest(h.db);
  if (applied.length) log(`applied ${applied.length} migration(s)`);
  if (opts.setup) emit(await setup(h.db, opts.students, password));
  // after the seed (which loads it at go-live): a newer shipped dataset reaches an existing demo district
  const safety = await loadShippedIfChanged(h.db);
  if (safety.loaded) log(`medication-safety reference ${safety.version} loaded`);
  const cdsi = await ensureSupportingData(h.db);
  if (cdsi) log(`CDC's CDSi supporting data ${cdsi.version} loaded`);
  const entry = await loadShippedSchoolEntry(h.db);
  if (entry.rows.inserted + entry.rows.updated + entry.rows.retired > 0)
    log(`school-entry requirements ${entry.version} loaded (${entry.states.join(', ')})`);
  // the demo shows its compliance dashboard from the start (elsewhere: nightly, after synced doses, or on demand)
  const dashboards = await refreshMissingDashboards(h.db, systemClock);
  if (dashboards.length > 0) log(`compliance dashboard computed for ${dashboards.length} school(s)`);
  await syncReportDefinitions(h.db, new Date());
  if (closing) return;
  const jwt = resolveJwtSecret(config); // the demo keeps a generated key in DIR/jwt-secret (its warning is for production)
  // the demo district keeps its audit chain anchored like a real one: signed checkpoints in DIR/audit-checkpoint.json
  const checkpoints = serverAuditCheckpoints(config);
  app = buildServer({
    db: h,
    config: { ...config, jwtSecret: jwt.secret },
    logStream: process.stderr,
    auditCheckpoints: checkpoints.options,
    reports: reportOptions(config),
    sisSources: { kek: () => sisKek(config) },
  });
  jobs = await startJobs({ db: h, definitions: serverJobCatalog(config) });
  if (closing) return;
  const address = await app.listen({ host: '127.0.0.1', port: opts.port });
  emit({ event: 'listening', url: address });
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) log(e.message);
  else log(`demo server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
