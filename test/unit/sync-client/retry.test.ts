import { describe, expect, it } from 'vitest';
import { SyncRequestError, SyncTransientError } from '../../../src-main/sync/errors';
import { backoffDelayMs, withRetry, type RetryPolicy } from '../../../src-main/sync/retry';

/** Exponential backoff with full jitter, capped; deterministic with an injected random and sleep. */
describe('sync retry policy', () => {
  const policy = (random: () => number, sleeps: number[], maxAttempts = 8): RetryPolicy => ({
    maxAttempts,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    random,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });

  it('doubles the ceiling each retry up to the cap, scaled by the random draw', () => {
    const p = policy(() => 1, []);
    expect(Array.from({ length: 9 }, (_, n) => backoffDelayMs(n, { ...p, random: () => 0.999999 }))).toEqual([
      499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999,
    ]);
    expect(backoffDelayMs(3, { ...p, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { ...p, random: () => 0.25 })).toBe(1000);
  });

  it('retries transient errors with the jittered sequence, then succeeds', async () => {
    const sleeps: number[] = [];
    const draws = [0.1, 0.9, 0.5, 0.3];
    let calls = 0;
    const result = await withRetry(
      () => (++calls < 5 ? Promise.reject(new SyncTransientError('down', 503)) : Promise.resolve('ok')),
      policy(() => draws.shift() ?? 0, sleeps),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(5);
    expect(sleeps).toEqual([50, 900, 1000, 1200]); // 0.1x500, 0.9x1000, 0.5x2000, 0.3x4000
  });

  it('does not ask a server that did not answer again in the same run (the nurse sees "Offline" at once)', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const silent = new SyncTransientError('push: the district server did not answer within 8 s', null, null, {
      unanswered: true,
    });
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(silent);
        },
        policy(() => 0.5, sleeps),
      ),
    ).rejects.toBe(silent);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("waits at least the server's Retry-After (capped), and gives up after maxAttempts", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const err = await withRetry(
      () => {
        calls++;
        return Promise.reject(new SyncTransientError('slow down', 429, calls === 1 ? 7_000 : 999_999));
      },
      policy(() => 0.5, sleeps, 3),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncTransientError);
    expect(calls).toBe(3);
    expect(sleeps).toEqual([7_000, 30_000]);
  });

  it('does not retry what retrying cannot fix', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new SyncRequestError('bad', 400, 'BAD_REQUEST'));
        },
        policy(Math.random, sleeps),
      ),
    ).rejects.toBeInstanceOf(SyncRequestError);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
});
