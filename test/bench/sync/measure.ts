import type { Measurement } from '../registry';
import { z } from 'zod';
import { runWorkstation } from './child';
import type { CpuCategory, WorkstationJob } from './ipc';
import { startCpuProfile, type CpuProfiler } from './profile';
import type { BenchDistrict } from './school';
import type { BenchDb, BenchServer } from './server';

/** The sync benchmark's options, the aims of issue 3, and what both of its parts share. */

export const AIM = { firstSyncRowsPerS: 20_000, firstSyncRatio: 0.5, pushChangesPerS: 5_000 } as const;

export const options = z.strictObject({
  rows: z.coerce.number().int().min(1000).max(2_000_000).default(200_000),
  devices: z.coerce.number().int().min(1).max(100).default(20),
  changes: z.coerce.number().int().min(1).max(100_000).default(2000),
  batch: z.coerce.number().int().min(1).max(500).default(500),
  /** Changes per pulled page; absent: the client's default (PULL_PAGE_DEFAULT). */
  page: z.coerce.number().int().min(1).max(5000).optional(),
  /** Changes per SQLite transaction of the pull; absent: the client's default (PULL_COMMIT_ROWS_DEFAULT). */
  commit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  seed: z.coerce.number().int().min(0).default(1),
  only: z.enum(['first-sync', 'push']).optional(),
  profile: z.boolean().default(false),
});
export type Options = z.infer<typeof options>;

export function parseArgs(args: readonly string[]): Options {
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

export const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
export const sec = (ms: number) => Number((ms / 1000).toFixed(2));

export interface Ctx {
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
export async function measured<J extends WorkstationJob>(ctx: Ctx, job: J) {
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

export function emitCpu(
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
