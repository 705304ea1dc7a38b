import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import type { Benchmark, Measurement } from './registry';
import { runWorkstation } from './sync/child';
import type { CpuCategory, WorkstationJob } from './sync/ipc';
import { applyGroupingExperiment } from './sync/experiment';
import { postgresInsertLimit } from './sync/limit-postgres';
import { startCpuProfile, type CpuProfiler } from './sync/profile';
import { ROWS_PER_STUDENT, generateDistrict, type BenchDistrict } from './sync/school';
import { enrollDevices, openBenchDb, startBenchServer, type BenchDb, type BenchServer } from './sync/server';

/**
 * npm run bench -- sync [--rows N] [--devices N] [--changes N] [--batch N] [--page N] [--seed N] [--only
 * first-sync|push] [--profile]  (docs/bench.md)
 *
 * 1. First sync: one school of --rows synced rows (2,500 students over 5 years ≈ 200,000) downloaded by the real
 *    workstation client, in its own process, from the real server over 127.0.0.1 into an encrypted database; and
 *    the same rows inserted into a fresh encrypted database by plain prepared statements (the limit); peak RSS.
 * 2. Push ingest: --devices enrolled workstations (own tokens, own schools) pushing --changes outbox rows each, all
 *    at once; and the same rows by plain batched multi-row INSERTs from as many writers (the limit).
 * The server runs on PostgreSQL at TEST_DATABASE_URL (a fresh database, dropped after), else on in-memory PGlite.
 */

const AIM = { firstSyncRowsPerS: 20_000, firstSyncRatio: 0.5, pushChangesPerS: 5_000 } as const;

const options = z.strictObject({
  rows: z.coerce.number().int().min(1000).max(2_000_000).default(200_000),
  devices: z.coerce.number().int().min(1).max(100).default(20),
  changes: z.coerce.number().int().min(1).max(100_000).default(2000),
  batch: z.coerce.number().int().min(1).max(500).default(500),
  page: z.coerce.number().int().min(1).max(5000).default(1000),
  seed: z.coerce.number().int().min(0).default(1),
  only: z.enum(['first-sync', 'push']).optional(),
  profile: z.boolean().default(false),
});
type Options = z.infer<typeof options>;

function parseArgs(args: readonly string[]): Options {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) throw new Error(`sync bench: unexpected argument ${JSON.stringify(a)}`);
    const name = a.slice(2);
    if (name === 'profile') raw.profile = true;
    else raw[name] = args[++i] ?? '';
  }
  const r = options.safeParse(raw);
  if (!r.success) {
    throw new Error(
      `sync bench: ${r.error.issues.map((i) => `--${i.path.join('.') || '?'}: ${i.message}`).join('; ')}`,
    );
  }
  return r.data;
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const sec = (ms: number) => Number((ms / 1000).toFixed(2));

interface Ctx {
  readonly o: Options;
  readonly bdb: BenchDb;
  readonly server: BenchServer;
  readonly district: BenchDistrict;
  readonly dir: string;
  readonly emit: (m: Measurement) => void;
}

interface ServerSide {
  readonly serverCpuMs: number;
  readonly backendCpuMs: number | null;
  readonly serverProfile: CpuCategory[];
}

/** Runs a workstation job with the server's counters zeroed at its "go" and read when its timed part ends. */
async function measured<J extends WorkstationJob>(ctx: Ctx, job: J) {
  const box: { read: (() => Promise<ServerSide>) | null; server: ServerSide | null } = {
    read: null,
    server: null,
  };
  const r = await runWorkstation(job, {
    onReady: async () => {
      ctx.bdb.stats.reset();
      ctx.server.routes.reset();
      const cpu0 = process.cpuUsage();
      const backend0 = await ctx.bdb.backendCpuSeconds();
      const profiler: CpuProfiler | null = ctx.o.profile ? await startCpuProfile() : null;
      box.read = async () => {
        const cpu = process.cpuUsage(cpu0);
        const backend1 = await ctx.bdb.backendCpuSeconds();
        return {
          serverCpuMs: (cpu.user + cpu.system) / 1000,
          backendCpuMs: backend0 !== null && backend1 !== null ? (backend1 - backend0) * 1000 : null,
          serverProfile: profiler ? await profiler.stop() : [],
        };
      };
    },
    onMeasured: async () => {
      box.server = (await box.read?.()) ?? null;
      ctx.bdb.stats.freeze();
      ctx.server.routes.freeze();
    },
  });
  return { r, server: box.server };
}

function emitCpu(
  ctx: Ctx,
  measurement: string,
  side: string,
  cats: readonly CpuCategory[],
  per: number,
): void {
  for (const c of cats.slice(0, 12)) {
    ctx.emit({
      measurement,
      side,
      category: c.category,
      ms: c.ms,
      ms_per_1000: Number(((c.ms * 1000) / per).toFixed(1)),
    });
  }
}

async function firstSync(ctx: Ctx): Promise<void> {
  const { o, bdb, emit } = ctx;
  const school = ctx.district.schools[0];
  if (!school) throw new Error('no school to sync');
  const [device] = await enrollDevices(
    ctx.server.url,
    { email: ctx.district.adminEmail, password: ctx.district.password },
    [school.id],
  );
  if (!device) throw new Error('enrollment failed');
  const { r, server } = await measured(ctx, {
    kind: 'first-sync',
    url: ctx.server.url,
    email: ctx.district.nurseEmail,
    password: ctx.district.password,
    dir: ctx.dir,
    device,
    pullLimit: o.page,
    profile: o.profile,
  });
  const syncRate = rate(r.changes, r.ms);
  const limitRate = rate(r.limit.rows, r.limit.ms);
  const ratio = Number((syncRate / limitRate).toFixed(3));
  const db = bdb.kind;
  emit({
    database: db,
    measurement: 'first_sync_rows_per_s',
    rows: r.changes,
    school_rows: Object.values(school.rows).reduce((a, b) => a + b, 0),
    local_rows: r.localRows,
    pages: r.pages,
    page_size: o.page,
    seconds: sec(r.ms),
    value: syncRate,
    aim: AIM.firstSyncRowsPerS,
    meets_aim: syncRate >= AIM.firstSyncRowsPerS,
  });
  emit({
    database: db,
    measurement: 'first_sync_limit_rows_per_s',
    rows: r.limit.rows,
    pages: r.limit.pages,
    seconds: sec(r.limit.ms),
    value: limitRate,
  });
  emit({
    database: db,
    measurement: 'first_sync_to_limit_ratio',
    value: ratio,
    aim: AIM.firstSyncRatio,
    meets_aim: ratio >= AIM.firstSyncRatio,
  });
  emit({
    database: db,
    measurement: 'first_sync_peak_rss_mb',
    value: r.rssPeakMb,
    before_mb: r.rssBeforeMb,
    db_file_mb: Math.round(r.dbBytes / 1048576),
  });
  const pull = ctx.server.routes.get('GET /sync/pull');
  emit({
    database: db,
    measurement: 'first_sync_time_split',
    total_s: sec(r.ms),
    client_transport_s: sec(r.transportMs),
    client_apply_s: sec(r.ms - r.transportMs),
    server_pull_handler_s: sec(pull.ms),
    server_cpu_s: server ? sec(server.serverCpuMs) : null,
    db_backend_cpu_s: server?.backendCpuMs != null ? sec(server.backendCpuMs) : null,
    db_statement_s: sec(bdb.stats.totalMs()),
  });
  const per1000 = (ms: number) => Number(((ms * 1000) / Math.max(1, r.decode.changes)).toFixed(1));
  emit({
    database: db,
    measurement: 'first_sync_decode_ms_per_1000',
    json_parse_ms: per1000(r.decode.jsonMs),
    zod_check_ms: per1000(r.decode.zodMs),
  });
  for (const s of bdb.stats.top(6))
    emit({
      database: db,
      measurement: 'first_sync_db_statement',
      statement: s.label,
      calls: s.calls,
      ms: Math.round(s.ms),
    });
  emitCpu(ctx, 'first_sync_cpu', 'workstation', r.cpu, r.changes);
  if (server) emitCpu(ctx, 'first_sync_cpu', 'server', server.serverProfile, r.changes);
}

async function push(ctx: Ctx): Promise<void> {
  const { o, bdb, emit } = ctx;
  const schools = ctx.district.schools.slice(1);
  const devices = await enrollDevices(
    ctx.server.url,
    { email: ctx.district.adminEmail, password: ctx.district.password },
    schools.map((s) => s.id),
  );
  const { r, server } = await measured(ctx, {
    kind: 'push',
    url: ctx.server.url,
    email: ctx.district.nurseEmail,
    password: ctx.district.password,
    dir: ctx.dir,
    devices,
    changesPerDevice: o.changes,
    batchSize: o.batch,
    seed: o.seed,
    profile: o.profile,
  });
  const statements = bdb.stats.top(8);
  const statementMs = bdb.stats.totalMs();
  const handler = ctx.server.routes.get('POST /sync/push');
  const db = bdb.kind;
  if (r.rejections > 0 || r.acked !== r.changes) {
    emit({
      database: db,
      measurement: 'push_warning',
      note: `acked ${r.acked} of ${r.changes} changes, ${r.rejections} rejected`,
    });
  }
  const pushRate = rate(r.acked, r.ms);
  const ids = devices.map((d) => d.deviceId);
  const limit = await postgresInsertLimit(bdb.handle.db, ids, {
    batchSize: o.batch,
    prefix: 'limit-',
    withoutCapture: false,
  });
  const bare = await postgresInsertLimit(bdb.handle.db, ids, {
    batchSize: o.batch,
    prefix: 'bare-',
    withoutCapture: true,
  });
  const limitRate = rate(limit.rows, limit.ms);
  emit({
    database: db,
    measurement: 'push_ingest_changes_per_s',
    devices: r.devices,
    changes: r.acked,
    batches: r.batches,
    batch_size: o.batch,
    seconds: sec(r.ms),
    value: pushRate,
    aim: AIM.pushChangesPerS,
    meets_aim: pushRate >= AIM.pushChangesPerS,
  });
  emit({
    database: db,
    measurement: 'push_limit_changes_per_s',
    rows: limit.rows,
    statements: limit.statements,
    seconds: sec(limit.ms),
    value: limitRate,
  });
  emit({
    database: db,
    measurement: 'push_to_limit_ratio',
    value: Number((pushRate / limitRate).toFixed(3)),
  });
  if (o.profile) {
    const nurse = await bdb.handle.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', ctx.district.nurseEmail)
      .executeTakeFirstOrThrow();
    const x = await applyGroupingExperiment(bdb.handle.db, devices, nurse.id, o.batch);
    for (const [grouping, g] of [
      ['as pushed: one statement per run of one table', x.asPushed],
      ['one statement per table', x.perTable],
    ] as const) {
      emit({
        database: db,
        measurement: 'push_apply_experiment',
        grouping,
        writes: x.writes,
        statements_per_batch: Number((g.statements / Math.max(1, r.batches)).toFixed(1)),
        ms_per_1000: Number(((g.ms * 1000) / Math.max(1, x.writes)).toFixed(1)),
      });
    }
  }
  emit({
    database: db,
    measurement: 'push_limit_without_capture_changes_per_s',
    rows: bare.rows,
    seconds: sec(bare.ms),
    value: rate(bare.rows, bare.ms),
  });
  emit({
    database: db,
    measurement: 'push_time_split',
    wall_s: sec(r.ms),
    server_push_handler_s: sec(handler.ms),
    avg_push_ms: handler.calls > 0 ? Math.round(handler.ms / handler.calls) : null,
    pushes: handler.calls,
    server_cpu_s: server ? sec(server.serverCpuMs) : null,
    db_backend_cpu_s: server?.backendCpuMs != null ? sec(server.backendCpuMs) : null,
    db_statement_s: sec(statementMs),
  });
  for (const s of statements) {
    emit({
      database: db,
      measurement: 'push_db_statement',
      statement: s.label,
      calls: s.calls,
      ms: Math.round(s.ms),
      ms_per_1000: Number(((s.ms * 1000) / Math.max(1, r.acked)).toFixed(1)),
    });
  }
  emitCpu(ctx, 'push_cpu', 'workstations', r.cpu, r.acked);
  if (server) emitCpu(ctx, 'push_cpu', 'server', server.serverProfile, r.acked);
}

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
      if (o.only !== 'push') await firstSync(ctx);
      if (o.only !== 'first-sync') await push(ctx);
    } finally {
      await server?.close();
      await bdb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
