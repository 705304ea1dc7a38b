import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3-multiple-ciphers';
import { SYNCED_TABLES } from '../../../src-shared/sync/tables';
import { migrateWorkstationToLatest } from '../../../src-main/db/migrate';
import { openWorkstationDb } from '../../../src-main/db/open';

/**
 * The first sync's limit: the rows the client wrote, copied into a fresh encrypted workstation database (same
 * cipher, WAL, synchronous=FULL, schema, CHECKs, indexes and outbox-guard triggers) by plain prepared INSERTs, one
 * transaction per page of `pageSize` rows with foreign keys deferred as the client does. Only the transactions are
 * timed (reading the source is not).
 */

export interface SqliteLimit {
  readonly rows: number;
  readonly pages: number;
  readonly ms: number;
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
): Promise<SqliteLimit> {
  const dst = openWorkstationDb(file, randomBytes(32));
  try {
    await migrateWorkstationToLatest(dst.db);
    // NORMAL only as a what-if (--profile): in WAL mode it keeps the file consistent but may lose the last commits
    if (synchronous !== 'FULL') dst.sqlite.pragma(`synchronous = ${synchronous}`);
    // raw SQL past the store: open the outbox guard explicitly (docs/sync-client.md); its triggers still run per row
    dst.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES ('write_path.open', '1')`).run();
    let page: [Database.Statement, unknown[]][] = [];
    let rows = 0;
    let pages = 0;
    let ms = 0;
    const commit = dst.sqlite.transaction((items: [Database.Statement, unknown[]][]) => {
      dst.sqlite.pragma('defer_foreign_keys = ON');
      for (const [stmt, values] of items) stmt.run(values);
    });
    const flush = () => {
      if (page.length === 0) return;
      const t0 = performance.now();
      commit(page);
      ms += performance.now() - t0;
      rows += page.length;
      pages++;
      page = [];
    };
    for (const table of tablesInOrder(src)) {
      const cols = (src.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?)`).all(table) as XInfo[])
        .filter((c) => c.hidden !== 2 && c.hidden !== 3)
        .map((c) => `"${c.name}"`);
      const insert = dst.sqlite.prepare(
        `INSERT INTO "${table}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      const read = src.prepare(`SELECT ${cols.join(', ')} FROM "${table}"`).raw(true);
      for (const values of read.iterate() as IterableIterator<unknown[]>) {
        page.push([insert, values]);
        if (page.length >= pageSize) flush();
      }
    }
    flush();
    return { rows, pages, ms };
  } finally {
    await dst.close();
  }
}
