import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import type { WorkstationDatabase } from '../../src-shared/db/workstation-schema.generated';

export type WorkstationDb = Kysely<WorkstationDatabase>;

export interface WorkstationDbHandle {
  readonly db: WorkstationDb;
  /** The underlying connection, for the core's own prepared statements and benchmarks. */
  readonly sqlite: Database.Database;
  close(): Promise<void>;
}

export class WorkstationKeyError extends Error {
  override readonly name = 'WorkstationKeyError';
}

export const WORKSTATION_KEY_BYTES = 32;

/**
 * Pages kept decrypted in memory (KiB). SQLCipher decrypts and authenticates every page read from disk; with
 * SQLite's default 2 MiB a 250 MB clinic database decrypted the same student and order pages again on every Today,
 * MAR or chart read. 64 MiB holds a school's working set (today's visits, the students and orders they name).
 */
export const WORKSTATION_CACHE_KIB = 65_536;

/**
 * Keeps SQLite's planner statistics (sqlite_stat1) current, as SQLite advises for long-lived connections: run at open
 * and after a pull wrote rows, over every table (0x10002: not only those queried on this connection). It analyzes
 * only tables without statistics or whose size changed a lot since, on a sample (analysis_limit): about 20 ms the
 * first time on a 250 MB school database, next to nothing after. Without
 * statistics SQLite picks an index by rules of thumb: it reads each visit's student through the primary key and the
 * row (two searches) rather than the names index (one), and scans every order rather than the active ones.
 */
export function refreshPlannerStatistics(sqlite: Database.Database): void {
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
}

/**
 * Opens (creating if needed) the workstation's SQLCipher-compatible database.
 * The key is applied before any other statement; a wrong key fails here, not on first use.
 */
export function openWorkstationDb(file: string, key: Uint8Array): WorkstationDbHandle {
  if (key.length !== WORKSTATION_KEY_BYTES) {
    throw new WorkstationKeyError(
      `workstation key must be ${WORKSTATION_KEY_BYTES} bytes, got ${key.length}`,
    );
  }
  const sqlite = new Database(file);
  try {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
    sqlite.pragma(`key="x'${Buffer.from(key).toString('hex')}'"`);
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      throw new WorkstationKeyError(
        `cannot open ${file}: wrong key or not a White Cross database (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`cache_size = -${WORKSTATION_CACHE_KIB}`);
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const db = new Kysely<WorkstationDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  return Object.freeze({
    db,
    sqlite,
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  });
}
