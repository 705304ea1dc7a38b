import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { SYNCED_TABLE_FACTS, SYNCED_TABLES, type SyncedTableFacts } from '../../../src-shared/sync/tables';
import { serverTargets } from '../../support/db';
import { openMigrated } from './support';

/**
 * The declaration of the synced tables (src-shared/sync/tables.ts) against the migrated server database: every
 * foreign key of a synced table is declared (the push's scope check of references and the apply order rely on it),
 * and nothing else is. The generated schemas and the workstation's keys: test/unit/sync/tables.test.ts.
 */

// the schema is the same on both targets: one is enough (real PostgreSQL in CI)
describe.each(serverTargets().slice(-1))(
  'synced table declaration against the server schema on $name',
  (target) => {
    let h: ServerDbHandle;
    beforeAll(async () => {
      h = await openMigrated(target);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('declares exactly the foreign keys of every synced table, and puts each synced parent first', async () => {
      const r = await sql<{ child: string; col: string; parent: string }>`
      SELECT c.relname AS child, a.attname AS col, p.relname AS parent FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'f'`.execute(h.db);
      const facts: readonly SyncedTableFacts[] = SYNCED_TABLE_FACTS;
      const rank = (t: string) => SYNCED_TABLES.indexOf(t as (typeof SYNCED_TABLES)[number]);
      for (const f of facts) {
        const actual = Object.fromEntries(
          r.rows.filter((x) => x.child === f.name).map((x) => [x.col, x.parent]),
        );
        expect({ ...f.references }, f.name).toEqual(actual);
        for (const [col, parent] of Object.entries(actual))
          if (rank(parent) >= 0 && parent !== f.name)
            expect(rank(parent), `${f.name}.${col} -> ${parent}`).toBeLessThan(rank(f.name));
      }
    });
  },
);
