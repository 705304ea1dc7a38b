import type Database from 'better-sqlite3-multiple-ciphers';
import { openLocalStore, type LocalStore } from '../store/open';
import type { SyncProgress } from '../sync/client';
import type { RetryPolicy } from '../sync/retry';
import { createWorkstationContext, type WorkstationContext } from './context';
import type { KeyFile } from './keys/key-file';
import { ensureLocalSchema } from './local-db';
import { studentsReader, type StudentsReader } from './students';
import { createSyncService, type SyncService, type TokenSource } from './sync';

/** The workstation's open records: the encrypted store, the features' context, and the sync loop around it. */
export interface Opened {
  readonly store: LocalStore;
  readonly ctx: WorkstationContext;
  readonly students: StudentsReader;
  readonly sync: SyncService;
}

/** Whether the district server answers, as last found (unknown until probed or contacted). */
export interface Connection {
  online: boolean;
  known: boolean;
}

export interface OpenDatabaseDeps {
  readonly file: string;
  readonly now: () => number;
  readonly tokens: TokenSource;
  readonly connection: Connection;
  readonly log: (line: string) => void;
  /** Right after the store opened (the session reads the district's stored policy). */
  readonly onOpen: (sqlite: Database.Database) => void;
  readonly fetch?: typeof fetch | undefined;
  readonly syncRetry?: Partial<RetryPolicy> | undefined;
  readonly syncPullLimit?: number | undefined;
  readonly onSyncProgress?: ((p: SyncProgress) => void) | undefined;
}

export async function openDatabase(key: Uint8Array, kf: KeyFile, d: OpenDatabaseDeps): Promise<Opened> {
  const store = await openLocalStore({ file: d.file, key, deviceId: kf.deviceId, now: d.now });
  try {
    ensureLocalSchema(store.sqlite);
    d.onOpen(store.sqlite);
    const ctx = createWorkstationContext({ store, schoolId: kf.schoolId, now: d.now, log: d.log });
    const students = studentsReader(ctx);
    const sync = createSyncService({
      store,
      serverUrl: kf.serverUrl,
      tokens: d.tokens,
      now: d.now,
      ...(d.fetch ? { fetch: d.fetch } : {}),
      ...(d.syncRetry ? { retry: d.syncRetry } : {}),
      ...(d.syncPullLimit !== undefined ? { pullLimit: d.syncPullLimit } : {}),
      ...(d.onSyncProgress ? { onProgress: d.onSyncProgress } : {}),
      onPulled: () => ctx.invalidate(),
      onOnline: (v) => {
        d.connection.online = v;
        d.connection.known = true;
      },
      log: d.log,
    });
    return { store, ctx, students, sync };
  } catch (e) {
    await store.close();
    throw e;
  }
}

export async function closeDatabase(o: Opened): Promise<void> {
  o.sync.stop();
  await o.sync.idle();
  await o.store.close();
}
