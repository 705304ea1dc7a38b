import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0026_medication-safety: the reference tables and the overrides, the new columns (existing rows get
 * their defaults), the constraints, change capture for the new tables, the push's existence check knowing them,
 * row-level security on the overrides; down leaves exactly the schema of 0025, and up works again.
 */
describe.each(serverTargets())('migration 0026_medication-safety on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const fails = async (q: ReturnType<typeof sql>, constraint: RegExp) => {
    const e = await h.db
      .transaction()
      .execute((trx) => q.execute(trx))
      .then(
        () => null,
        (x: unknown) => x as Error,
      );
    expect(e?.message ?? 'no error').toMatch(constraint);
  };

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0025_alert-escalation-deliveries');
    await sql`INSERT INTO drug_catalog (id, drug_name, rxnorm_code) VALUES ('old-1', 'Old seed drug', '161')`.execute(
      h.db,
    );
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, '0026_medication-safety');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives an existing catalog row the defaults: SHIPPED, no classes, not OTC, no dataset key', async () => {
    const r = await sql<Record<string, unknown>>`
      SELECT origin, class_codes, is_otc, dataset_key FROM drug_catalog WHERE id = 'old-1'`.execute(h.db);
    expect(r.rows).toEqual([{ origin: 'SHIPPED', class_codes: [], is_otc: false, dataset_key: null }]);
  });

  it('enforces its constraints', async () => {
    await sql`UPDATE drug_catalog SET dataset_key = 'acetaminophen' WHERE id = 'old-1'`.execute(h.db);
    await fails(
      sql`INSERT INTO drug_catalog (id, drug_name, dataset_key) VALUES ('x', 'X', 'acetaminophen')`,
      /idx_drug_catalog_dataset_key|duplicate key/,
    );
    await fails(
      sql`INSERT INTO drug_catalog (id, drug_name, origin) VALUES ('y', 'Y', 'OTHER')`,
      /drug_catalog_origin_check/,
    );
    await fails(
      sql`INSERT INTO drug_class_interactions (id, class_a_code, class_b_code, interaction_severity, description)
          VALUES ('r', 'NSAIDS', 'ANTICOAGULANTS', 'MAJOR', 'm')`,
      /drug_class_interactions_class_a_code_check/,
    );
    await fails(
      sql`INSERT INTO drug_classes (id, code, name, kind) VALUES ('c', 'lower', 'n', 'EFFECT')`,
      /drug_classes_code_check/,
    );
    await fails(
      sql`INSERT INTO reference_data_versions (id, dataset, version, published, checksum, counts)
          VALUES ('v', 'd', '1', '2026-12-07', 'not-hex', '{}')`,
      /reference_data_versions_checksum_check/,
    );
    await fails(
      sql`INSERT INTO drug_class_cross_reactivity (id, allergy_class_code, reacts_with_class_code, evidence, note, interaction_severity)
          VALUES ('x', 'PENICILLINS', 'CEPHALOSPORINS', 'SOME', 'n', 'MAJOR')`,
      /drug_class_cross_reactivity_evidence_check/,
    );
    const policies = await sql<{ policyname: string }>`
      SELECT policyname FROM pg_policies WHERE tablename = 'medication_safety_overrides'`.execute(h.db);
    expect(policies.rows).toEqual([{ policyname: 'tenant_isolation' }]);
  });

  it('captures the new tables for sync and lets a push name them', async () => {
    await sql`INSERT INTO drug_classes (id, code, name, kind) VALUES ('cls-1', 'NSAIDS', 'NSAIDs', 'EFFECT')`.execute(
      h.db,
    );
    const log = await sql<{ operation: string; school_id: string | null }>`
      SELECT operation, school_id FROM sync_changes WHERE table_name = 'drug_classes' AND row_id = 'cls-1'`.execute(
      h.db,
    );
    expect(log.rows).toEqual([{ operation: 'UPSERT', school_id: null }]);
    const found = await sql<{ table_name: string; row_id: string }>`
      SELECT * FROM sync_rows_elsewhere_by_table('{"drug_classes": ["cls-1"], "medication_safety_overrides": ["none"]}'::jsonb)`.execute(
      h.db,
    );
    expect(found.rows).toEqual([{ table_name: 'drug_classes', row_id: 'cls-1' }]);
    await sql`DELETE FROM drug_classes`.execute(h.db);
    await sql`UPDATE drug_catalog SET dataset_key = NULL`.execute(h.db);
  });

  it('rolls back to exactly the schema of 0025 and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0026')).toEqual([]);
    await fails(
      sql`SELECT * FROM sync_rows_elsewhere_by_table('{"drug_classes": ["x"]}'::jsonb)`,
      /drug_classes is not a synced table/,
    );
    await migrateServerTo(h.db, '0026_medication-safety');
    const t = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN
        ('drug_classes','drug_class_interactions','drug_class_cross_reactivity','reference_data_versions','medication_safety_overrides')`.execute(
      h.db,
    );
    expect(t.rows[0]?.n).toBe(5);
  });
});
