import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type AppConfig } from '../../server-sync/app';
import { openServerDb, type ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import { MAX_CLOCK_DRIFT_MS } from '../../src-shared/sync/hlc';
import { openFreshPostgres } from '../support/db';
import { checkInvariants, type CheckResult } from './check';
import {
  DEFAULT_FAULT_RATES,
  NO_FAULTS,
  emptyFaultCounts,
  type FaultCounts,
  type FaultRates,
} from './faults';
import { SimNetwork } from './network';
import type { LedgerWrite } from './ops';
import { Prng } from './prng';
import { schedule } from './schedule';
import { drawBadSkew, drawSkew } from './skew';
import { SimWorkstation, type SimEnv } from './workstation';
import { buildWorld, enrollWorkstation, login } from './world';

/**
 * One seed of the simulation: a fresh district database (PostgreSQL at TEST_DATABASE_URL, else in-memory PGlite),
 * the real district server (buildServer) listening on loopback, N workstations with real encrypted stores and sync
 * clients, the seeded schedule of writes, syncs and faults, then a fault-free quiescent sync and the invariants.
 */

export interface SimOptions {
  readonly seed: number;
  readonly clients: number;
  /** Operations (creates, edits, deletes) per workstation. */
  readonly ops: number;
  readonly databaseUrl?: string | undefined;
  readonly studentsPerSchool?: number;
  readonly rates?: FaultRates;
  readonly verbose?: (line: string) => void;
  /** Tests only: runs after the checks, may break the state and run the checks again (to prove they catch it). */
  readonly afterCheck?: (ctx: {
    readonly db: ServerDbHandle['db'];
    readonly ledger: readonly LedgerWrite[];
    readonly recheck: () => Promise<CheckResult>;
  }) => Promise<void>;
}

export interface SeedResult extends Omit<CheckResult, 'details' | 'notes' | 'unexplained'> {
  readonly seed: number;
  readonly database: 'postgres' | 'pglite';
  readonly clients: number;
  readonly ops: number;
  readonly writes: number;
  /** Protocol rules broken on the wire, fault-free syncs that failed, rejections of valid writes. */
  readonly violations: number;
  readonly serverErrors: number;
  readonly faults: FaultCounts;
  readonly ms: number;
  /** Why a seed fails (each finding with the row's history). */
  readonly details: readonly string[];
  /** Worth knowing, not failures (--verbose prints them). */
  readonly notes: readonly string[];
}

/** Virtual time starts on a school morning; the district server's clock is this virtual clock. */
export const SIM_START_MS = Date.parse('2026-10-05T12:00:00.000Z');

export function simConfig(): AppConfig {
  return {
    jwtSecret: 'sim-secret-sim-secret-sim-secret-0123456789',
    accessTokenTtlSeconds: 15 * 60,
    refreshTokenTtlSeconds: 30 * 86_400,
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    rateLimitMax: 1_000_000,
    loginRateLimitMax: 1_000_000,
    logLevel: 'silent',
  };
}

async function openDb(url: string | undefined): Promise<ServerDbHandle> {
  const h = url ? await openFreshPostgres(url) : await openServerDb({ pgliteDir: ':memory:' });
  try {
    await migrateServerToLatest(h.db);
    return h;
  } catch (e) {
    await h.close();
    throw e;
  }
}

export async function runSeed(options: SimOptions): Promise<SeedResult> {
  const started = Date.now();
  const verbose = options.verbose ?? (() => undefined);
  const prng = new Prng(options.seed);
  const counts = emptyFaultCounts();
  let rates: FaultRates = options.rates ?? DEFAULT_FAULT_RATES;
  const clock = { nowMs: SIM_START_MS };
  const h = await openDb(options.databaseUrl);
  const lap = (what: string) => verbose(`${what} at ${Date.now() - started} ms`);
  lap('database migrated');
  const dir = mkdtempSync(join(tmpdir(), 'wc-sim-'));
  let app: FastifyInstance | null = null;
  const stations: SimWorkstation[] = [];
  try {
    const server = buildServer({
      db: h,
      config: simConfig(),
      clock: { now: () => new Date(clock.nowMs) },
      logStream: { write: () => undefined },
    });
    app = server;
    const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    const schoolCount = Math.max(1, Math.floor(options.clients / 2));
    const world = await buildWorld(h.db, prng.fork('world'), {
      schoolsWithWorkstations: schoolCount,
      studentsPerSchool: options.studentsPerSchool ?? 6,
      nowMs: clock.nowMs,
    });
    const ledger: LedgerWrite[] = [];
    const violations: string[] = [];
    const network = new SimNetwork(counts, () => rates);
    const env: SimEnv = { baseUrl, clock, network, counts, rates: () => rates, violations, ledger, verbose };
    const admin = await login(server, world.adminEmail);
    // enrolled and signed in all at once (argon2 runs on the thread pool)
    const made = await Promise.all(
      Array.from({ length: options.clients }, async (_, i) => {
        const school = world.schools[i % schoolCount];
        if (!school) throw new Error('sim: no school for a workstation');
        const device = await enrollWorkstation(server, admin.accessToken, school.id, `ws${i + 1}`);
        const tokens = await login(server, school.nurseEmail, device);
        const wsPrng = prng.fork(`ws${i + 1}`);
        const ws = new SimWorkstation(
          `ws${i + 1}`,
          school,
          device,
          tokens,
          drawSkew(wsPrng),
          dir,
          wsPrng,
          env,
        );
        await ws.open();
        return ws;
      }),
    );
    stations.push(...made);
    for (const ws of stations)
      verbose(`${ws.name}: school ${ws.school.code}, device ${ws.device.deviceId}, clock ${ws.skewMs} ms`);
    const someone = prng.fork('bad-clock');
    if (!stations.some((ws) => ws.skewMs > MAX_CLOCK_DRIFT_MS))
      someone.pick(stations).skewMs = drawBadSkew(someone);
    lap('world and workstations ready');
    const transferred = await schedule({
      prng: prng.fork('schedule'),
      stations,
      env,
      world,
      db: h.db,
      ops: options.ops,
    });

    lap('schedule done');
    // the end: no more faults, clocks corrected, the network delivers what it still holds, then sync to quiescence
    rates = NO_FAULTS;
    await network.drain();
    for (const ws of stations) {
      if (ws.skewMs > MAX_CLOCK_DRIFT_MS) ws.skewMs = 0;
      ws.online = true;
      await ws.restart();
    }
    // a clock that ran ahead left HLCs ahead too: the server takes them once its own time has caught up
    clock.nowMs += 2 * MAX_CLOCK_DRIFT_MS;
    let quiet = 0;
    for (let round = 0; quiet < 2; round++) {
      if (round >= 12) {
        violations.push(`no quiescence after ${round} rounds of fault-free syncs`);
        break;
      }
      let moved = false;
      for (const ws of stations) {
        clock.nowMs += 1000;
        const r = await ws.sync();
        if (r.kind !== 'ok') {
          moved = true;
          violations.push(`${ws.name}: a fault-free sync failed: ${r.error}`);
        } else if (r.report.push.acked > 0 || r.report.pull.changes > 0) moved = true;
      }
      quiet = moved ? 0 : quiet + 1;
    }

    lap('quiescent');
    const check = () => checkInvariants({ db: h.db, world, stations, ledger, transferred });
    const result = await check();
    await options.afterCheck?.({ db: h.db, ledger, recheck: check });
    for (const v of violations) verbose(`violation: ${v}`);
    for (const e of network.serverErrors) verbose(`server error: ${e}`);
    for (const d of result.details) verbose(d);
    for (const n of result.notes) verbose(`note: ${n}`);
    return {
      seed: options.seed,
      database: h.kind,
      clients: options.clients,
      ops: options.ops,
      writes: ledger.length,
      lost: result.lost,
      duplicated: result.duplicated,
      diverged: result.diverged,
      conflicts: result.conflicts,
      rejected: result.rejected,
      rejections: result.rejections,
      violations: violations.length + result.unexplained,
      serverErrors: network.serverErrors.length,
      faults: counts,
      ms: Date.now() - started,
      details: [
        ...violations.map((v) => `violation: ${v}`),
        ...network.serverErrors.map((e) => `server error: ${e}`),
        ...result.details,
      ],
      notes: result.notes,
    };
  } finally {
    for (const ws of stations) await ws.close().catch(() => undefined);
    await app?.close();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
