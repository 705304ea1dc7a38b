import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3-multiple-ciphers';
import { SYNCED_TABLES } from '../../../src-shared/sync/tables';
import { migrateWorkstationToLatest } from '../../../src-main/db/migrate';
import { openWorkstationDb } from '../../../src-main/db/open';
import { raisePullCache } from '../../../src-main/store/apply';

/**
 * The first sync's limit: the rows the client wrote, copied into a fresh encrypted workstation database (same
 * cipher, WAL, synchronous=FULL, schema, CHECKs, indexes and outbox-guard triggers) by plain prepared INSERTs, one
 * transaction per `pageSize` rows (the caller passes the client's rows per commit) with foreign keys deferred as the
 * client does, with the page cache its pull has (PULL_CACHE_KIB), in the order the rows arrived when `arrival` is given (else table by table, parents first: fewer
 * tables per transaction, so fewer index pages written per commit, a friendlier order than the server's). Only the
 * transactions are timed (reading the source is not).
 */

/** A run of consecutive pulled changes of one table, in the order the client received them. */
export type ArrivalRun = readonly [table: string, changes: number];

export interface SqliteLimit {
  readonly rows: number;
  /** Transactions. */
  readonly pages: number;
  /** Rows per transaction. */
  readonly pageSize: number;
  readonly ms: number;
  /** This process's CPU time in the transactions. */
  readonly cpuMs: number;
}

interface FkInfo {
  table: string;
}
interface XInfo {
  name: string;
  hidden: number;
}

/** Synced tables holding rows, parents before children. */
function tablesInOrder(src: Database.Database): string[] {
  const present: string[] = SYNCED_TABLES.filter(
    (t) => (src.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n > 0,
  );
  const deps = new Map<string, Set<string>>(
    present.map((t) => [
      t,
      new Set(
        (src.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).all(t) as FkInfo[])
          .map((f) => f.table)
          .filter((p) => p !== t && present.includes(p)),
      ),
    ]),
  );
  const out: string[] = [];
  while (out.length < present.length) {
    const next = present.find(
      (t) => !out.includes(t) && [...(deps.get(t) ?? [])].every((p) => out.includes(p)),
    );
    if (!next) throw new Error('foreign key cycle among synced tables');
    out.push(next);
  }
  return out;
}

export async function sqliteInsertLimit(
  src: Database.Database,
  file: string,
  pageSize: number,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
  arrival?: readonly ArrivalRun[],
): Promise<SqliteLimit> {
  const dst = openWorkstationDb(file, randomBytes(32));
  try {
    await migrateWorkstationToLatest(dst.db);
    // NORMAL only as a what-if (--profile): in WAL mode it keeps the file consistent but may lose the last commits
    if (synchronous !== 'FULL') dst.sqlite.pragma(`synchronous = ${synchronous}`);
    // raw SQL past the store: open the outbox guard explicitly (docs/sync-client.md); its triggers still run per row
    dst.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`).run();
    raisePullCache(dst.sqlite); // the page cache the client's pull has
    let page: [Database.Statement, unknown[]][] = [];
    let rows = 0;
    let pages = 0;
    let ms = 0;
    let cpuMs = 0;
    const commit = dst.sqlite.transaction((items: [Database.Statement, unknown[]][]) => {
      dst.sqlite.pragma('defer_foreign_keys = ON');
      for (const [stmt, values] of items) stmt.run(values);
    });
    const flush = () => {
      if (page.length === 0) return;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      commit(page);
      ms += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      cpuMs += (cpu.user + cpu.system) / 1000;
      rows += page.length;
      pages++;
      page = [];
    };
    // each table's rows in the order the client inserted them (rowid order), with its INSERT
    const tables = new Map(
      tablesInOrder(src).map((table) => {
        const cols = (src.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?)`).all(table) as XInfo[])
          .filter((c) => c.hidden !== 2 && c.hidden !== 3)
          .map((c) => `"${c.name}"`);
        const insert = dst.sqlite.prepare(
          `INSERT INTO "${table}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        );
        const read = src.prepare(`SELECT ${cols.join(', ')} FROM "${table}" ORDER BY rowid`).raw(true);
        return [table, { insert, rows: read.iterate() as IterableIterator<unknown[]> }] as const;
      }),
    );
    const take = (table: string, n: number) => {
      const t = tables.get(table);
      if (!t) return;
      for (let i = 0; i < n; i++) {
        const next = t.rows.next();
        if (next.done) return;
        page.push([t.insert, next.value]);
        if (page.length >= pageSize) flush();
      }
    };
    // as the rows arrived (the client's runs of one table), then whatever is left, table by table
    for (const [table, n] of arrival ?? []) take(table, n);
    for (const table of tables.keys()) take(table, Number.POSITIVE_INFINITY);
    flush();
    return { rows, pages, pageSize, ms, cpuMs };
  } finally {
    await dst.close();
  }
}
