import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pullResponse, pullResponseFromJson } from '../../../src-shared/sync/protocol';
import { SYNCED_TABLES } from '../../../src-shared/sync/tables';
import { openLocalStore, type LocalStore } from '../../../src-main/store/open';
import { PULL_PAGE_DEFAULT, createSyncClient } from '../../../src-main/sync/client';
import { createFetchTransport, type SyncTransport } from '../../../src-main/sync/transport';
import {
  childMessage,
  parentMessage,
  type ChildMessage,
  type FirstSyncResult,
  type PushResult,
  type WorkstationJob,
} from './ipc';
import { sqliteInsertLimit } from './limit-sqlite';
import { writeOutbox } from './outbox';
import { startCpuProfile, type CpuProfiler } from './profile';
import { Rng } from './random';

/**
 * The benchmark's workstation process (spawned by sync.bench.ts): the REAL client (src-main/store +
 * src-main/sync, the HTTP transport) against the real server over 127.0.0.1. It prepares, says "ready", waits for
 * "go" (so the server side starts its clocks and counters at the same moment), runs, and sends its result.
 */

const send = (m: ChildMessage) => process.send?.(childMessage.parse(m));

let go: (() => void) | null = null;
const started = new Promise<void>((resolve) => (go = resolve));
const job = new Promise<WorkstationJob>((resolve) => {
  process.on('message', (raw: unknown) => {
    const m = parentMessage.parse(raw);
    if (m.type === 'job') resolve(m.job);
    else go?.();
  });
});

interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

async function login(
  url: string,
  who: { email: string; password: string },
  device: { deviceId: string; deviceSecret: string },
): Promise<Session> {
  const body = { ...who, deviceId: device.deviceId, deviceSecret: device.deviceSecret };
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  const t = (await res.json()) as { accessToken: string; refreshToken: string; user: { id: string } };
  return { accessToken: t.accessToken, refreshToken: t.refreshToken, userId: t.user.id };
}

function transportFor(url: string, store: LocalStore, session: Session): SyncTransport {
  return createFetchTransport({
    baseUrl: url,
    schemaVersion: store.schemaVersion,
    getAccessToken: () => session.accessToken,
    refreshAccessToken: async () => {
      const res = await fetch(`${url}/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!res.ok) throw new Error(`refresh: ${res.status}`);
      const t = (await res.json()) as { accessToken: string; refreshToken: string };
      session.accessToken = t.accessToken;
      session.refreshToken = t.refreshToken;
    },
  });
}

const countRows = (store: LocalStore): number =>
  SYNCED_TABLES.reduce(
    (a, t) => a + (store.sqlite.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n,
    0,
  );

const fileBytes = (file: string): number =>
  ['', '-wal'].reduce((a, s) => {
    try {
      return a + statSync(file + s).size;
    } catch {
      return a;
    }
  }, 0);

const mb = (bytes: number) => Math.round(bytes / 1048576);

/**
 * Peak RSS of this process since resetPeakRss(): Linux's VmHWM. Not getrusage's maxRSS: after exec it also keeps
 * the high-water mark of the parent that spawned us (the server, with PGlite hundreds of MB), which is not ours.
 */
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: peakRss falls back to maxRSS
  }
}
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * JSON.parse, the client's check of a pull answer (the envelope) and the full protocol schema it no longer runs, of
 * one page apart from the network (median of 5).
 */
async function decodeCost(url: string, session: Session, schema: number, limit: number) {
  const get = () =>
    fetch(`${url}/sync/pull?after=0&limit=${limit}&count=false`, {
      headers: { authorization: `Bearer ${session.accessToken}`, 'x-white-cross-schema': String(schema) },
    });
  // once more on a network error: a keep-alive connection left idle may have been closed by the server
  const res = await get().catch(get);
  if (!res.ok) throw new Error(`pull for the decode sample: ${res.status}`);
  const text = await res.text();
  const json: number[] = [];
  const check: number[] = [];
  const full: number[] = [];
  let changes = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const body: unknown = JSON.parse(text);
    const t1 = performance.now();
    changes = pullResponseFromJson.parse(body).changes.length;
    const t2 = performance.now();
    pullResponse.parse(body);
    json.push(t1 - t0);
    check.push(t2 - t1);
    full.push(performance.now() - t2);
  }
  return { changes, jsonMs: median(json), checkMs: median(check), fullSchemaMs: median(full) };
}

async function firstSync(j: Extract<WorkstationJob, { kind: 'first-sync' }>): Promise<FirstSyncResult> {
  const file = join(j.dir, 'first-sync.db');
  const store = await openLocalStore({ file, key: randomBytes(32), deviceId: j.device.deviceId });
  const session = await login(j.url, { email: j.email, password: j.password }, j.device);
  const inner = transportFor(j.url, store, session);
  let transportMs = 0;
  const arrival: [string, number][] = []; // runs of one table, in the order the changes came (for the limit)
  const transport: SyncTransport = {
    push: (req) => inner.push(req),
    pull: async (q) => {
      const t0 = performance.now();
      try {
        const page = await inner.pull(q);
        for (const c of page.changes) {
          const last = arrival[arrival.length - 1];
          if (last?.[0] === c.table) last[1]++;
          else arrival.push([c.table, 1]);
        }
        return page;
      } finally {
        transportMs += performance.now() - t0;
      }
    },
  };
  let applyMs = 0; // inside the store's pull transactions: wall time, and this process's CPU time
  let applyCpuMs = 0;
  const timed = <R>(fn: () => R): R => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    try {
      return fn();
    } finally {
      applyMs += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      applyCpuMs += (cpu.user + cpu.system) / 1000;
    }
  };
  const timedStore: LocalStore = {
    ...store,
    sync: {
      ...store.sync,
      applyPullPage: (after, page) => timed(() => store.sync.applyPullPage(after, page)),
      applyPullPages: (after, pages) => timed(() => store.sync.applyPullPages(after, pages)),
    },
  };
  resetPeakRss();
  const rssBefore = process.memoryUsage().rss;
  send({ type: 'ready', detail: `store open, signed in as device ${j.device.deviceId}` });
  await started;
  const profiler: CpuProfiler | null = j.profile ? await startCpuProfile() : null;
  const t0 = performance.now();
  const report = await createSyncClient({
    store: timedStore,
    transport,
    ...(j.pullLimit !== undefined ? { pullLimit: j.pullLimit } : {}),
    ...(j.commitRows !== undefined ? { pullCommitRows: j.commitRows } : {}),
  }).syncOnce();
  const ms = performance.now() - t0;
  const rssPeak = peakRss(); // before the profile is read (it is large)
  send({ type: 'measured' });
  const cpu = profiler ? await profiler.stop() : [];
  const localRows = countRows(store);
  const page = j.pullLimit ?? PULL_PAGE_DEFAULT;
  const decode = await decodeCost(j.url, session, store.schemaVersion, page);
  // the limit commits as many rows per transaction as the client did
  const commitRows = Math.max(1, Math.round(report.pull.changes / Math.max(1, report.pull.commits)));
  const limit = await sqliteInsertLimit(store.sqlite, join(j.dir, 'limit.db'), commitRows, 'FULL', arrival);
  const limitTableOrder = await sqliteInsertLimit(store.sqlite, join(j.dir, 'limit-tables.db'), commitRows);
  const limitVariants = [];
  if (j.profile) {
    for (const [pageSize, synchronous] of [
      [commitRows * 5, 'FULL'],
      [commitRows, 'NORMAL'],
    ] as const) {
      const file = join(j.dir, `limit-${pageSize}-${synchronous}.db`);
      const v = await sqliteInsertLimit(store.sqlite, file, pageSize, synchronous, arrival);
      limitVariants.push({ pageSize, synchronous, rows: v.rows, ms: v.ms });
    }
  }
  const dbBytes = fileBytes(file);
  await store.close();
  return {
    kind: 'first-sync',
    changes: report.pull.changes,
    applied: report.pull.applied,
    pages: report.pull.pages,
    commits: report.pull.commits,
    pageSize: page,
    ms,
    transportMs,
    applyMs,
    applyCpuMs,
    rssBeforeMb: mb(rssBefore),
    rssPeakMb: mb(rssPeak),
    localRows,
    dbBytes,
    limit,
    limitTableOrder,
    limitVariants,
    decode,
    cpu,
  };
}

/** Pushes only: the pull that follows a push in syncOnce gets an empty answer here, so the number is the push path. */
function pushOnly(t: SyncTransport): SyncTransport {
  return {
    push: (req) => t.push(req),
    pull: (q) =>
      Promise.resolve({ changes: [], nextAfter: q.after, hasMore: false, remaining: 0, conflicts: [] }),
  };
}

async function push(j: Extract<WorkstationJob, { kind: 'push' }>): Promise<PushResult> {
  const rng = new Rng(j.seed);
  const stations = [];
  let changes = 0;
  for (const d of j.devices) {
    const store = await openLocalStore({
      file: join(j.dir, `push-${d.deviceId}.db`),
      key: randomBytes(32),
      deviceId: d.deviceId,
    });
    const session = await login(j.url, { email: j.email, password: j.password }, d);
    const transport = transportFor(j.url, store, session);
    await createSyncClient({ store, transport }).syncOnce(); // its school, so the new rows have their students
    const ids = (q: string, ...params: string[]) =>
      (store.sqlite.prepare(q).all(...params) as { id: string }[]).map((r) => r.id);
    const written = writeOutbox(
      {
        store,
        rng,
        schoolId: d.schoolId,
        nurseId: session.userId,
        students: ids(`SELECT id FROM students WHERE school_id = ?`, d.schoolId),
        medications: ids(`SELECT id FROM medications`),
        reasons: ids(`SELECT id FROM visit_reasons`),
      },
      j.changesPerDevice,
    );
    changes += Object.values(written).reduce((a, b) => a + b, 0);
    const client = createSyncClient({ store, transport: pushOnly(transport), pushBatchSize: j.batchSize });
    stations.push({ store, client });
  }
  send({ type: 'ready', detail: `${stations.length} workstations, ${changes} changes in their outboxes` });
  await started;
  const profiler: CpuProfiler | null = j.profile ? await startCpuProfile() : null;
  const t0 = performance.now();
  const reports = await Promise.all(stations.map((s) => s.client.syncOnce()));
  const ms = performance.now() - t0;
  send({ type: 'measured' });
  const cpu = profiler ? await profiler.stop() : [];
  for (const s of stations) await s.store.close();
  return {
    kind: 'push',
    devices: stations.length,
    changes,
    acked: reports.reduce((a, r) => a + r.push.acked, 0),
    rejections: reports.reduce((a, r) => a + r.push.rejections, 0),
    batches: reports.reduce((a, r) => a + r.push.batches, 0),
    ms,
    cpu,
  };
}

try {
  const j = await job;
  const result = j.kind === 'first-sync' ? await firstSync(j) : await push(j);
  send({ type: 'result', result });
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
  process.disconnect?.();
}
