import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../server-sync/db/connect';
import { migrateServerTo, migrateServerToLatest, rollbackServer } from '../../server-sync/db/migrate';
import { serverMigrations } from '../../migrations/server/index';
import { serverTargets } from '../support/db';
import { introspectPostgres } from '../support/introspect-pg';
import { loadManifest } from '../support/manifest';
import { diffSchemas } from '../support/schema-shape';

const manifest = loadManifest();

describe.each(serverTargets())('district schema on $name', (target) => {
  let h: ServerDbHandle;
  beforeAll(async () => {
    h = await target.open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('migrates up to exactly the manifest: every table, column, type, constraint and index', async () => {
    await migrateServerToLatest(h.db);
    expect(diffSchemas(manifest.server, await introspectPostgres(h.db), target.name)).toEqual([]);
  });

  it('rolls back to an empty database, then migrates up again', async () => {
    await rollbackServer(h.db, { all: true });
    expect(Object.keys(await introspectPostgres(h.db))).toEqual([]);
    const leftovers = await sql<{ name: string }>`
      SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
      UNION ALL SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('S', 'v') AND c.relname NOT LIKE 'kysely%'`.execute(h.db);
    expect(leftovers.rows.map((r) => r.name)).toEqual([]);
    await migrateServerToLatest(h.db);
    expect(diffSchemas(manifest.server, await introspectPostgres(h.db), target.name)).toEqual([]);
  });

  // one test per migration (in order, each from where the previous one left the database), so each has its own
  // time limit: the whole chain takes minutes on PGlite and grows with every feature
  describe('each migration rolls back to exactly the schema before it', () => {
    let before: Awaited<ReturnType<typeof introspectPostgres>> = {};
    it('starts from an empty database', async () => {
      await rollbackServer(h.db, { all: true });
      before = await introspectPostgres(h.db);
      expect(Object.keys(before)).toEqual([]);
    });
    for (const name of Object.keys(serverMigrations)) {
      it(name, async () => {
        await migrateServerTo(h.db, name);
        const after = await introspectPostgres(h.db);
        await rollbackServer(h.db, { all: false });
        expect(diffSchemas(before, await introspectPostgres(h.db), `down of ${name}`)).toEqual([]);
        await migrateServerTo(h.db, name);
        expect(diffSchemas(after, await introspectPostgres(h.db), `up of ${name} after its down`)).toEqual(
          [],
        );
        before = after;
      });
    }
  });
});
