import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect, sql, type KyselyPlugin, type LogEvent, type QueryId } from 'kysely';
import pg from 'pg';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import { buildServer, type AppConfig } from '../../../server-sync/app';
import { AUDIT_CHAIN_LOCK_KEY } from '../../../server-sync/audit/writer';
import { pgliteExecuteSql, redactUrl, type ServerDbHandle } from '../../../server-sync/db/connect';
import { PGliteDialect } from '../../../server-sync/db/pglite-dialect';
import { SYNC_CAPTURE_LOCK_KEY } from '../../../server-sync/sync/capture';
import { openFreshPostgres } from '../../support/db';

/**
 * The district side of the sync benchmark: a fresh database (PostgreSQL at TEST_DATABASE_URL, else in-memory
 * PGlite) behind a Kysely that times every statement (the profile: where the database time goes), and the real
 * server (buildServer, every plugin and route) listening on 127.0.0.1.
 */

export interface StatementStat {
  calls: number;
  ms: number;
}

/** Database time by statement, summed over every connection (concurrent statements overlap). */
export class StatementStats {
  private readonly byLabel = new Map<string, StatementStat>();
  private frozen = false;
  record(event: LogEvent): void {
    if (this.frozen) return;
    const label = statementLabel(event.query.sql, event.query.parameters);
    const s = this.byLabel.get(label) ?? { calls: 0, ms: 0 };
    s.calls++;
    s.ms += event.queryDurationMillis;
    this.byLabel.set(label, s);
  }
  reset(): void {
    this.byLabel.clear();
    this.frozen = false;
  }
  /** Stops counting until the next reset. */
  freeze(): void {
    this.frozen = true;
  }
  /** Heaviest first. */
  top(n: number): { label: string; calls: number; ms: number }[] {
    const all = [...this.byLabel.entries()]
      .map(([label, s]) => ({ label, ...s }))
      .sort((a, b) => b.ms - a.ms);
    const head = all.slice(0, n);
    const rest = all.slice(n);
    if (rest.length > 0) {
      head.push({
        label: `(${rest.length} other statements)`,
        calls: rest.reduce((a, r) => a + r.calls, 0),
        ms: rest.reduce((a, r) => a + r.ms, 0),
      });
    }
    return head;
  }
  /** Summed over the statements whose label matches. */
  matching(re: RegExp): StatementStat {
    const out = { calls: 0, ms: 0 };
    for (const [label, s] of this.byLabel) {
      if (!re.test(label)) continue;
      out.calls += s.calls;
      out.ms += s.ms;
    }
    return out;
  }
  /** Moves time (and a call) from one label to another: a statement's wait, reported by the database, to its own line. */
  reassign(from: string, to: string, ms: number): void {
    if (this.frozen) return;
    const f = this.byLabel.get(from);
    if (f) f.ms = Math.max(0, f.ms - ms);
    const t = this.byLabel.get(to) ?? { calls: 0, ms: 0 };
    t.calls++;
    t.ms += ms;
    this.byLabel.set(to, t);
  }
  totalMs(): number {
    let t = 0;
    for (const s of this.byLabel.values()) t += s.ms;
    return t;
  }
}

const LOCK_NAMES: Readonly<Record<string, string>> = {
  [String(SYNC_CAPTURE_LOCK_KEY)]: 'wait: sync capture lock (pg_advisory_xact_lock)',
  [String(AUDIT_CHAIN_LOCK_KEY)]: 'wait: audit chain lock (pg_advisory_xact_lock)',
};

/**
 * sync_log_staged() (0020) takes the sync capture lock itself and answers how long it waited for it: this moves that
 * wait from the statement's line to the capture lock's, so the statement's line is what it did holding the lock.
 * (Kysely logs a statement before the plugins see its result.)
 */
function captureWaitPlugin(stats: StatementStats): KyselyPlugin {
  const logStaged = new WeakMap<QueryId, string>();
  return {
    transformQuery({ node, queryId }) {
      if (node.kind === 'RawNode' && node.sqlFragments.join('').includes('sync_log_staged()'))
        logStaged.set(queryId, statementLabel(node.sqlFragments.join(''), []));
      return node;
    },
    transformResult({ result, queryId }) {
      const label = logStaged.get(queryId);
      const r = result.rows[0] ? Object.values(result.rows[0])[0] : undefined;
      const waited =
        r !== null && typeof r === 'object' && 'waited_ms' in r ? Number(r.waited_ms) : Number.NaN;
      if (label !== undefined && Number.isFinite(waited))
        stats.reassign(label, LOCK_NAMES[String(SYNC_CAPTURE_LOCK_KEY)] ?? 'wait', waited);
      return Promise.resolve(result);
    },
  };
}

/** A statement's first words, parameters left out; the two advisory locks by name. */
export function statementLabel(text: string, parameters: readonly unknown[]): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.includes('pg_advisory_xact_lock')) {
    const p = parameters[0];
    const key =
      typeof p === 'number' || typeof p === 'string' ? String(p) : (/\((\d+)\)/.exec(s)?.[1] ?? '?');
    return LOCK_NAMES[key] ?? `pg_advisory_xact_lock(${key})`;
  }
  return s.length > 90 ? `${s.slice(0, 90)}…` : s;
}

export interface BenchDb {
  readonly handle: ServerDbHandle;
  readonly kind: 'postgres' | 'pglite';
  readonly stats: StatementStats;
  /** CPU seconds used so far by this database's PostgreSQL backends (null on PGlite: it runs in this process). */
  backendCpuSeconds(): Promise<number | null>;
  close(): Promise<void>;
}

/** As server-sync/db/connect.ts: bigint as a number, date as 'YYYY-MM-DD'. */
const PGLITE_PARSERS = {
  20: (v: string) => Number(v),
  1082: (v: string) => v,
};

const CLOCK_TICKS_PER_SECOND = 100;

function procCpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** A fresh, empty database: PostgreSQL (dropped on close) when adminUrl is given, else in-memory PGlite. */
export async function openBenchDb(adminUrl: string | undefined): Promise<BenchDb> {
  const stats = new StatementStats();
  const log = (event: LogEvent) => {
    if (event.level === 'query') stats.record(event);
  };
  if (adminUrl) {
    const fresh = await openFreshPostgres(adminUrl);
    const pool = new pg.Pool({ connectionString: fresh.url, max: 10 });
    const db = new Kysely<ServerDatabase>({
      dialect: new PostgresDialect({ pool }),
      log,
      plugins: [captureWaitPlugin(stats)],
    });
    const seen = new Map<number, number>();
    return {
      kind: 'postgres',
      stats,
      handle: {
        db,
        kind: 'postgres',
        description: redactUrl(fresh.url),
        executeSql: fresh.executeSql,
        close: () => db.destroy(),
      },
      backendCpuSeconds: async () => {
        const r = await sql<{
          pid: number;
        }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
        for (const { pid } of r.rows) {
          const ticks = procCpuTicks(pid);
          if (ticks !== null) seen.set(pid, ticks);
        }
        let total = 0;
        for (const t of seen.values()) total += t;
        return seen.size === 0 ? null : total / CLOCK_TICKS_PER_SECOND;
      },
      close: async () => {
        await db.destroy();
        await fresh.close();
      },
    };
  }
  const pglite = await PGlite.create(undefined, { parsers: PGLITE_PARSERS });
  const dialect = new PGliteDialect({ pglite });
  const db = new Kysely<ServerDatabase>({
    dialect,
    log,
    plugins: [captureWaitPlugin(stats)],
  });
  const close = async () => {
    await db.destroy();
    if (!pglite.closed) await pglite.close();
  };
  return {
    kind: 'pglite',
    stats,
    handle: {
      db,
      kind: 'pglite',
      description: 'PGlite (in memory)',
      executeSql: pgliteExecuteSql(dialect),
      close,
    },
    backendCpuSeconds: () => Promise.resolve(null),
    close,
  };
}

export const BENCH_CONFIG: AppConfig = {
  jwtSecret: 'bench-secret-bench-secret-bench-secret-0123456789',
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 86_400,
  lockoutThreshold: 100,
  lockoutMinutes: 1,
  rateLimitMax: 1_000_000,
  loginRateLimitMax: 100_000,
  logLevel: 'warn',
};

/** Time spent in the server per route (onResponse: from the request's arrival to the response's end). */
export class RouteStats {
  private readonly byRoute = new Map<string, StatementStat>();
  private frozen = false;
  record(route: string, ms: number): void {
    if (this.frozen) return;
    const s = this.byRoute.get(route) ?? { calls: 0, ms: 0 };
    s.calls++;
    s.ms += ms;
    this.byRoute.set(route, s);
  }
  get(route: string): StatementStat {
    return this.byRoute.get(route) ?? { calls: 0, ms: 0 };
  }
  reset(): void {
    this.byRoute.clear();
    this.frozen = false;
  }
  freeze(): void {
    this.frozen = true;
  }
}

export interface BenchServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly routes: RouteStats;
  close(): Promise<void>;
}

/** The real district server on 127.0.0.1 (an ephemeral port), its logs on stderr so stdout stays JSON lines. */
export async function startBenchServer(db: ServerDbHandle): Promise<BenchServer> {
  const app = buildServer({
    db,
    config: BENCH_CONFIG,
    logStream: { write: (line: string) => process.stderr.write(line) },
  });
  const routes = new RouteStats();
  app.addHook('onResponse', (request, reply, done) => {
    routes.record(`${request.method} ${request.routeOptions.url ?? '?'}`, reply.elapsedTime);
    done();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, routes, close: () => app.close() };
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface EnrolledDevice {
  readonly deviceId: string;
  readonly deviceSecret: string;
  readonly schoolId: string;
}

/** Enrolls workstations the way a district does: the admin signs in, issues a code per school, each workstation redeems it. */
export async function enrollDevices(
  url: string,
  admin: { email: string; password: string },
  schoolIds: readonly string[],
): Promise<EnrolledDevice[]> {
  const { accessToken } = await postJson<{ accessToken: string }>(`${url}/auth/login`, admin);
  const out: EnrolledDevice[] = [];
  for (const [i, schoolId] of schoolIds.entries()) {
    const { code } = await postJson<{ code: string }>(
      `${url}/admin/enrollment-codes`,
      { schoolId },
      accessToken,
    );
    const d = await postJson<{ deviceId: string; deviceSecret: string }>(`${url}/devices/enroll`, {
      code,
      name: `Bench workstation ${i}`,
      platform: 'LINUX',
    });
    out.push({ deviceId: d.deviceId, deviceSecret: d.deviceSecret, schoolId });
  }
  return out;
}
