import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { PGliteDialect } from './pglite-dialect';
import { lockPgliteDir } from './pglite-lock';

/** PostgreSQL type ids whose default parsing loses information or shifts time zones. */
const PG_TYPE = Object.freeze({ INT8: 20, DATE: 1082, NUMERIC: 1700 });

/** `date` stays a plain 'YYYY-MM-DD' string (a date of birth is not an instant); bigint becomes a number (sequences); numeric stays an exact string (money). */
const parseInt8 = (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint value ${v} is beyond Number.MAX_SAFE_INTEGER`);
  return n;
};
const identity = (v: string): string => v;

pg.types.setTypeParser(PG_TYPE.INT8, parseInt8);
pg.types.setTypeParser(PG_TYPE.DATE, identity);

export type ServerDb = Kysely<ServerDatabase>;

export interface ServerDbTarget {
  /** postgres://... selects real PostgreSQL. */
  readonly databaseUrl?: string | undefined;
  /** Directory for embedded PGlite when no databaseUrl is given; ':memory:' for a throwaway database. */
  readonly pgliteDir?: string | undefined;
}

/** The result of executeSql: the rows of the (last) statement and how many rows it touched. */
export interface SqlResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

export interface ServerDbHandle {
  readonly db: ServerDb;
  readonly kind: 'postgres' | 'pglite';
  readonly description: string;
  /**
   * Runs SQL text of a client library of its own (pg-boss, server-sync/jobs) on this database. With values: one
   * statement with $1.. parameters; without: any text, several statements included (pg-boss sends
   * `BEGIN; ...; COMMIT;` to create its schema). On PGlite it takes the dialect's one-connection lock, so it never
   * runs inside or between the statements of a Kysely transaction; on PostgreSQL it is a query on the pool.
   */
  readonly executeSql: (text: string, values?: readonly unknown[]) => Promise<SqlResult>;
  close(): Promise<void>;
}

const lastResult = <R extends { rows: unknown[] }>(r: R | R[]): R | undefined =>
  Array.isArray(r) ? r[r.length - 1] : r;

/** Opens the district database: PostgreSQL when a URL is given, else embedded PGlite (created on first use). */
export async function openServerDb(target: ServerDbTarget): Promise<ServerDbHandle> {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 10 });
    // An idle connection the server ends (restart, failover, DROP DATABASE ... FORCE) is an 'error' event of the
    // pool: without a listener it would end the process. pg drops that connection and the next query opens a new
    // one; a query in flight gets its own error.
    pool.on('error', (e) => {
      process.stderr.write(`PostgreSQL: an idle connection was closed (${e.message}); the pool reconnects\n`);
    });
    const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
    return Object.freeze({
      db,
      kind: 'postgres' as const,
      description: redactUrl(target.databaseUrl),
      executeSql: async (text: string, values?: readonly unknown[]): Promise<SqlResult> => {
        type Rows = pg.QueryResult<Record<string, unknown>>;
        if (values && values.length > 0) {
          const r = await pool.query<Record<string, unknown>>(text, [...values]);
          return { rows: r.rows, rowCount: r.rowCount ?? 0 };
        }
        // text without values may be several statements (one result each: the last one's rows are the answer), and
        // may open a transaction: a failure ends it on that connection before the pool hands it to anyone else
        const client = await pool.connect();
        try {
          const r = lastResult((await client.query(text)) as unknown as Rows | Rows[]);
          return { rows: r?.rows ?? [], rowCount: r?.rowCount ?? 0 };
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    });
  }
  const dir = target.pgliteDir ?? resolve('data/server');
  let unlock = () => {};
  if (dir !== ':memory:') {
    mkdirSync(dir, { recursive: true });
    unlock = lockPgliteDir(dir); // one process at a time: a second one would corrupt it
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir === ':memory:' ? undefined : dir, {
      parsers: { [PG_TYPE.INT8]: parseInt8, [PG_TYPE.DATE]: identity },
    });
  } catch (e) {
    unlock();
    throw e;
  }
  const dialect = new PGliteDialect({ pglite });
  const db = new Kysely<ServerDatabase>({ dialect });
  return Object.freeze({
    db,
    kind: 'pglite' as const,
    description: dir === ':memory:' ? 'PGlite (in memory)' : `PGlite at ${dir}`,
    executeSql: pgliteExecuteSql(dialect),
    close: async () => {
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        unlock();
      }
    },
  });
}

/** executeSql (ServerDbHandle) on PGlite, under the dialect's one-connection lock. */
export const pgliteExecuteSql =
  (dialect: PGliteDialect) =>
  (text: string, values?: readonly unknown[]): Promise<SqlResult> =>
    dialect.exclusive(async (p) => {
      if (values && values.length > 0) {
        const r = await p.query<Record<string, unknown>>(text, [...values]);
        return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
      }
      try {
        const r = lastResult(await p.exec(text));
        return { rows: r?.rows ?? [], rowCount: r?.affectedRows ?? 0 };
      } catch (e) {
        // a failed statement of a `BEGIN; ...; COMMIT;` text leaves its transaction open and aborted: end it, so the
        // next user of the one connection does not inherit it (outside a transaction this is a harmless warning)
        await p.exec('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });

/** A database URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
