import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { WorkstationDatabase } from '../../src-shared/db/workstation-schema.generated';

/**
 * Typed, synchronous reads of the workstation database: a query is built with Kysely against the generated row
 * types (src-shared/db/workstation-schema.generated.ts), compiled to SQL, and run by better-sqlite3 on the
 * caller's connection, so it sees (and stays inside) the caller's transaction. The row type is the query's own
 * (Kysely infers it from the selected columns); no `as` on raw SQL in feature code.
 *
 * Each distinct SQL text is prepared once per connection (a read costs the query build plus the statement).
 */

/** The query builder: compiles only (it has no connection; run what it builds with `all` / `first`). */
export const query: Kysely<WorkstationDatabase> = new Kysely<WorkstationDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(sqlite: Database.Database, text: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  let s = cache.get(text);
  if (!s) {
    s = sqlite.prepare(text);
    cache.set(text, s);
  }
  return s;
}

/** Every row of the query, typed as the query selects them. */
export function all<R>(sqlite: Database.Database, q: Compilable<R>): R[] {
  const c = q.compile();
  return prepared(sqlite, c.sql).all(...c.parameters) as R[];
}

/** The first row of the query, or undefined. */
export function first<R>(sqlite: Database.Database, q: Compilable<R>): R | undefined {
  const c = q.compile();
  return prepared(sqlite, c.sql).get(...c.parameters) as R | undefined;
}

/** The rows of the query one at a time (for long scans: the audit chain). */
export function iterate<R>(sqlite: Database.Database, q: Compilable<R>): IterableIterator<R> {
  const c = q.compile();
  return prepared(sqlite, c.sql).iterate(...c.parameters) as IterableIterator<R>;
}
