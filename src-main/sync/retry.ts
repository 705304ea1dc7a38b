import { SyncTransientError } from './errors';

/**
 * Retries with capped exponential backoff and full jitter: before retry n (0-based) the client sleeps
 * random() * min(maxDelayMs, baseDelayMs * 2^n), at least the server's Retry-After. random and sleep are injectable
 * so tests see the exact sequence. A server that did not answer at all (SyncTransientError.unanswered) is not asked
 * again in the same run: the nurse is told she is offline at once, and the next run tries again.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(policy.random() * ceiling);
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (retry: number, delayMs: number, error: SyncTransientError) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof SyncTransientError) || e.unanswered || attempt + 1 >= policy.maxAttempts) throw e;
      const delay = Math.max(
        backoffDelayMs(attempt, policy),
        Math.min(e.retryAfterMs ?? 0, policy.maxDelayMs),
      );
      onRetry?.(attempt, delay, e);
      await policy.sleep(delay);
    }
  }
}
