import type Database from 'better-sqlite3-multiple-ciphers';
import { formatHlc, hlcReceive, hlcTick, isHlc, parseHlc, type Hlc } from '../../src-shared/sync/hlc';
import type { TableMeta } from './meta';
import { first, query } from './read';

/** The sync_state row that opens the outbox guard of migration 0005 inside the store's own transaction. */
export const WRITE_PATH_FLAG = 'write_path.open';

/** sync_state keys the store and the sync client keep. */
export const STATE_KEYS = Object.freeze({
  deviceId: 'device_id',
  lastSeq: 'outbox.last_seq',
  lastHlc: 'hlc.last',
  pullAfter: 'pull.after',
  ackedThrough: 'push.acked_through',
});

/** What every part of the store shares: the connection, the clock, the table metadata, the write path. */
export interface StoreContext {
  readonly sqlite: Database.Database;
  readonly deviceId: string;
  readonly schemaVersion: number;
  readonly tables: ReadonlyMap<string, TableMeta>;
  now(): number;
  nowIso(): string;
  /** A cached prepared statement. */
  stmt(sql: string): Database.Statement;
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
  /** Runs fn in one transaction with the outbox guard open; nested calls join the outer transaction. */
  writePath<R>(fn: () => R): R;
  /** The next HLC for a local event, persisted (call inside writePath). */
  tickHlc(): string;
  /** Merges a clock value received from the server so later local events order after it. */
  receiveHlc(remote: string): void;
}

export function createStoreContext(options: {
  sqlite: Database.Database;
  deviceId: string;
  schemaVersion: number;
  tables: ReadonlyMap<string, TableMeta>;
  now: () => number;
}): StoreContext {
  const { sqlite, deviceId, now } = options;
  const cache = new Map<string, Database.Statement>();
  const stmt = (text: string): Database.Statement => {
    let s = cache.get(text);
    if (!s) {
      s = sqlite.prepare(text);
      cache.set(text, s);
    }
    return s;
  };
  const getState = (key: string): string | undefined =>
    first(sqlite, query.selectFrom('sync_state').select('value').where('key', '=', key))?.value;
  const setState = (key: string, value: string): void => {
    stmt(
      `INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(key, value);
  };
  const lastHlc = (): Hlc | null => {
    const v = getState(STATE_KEYS.lastHlc);
    return v && isHlc(v) ? parseHlc(v) : null;
  };
  let depth = 0;
  const writePath = <R>(fn: () => R): R => {
    if (depth > 0) return fn();
    const tx = sqlite.transaction(() => {
      stmt(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('${WRITE_PATH_FLAG}', '1')`).run();
      depth++;
      try {
        const r = fn();
        if (r instanceof Promise)
          throw new Error(
            'a store transaction must be synchronous (better-sqlite3): do not pass an async function',
          );
        return r;
      } finally {
        depth--;
        stmt(`DELETE FROM sync_state WHERE key = '${WRITE_PATH_FLAG}'`).run();
      }
    });
    return tx();
  };
  return {
    sqlite,
    deviceId,
    schemaVersion: options.schemaVersion,
    tables: options.tables,
    now,
    nowIso: () => new Date(now()).toISOString(),
    stmt,
    getState,
    setState,
    writePath,
    tickHlc: () => {
      const h = formatHlc(hlcTick(lastHlc(), now(), deviceId));
      setState(STATE_KEYS.lastHlc, h);
      return h;
    },
    receiveHlc: (remote: string) => {
      if (!isHlc(remote)) return;
      const last = lastHlc();
      if (last !== null && remote <= formatHlc(last)) return;
      const merged = formatHlc(hlcReceive(last, parseHlc(remote), now(), deviceId));
      setState(STATE_KEYS.lastHlc, merged);
    },
  };
}
