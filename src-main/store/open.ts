import type { Insertable, Updateable } from 'kysely';
import type { WorkstationDatabase } from '../../src-shared/db/workstation-schema.generated';
import type { OutboxChange, PullResponse, PushRejection, PushResponse } from '../../src-shared/sync/protocol';
import type { WorkstationWritableTable } from '../../src-shared/sync/tables';
import { WORKSTATION_SYNC_SCHEMA_VERSION } from '../../migrations/workstation/index';
import { migrateWorkstationToLatest } from '../db/migrate';
import { openWorkstationDb, refreshPlannerStatistics, type WorkstationDb } from '../db/open';
import { applyLostConflicts, applyPullPage, applyPullPages, raisePullCache, type ApplyStats } from './apply';
import { recordConflicts, recordRejections } from './conflicts';
import { STATE_KEYS, WRITE_PATH_FLAG, createStoreContext, type StoreContext } from './context';
import { StoreDeviceError } from './errors';
import { first, query } from './read';
import { loadTableMeta, type TableMeta } from './meta';
import { countUnacked, lastAssignedSeq, markAcked, markPushed, reopenFrom, unackedChanges } from './outbox';
import { writeRow, type WriteOp, type WriteResult } from './write';
import type Database from 'better-sqlite3-multiple-ciphers';

/** The workstation's schema version sent with every sync call: its migrations that shape synced tables. */
export const WORKSTATION_SCHEMA_VERSION = WORKSTATION_SYNC_SCHEMA_VERSION;

export interface OpenLocalStoreOptions {
  readonly file: string;
  /** The raw 32-byte SQLCipher key (the caller unwraps it from the OS keychain). */
  readonly key: Uint8Array;
  /** This workstation's enrolled device id: the HLC node and the owner of the outbox sequence. */
  readonly deviceId: string;
  /** Wall clock in epoch milliseconds (tests inject one). */
  readonly now?: () => number;
}

export interface PushOutcome {
  /** Outbox rows newly marked acknowledged. */
  readonly acked: number;
  /** Local columns that took the server's winning value of a conflict this device lost. */
  readonly lostApplied: number;
  readonly unfiledRejections: readonly PushRejection[];
}

/** Sync bookkeeping for the sync client (src-main/sync): every method is one transaction. */
export interface StoreSyncIo {
  unacked(limit: number): OutboxChange[];
  countUnacked(): number;
  lastSeq(): number;
  markPushed(fromSeq: number, toSeq: number): void;
  /** Acks, rejections and conflicts of one push response, applied together. */
  recordPush(batch: readonly OutboxChange[], response: PushResponse): PushOutcome;
  /** Marks seqs below `expectedSeq` acknowledged (the server holds them). */
  ackBelow(expectedSeq: number): number;
  /** Marks every seq from `fromSeq` on unacknowledged again; false when the outbox no longer holds them all. */
  reopenFrom(fromSeq: number): boolean;
  pullCursor(): number;
  applyPullPage(after: number, page: PullResponse): ApplyStats;
  /** Consecutive pages (the first asked for at `after`) and the last one's cursor in one transaction. */
  applyPullPages(after: number, pages: readonly PullResponse[]): ApplyStats;
  /** Raises the page cache for a pull's transactions (PULL_CACHE_KIB); the returned function puts it back. */
  raisePullCache(): () => void;
}

export interface LocalStore {
  readonly db: WorkstationDb;
  readonly sqlite: Database.Database;
  readonly deviceId: string;
  readonly schemaVersion: number;
  readonly tables: ReadonlyMap<string, TableMeta>;
  /** The one write path: the row change and its outbox row in one transaction. */
  write(table: string, rowId: string, op: WriteOp, columns?: Record<string, unknown>): WriteResult;
  /** Typed: a new row (fails if the id exists). */
  insert<T extends WorkstationWritableTable>(
    table: T,
    row: Insertable<WorkstationDatabase[T]> & { id: string },
  ): WriteResult;
  /** Typed: changes columns of an existing row. */
  update<T extends WorkstationWritableTable>(
    table: T,
    id: string,
    patch: Updateable<WorkstationDatabase[T]>,
  ): WriteResult;
  /** Tombstones a row (sets deleted_at). */
  remove(table: WorkstationWritableTable, id: string): WriteResult;
  /** Several writes in one transaction (all or nothing). */
  transaction<R>(fn: () => R): R;
  readonly sync: StoreSyncIo;
  close(): Promise<void>;
}

function syncIo(ctx: StoreContext): StoreSyncIo {
  return {
    unacked: (limit) => unackedChanges(ctx, limit),
    countUnacked: () => countUnacked(ctx),
    lastSeq: () => lastAssignedSeq(ctx),
    markPushed: (from, to) => markPushed(ctx, from, to),
    recordPush: (batch, response) =>
      ctx.writePath(() => {
        const acked = markAcked(ctx, response.ackedThrough);
        const unfiledRejections = recordRejections(ctx, batch, response.rejections);
        recordConflicts(ctx, response.conflicts);
        const lostApplied = applyLostConflicts(ctx, response.conflicts);
        return { acked, lostApplied, unfiledRejections };
      }),
    ackBelow: (expectedSeq) => ctx.writePath(() => markAcked(ctx, expectedSeq - 1)),
    reopenFrom: (fromSeq) => ctx.writePath(() => reopenFrom(ctx, fromSeq)),
    pullCursor: () => Number(ctx.getState(STATE_KEYS.pullAfter) ?? 0),
    applyPullPage: (after, page) => {
      const stats = applyPullPage(ctx, after, page);
      if (stats.applied > 0) refreshPlannerStatistics(ctx.sqlite);
      return stats;
    },
    applyPullPages: (after, pages) => {
      const stats = applyPullPages(ctx, after, pages);
      if (stats.applied > 0) refreshPlannerStatistics(ctx.sqlite);
      return stats;
    },
    raisePullCache: () => raisePullCache(ctx.sqlite),
  };
}

/**
 * Opens the workstation's encrypted database, migrates it, and returns the local store: the only way to write a
 * synced table (docs/sync-client.md).
 */
export async function openLocalStore(options: OpenLocalStoreOptions): Promise<LocalStore> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(options.deviceId)) {
    throw new StoreDeviceError(
      `device id must be 1-64 letters, digits or dashes (it is the HLC node), got "${options.deviceId}"`,
    );
  }
  const handle = openWorkstationDb(options.file, options.key);
  try {
    await migrateWorkstationToLatest(handle.db);
    const { sqlite } = handle;
    const owner = first(
      sqlite,
      query.selectFrom('sync_state').select('value').where('key', '=', STATE_KEYS.deviceId),
    )?.value;
    if (owner !== undefined && owner !== options.deviceId) {
      throw new StoreDeviceError(`this database belongs to device ${owner}, not ${options.deviceId}`);
    }
    if (owner === undefined)
      sqlite
        .prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?)`)
        .run(STATE_KEYS.deviceId, options.deviceId);
    // a flag can only be left by a writer that committed with it set: close the guard again
    sqlite.prepare(`DELETE FROM sync_state WHERE key = ?`).run(WRITE_PATH_FLAG);
    refreshPlannerStatistics(sqlite);
    const ctx = createStoreContext({
      sqlite,
      deviceId: options.deviceId,
      schemaVersion: WORKSTATION_SCHEMA_VERSION,
      tables: loadTableMeta(sqlite),
      now: options.now ?? Date.now,
    });
    return Object.freeze({
      db: handle.db,
      sqlite,
      deviceId: options.deviceId,
      schemaVersion: WORKSTATION_SCHEMA_VERSION,
      tables: ctx.tables,
      write: (table: string, rowId: string, op: WriteOp, columns?: Record<string, unknown>) =>
        writeRow(ctx, table, rowId, op, columns),
      insert: <T extends WorkstationWritableTable>(
        table: T,
        row: Insertable<WorkstationDatabase[T]> & { id: string },
      ) => {
        const { id, ...rest } = row as Record<string, unknown> & { id: string };
        return writeRow(ctx, table, id, 'UPSERT', rest, 'new');
      },
      update: <T extends WorkstationWritableTable>(
        table: T,
        id: string,
        patch: Updateable<WorkstationDatabase[T]>,
      ) => writeRow(ctx, table, id, 'UPSERT', patch as Record<string, unknown>, 'existing'),
      remove: (table: WorkstationWritableTable, id: string) => writeRow(ctx, table, id, 'DELETE'),
      transaction: <R>(fn: () => R) => ctx.writePath(fn),
      sync: syncIo(ctx),
      close: () => handle.close(),
    });
  } catch (e) {
    await handle.close();
    throw e;
  }
}
