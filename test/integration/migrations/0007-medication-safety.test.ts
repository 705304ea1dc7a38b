import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkstationTo, rollbackWorkstation } from '../../../src-main/db/migrate';
import {
  LOCAL_ONLY_MIGRATIONS,
  WORKSTATION_SYNC_SCHEMA_VERSION,
  workstationMigrations,
} from '../../../migrations/workstation/index';
import { openTempWorkstationDb, type WorkstationTestDb } from '../../support/db';
import { introspectSqlite } from '../../support/introspect-sqlite';
import { migrationWriter } from '../../support/workstation-migration';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Workstation migration 0007_medication-safety: the server's 0026 in SQLite. Existing rows get the defaults, the
 * constraints hold, every new table refuses a write that bypasses the local store (the outbox guard), the sync
 * schema version counts it; down leaves exactly the schema of 0006 and up works again.
 */
describe('workstation migration 0007_medication-safety', () => {
  let w: WorkstationTestDb;
  let before: ReturnType<typeof introspectSqlite>;
  // the store's write path, as the local store and the sync pull open it
  const { run, open } = migrationWriter(() => w.sqlite);

  beforeAll(async () => {
    w = openTempWorkstationDb();
    await migrateWorkstationTo(w.db, '0006_workstation-local');
    open(() =>
      run(`INSERT INTO drug_catalog (id, drug_name, rxnorm_code) VALUES ('old-1', 'Old seed drug', '161')`),
    );
    before = introspectSqlite(w.sqlite);
    await migrateWorkstationTo(w.db, '0007_medication-safety');
  });
  afterAll(async () => {
    await w?.dispose();
  });

  it('counts in the sync schema version', () => {
    const upTo = Object.keys(workstationMigrations).slice(0, 7);
    expect(upTo.at(-1)).toBe('0007_medication-safety');
    expect(upTo.filter((n) => !LOCAL_ONLY_MIGRATIONS.has(n))).toHaveLength(6);
    expect(WORKSTATION_SYNC_SCHEMA_VERSION).toBeGreaterThanOrEqual(6);
  });

  it('gives an existing catalog row the defaults', () => {
    expect(
      w.sqlite.prepare(`SELECT origin, class_codes, is_otc, dataset_key FROM drug_catalog`).all(),
    ).toEqual([{ origin: 'SHIPPED', class_codes: '[]', is_otc: 0, dataset_key: null }]);
  });

  it('refuses a write that bypasses the local store, on every new table', () => {
    for (const t of [
      'drug_classes',
      'drug_class_interactions',
      'drug_class_cross_reactivity',
      'reference_data_versions',
      'medication_safety_overrides',
    ])
      expect(() => run(`INSERT INTO ${t} (id) VALUES ('z')`), t).toThrow(
        /must be written through the local store/,
      );
  });

  it('enforces its constraints', () => {
    expect(() =>
      open(() =>
        run(`INSERT INTO drug_class_interactions (id, class_a_code, class_b_code, interaction_severity, description)
             VALUES ('r', 'NSAIDS', 'ANTICOAGULANTS', 'MAJOR', 'm')`),
      ),
    ).toThrow(/drug_class_interactions_class_a_code_check/);
    expect(() =>
      open(() =>
        run(`INSERT INTO drug_classes (id, code, name, kind) VALUES ('c', 'Bad-Code', 'n', 'EFFECT')`),
      ),
    ).toThrow(/drug_classes_code_check/);
    expect(() =>
      open(() =>
        run(`INSERT INTO reference_data_versions (id, dataset, version, published, checksum, counts)
             VALUES ('v', 'd', '1', '2026-12-07', '${'A'.repeat(64)}', '{}')`),
      ),
    ).toThrow(/reference_data_versions_checksum_check/);
    expect(() => open(() => run(`UPDATE drug_catalog SET origin = 'OTHER'`))).toThrow(
      /drug_catalog_origin_check/,
    );
    open(() => run(`UPDATE drug_catalog SET dataset_key = 'acetaminophen'`));
    expect(() =>
      open(() =>
        run(`INSERT INTO drug_catalog (id, drug_name, dataset_key) VALUES ('x', 'X', 'acetaminophen')`),
      ),
    ).toThrow(/UNIQUE/);
    open(() => run(`UPDATE drug_catalog SET dataset_key = NULL`));
  });

  it('rolls back to exactly the schema of 0006 and migrates up again', async () => {
    await rollbackWorkstation(w.db, { all: false });
    expect(diffSchemas(before, introspectSqlite(w.sqlite), 'after rolling back 0007')).toEqual([]);
    expect(w.sqlite.prepare(`SELECT id, drug_name FROM drug_catalog`).all()).toEqual([
      { id: 'old-1', drug_name: 'Old seed drug' },
    ]);
    await migrateWorkstationTo(w.db, '0007_medication-safety');
    expect(
      w.sqlite
        .prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'medication_safety_overrides'`)
        .get(),
    ).toEqual({ n: 1 });
  });
});
