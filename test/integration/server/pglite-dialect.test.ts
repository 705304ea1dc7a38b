import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';

/**
 * Our Kysely dialect for embedded PGlite (server-sync/db/pglite-dialect.ts), on a real PGlite: the type parsers
 * openServerDb sets, commit and rollback, savepoints, SET TRANSACTION, one operation at a time on the single
 * connection (a query issued during a transaction waits for it and is never rolled back with it), and destroy.
 */

let h: ServerDbHandle;
beforeAll(async () => {
  h = await openServerDb({ pgliteDir: ':memory:' });
  await sql`CREATE TABLE t (id int PRIMARY KEY, note text)`.execute(h.db);
});
afterAll(async () => {
  await h.close();
});

const ids = async () =>
  (await sql<{ id: number }>`SELECT id FROM t ORDER BY id`.execute(h.db)).rows.map((r) => r.id);
const clear = () => sql`DELETE FROM t`.execute(h.db);

describe('PGlite dialect', () => {
  it('keeps the type parsers: bigint as a number, date as YYYY-MM-DD, numeric as an exact string', async () => {
    const r = await sql<{
      big: unknown;
      day: unknown;
      money: unknown;
    }>`SELECT 9007199254740991::bigint AS big, '2026-02-03'::date AS day, 12.10::numeric(10,2) AS money`.execute(
      h.db,
    );
    expect(r.rows[0]).toEqual({ big: 9007199254740991, day: '2026-02-03', money: '12.10' });
    await expect(sql`SELECT 9007199254740993::bigint AS big`.execute(h.db)).rejects.toThrow(
      /beyond Number.MAX_SAFE_INTEGER/,
    );
  });

  it('reports affected rows and returns rows as objects', async () => {
    await clear();
    const ins = await sql`INSERT INTO t (id, note) VALUES (1, 'a'), (2, 'b')`.execute(h.db);
    expect(ins.numAffectedRows).toBe(2n);
    const upd = await h.db
      .withTables<{ t: { id: number; note: string | null } }>()
      .updateTable('t')
      .set({ note: 'c' })
      .where('id', '=', 2)
      .executeTakeFirst();
    expect(upd.numUpdatedRows).toBe(1n);
    expect((await sql<{ note: string }>`SELECT note FROM t WHERE id = 2`.execute(h.db)).rows).toEqual([
      { note: 'c' },
    ]);
  });

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    await clear();
    await h.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO t (id) VALUES (10)`.execute(trx);
      await sql`INSERT INTO t (id) VALUES (11)`.execute(trx);
    });
    await expect(
      h.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t (id) VALUES (12)`.execute(trx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // a statement that fails inside the transaction rolls back what came before it
    await expect(
      h.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t (id) VALUES (13)`.execute(trx);
        await sql`INSERT INTO t (id) VALUES (10)`.execute(trx); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await ids()).toEqual([10, 11]);
  });

  it('refuses to commit a transaction an error aborted, even when the caller caught the error', async () => {
    await clear();
    await expect(
      h.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t (id) VALUES (20)`.execute(trx);
        await sql`SELECT 1/0`.execute(trx).catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await ids()).toEqual([]);
    // the connection is usable afterwards
    await sql`INSERT INTO t (id) VALUES (21)`.execute(h.db);
    expect(await ids()).toEqual([21]);
  });

  it('rolls back to a savepoint (SQL and Kysely savepoints)', async () => {
    await clear();
    await h.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO t (id) VALUES (30)`.execute(trx);
      await sql`SAVEPOINT s`.execute(trx);
      await sql`INSERT INTO t (id) VALUES (31)`.execute(trx);
      await sql`ROLLBACK TO SAVEPOINT s`.execute(trx);
    });
    const trx = await h.db.startTransaction().execute();
    await sql`INSERT INTO t (id) VALUES (32)`.execute(trx);
    const sp = await trx.savepoint('before "33"').execute();
    await sql`INSERT INTO t (id) VALUES (33)`.execute(sp);
    await sp.rollbackToSavepoint('before "33"').execute();
    await sql`INSERT INTO t (id) VALUES (34)`.execute(trx);
    await trx.commit().execute();
    expect(await ids()).toEqual([30, 32, 34]);
  });

  it('applies the access mode and isolation level', async () => {
    await clear();
    await expect(
      h.db
        .transaction()
        .setAccessMode('read only')
        .execute((trx) => sql`INSERT INTO t (id) VALUES (40)`.execute(trx)),
    ).rejects.toThrow(/read-only transaction/);
    const level = await h.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute((trx) =>
        sql<{ l: string }>`SELECT current_setting('transaction_isolation') AS l`.execute(trx),
      );
    expect(level.rows[0]?.l).toBe('serializable');
    expect(await ids()).toEqual([]);
  });

  it('runs one operation at a time: a query issued during a transaction waits for it, and is not rolled back with it', async () => {
    await clear();
    const order: string[] = [];
    let insideStarted: () => void = () => {};
    const started = new Promise<void>((r) => (insideStarted = r));
    const tx = h.db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO t (id) VALUES (50)`.execute(trx);
        insideStarted();
        await new Promise((r) => setTimeout(r, 50));
        order.push('transaction still open');
        throw new Error('roll back');
      })
      .catch(() => order.push('transaction rolled back'));
    await started;
    const outside = sql`INSERT INTO t (id) VALUES (51)`
      .execute(h.db)
      .then(() => order.push('outside insert done'));
    const read = ids().then((v) => {
      order.push('outside read done');
      return v;
    });
    await Promise.all([tx, outside]);
    // the read queued behind the transaction never saw its uncommitted row
    expect(await read).toEqual([51]);
    expect(order).toEqual([
      'transaction still open',
      'transaction rolled back',
      'outside insert done',
      'outside read done',
    ]);
    expect(await ids()).toEqual([51]);
  });

  it('destroy closes PGlite', async () => {
    const other = await openServerDb({ pgliteDir: ':memory:' });
    await sql`SELECT 1`.execute(other.db);
    await other.db.destroy();
    await expect(sql`SELECT 1`.execute(other.db)).rejects.toThrow(/destroyed/);
    await other.close(); // closing again is harmless
  });
});
