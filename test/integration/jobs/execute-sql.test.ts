import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { serverTargets } from '../../support/db';

/**
 * ServerDbHandle.executeSql, pg-boss's way to the database: multi-statement text (pg-boss creates its schema with
 * `BEGIN; ...; COMMIT;`), parameters, and on PGlite's one connection never inside or between the statements of a
 * Kysely transaction: it waits for the transaction to end, and a failed multi-statement text leaves no transaction
 * open behind it.
 */
describe.each(serverTargets())('executeSql on $name', (target) => {
  let h: ServerDbHandle;
  beforeAll(async () => {
    h = await target.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs a multi-statement text in its transaction, and a parameterized statement', async () => {
    await h.executeSql('BEGIN; CREATE TABLE es_t (n int); INSERT INTO es_t VALUES (1), (2); COMMIT;');
    const r = await h.executeSql('SELECT sum(n)::int AS s FROM es_t WHERE n >= $1', [1]);
    expect(r.rows).toEqual([{ s: 3 }]);
    const u = await h.executeSql('UPDATE es_t SET n = n + $1', [10]);
    expect(u.rowCount).toBe(2);
  });

  it('a failed multi-statement text rolls back and leaves the connection clean', async () => {
    await expect(h.executeSql('BEGIN; INSERT INTO es_t VALUES (100); SELECT 1/0; COMMIT;')).rejects.toThrow(
      /division by zero/,
    );
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM es_t WHERE n = 100`.execute(h.db);
    expect(r.rows[0]?.n).toBe(0);
    await h.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO es_t VALUES (5)`.execute(trx);
    });
    expect((await h.executeSql('SELECT count(*)::int AS n FROM es_t')).rows).toEqual([{ n: 3 }]);
  });

  it.runIf(target.name === 'pglite')(
    'waits for a Kysely transaction to end, never runs inside it',
    async () => {
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      let inside = () => {};
      const started = new Promise<void>((r) => (inside = r));
      const tx = h.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO es_t VALUES (42)`.execute(trx);
        inside();
        await held;
        throw new Error('roll back');
      });
      await started;
      const order: string[] = [];
      const read = h.executeSql('SELECT count(*)::int AS n FROM es_t WHERE n = 42').then((r) => {
        order.push('read');
        return r.rows;
      });
      await new Promise((r) => setImmediate(r));
      order.push('release');
      release();
      await expect(tx).rejects.toThrow('roll back');
      expect(await read).toEqual([{ n: 0 }]); // it did not see the transaction's uncommitted row
      expect(order).toEqual(['release', 'read']);
    },
  );
});
