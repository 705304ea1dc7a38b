import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0030_report-definition-retention: report_definitions.retention_days. An existing definition keeps its
 * row with no retention, a retention must be more than zero days, a new retention is captured for sync (the
 * definitions are pulled by workstations); down leaves exactly the schema of 0029 and up works again.
 */
describe.each(serverTargets())('migration 0030_report-definition-retention on $name', (target) => {
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
    await migrateServerTo(h.db, '0029_clinic-visit-pain-scale');
    await sql`INSERT INTO report_definitions (id, report_code, report_name) VALUES ('rd1', 'R1', 'Report one')`.execute(
      h.db,
    );
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, '0030_report-definition-retention');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps an existing definition with no retention, and takes more than zero days only', async () => {
    const r = await sql<
      Record<string, unknown>
    >`SELECT report_code, retention_days FROM report_definitions`.execute(h.db);
    expect(r.rows).toEqual([{ report_code: 'R1', retention_days: null }]);
    expect(await failure(sql`UPDATE report_definitions SET retention_days = 0`)).toMatch(
      /report_definitions_retention_days_check/,
    );
    expect(await failure(sql`UPDATE report_definitions SET retention_days = -5`)).toMatch(
      /report_definitions_retention_days_check/,
    );
  });

  it('captures a new retention for sync', async () => {
    await sql`UPDATE report_definitions SET retention_days = 30 WHERE id = 'rd1'`.execute(h.db);
    const log = await sql<{ retention_days: string | null }>`
      SELECT changed_columns->>'retention_days' AS retention_days FROM sync_changes
      WHERE table_name = 'report_definitions' AND row_id = 'rd1'
      ORDER BY server_seq DESC LIMIT 1`.execute(h.db);
    expect(log.rows).toEqual([{ retention_days: '30' }]);
  });

  it('rolls back to exactly the schema of 0029 and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0030')).toEqual([]);
    const r = await sql<Record<string, unknown>>`SELECT id, report_code FROM report_definitions`.execute(
      h.db,
    );
    expect(r.rows).toEqual([{ id: 'rd1', report_code: 'R1' }]);
    await migrateServerTo(h.db, '0030_report-definition-retention');
    const again = await sql<Record<string, unknown>>`SELECT retention_days FROM report_definitions`.execute(
      h.db,
    );
    expect(again.rows).toEqual([{ retention_days: null }]);
  });
});
