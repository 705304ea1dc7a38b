import { v7 as uuidv7 } from 'uuid';
import type { RosterBundle } from '../../../src-shared/sis/oneroster/bundle';
import type { ServerDb } from '../../db/connect';
import { fetchForConfig, type Fetched } from './fetch';
import {
  bundleCounts,
  HandoffMissingError,
  type ApplyCounts,
  type ApplyRoster,
  type ReadRosterFile,
} from './handoff';
import type { RetryPolicy } from './http';
import { credentialsOf, loadSourceConfig } from './store';
import { finishZip } from './watched-folder';

/**
 * One sync of a configuration: a sis_sync_jobs row (RUNNING), the fetch, the hand-off to the CSV reader (file
 * sources) and to the apply step, then the row COMPLETED (with the apply step's counts) or FAILED (with the reason).
 * A REST sync that applied for real moves the delta cursor to the newest dateLastModified it read; a dry run
 * (test mode) leaves it. A watched folder's zip goes to processed/ or failed/.
 */

export interface SyncDeps {
  readonly db: ServerDb;
  readonly kek: () => Buffer;
  readonly workDir: () => string;
  readonly readRosterFile?: ReadRosterFile | undefined;
  readonly applyRoster?: ApplyRoster | undefined;
  readonly retry?: Partial<RetryPolicy>;
}

export interface SyncRequest {
  readonly configId: string;
  readonly trigger: 'SCHEDULED' | 'MANUAL';
  readonly userId?: string | null;
  readonly file?: string;
  /** Default: the configuration's test mode. */
  readonly dryRun?: boolean;
  readonly full?: boolean;
  readonly now: () => Date;
}

export type SyncOutcome =
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'COMPLETED' | 'PARTIAL_SUCCESS'; readonly runId: string; readonly counts: ApplyCounts }
  | {
      readonly status: 'FAILED';
      readonly runId: string;
      readonly reason: string;
      readonly retryable: boolean;
    };

async function finishRun(
  db: ServerDb,
  runId: string,
  now: Date,
  set: {
    status: 'COMPLETED' | 'FAILED' | 'PARTIAL_SUCCESS';
    summary?: string;
    snapshot?: unknown;
    metrics?: unknown;
    counts?: ApplyCounts;
  },
): Promise<void> {
  await db
    .updateTable('sis_sync_jobs')
    .set({
      job_status: set.status,
      job_end_time: now,
      updated_at: now,
      ...(set.summary !== undefined ? { error_summary: set.summary } : {}),
      ...(set.snapshot !== undefined ? { data_snapshot: JSON.stringify(set.snapshot) } : {}),
      ...(set.metrics !== undefined ? { performance_metrics: JSON.stringify(set.metrics) } : {}),
      ...(set.counts
        ? {
            records_processed: set.counts.read,
            records_created: set.counts.created,
            records_updated: set.counts.updated + set.counts.transferred + set.counts.withdrawn,
            records_skipped: set.counts.unchanged,
            records_failed: set.counts.errors.length,
          }
        : {}),
    })
    .where('id', '=', runId)
    .execute();
}

export async function runSync(d: SyncDeps, r: SyncRequest): Promise<SyncOutcome> {
  const c = await loadSourceConfig(d.db, r.configId);
  if (!c) return { status: 'skipped', reason: `no configuration ${r.configId}` };
  if (!c.enabled && r.trigger === 'SCHEDULED')
    return { status: 'skipped', reason: 'the configuration is disabled' };
  const dryRun = r.dryRun ?? c.testMode;
  const started = r.now();
  const runId = uuidv7();
  await d.db
    .insertInto('sis_sync_jobs')
    .values({
      id: runId,
      config_id: c.id,
      job_start_time: started,
      job_status: 'RUNNING',
      trigger_type: r.trigger,
      triggered_by: r.userId ?? null,
      sync_direction: 'IMPORT_ONLY',
      created_at: started,
      updated_at: started,
    })
    .execute();
  let fetched: Fetched | null = null;
  let bundle: RosterBundle | null = null;
  const metrics: Record<string, unknown> = { dryRun, source: c.source.kind };
  try {
    fetched = await fetchForConfig(c, credentialsOf(c, d.kek), {
      workDir: d.workDir(),
      ...(r.full ? { full: true } : {}),
      ...(r.file ? { file: r.file } : {}),
      ...(d.retry ? { retry: d.retry } : {}),
    });
    if (!fetched) {
      await finishRun(d.db, runId, r.now(), {
        status: 'COMPLETED',
        summary: `${r.file ?? ''} was already taken`,
      });
      return { status: 'skipped', reason: `${r.file ?? 'the file'} was already taken by another run` };
    }
    metrics.fetch = { ...fetched.detail, ms: r.now().getTime() - started.getTime() };
    if (fetched.kind === 'bundle') bundle = fetched.bundle;
    else {
      if (!d.readRosterFile)
        throw new HandoffMissingError(`CSV reader not installed: ${fetched.source} was fetched but not read`);
      bundle = await d.readRosterFile(fetched.localPath);
    }
    const snapshot = {
      source: bundle.source,
      version: bundle.version,
      mode: bundle.mode,
      records: bundleCounts(bundle),
    };
    const read = Object.values(snapshot.records).reduce((a, b) => a + b, 0);
    await d.db
      .updateTable('sis_sync_jobs')
      .set({ data_snapshot: JSON.stringify(snapshot), records_processed: read })
      .where('id', '=', runId)
      .execute();
    if (!d.applyRoster)
      throw new HandoffMissingError(
        `apply step not installed: ${read} record(s) fetched from ${bundle.source}, nothing applied`,
      );
    const counts = await d.applyRoster(d.db, bundle, { configId: c.id, dryRun, syncJobId: runId });
    const status = counts.errors.length > 0 ? 'PARTIAL_SUCCESS' : 'COMPLETED';
    const now = r.now();
    await finishRun(d.db, runId, now, { status, counts, metrics });
    if (fetched.kind === 'file' && fetched.claimed) finishZip(fetched.claimed, { ok: true }, now);
    if (!dryRun) {
      await d.db
        .updateTable('sis_sync_configs')
        .set({ last_sync_timestamp: now, updated_at: now })
        .where('id', '=', c.id)
        .execute();
      if (fetched.kind === 'bundle' && fetched.newestModified)
        await d.db
          .updateTable('sis_sync_sources')
          .set({ delta_since: fetched.newestModified, updated_at: now })
          .where('config_id', '=', c.id)
          .execute();
    }
    return { status, runId, counts };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const now = r.now();
    await finishRun(d.db, runId, now, { status: 'FAILED', summary: reason, metrics });
    if (fetched?.kind === 'file' && fetched.claimed) finishZip(fetched.claimed, { ok: false, reason }, now);
    return { status: 'FAILED', runId, reason, retryable: !(e instanceof HandoffMissingError) };
  } finally {
    if (fetched?.kind === 'file') fetched.cleanup();
  }
}
