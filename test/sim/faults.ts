import type { Prng } from './prng';

/**
 * The fault model. Every request a workstation sends draws its fate from the workstation's own seeded stream:
 *
 * - drop-before: the connection fails before the server sees the request (the client gets a network error);
 * - drop-after: the server handles and commits the request, then the answer is lost (network error after commit);
 * - duplicate: the request is sent twice (both reach the server, at once or one after the other); the client
 *   gets one of the answers;
 * - delay: the request is held in the network and delivered later, after at least one later request (of any
 *   workstation) has been handled; the client times out at once (network error) and retries. The late delivery's
 *   answer goes nowhere. The server must ignore or refuse it.
 * - kill-before / kill-after: the workstation process dies just before sending, or after the server committed
 *   and before the answer is recorded: the store is closed as it stands and reopened from its database file.
 *
 * Network faults are injected below the real HTTP transport (its fetch), so the transport's own error mapping is
 * exercised; kills are injected in the SyncTransport wrapper. Clock skew is per workstation (skew.ts).
 */

export type NetworkFault = 'none' | 'drop-before' | 'drop-after' | 'duplicate' | 'delay';
export type KillFault = 'none' | 'kill-before' | 'kill-after';

export interface FaultRates {
  readonly dropBefore: number;
  readonly dropAfter: number;
  readonly duplicate: number;
  readonly delay: number;
  readonly killBefore: number;
  readonly killAfter: number;
}

export const DEFAULT_FAULT_RATES: FaultRates = Object.freeze({
  dropBefore: 0.05,
  dropAfter: 0.05,
  duplicate: 0.04,
  delay: 0.04,
  killBefore: 0.01,
  killAfter: 0.015,
});

export const NO_FAULTS: FaultRates = Object.freeze({
  dropBefore: 0,
  dropAfter: 0,
  duplicate: 0,
  delay: 0,
  killBefore: 0,
  killAfter: 0,
});

export function drawNetworkFault(prng: Prng, rates: FaultRates): NetworkFault {
  const r = prng.next();
  let edge = rates.dropBefore;
  if (r < edge) return 'drop-before';
  if (r < (edge += rates.dropAfter)) return 'drop-after';
  if (r < (edge += rates.duplicate)) return 'duplicate';
  if (r < (edge += rates.delay)) return 'delay';
  return 'none';
}

export function drawKillFault(prng: Prng, rates: FaultRates): KillFault {
  const r = prng.next();
  if (r < rates.killBefore) return 'kill-before';
  if (r < rates.killBefore + rates.killAfter) return 'kill-after';
  return 'none';
}

/** What happened, for the per-seed report. */
export interface FaultCounts {
  requests: number;
  dropBefore: number;
  dropAfter: number;
  duplicate: number;
  delay: number;
  lateDeliveries: number;
  kills: number;
  clockDriftRefusals: number;
  syncFailures: number;
  transfers: number;
}

export const emptyFaultCounts = (): FaultCounts => ({
  requests: 0,
  dropBefore: 0,
  dropAfter: 0,
  duplicate: 0,
  delay: 0,
  lateDeliveries: 0,
  kills: 0,
  clockDriftRefusals: 0,
  syncFailures: 0,
  transfers: 0,
});
