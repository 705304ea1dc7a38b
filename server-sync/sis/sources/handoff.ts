import type { RosterBundle } from '../../../src-shared/sis/oneroster/bundle';
import type { ServerDb } from '../../db/connect';

/**
 * Where a fetched roster goes next: the two steps of the import feature a sync hands over to (written in the same
 * issue, in server-sync/sis beside this folder). The sync job takes them as dependencies from the composition root
 * (server-sync/jobs-catalog.ts), the one place that wires them:
 *
 *   makeSisSourceJobs({ ..., readRosterFile, applyRoster })
 *
 * Until both are given, a sync still fetches, records what it fetched (per-file record counts, bytes) on its
 * sis_sync_jobs row, and then fails that row with "apply step not installed" (or "CSV reader not installed"): nothing
 * is applied, nothing is lost (a watched folder's zip goes to failed/ with that reason and can be dropped again).
 */

/** The counts an import reports (issue 13's `sis import` JSON). */
export interface ApplyCounts {
  readonly read: number;
  readonly created: number;
  readonly updated: number;
  readonly transferred: number;
  readonly withdrawn: number;
  readonly unchanged: number;
  readonly errors: readonly unknown[];
}

/** Applies a roster to the district database (or, dryRun, plans it without writing). */
export type ApplyRoster = (
  db: ServerDb,
  bundle: RosterBundle,
  options: { readonly configId: string; readonly dryRun: boolean; readonly syncJobId?: string },
) => Promise<ApplyCounts>;

/** Reads a OneRoster CSV set (a zip or a directory holding manifest.csv) into a bundle. */
export type ReadRosterFile = (path: string) => Promise<RosterBundle>;

export class HandoffMissingError extends Error {
  override readonly name = 'HandoffMissingError';
}

/** Per-file record counts of a bundle, for the run's row. */
export function bundleCounts(b: RosterBundle): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, records] of Object.entries(b.files)) out[file] = records?.length ?? 0;
  return out;
}
