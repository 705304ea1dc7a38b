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

const rawStatements = new WeakMap<
  Database.Database,
  Map<string, { statement: Database.Statement; columns: string[] }>
>();

/** The statement in raw mode (rows as arrays), prepared once per SQL text apart from the shared object-mode one. */
function preparedRaw(
  sqlite: Database.Database,
  text: string,
): { statement: Database.Statement; columns: string[] } {
  let cache = rawStatements.get(sqlite);
  if (!cache) {
    cache = new Map();
    rawStatements.set(sqlite, cache);
  }
  let s = cache.get(text);
  if (!s) {
    const statement = sqlite.prepare(text).raw(true);
    s = { statement, columns: statement.columns().map((c) => c.name) };
    cache.set(text, s);
  }
  return s;
}

/**
 * Every row of the query turned into what the caller returns, without a row object per row: SQLite's rows come as
 * arrays and `build` sees each through one reused view typed as the query's row. For long lists read often (Today):
 * better-sqlite3 builds a row object property by property, which costs more than the read itself. `build` must not
 * keep the view (it changes with the next row); it returns what it makes from it.
 */
export function mapAll<R, T>(
  sqlite: Database.Database,
  q: Compilable<R>,
  build: (row: Readonly<R>) => T,
): T[] {
  const c = q.compile();
  const { statement, columns } = preparedRaw(sqlite, c.sql);
  const tuples = statement.all(...c.parameters) as unknown[][];
  const view: Record<string, unknown> = {};
  const out = new Array<T>(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const t = tuples[i]!;
    for (let j = 0; j < columns.length; j++) view[columns[j]!] = t[j];
    out[i] = build(view as R);
  }
  return out;
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
