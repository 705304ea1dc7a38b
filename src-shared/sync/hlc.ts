/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds, a counter for events in the same
 * millisecond, and the node (device) id as the final tie-break. Encoded so that string order is clock order.
 */

export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

/** The server refuses a timestamp this far ahead of its own clock. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const HLC_PATTERN = /^(\d{15}):(\d{5}):([A-Za-z0-9-]{1,64})$/;

export class HlcError extends Error {
  override readonly name = 'HlcError';
}

export function formatHlc(h: Hlc): string {
  if (!Number.isSafeInteger(h.wallMs) || h.wallMs < 0)
    throw new HlcError(`HLC wall time must be a non-negative integer, got ${h.wallMs}`);
  if (!Number.isInteger(h.counter) || h.counter < 0 || h.counter > MAX_COUNTER)
    throw new HlcError(`HLC counter out of range: ${h.counter}`);
  return `${String(h.wallMs).padStart(WALL_DIGITS, '0')}:${String(h.counter).padStart(COUNTER_DIGITS, '0')}:${h.node}`;
}

export function parseHlc(s: string): Hlc {
  const m = HLC_PATTERN.exec(s);
  if (!m) throw new HlcError(`not a White Cross HLC timestamp: "${s}"`);
  return { wallMs: Number(m[1]), counter: Number(m[2]), node: m[3] ?? '' };
}

export const isHlc = (s: string): boolean => HLC_PATTERN.test(s);

/** Negative, zero or positive like a comparator; string order equals clock order by construction. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The clock value for a local event (a write) at wall time nowMs. */
export function hlcTick(last: Hlc | null, nowMs: number, node: string): Hlc {
  const wall = Math.max(last?.wallMs ?? 0, Math.floor(nowMs));
  const counter = last && wall === last.wallMs ? last.counter + 1 : 0;
  if (counter > MAX_COUNTER) return { wallMs: wall + 1, counter: 0, node };
  return { wallMs: wall, counter, node };
}

/** Merges a clock value received from elsewhere, so later local events order after it. */
export function hlcReceive(last: Hlc | null, remote: Hlc, nowMs: number, node: string): Hlc {
  const now = Math.floor(nowMs);
  const wall = Math.max(last?.wallMs ?? 0, remote.wallMs, now);
  let counter: number;
  if (wall === (last?.wallMs ?? -1) && wall === remote.wallMs)
    counter = Math.max(last?.counter ?? 0, remote.counter) + 1;
  else if (wall === (last?.wallMs ?? -1)) counter = (last?.counter ?? 0) + 1;
  else if (wall === remote.wallMs) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { wallMs: wall + 1, counter: 0, node };
  return { wallMs: wall, counter, node };
}

/** How far a timestamp runs ahead of the given clock (0 when behind). */
export function hlcDriftMs(h: Hlc, nowMs: number): number {
  return Math.max(0, h.wallMs - nowMs);
}
