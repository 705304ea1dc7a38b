import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  migrateWorkstationTo,
  migrateWorkstationToLatest,
  rollbackWorkstation,
} from '../../../src-main/db/migrate';
import { openWorkstationDb } from '../../../src-main/db/open';
import { openLocalStore, WORKSTATION_SCHEMA_VERSION } from '../../../src-main/store/open';
import {
  appendLocalAudit,
  ensureLocalSchema,
  getSetting,
  setSetting,
  verifyLocalAudit,
} from '../../../src-main/workstation/local-db';
import { NEWEST_KNOWN_SCHEMA_VERSION } from '../../../server-sync/sync/device';
import { LOCAL_ONLY_MIGRATIONS, workstationMigrations } from '../../../migrations/workstation/index';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { loadManifest } from '../../support/manifest';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0006_workstation-local: the workstation's own tables (settings, cached credentials, PINs, the local
 * audit trail, submission keys) come from a numbered migration instead of CREATE TABLE IF NOT EXISTS at start.
 * A database made before it (the tables already there, created at start by White Cross) migrates keeping every
 * row; the sync schema version does not move.
 */

/** What White Cross ran at every start before 0006 (src-main/workstation/local-db.ts, local schema 1). */
const BEFORE_0006_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS local_settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) STRICT`,
  `CREATE TABLE IF NOT EXISTS local_credentials (
    user_id TEXT NOT NULL PRIMARY KEY, email TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    role TEXT NOT NULL, school_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(school_ids)),
    verifier TEXT NOT NULL CHECK (verifier GLOB '$argon2id$*'), refresh_token TEXT, refresh_expires_at TEXT,
    cached_at TEXT NOT NULL, last_online_at TEXT NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0), locked_until TEXT
  ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS idx_local_credentials_email ON local_credentials (lower(email))`,
  `CREATE TABLE IF NOT EXISTS local_pins (
    user_id TEXT NOT NULL PRIMARY KEY, verifier TEXT NOT NULL CHECK (verifier GLOB '$argon2id$*'),
    failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0), set_at TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE IF NOT EXISTS local_audit_log (
    seq INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1), at TEXT NOT NULL, user_id TEXT, action TEXT NOT NULL,
    table_name TEXT, record_id TEXT, break_glass INTEGER NOT NULL DEFAULT 0 CHECK (break_glass IN (0,1)),
    details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)), prev_hash TEXT NOT NULL, hash TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX IF NOT EXISTS idx_local_audit_log_action ON local_audit_log (action, seq)`,
  `CREATE TRIGGER IF NOT EXISTS local_audit_log_no_update BEFORE UPDATE ON local_audit_log
    BEGIN SELECT RAISE(ABORT, 'local_audit_log is append-only'); END`,
  `CREATE TRIGGER IF NOT EXISTS local_audit_log_no_delete BEFORE DELETE ON local_audit_log
    BEGIN SELECT RAISE(ABORT, 'local_audit_log is append-only'); END`,
  `CREATE TABLE IF NOT EXISTS local_submissions (
    key TEXT NOT NULL PRIMARY KEY, method TEXT NOT NULL, result_id TEXT NOT NULL, at TEXT NOT NULL
  ) STRICT`,
];

const LOCAL = ['local_audit_log', 'local_credentials', 'local_pins', 'local_settings', 'local_submissions'];
const localTables = (w: WorkstationTestDb): string[] =>
  (
    w.sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'local%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name);

describe('migration 0006_workstation-local', () => {
  let w: WorkstationTestDb | undefined;
  afterEach(async () => {
    await w?.dispose();
    w = undefined;
  });

  it('adds exactly the local tables of the manifest, and its down leaves exactly the schema of 0005', async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0005_outbox-guard');
    const before = introspectSqlite(w.sqlite);
    expect(localTables(w)).toEqual([]);
    expect(() => ensureLocalSchema(w!.sqlite)).toThrow(/lacks local_settings, .*0006_workstation-local/);
    await migrateWorkstationTo(w.db, '0006_workstation-local');
    expect(localTables(w)).toEqual(LOCAL);
    ensureLocalSchema(w.sqlite);
    const manifest = loadManifest().workstation;
    const after = introspectSqlite(w.sqlite);
    const local = (s: typeof after) =>
      Object.fromEntries(Object.entries(s).filter(([t]) => LOCAL.includes(t)));
    expect(diffSchemas(local(manifest), local(after), 'workstation')).toEqual([]);
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'workstation')).toEqual([]);
  });

  it('upgrades a database whose local tables White Cross created at start, keeping every row and the chain', async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0005_outbox-guard');
    const s = w.sqlite;
    s.transaction(() => {
      for (const ddl of BEFORE_0006_DDL) s.exec(ddl);
      s.prepare(`INSERT INTO local_settings (key, value) VALUES ('local.schema', '1')`).run();
    })();
    setSetting(s, 'device.secret', 'secret-1');
    s.prepare(
      `INSERT INTO local_credentials (user_id, email, first_name, last_name, role, verifier, cached_at, last_online_at)
       VALUES ('u1', 'Nurse@School.example', 'Nora', 'Nurse', 'NURSE', '$argon2id$v=19$x', '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z')`,
    ).run();
    s.prepare(
      `INSERT INTO local_pins (user_id, verifier, set_at) VALUES ('u1', '$argon2id$v=19$p', '2026-11-01T08:01:00Z')`,
    ).run();
    s.prepare(
      `INSERT INTO local_submissions (key, method, result_id, at) VALUES ('k1', 'clinicVisits.create', 'v1', '2026-11-01T09:00:00Z')`,
    ).run();
    for (const action of ['SIGN_IN', 'VIEW', 'LOCK'] as const)
      appendLocalAudit(s, { at: '2026-11-01T08:00:00Z', userId: 'u1', action, details: { n: 1 } });
    const rows = (t: string) => s.prepare(`SELECT * FROM ${t} ORDER BY 1`).all();
    const had = Object.fromEntries(LOCAL.map((t) => [t, rows(t)]));

    await migrateWorkstationToLatest(w.db);

    for (const t of LOCAL.filter((t) => t !== 'local_settings')) expect(rows(t)).toEqual(had[t]);
    expect(getSetting(s, 'device.secret')).toBe('secret-1');
    expect(getSetting(s, 'local.schema')).toBeUndefined();
    expect(verifyLocalAudit(s)).toBeNull();
    expect(() => s.prepare(`DELETE FROM local_audit_log`).run()).toThrow(/append-only/);
    expect(() =>
      s
        .prepare(
          `INSERT INTO local_credentials (user_id, email, first_name, last_name, role, verifier, cached_at, last_online_at)
         VALUES ('u2', 'nurse@school.example', 'N', 'N', 'NURSE', '$argon2id$v=19$y', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    const applied = (
      s.prepare(`SELECT name FROM kysely_migration ORDER BY name`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(applied).toEqual(Object.keys(workstationMigrations));
  });

  it('a workstation database of before 0006 opens as the local store, with its settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wc-ws-0006-'));
    try {
      const file = join(dir, 'workstation.db');
      const key = randomBytes(32);
      const old = openWorkstationDb(file, key);
      await migrateWorkstationTo(old.db, '0005_outbox-guard');
      for (const ddl of BEFORE_0006_DDL) old.sqlite.exec(ddl);
      setSetting(old.sqlite, 'auto_lock.minutes', '7');
      appendLocalAudit(old.sqlite, { at: '2026-11-01T08:00:00Z', userId: 'u1', action: 'SIGN_IN' });
      await old.close();
      const store = await openLocalStore({ file, key, deviceId: 'dev-upgrade-1' });
      try {
        ensureLocalSchema(store.sqlite);
        expect(getSetting(store.sqlite, 'auto_lock.minutes')).toBe('7');
        appendLocalAudit(store.sqlite, { at: '2026-11-02T08:00:00Z', userId: null, action: 'LOCK' });
        expect(verifyLocalAudit(store.sqlite)).toBeNull();
        expect(store.schemaVersion).toBe(WORKSTATION_SCHEMA_VERSION);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not move the sync schema version: the local tables are never synced', () => {
    expect(LOCAL_ONLY_MIGRATIONS.has('0006_workstation-local')).toBe(true);
    expect(WORKSTATION_SCHEMA_VERSION).toBe(
      Object.keys(workstationMigrations).length - LOCAL_ONLY_MIGRATIONS.size,
    );
    // 0001..0005, 0007..0013 (0013_school-entry-requirements); 0014_today-reads is an index only
    expect(WORKSTATION_SCHEMA_VERSION).toBe(12);
    expect(NEWEST_KNOWN_SCHEMA_VERSION).toBe(WORKSTATION_SCHEMA_VERSION);
  });
});
