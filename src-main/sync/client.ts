import { PULL_MAX_LIMIT, type PullResponse, type PushRejection } from '../../src-shared/sync/protocol';
import type { ApplyStats } from '../store/apply';
import { PullApplyError } from '../store/errors';
import type { LocalStore } from '../store/open';
import { SyncProtocolError, SyncSequenceError, SyncSequenceGapError } from './errors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry';
import type { SyncTransport } from './transport';

/**
 * The workstation's sync client: push every unacknowledged outbox row, then pull page by page. All state lives in
 * the database (outbox acks, the pull cursor), so a process killed at any point resumes where it stood: a push
 * resent after a lost answer is a no-op on the server, and a page is applied together with its cursor or not at all.
 */

export const PUSH_BATCH_MAX = 500;
/**
 * Changes per pulled page by default: the protocol's maximum. A page holds what there is, so a small backlog makes
 * small pages all the same; a first sync pays the per-page costs (token check, audit row, round trip) 5x less often
 * than with pages of 1,000.
 */
export const PULL_PAGE_DEFAULT = PULL_MAX_LIMIT;
/**
 * Changes applied per SQLite transaction by default (whole pages, consecutive, with the last one's cursor): two
 * pages. Measured on the benchmark's school (docs/bench.md): 10,000 and 20,000 were as fast, and 10,000 holds less
 * memory and holds the thread half as long; one page a transaction was slower.
 */
export const PULL_COMMIT_ROWS_DEFAULT = 10_000;

export interface SyncProgress {
  readonly phase: 'push' | 'pull';
  /** Rows done so far in this phase. */
  readonly done: number;
  /** Rows in this phase as far as known (pull: counted by the server on the first page, then counted down). */
  readonly total: number;
}

export interface SyncReport {
  readonly push: {
    readonly batches: number;
    readonly acked: number;
    readonly duplicates: number;
    readonly rejections: number;
    readonly conflicts: number;
    /** Rejections with no school of theirs on this workstation: only here, not in sync_rejections. */
    readonly unfiledRejections: readonly PushRejection[];
  };
  readonly pull: {
    readonly pages: number;
    /** SQLite transactions the pages were applied in. */
    readonly commits: number;
    readonly changes: number;
    readonly applied: number;
    readonly pendingSkipped: number;
    readonly removed: number;
    readonly ignored: number;
    readonly cursor: number;
  };
}

export interface SyncClientOptions {
  readonly store: LocalStore;
  readonly transport: SyncTransport;
  readonly onProgress?: (p: SyncProgress) => void;
  /** Outbox rows per push (at most 500). */
  readonly pushBatchSize?: number;
  /** Changes per pulled page (default and at most the protocol's PULL_MAX_LIMIT). */
  readonly pullLimit?: number;
  /**
   * Changes applied per SQLite transaction (default 10,000): consecutive pages already fetched are applied together
   * with the last one's cursor, never part of a page. The pages of a transaction, and as many fetched ahead while it
   * is applied, are the pull's memory: at most about twice this (or two pages, when pages are larger).
   */
  readonly pullCommitRows?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly onRetry?: (phase: 'push' | 'pull', retry: number, delayMs: number, error: Error) => void;
}

export interface SyncClient {
  /** Push then pull. Concurrent calls share one run. */
  syncOnce(): Promise<SyncReport>;
}

/** How many 409 SEQUENCE_GAP answers in a row the push accepts before giving up. */
const MAX_GAP_ROUNDS = 3;

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { store, transport } = options;
  const batchSize = Math.min(Math.max(1, options.pushBatchSize ?? PUSH_BATCH_MAX), PUSH_BATCH_MAX);
  const pullLimit = Math.min(Math.max(1, options.pullLimit ?? PULL_PAGE_DEFAULT), PULL_MAX_LIMIT);
  const commitRows = Math.max(1, options.pullCommitRows ?? PULL_COMMIT_ROWS_DEFAULT);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const progress = (p: SyncProgress) => options.onProgress?.(p);
  const retrying = <T>(phase: 'push' | 'pull', fn: () => Promise<T>) =>
    withRetry(fn, policy, (n, ms, e) => options.onRetry?.(phase, n, ms, e));

  async function push(): Promise<SyncReport['push']> {
    const total = store.sync.countUnacked();
    let done = 0;
    let batches = 0;
    let duplicates = 0;
    let rejections = 0;
    let conflicts = 0;
    let gapRounds = 0;
    const unfiled: PushRejection[] = [];
    progress({ phase: 'push', done, total });
    for (;;) {
      const batch = store.sync.unacked(batchSize);
      const first = batch[0];
      const last = batch[batch.length - 1];
      if (!first || !last) break;
      store.sync.markPushed(first.seq, last.seq);
      let response;
      try {
        response = await retrying('push', () =>
          transport.push({ schemaVersion: store.schemaVersion, changes: batch }),
        );
      } catch (e) {
        if (!(e instanceof SyncSequenceGapError)) throw e;
        if (++gapRounds > MAX_GAP_ROUNDS)
          throw new SyncSequenceError(
            `the server keeps answering SEQUENCE_GAP (expects ${e.expectedSeq}): ${e.message}`,
          );
        resolveGap(e.expectedSeq, first.seq);
        continue;
      }
      gapRounds = 0;
      const highest = store.sync.lastSeq();
      if (response.ackedThrough > highest) {
        throw new SyncSequenceError(
          `the server has acknowledged outbox seq ${response.ackedThrough} of this device, but this workstation has written only up to ${highest}: ` +
            `this database is older than the server's record of the device (restored from a backup?). Nothing was marked; call IT.`,
        );
      }
      if (response.ackedThrough < first.seq) {
        throw new SyncProtocolError(
          `the server acknowledged nothing of seqs ${first.seq}-${last.seq} (ackedThrough ${response.ackedThrough})`,
        );
      }
      const outcome = store.sync.recordPush(batch, response);
      batches++;
      done += outcome.acked;
      duplicates += response.duplicates;
      rejections += response.rejections.length;
      conflicts += response.conflicts.length;
      unfiled.push(...outcome.unfiledRejections);
      progress({ phase: 'push', done, total: Math.max(total, done) });
    }
    return { batches, acked: done, duplicates, rejections, conflicts, unfiledRejections: unfiled };
  }

  /** 409 SEQUENCE_GAP: the server expects `expected` next, the batch started at `sentFirst`. */
  function resolveGap(expected: number, sentFirst: number): void {
    const highest = store.sync.lastSeq();
    if (expected > highest + 1) {
      throw new SyncSequenceError(
        `the server expects outbox seq ${expected} next, but this workstation has written only up to ${highest}: ` +
          `this database is older than the server's record of the device (restored from a backup?). Call IT.`,
      );
    }
    if (expected < sentFirst) {
      // the server lacks rows this workstation holds as acknowledged: send them again
      if (!store.sync.reopenFrom(expected)) {
        throw new SyncSequenceError(
          `the server expects outbox seq ${expected} again, but this workstation no longer holds every row from there`,
        );
      }
      return;
    }
    store.sync.ackBelow(expected); // the server already holds everything below `expected`
  }

  /**
   * Pull: pages are fetched one request at a time, each from the previous one's nextAfter, while the pages before
   * them are applied (look-ahead: the server and the network work during the apply). Pages are applied in order,
   * consecutive ones together up to `commitRows` changes, each transaction with the cursor of its last page. The
   * server counts the backlog on the first page only; progress counts down from there.
   */
  async function pull(): Promise<SyncReport['pull']> {
    const start = store.sync.pullCursor();
    const r = {
      pages: 0,
      commits: 0,
      changes: 0,
      applied: 0,
      pendingSkipped: 0,
      removed: 0,
      ignored: 0,
      cursor: start,
    };
    const fetched: PullResponse[] = []; // fetched, not yet applied, in order
    let fetchedRows = 0;
    let ended = false; // the last page (hasMore false) is among the fetched
    const failure: { error: unknown }[] = []; // the fetcher's error, once it has given up
    let total: number | null = null; // the first page's changes + the server's count after it
    let wakeApplier: (() => void) | null = null;
    let wakeFetcher: (() => void) | null = null;
    const wake = (w: (() => void) | null) => w?.();
    const stop = { now: false }; // the apply gave up: fetch nothing more

    const fetcher = (async () => {
      let after = start;
      try {
        for (let first = true; ; first = false) {
          while (fetchedRows >= commitRows && !stop.now)
            await new Promise<void>((resolve) => (wakeFetcher = resolve));
          if (stop.now) return;
          const from = after;
          const page = await retrying('pull', () =>
            transport.pull({ after: from, limit: pullLimit, count: first }),
          );
          if (page.nextAfter < from) {
            throw new SyncProtocolError(`the server's next cursor ${page.nextAfter} is behind ${from}`);
          }
          if (page.hasMore && page.changes.length === 0 && page.nextAfter === from) {
            throw new SyncProtocolError(
              `the server says there is more after ${from} but sent nothing and did not move the cursor`,
            );
          }
          if (first && page.remaining !== null) total = page.changes.length + page.remaining;
          fetched.push(page);
          fetchedRows += page.changes.length;
          after = page.nextAfter;
          if (!page.hasMore) ended = true;
          wake(wakeApplier);
          if (ended) return;
        }
      } catch (e) {
        failure.push({ error: e });
        wake(wakeApplier);
      }
    })();

    let after = start;
    const restoreCache = store.sync.raisePullCache();
    try {
      for (;;) {
        while (failure.length === 0 && !ended && fetchedRows < commitRows)
          await new Promise<void>((resolve) => (wakeApplier = resolve));
        const failed = failure[0];
        if (failed) throw failed.error;
        const group = takeGroup(fetched);
        if (group.length === 0) break; // the last page is applied
        const rows = group.reduce((n, p) => n + p.changes.length, 0);
        fetchedRows -= rows;
        wake(wakeFetcher);
        // the fetcher's next request leaves now, before the apply holds the thread
        await new Promise<void>((resolve) => setImmediate(resolve));
        const stats = applyGroup(after, group);
        r.pages += group.length;
        r.commits++;
        r.changes += rows;
        r.applied += stats.applied;
        r.pendingSkipped += stats.pendingSkipped;
        r.removed += stats.removed;
        r.ignored += stats.ignored;
        after = group[group.length - 1]?.nextAfter ?? after;
        r.cursor = after;
        const done = ended && fetched.length === 0;
        progress({
          phase: 'pull',
          done: r.changes,
          total: done ? r.changes : Math.max(total ?? 0, r.changes + fetchedRows),
        });
      }
    } finally {
      restoreCache();
      stop.now = true;
      wake(wakeFetcher);
      await fetcher; // no request outlives the pull (one in flight settles; its outcome no longer matters)
    }
    return r;
  }

  /** Whole pages from the front of `fetched`, up to commitRows changes (at least one page). */
  function takeGroup(fetched: PullResponse[]): PullResponse[] {
    const group: PullResponse[] = [];
    let rows = 0;
    for (let p = fetched[0]; p; p = fetched[0]) {
      if (group.length > 0 && rows + p.changes.length > commitRows) break;
      group.push(p);
      rows += p.changes.length;
      fetched.shift();
    }
    return group;
  }

  /**
   * One transaction for the group. If it fails, the pages are applied again one by one, so every page before the
   * one at fault is kept with its cursor and the error names that page (as when each page was its own transaction).
   */
  function applyGroup(after: number, group: readonly PullResponse[]): ApplyStats {
    try {
      return store.sync.applyPullPages(after, group);
    } catch (e) {
      if (group.length === 1 || !(e instanceof PullApplyError)) throw e;
      const sum: ApplyStats = { applied: 0, pendingSkipped: 0, removed: 0, ignored: 0 };
      let from = after;
      for (const page of group) {
        const s = store.sync.applyPullPage(from, page);
        sum.applied += s.applied;
        sum.pendingSkipped += s.pendingSkipped;
        sum.removed += s.removed;
        sum.ignored += s.ignored;
        from = page.nextAfter;
      }
      return sum;
    }
  }

  let running: Promise<SyncReport> | null = null;
  return {
    syncOnce: () => {
      running ??= (async () => {
        try {
          const p = await push();
          const l = await pull();
          return { push: p, pull: l };
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
