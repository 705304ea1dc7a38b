import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0028_mar-five-rights: the dose's timing and void columns, the corrections and the controlled-substance
 * ledger with their constraints, change capture and row-level security on both, the push's existence check
 * knowing them; down leaves exactly the schema of 0027 (or whatever precedes it), and up works again.
 */
describe.each(serverTargets())('migration 0028_mar-five-rights on $name', (target) => {
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
  const NEW = ['controlled_substance_transactions', 'medication_administration_corrections'];

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0027_clinic-visit-amendments');
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, '0028_mar-five-rights');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('enforces its constraints (checked before the foreign keys)', async () => {
    const ledger = (kind: string, qty: string, expected: string, witness: string) =>
      sql.raw(`INSERT INTO controlled_substance_transactions
        (id, school_id, medication_id, kind, quantity, expected_quantity, recorded_by, witness_user_id, recorded_at)
        VALUES ('t', 's', 'm', '${kind}', ${qty}, ${expected}, 'u1', ${witness}, now())`);
    await fails(ledger('STOLEN', '1', 'NULL', 'NULL'), /controlled_substance_transactions_kind_check/);
    await fails(ledger('RECEIVED', '-1', 'NULL', 'NULL'), /controlled_substance_transactions_quantity_check/);
    await fails(ledger('WASTED', '1', 'NULL', `'u1'`), /controlled_substance_transactions_witness_check/);
    await fails(
      ledger('COUNT', '1', 'NULL', `'u2'`),
      /controlled_substance_transactions_expected_quantity_check/,
    );
    const correction = (kind: string, reason: string, changes: string) =>
      sql.raw(`INSERT INTO medication_administration_corrections
        (id, administration_id, student_id, school_id, kind, changes, reason, corrected_by, corrected_at)
        VALUES ('c', 'a', 's', 'sch', '${kind}', '${changes}'::jsonb, '${reason}', 'u', now())`);
    await fails(correction('VOID', ' ', '{}'), /medication_administration_corrections_reason_check/);
    await fails(correction('ERASE', 'r', '{}'), /medication_administration_corrections_kind_check/);
    await fails(correction('VOID', 'r', '[]'), /medication_administration_corrections_changes_check/);
    await fails(
      sql`INSERT INTO medication_administrations (id, student_id, medication_id, administration_status, school_id,
            dose_timing) VALUES ('a', 's', 'm', 'MISSED', 'sch', 'SOON')`,
      /medication_administrations_dose_timing_check/,
    );
    const policies = await sql<{ tablename: string; policyname: string }>`
      SELECT tablename, policyname FROM pg_policies WHERE tablename IN ${sql.raw(`('${NEW.join("','")}')`)}
      ORDER BY tablename`.execute(h.db);
    expect(policies.rows).toEqual(NEW.map((t) => ({ tablename: t, policyname: 'tenant_isolation' })));
  });

  it('captures both tables for sync and lets a push name them', async () => {
    const triggers = await sql<{ tgname: string }>`
      SELECT DISTINCT tgname FROM pg_trigger WHERE tgrelid = 'controlled_substance_transactions'::regclass
        AND NOT tgisinternal ORDER BY tgname`.execute(h.db);
    expect(triggers.rows.map((r) => r.tgname)).toEqual([
      'sync_capture_delete',
      'sync_capture_insert',
      'sync_capture_lock',
      'sync_capture_update',
    ]);
    const found = await sql<{ table_name: string }>`
      SELECT * FROM sync_rows_elsewhere_by_table(
        '{"controlled_substance_transactions": ["none"], "medication_administration_corrections": ["none"]}'::jsonb)`.execute(
      h.db,
    );
    expect(found.rows).toEqual([]);
  });

  it('rolls back to exactly the previous schema and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0028')).toEqual([]);
    await fails(
      sql`SELECT * FROM sync_rows_elsewhere_by_table('{"controlled_substance_transactions": ["x"]}'::jsonb)`,
      /controlled_substance_transactions is not a synced table/,
    );
    await migrateServerTo(h.db, '0028_mar-five-rights');
    const t = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN
        ('controlled_substance_transactions', 'medication_administration_corrections')`.execute(h.db);
    expect(t.rows[0]?.n).toBe(2);
  });
});
