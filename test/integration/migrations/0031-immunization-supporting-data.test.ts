import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0031_immunization-supporting-data: the releases of CDC's CDSi supporting data and their files, with their
 * constraints (at most one current release, one row per file of a release), captured for sync with district scope
 * (every school pulls them), named by the push's existence check; down leaves exactly the schema of 0030 and up works
 * again.
 */
describe.each(serverTargets())('migration 0031_immunization-supporting-data on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const HEX = 'a'.repeat(64);
  const failure = (q: ReturnType<typeof sql>) =>
    h.db
      .transaction()
      .execute((trx) => q.execute(trx))
      .then(
        () => 'no error',
        (x: unknown) => (x as Error).message,
      );
  const release = (id: string, version: string, checksum: string, files: number, current: boolean) =>
    sql.raw(`INSERT INTO immunization_supporting_data_releases (id, version, checksum, file_count, is_current)
      VALUES ('${id}', '${version}', '${checksum}', ${files}, ${current})`);
  const file = (id: string, releaseId: string, name: string, sha: string, content: string) =>
    sql.raw(`INSERT INTO immunization_supporting_data_files (id, release_id, file_name, sha256, content)
      VALUES ('${id}', '${releaseId}', '${name}', '${sha}', '${content}')`);

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0030_report-definition-retention');
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, '0031_immunization-supporting-data');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('enforces its constraints', async () => {
    expect(await failure(release('r0', 'latest', HEX, 1, false))).toMatch(
      /immunization_supporting_data_releases_version_check/,
    );
    expect(await failure(release('r0', '4.64', 'ABC', 1, false))).toMatch(
      /immunization_supporting_data_releases_checksum_check/,
    );
    expect(await failure(release('r0', '4.64', HEX, 0, false))).toMatch(
      /immunization_supporting_data_releases_file_count_check/,
    );
    await release('r1', '4.64', HEX, 1, true).execute(h.db);
    expect(await failure(release('r2', '4.65', HEX, 1, false))).toMatch(
      /immunization_supporting_data_releases_checksum_key/,
    );
    expect(await failure(release('r2', '4.65', 'b'.repeat(64), 1, true))).toMatch(
      /idx_immunization_supporting_data_releases_is_current/,
    );
    await release('r2', '4.65', 'b'.repeat(64), 1, false).execute(h.db);
    expect(await failure(file('f0', 'r1', 'Schedule.txt', HEX, 'x'))).toMatch(
      /immunization_supporting_data_files_file_name_check/,
    );
    expect(await failure(file('f0', 'r1', 'Schedule.xml', HEX, ''))).toMatch(
      /immunization_supporting_data_files_content_check/,
    );
    expect(await failure(file('f0', 'nope', 'Schedule.xml', HEX, '<a/>'))).toMatch(/foreign key/);
    await file('f1', 'r1', 'ScheduleSupportingData.xml', HEX, '<a/>').execute(h.db);
    expect(await failure(file('f2', 'r1', 'ScheduleSupportingData.xml', HEX, '<b/>'))).toMatch(
      /immunization_supporting_data_files_release_id_file_name_key/,
    );
  });

  it('captures both tables for every school and lets a push name them', async () => {
    const log = await sql<{ table_name: string; row_id: string; school_id: string | null }>`
      SELECT table_name, row_id, school_id FROM sync_changes
      WHERE table_name LIKE 'immunization_supporting_data%' ORDER BY server_seq`.execute(h.db);
    expect(log.rows).toEqual([
      { table_name: 'immunization_supporting_data_releases', row_id: 'r1', school_id: null },
      { table_name: 'immunization_supporting_data_releases', row_id: 'r2', school_id: null },
      { table_name: 'immunization_supporting_data_files', row_id: 'f1', school_id: null },
    ]);
    const found = await sql<{ table_name: string; row_id: string }>`
      SELECT * FROM sync_rows_elsewhere_by_table(
        '{"immunization_supporting_data_releases": ["r1", "none"], "immunization_supporting_data_files": ["f1"]}'::jsonb)`.execute(
      h.db,
    );
    expect(found.rows).toEqual([
      { table_name: 'immunization_supporting_data_files', row_id: 'f1' },
      { table_name: 'immunization_supporting_data_releases', row_id: 'r1' },
    ]);
  });

  it('rolls back to exactly the schema of 0030 and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0031')).toEqual([]);
    expect(
      await failure(
        sql`SELECT * FROM sync_rows_elsewhere_by_table('{"immunization_supporting_data_files": ["x"]}'::jsonb)`,
      ),
    ).toMatch(/immunization_supporting_data_files is not a synced table/);
    await migrateServerTo(h.db, '0031_immunization-supporting-data');
    const n = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM immunization_supporting_data_releases`.execute(h.db);
    expect(n.rows).toEqual([{ n: 0 }]);
  });
});
