import { Session } from 'node:inspector/promises';
import type { CpuCategory } from './ipc';

/**
 * A CPU profile of this process (V8's sampling profiler through node:inspector), summed into categories by where
 * the code lives: zod, fastify, the pg driver, kysely, the sync code of each layer, JSON, garbage collection, idle.
 * Native frames (better-sqlite3's statements, JSON.parse...) count for the JavaScript that called them.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const RULES: readonly (readonly [RegExp, string])[] = [
  [/fastify-type-provider-zod|\/node_modules\/zod\//, 'zod'],
  [
    /\/node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|pino)/,
    'fastify',
  ],
  [/\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-)/, 'pg driver'],
  [/\/node_modules\/@electric-sql\/pglite/, 'PGlite (embedded PostgreSQL)'],
  [/\/node_modules\/kysely\//, 'kysely'],
  [/\/node_modules\/better-sqlite3/, 'better-sqlite3'],
  [/\/node_modules\/jose\//, 'jose (JWT)'],
  [/\/node_modules\/uuid\//, 'uuid'],
  [/\/server-sync\/sync\//, 'server-sync/sync'],
  [/\/server-sync\/audit\//, 'server-sync/audit'],
  [/\/server-sync\//, 'server-sync (auth, tenancy, plugins)'],
  [/\/src-main\/store\/apply/, 'src-main/store apply (SQLite writes)'],
  [/\/src-main\/store\//, 'src-main/store'],
  [/\/src-main\/sync\//, 'src-main/sync'],
  [/\/src-shared\//, 'src-shared'],
  [/undici/, 'fetch (undici)'],
  [/\/test\/bench\//, 'bench harness'],
  [/^node:/, 'node core (net, http, streams)'],
];

function ownCategory(frame: ProfileNode['callFrame']): string | null {
  const { functionName: fn, url } = frame;
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'v8 (program)';
  if (url === '') return fn === 'parse' || fn === 'stringify' ? 'JSON' : null;
  for (const [re, name] of RULES) if (re.test(url)) return name;
  return 'other';
}

export interface CpuProfiler {
  stop(): Promise<CpuCategory[]>;
}

export async function startCpuProfile(): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const nodes = profile.nodes as ProfileNode[];
      const parent = new Map<number, number>();
      const byId = new Map<number, ProfileNode>();
      for (const n of nodes) {
        byId.set(n.id, n);
        for (const c of n.children ?? []) parent.set(c, n.id);
      }
      const memo = new Map<number, string>();
      const categoryOf = (id: number): string => {
        const known = memo.get(id);
        if (known) return known;
        const node = byId.get(id);
        let c = node ? ownCategory(node.callFrame) : 'other';
        if (c === null) {
          const p = parent.get(id);
          c = p === undefined ? 'native (no JavaScript caller)' : categoryOf(p);
        }
        memo.set(id, c);
        return c;
      };
      const totals = new Map<string, number>();
      const samples = profile.samples ?? [];
      const deltas = profile.timeDeltas ?? [];
      samples.forEach((id, i) => {
        const c = categoryOf(id);
        totals.set(c, (totals.get(c) ?? 0) + (deltas[i] ?? 0) / 1000);
      });
      return [...totals.entries()]
        .map(([category, ms]) => ({ category, ms: Math.round(ms) }))
        .sort((a, b) => b.ms - a.ms);
    },
  };
}
