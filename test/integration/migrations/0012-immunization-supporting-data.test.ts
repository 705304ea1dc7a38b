import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import {
  LOCAL_ONLY_MIGRATIONS,
  WORKSTATION_SYNC_SCHEMA_VERSION,
  workstationMigrations,
} from '../../../migrations/workstation/index';
import { NEWEST_KNOWN_SCHEMA_VERSION } from '../../../server-sync/sync/device';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0012_immunization-supporting-data: the server's 0031 in SQLite. The tables are written only
 * through the local store (the pull), with the server's constraints (at most one current release, one row per file
 * of a release); down leaves exactly the schema of 0011 and up works again.
 */
describe('workstation migration 0012_immunization-supporting-data', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  const { run, open } = migrationWriter(() => w.sqlite);
  const HEX = 'a'.repeat(64);
  const release = (id: string, version: string, checksum: string, files: number | string, current: number) =>
    `INSERT INTO immunization_supporting_data_releases (id, version, checksum, file_count, is_current)
      VALUES ('${id}', '${version}', '${checksum}', ${typeof files === 'string' ? `'${files}'` : files}, ${current})`;
  const file = (id: string, releaseId: string, name: string, content: string) =>
    `INSERT INTO immunization_supporting_data_files (id, release_id, file_name, sha256, content)
      VALUES ('${id}', '${releaseId}', '${name}', '${HEX}', '${content}')`;

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0011_report-definition-retention');
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0012_immunization-supporting-data');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('counts in the sync schema version (it shapes synced tables), which the district server knows', () => {
    expect(LOCAL_ONLY_MIGRATIONS.has('0012_immunization-supporting-data')).toBe(false);
    const upTo = Object.keys(workstationMigrations).slice(0, 12);
    expect(upTo.at(-1)).toBe('0012_immunization-supporting-data');
    expect(upTo.filter((n) => !LOCAL_ONLY_MIGRATIONS.has(n))).toHaveLength(11);
    expect(WORKSTATION_SYNC_SCHEMA_VERSION).toBeGreaterThanOrEqual(11);
    expect(NEWEST_KNOWN_SCHEMA_VERSION).toBe(WORKSTATION_SYNC_SCHEMA_VERSION);
  });

  it('is written only through the local store', () => {
    expect(() => run(release('r1', '4.64', HEX, 1, 1))).toThrow(/must be written through the local store/);
  });

  it('enforces the constraints of the server', () => {
    const fails = (q: string, why: RegExp) => expect(() => open(() => run(q))).toThrow(why);
    fails(release('r0', 'latest', HEX, 1, 0), /immunization_supporting_data_releases_version_check/);
    fails(release('r0', '4..64', HEX, 1, 0), /immunization_supporting_data_releases_version_check/);
    fails(release('r0', '4.64', 'ABC', 1, 0), /immunization_supporting_data_releases_checksum_check/);
    fails(release('r0', '4.64', HEX, 0, 0), /immunization_supporting_data_releases_file_count_check/);
    fails(release('r0', '4.64', HEX, 'one', 0), /INTEGER|datatype/i);
    fails(release('r0', '4.64', HEX, 1, 2), /immunization_supporting_data_releases_is_current_check/);
    open(() => run(release('r1', '4.64', HEX, 1, 1)));
    fails(release('r2', '4.65', HEX, 1, 0), /UNIQUE.*checksum/);
    fails(release('r2', '4.65', 'b'.repeat(64), 1, 1), /UNIQUE.*is_current/);
    open(() => run(release('r2', '4.65', 'b'.repeat(64), 1, 0)));
    fails(file('f0', 'r1', 'Schedule.txt', 'x'), /immunization_supporting_data_files_file_name_check/);
    fails(file('f0', 'r1', 'a b.xml', 'x'), /immunization_supporting_data_files_file_name_check/);
    fails(file('f0', 'r1', 'Schedule.xml', ''), /immunization_supporting_data_files_content_check/);
    fails(file('f0', 'nope', 'Schedule.xml', '<a/>'), /FOREIGN KEY/);
    open(() => run(file('f1', 'r1', 'AntigenSupportingData-HepB-508.xml', '<a/>')));
    fails(file('f2', 'r1', 'AntigenSupportingData-HepB-508.xml', '<b/>'), /UNIQUE.*file_name/);
    expect(
      w.sqlite.prepare(`SELECT id, is_current FROM immunization_supporting_data_releases ORDER BY id`).all(),
    ).toEqual([
      { id: 'r1', is_current: 1 },
      { id: 'r2', is_current: 0 },
    ]);
  });

  it('rolls back to exactly the schema of 0011 and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0012')).toEqual([]);
    await migrateWorkstationTo(w.db, '0012_immunization-supporting-data');
    expect(w.sqlite.prepare(`SELECT count(*) AS n FROM immunization_supporting_data_releases`).get()).toEqual(
      {
        n: 0,
      },
    );
  });
});
