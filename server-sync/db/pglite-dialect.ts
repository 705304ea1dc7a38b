import type { PGlite, Transaction } from '@electric-sql/pglite';
import {
  createQueryId,
  IdentifierNode,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  RawNode,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely dialect for embedded PGlite (the demo district, tests, `white-cross` without DATABASE_URL).
 *
 * Kysely 0.29 ships one, but needs Node 22; the project runs on Node 20 with Kysely 0.28, which has none, and the
 * community packages either pin older PGlite releases or pull in a code generator. This is the same design as
 * Kysely 0.29's (MIT, © Sami Koskimäki), kept small:
 *
 * - One connection, used by one Kysely operation at a time (a query, or a whole transaction): a mutex in
 *   acquireConnection / releaseConnection, as Kysely 0.29 does for adapters without multiple connections. A query
 *   issued while a transaction runs waits for it, never joins it.
 * - Transactions are PGlite's own `transaction()` (BEGIN, then COMMIT, or ROLLBACK when Kysely rolls back), which
 *   also holds PGlite's lock, so another user of the same PGlite instance cannot interleave. Isolation level and
 *   access mode are applied with SET TRANSACTION; savepoints are plain SQL.
 * - The type parsers are the PGlite instance's (openServerDb sets them); `rowMode: 'object'`; affected rows as
 *   bigint, like the `pg` driver.
 * - Migrations need no advisory lock: the migrator holds the only connection from lock to unlock.
 * - `db.destroy()` closes the PGlite instance when it is still open.
 */
export class PGliteDialect implements Dialect {
  /** The one connection's lock: Kysely's operations and exclusive() take turns on it. */
  readonly #mutex = new Mutex();
  constructor(private readonly config: { readonly pglite: PGlite }) {}
  createAdapter(): DialectAdapter {
    return new PGliteAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.config.pglite, this.#mutex);
  }
  /**
   * Runs fn on the PGlite instance while holding the connection's lock, between Kysely's operations: never inside
   * (or interleaved with) a Kysely transaction. For clients that speak SQL text of their own (pg-boss: its schema
   * creation is one multi-statement string, which needs PGlite's exec).
   */
  async exclusive<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T> {
    await this.#mutex.lock();
    try {
      if (this.config.pglite.closed) throw new Error('the PGlite database is already closed');
      return await fn(this.config.pglite);
    } finally {
      this.#mutex.unlock();
    }
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {
    // the migrator holds the single connection between acquire and release: nothing else can run
  }
  override async releaseMigrationLock(): Promise<void> {
    // see acquireMigrationLock
  }
}

/** A lock handed from one holder to the next in the order they asked. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;
  async lock(): Promise<void> {
    const previous = this.#tail;
    let release = () => {};
    this.#tail = new Promise<void>((r) => (release = r));
    await previous;
    this.#release = release;
  }
  unlock(): void {
    const r = this.#release;
    this.#release = null;
    r?.();
  }
}

interface OpenTransaction {
  readonly tx: Transaction;
  /** Settles the transaction callback: true commits, false rolls back. */
  readonly finish: (commit: boolean) => void;
  /** PGlite's transaction() promise: resolves after COMMIT / ROLLBACK, rejects when they fail. */
  readonly done: Promise<void>;
}

class PGliteConnection implements DatabaseConnection {
  #open: OpenTransaction | null = null;
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const runner = this.#open?.tx ?? this.pglite;
    const r = await runner.query<R>(query.sql, [...query.parameters], { rowMode: 'object' });
    return r.affectedRows === undefined || r.affectedRows === null
      ? { rows: r.rows }
      : { rows: r.rows, numAffectedRows: BigInt(r.affectedRows) };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by PGlite');
  }

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.#open) throw new Error('a transaction is already open on the PGlite connection');
    let began: (tx: Transaction) => void = () => {};
    let finish: (commit: boolean) => void = () => {};
    const txReady = new Promise<Transaction>((r) => (began = r));
    const decided = new Promise<boolean>((r) => (finish = r));
    const done = this.pglite.transaction(async (tx) => {
      const set = [
        settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
        settings.accessMode ?? '',
      ].filter(Boolean);
      if (set.length > 0) await tx.query(`set transaction ${set.join(' ')}`);
      began(tx);
      if (!(await decided)) await tx.rollback();
    });
    // BEGIN (or SET TRANSACTION) failing rejects `done` before the transaction is handed out
    const tx = await Promise.race([txReady, done.then(() => null)]);
    if (tx === null) throw new Error('the PGlite transaction ended before it began');
    this.#open = { tx, finish, done };
  }

  async end(commit: boolean): Promise<void> {
    const open = this.#open;
    if (!open) throw new Error('no transaction is open on the PGlite connection');
    open.finish(commit);
    try {
      await open.done;
    } catch (e) {
      if (commit) throw e; // e.g. COMMIT of a transaction an earlier error aborted
    } finally {
      this.#open = null;
    }
  }
}

const connectionOf = (c: DatabaseConnection): PGliteConnection => {
  if (c instanceof PGliteConnection) return c;
  throw new Error('not a connection of the PGlite dialect');
};

const savepointSql = (command: string, name: string) =>
  RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);

class PGliteDriver implements Driver {
  #connection: PGliteConnection | null = null;
  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
  ) {}

  async init(): Promise<void> {
    if (this.pglite.closed) throw new Error('the PGlite database is already closed');
    await this.pglite.waitReady;
    this.#connection = new PGliteConnection(this.pglite);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    if (this.#connection) return this.#connection;
    this.mutex.unlock();
    throw new Error('the PGlite dialect is not initialised');
  }
  releaseConnection(): Promise<void> {
    this.mutex.unlock();
    return Promise.resolve();
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connectionOf(c).begin(settings);
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await connectionOf(c).end(true);
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await connectionOf(c).end(false);
  }
  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await c.executeQuery(compile(savepointSql('savepoint', name), createQueryId()));
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await c.executeQuery(compile(savepointSql('rollback to', name), createQueryId()));
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await c.executeQuery(compile(savepointSql('release', name), createQueryId()));
  }
  async destroy(): Promise<void> {
    this.#connection = null;
    if (!this.pglite.closed) await this.pglite.close();
  }
}
