import { formatHlc, hlcReceive, hlcTick, isHlc, parseHlc, type Hlc } from '../../src-shared/sync/hlc';

/**
 * The server's own hybrid logical clock, for changes the server makes to synced rows (a conflict resolved by
 * applying the losing value). It merges every HLC it sees, so a server change orders after the values it replaces.
 */

export const SERVER_HLC_NODE = 'server';

let last: Hlc | null = null;

/** Merges a timestamp seen in a push or in the database (ignored when not an HLC). */
export function observeHlc(h: string | null | undefined, nowMs = Date.now()): void {
  if (!h || !isHlc(h)) return;
  const remote = parseHlc(h);
  if (last && remote.wallMs < last.wallMs) return;
  last = hlcReceive(last, remote, nowMs, SERVER_HLC_NODE);
}

/** A new server timestamp, later than every one observed and than `after` (each an HLC string or null). */
export function serverTick(after: readonly (string | null)[] = [], nowMs = Date.now()): string {
  for (const h of after) observeHlc(h, nowMs);
  last = hlcTick(last, nowMs, SERVER_HLC_NODE);
  return formatHlc(last);
}
