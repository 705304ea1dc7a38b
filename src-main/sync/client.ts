import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, type PushRejection } from '../../src-shared/sync/protocol';
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

export interface SyncProgress {
  readonly phase: 'push' | 'pull';
  /** Rows done so far in this phase. */
  readonly done: number;
  /** Rows in this phase as far as known (pull: done + the server's `remaining`). */
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
  /** Changes per pulled page (at most the protocol's PULL_MAX_LIMIT). */
  readonly pullLimit?: number;
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
  const pullLimit = Math.min(Math.max(1, options.pullLimit ?? PULL_DEFAULT_LIMIT), PULL_MAX_LIMIT);
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

  async function pull(): Promise<SyncReport['pull']> {
    let after = store.sync.pullCursor();
    const r = { pages: 0, changes: 0, applied: 0, pendingSkipped: 0, removed: 0, ignored: 0, cursor: after };
    for (;;) {
      const from = after;
      const page = await retrying('pull', () => transport.pull({ after: from, limit: pullLimit }));
      const stats = store.sync.applyPullPage(from, page);
      r.pages++;
      r.changes += page.changes.length;
      r.applied += stats.applied;
      r.pendingSkipped += stats.pendingSkipped;
      r.removed += stats.removed;
      r.ignored += stats.ignored;
      after = page.nextAfter;
      r.cursor = after;
      progress({ phase: 'pull', done: r.changes, total: r.changes + page.remaining });
      if (!page.hasMore) break;
      if (page.changes.length === 0 && page.nextAfter === from) {
        throw new SyncProtocolError(
          `the server says there is more after ${from} but sent nothing and did not move the cursor`,
        );
      }
    }
    return r;
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
