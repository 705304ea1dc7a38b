import { openSync, readSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkstationDb, WorkstationKeyError } from '../../src-main/db/open';
import {
  migrateWorkstationTo,
  migrateWorkstationToLatest,
  rollbackWorkstation,
} from '../../src-main/db/migrate';
import { workstationMigrations } from '../../migrations/workstation/index';
import { openTempWorkstationDb, type WorkstationTestDb } from '../support/db';
import { introspectSqlite } from '../support/introspect-sqlite';
import { loadManifest } from '../support/manifest';
import { diffSchemas } from '../support/schema-shape';

const manifest = loadManifest();

describe('workstation schema (encrypted SQLite)', () => {
  let w: WorkstationTestDb;
  beforeAll(() => {
    w = openTempWorkstationDb();
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('migrates up to exactly the manifest', async () => {
    await migrateWorkstationToLatest(w.db);
    expect(diffSchemas(manifest.workstation, introspectSqlite(w.sqlite), 'workstation')).toEqual([]);
  });

  it('rolls back to empty and up again', async () => {
    await rollbackWorkstation(w.db, { all: true });
    const left = w.sqlite
      .prepare(
        `SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`,
      )
      .all();
    expect(left).toEqual([]);
    await migrateWorkstationToLatest(w.db);
    expect(diffSchemas(manifest.workstation, introspectSqlite(w.sqlite), 'workstation')).toEqual([]);
  });

  it('each migration rolls back to exactly the schema before it', async () => {
    await rollbackWorkstation(w.db, { all: true });
    let before = introspectSqlite(w.sqlite);
    for (const name of Object.keys(workstationMigrations)) {
      await migrateWorkstationTo(w.db, name);
      const after = introspectSqlite(w.sqlite);
      await rollbackWorkstation(w.db, { all: false });
      expect(diffSchemas(before, introspectSqlite(w.sqlite), `down of ${name}`)).toEqual([]);
      await migrateWorkstationTo(w.db, name);
      expect(diffSchemas(after, introspectSqlite(w.sqlite), `up of ${name} after its down`)).toEqual([]);
      before = after;
    }
  });

  it('never writes a plaintext SQLite header and cannot be opened without the key', async () => {
    w.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const fd = openSync(w.file, 'r');
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    closeSync(fd);
    expect(head.toString('latin1')).not.toBe('SQLite format 3\0');
    expect(() => openWorkstationDb(w.file, randomBytes(32))).toThrow(WorkstationKeyError);
    expect(() => openWorkstationDb(w.file, randomBytes(16))).toThrow(/32 bytes/);
    const again = openWorkstationDb(w.file, w.key);
    expect(again.sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master`).get()).toMatchObject({
      n: expect.any(Number) as number,
    });
    await again.close();
  });
});
