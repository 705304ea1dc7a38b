import { z } from 'zod';

/**
 * Messages between the benchmark (the district server's process) and its workstation process, validated on
 * arrival. The workstation runs in its own process so its peak RSS is its own and its CPU does not compete with
 * the server's event loop, as on a real network.
 */

const credentials = z.strictObject({
  deviceId: z.string(),
  deviceSecret: z.string(),
  schoolId: z.string(),
});

export const workstationJob = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('first-sync'),
    url: z.string(),
    email: z.string(),
    password: z.string(),
    dir: z.string(),
    device: credentials,
    /** Absent: the client's defaults. */
    pullLimit: z.number().int().positive().optional(),
    commitRows: z.number().int().positive().optional(),
    profile: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('push'),
    url: z.string(),
    email: z.string(),
    password: z.string(),
    dir: z.string(),
    devices: z.array(credentials).min(1),
    changesPerDevice: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    seed: z.number().int(),
    profile: z.boolean(),
  }),
]);
export type WorkstationJob = z.infer<typeof workstationJob>;

export const cpuCategory = z.strictObject({ category: z.string(), ms: z.number() });
export type CpuCategory = z.infer<typeof cpuCategory>;

export const firstSyncResult = z.strictObject({
  kind: z.literal('first-sync'),
  changes: z.number(),
  applied: z.number(),
  pages: z.number(),
  /** SQLite transactions the client applied the pages in. */
  commits: z.number(),
  /** Changes per page the client asked for. */
  pageSize: z.number(),
  ms: z.number(),
  /**
   * Inside the transport: waiting for the server, receiving, JSON.parse and the envelope check of each page,
   * summed over requests (a request runs while the page before it is applied).
   */
  transportMs: z.number(),
  /** Inside the store's apply (applyPullPages): the SQLite transactions, wall time and CPU time. */
  applyMs: z.number(),
  applyCpuMs: z.number(),
  /** Resident set size of the workstation process: before the sync, and the highest seen (OS peak). */
  rssBeforeMb: z.number(),
  rssPeakMb: z.number(),
  localRows: z.number(),
  dbBytes: z.number(),
  /**
   * The limit: the same rows in the order they arrived, `pages` transactions of `pageSize` rows (the client's mean
   * rows per commit).
   */
  limit: z.strictObject({
    rows: z.number(),
    pages: z.number(),
    pageSize: z.number(),
    ms: z.number(),
    cpuMs: z.number(),
  }),
  /** The limit with the rows inserted table by table (parents first) instead. */
  limitTableOrder: z.strictObject({
    rows: z.number(),
    pages: z.number(),
    pageSize: z.number(),
    ms: z.number(),
    cpuMs: z.number(),
  }),
  /** --profile: the limit again with 5x larger transactions, and with synchronous=NORMAL (what-ifs). */
  limitVariants: z.array(
    z.strictObject({
      pageSize: z.number(),
      synchronous: z.enum(['FULL', 'NORMAL']),
      rows: z.number(),
      ms: z.number(),
    }),
  ),
  /**
   * A sample page decoded apart: JSON.parse, the client's check (pullResponseFromJson: the envelope) and, for
   * comparison, the full protocol schema it no longer runs.
   */
  decode: z.strictObject({
    changes: z.number(),
    jsonMs: z.number(),
    checkMs: z.number(),
    fullSchemaMs: z.number(),
  }),
  cpu: z.array(cpuCategory),
});
export type FirstSyncResult = z.infer<typeof firstSyncResult>;

export const pushResult = z.strictObject({
  kind: z.literal('push'),
  devices: z.number(),
  changes: z.number(),
  acked: z.number(),
  rejections: z.number(),
  batches: z.number(),
  ms: z.number(),
  /** Client-side: outbox reads, acks, JSON and the zod check of answers (the rest is waiting for the server). */
  cpu: z.array(cpuCategory),
});
export type PushResult = z.infer<typeof pushResult>;

export const childMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), detail: z.string() }),
  /** The timed part is over (what follows, the limit and checks, is not the server's to count). */
  z.strictObject({ type: z.literal('measured') }),
  z.strictObject({
    type: z.literal('result'),
    result: z.discriminatedUnion('kind', [firstSyncResult, pushResult]),
  }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessage>;

export const parentMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('job'), job: workstationJob }),
  z.strictObject({ type: z.literal('go') }),
]);
export type ParentMessage = z.infer<typeof parentMessage>;
