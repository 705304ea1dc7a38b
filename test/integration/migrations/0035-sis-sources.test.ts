import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { serverMigrations } from '../../../migrations/server/index';

/**
 * Migration 0035_sis-sources: sis_sync_sources beside sis_sync_configs. Settings must be an object, the threshold a
 * share in (0, 100], the row goes with its configuration; down leaves exactly the schema before it.
 * The migration before it is read from the index (0033 and 0034 are written at the same time).
 */
const THIS = '0035_sis-sources';
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf(THIS) - 1]!;

describe.each(serverTargets())('migration 0035_sis-sources on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const failure = (q: ReturnType<typeof sql>) =>
    h.db
      .transaction()
      .execute((trx) => q.execute(trx))
      .then(
        () => 'no error',
        (x: unknown) => (x as Error).message,
      );

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, PREVIOUS);
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d1', 'D', 'NJ')`.execute(h.db);
    await sql`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd1', 'S', 'S1')`.execute(
      h.db,
    );
    await sql`INSERT INTO sis_sync_configs (id, school_id, sis_vendor) VALUES ('c1', 's1', 'OTHER')`.execute(
      h.db,
    );
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, THIS);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('holds a source per configuration with its checks, and goes with the configuration', async () => {
    expect(
      await failure(sql`INSERT INTO sis_sync_sources (config_id, district_id, source_kind, settings)
        VALUES ('c1', 'd1', 'FTP', '{}')`),
    ).toMatch(/sis_sync_sources_source_kind_check/);
    expect(
      await failure(sql`INSERT INTO sis_sync_sources (config_id, district_id, source_kind, settings)
        VALUES ('c1', 'd1', 'SFTP', '[]')`),
    ).toMatch(/sis_sync_sources_settings_check/);
    expect(
      await failure(sql`INSERT INTO sis_sync_sources (config_id, district_id, source_kind, settings, deletion_threshold_percent)
        VALUES ('c1', 'd1', 'SFTP', '{}', 0)`),
    ).toMatch(/sis_sync_sources_deletion_threshold_percent_check/);
    await sql`INSERT INTO sis_sync_sources (config_id, district_id, source_kind, settings)
      VALUES ('c1', 'd1', 'SFTP', '{"host":"h"}')`.execute(h.db);
    const r = await sql<{
      t: string;
    }>`SELECT deletion_threshold_percent::text AS t FROM sis_sync_sources`.execute(h.db);
    expect(r.rows).toEqual([{ t: '10.00' }]);
    await sql`DELETE FROM sis_sync_configs WHERE id = 'c1'`.execute(h.db);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sis_sync_sources`.execute(h.db);
    expect(n.rows).toEqual([{ n: 0 }]);
    await sql`INSERT INTO sis_sync_configs (id, school_id, sis_vendor) VALUES ('c1', 's1', 'OTHER')`.execute(
      h.db,
    );
  });

  it('rolls back to exactly the schema before it and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0035')).toEqual([]);
    await migrateServerTo(h.db, THIS);
  });
});
