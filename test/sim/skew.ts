import { MAX_CLOCK_DRIFT_MS } from '../../src-shared/sync/hlc';
import type { Prng } from './prng';

/**
 * Clock skew per workstation: most run close to the server's clock, some a few minutes off either way (allowed),
 * some more than 5 minutes ahead (refused with CLOCK_DRIFT). The model of "fixed": when the server refuses its
 * clock, the nurse sets it right at once (skew 0). Its HLC never goes back, so the rows it wrote with the wrong
 * clock, and its writes until the real time catches up, stay ahead: the server takes them once its own clock is
 * within 5 minutes of them. The schedule also sets a clock wrong now and then.
 */
export function drawSkew(prng: Prng): number {
  return prng.weighted<() => number>([
    [() => prng.int(-30_000, 30_000), 55],
    [() => prng.int(-4 * 60_000, 4 * 60_000), 30],
    [() => drawBadSkew(prng), 15],
  ])();
}

/** A clock more than 5 minutes ahead (every run has at least one). */
export function drawBadSkew(prng: Prng): number {
  return prng.int(MAX_CLOCK_DRIFT_MS + 30_000, MAX_CLOCK_DRIFT_MS + 4 * 60_000);
}
