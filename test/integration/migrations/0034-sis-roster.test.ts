import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../migrations/server/index';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0034_sis-roster: an existing SIS configuration, job and error keep their rows with the new columns'
 * defaults (10 % threshold, no per-group strategies, zero counts); the new columns and tables hold their checks; the
 * application role may use the new tables; down leaves exactly the schema before it and up works again. The
 * migration before it is read from the index (0033 belongs to another change written at the same time).
 */
const THIS = '0034_sis-roster';
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf(THIS) - 1] ?? '';

describe.each(serverTargets())('migration 0034_sis-roster on $name', (target) => {
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
    await sql`INSERT INTO districts (id, name, state_code) VALUES ('d1', 'D', 'OH')`.execute(h.db);
    await sql`INSERT INTO schools (id, district_id, name, school_code) VALUES ('s1', 'd1', 'S', 'S1')`.execute(
      h.db,
    );
    await sql`INSERT INTO sis_sync_configs (id, school_id, sis_vendor) VALUES ('c1', 's1', 'POWERSCHOOL')`.execute(
      h.db,
    );
    await sql`INSERT INTO sis_sync_jobs (id, config_id) VALUES ('j1', 'c1')`.execute(h.db);
    await sql`INSERT INTO sis_sync_errors (id, sync_job_id, entity_type, error_message) VALUES ('e1', 'j1', 'STUDENT', 'x')`.execute(
      h.db,
    );
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, THIS);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps existing rows with the defaults of the new columns', async () => {
    const r = await sql<Record<string, unknown>>`
      SELECT c.withdrawal_threshold_percent, c.field_group_strategies, j.records_transferred, j.records_withdrawn, j.dry_run,
             e.source_file, e.source_line
      FROM sis_sync_configs c JOIN sis_sync_jobs j ON j.config_id = c.id JOIN sis_sync_errors e ON e.sync_job_id = j.id`.execute(
      h.db,
    );
    expect(r.rows).toEqual([
      {
        withdrawal_threshold_percent: 10,
        field_group_strategies: {},
        records_transferred: 0,
        records_withdrawn: 0,
        dry_run: false,
        source_file: null,
        source_line: null,
      },
    ]);
  });

  it('holds the checks of the new columns and tables, and lets the application role use the new tables', async () => {
    expect(await failure(sql`UPDATE sis_sync_configs SET withdrawal_threshold_percent = 101`)).toMatch(
      /sis_sync_configs_withdrawal_threshold_percent_check/,
    );
    expect(await failure(sql`UPDATE sis_sync_configs SET field_group_strategies = '[]'`)).toMatch(
      /sis_sync_configs_field_group_strategies_check/,
    );
    expect(await failure(sql`UPDATE sis_sync_errors SET source_line = 0`)).toMatch(
      /sis_sync_errors_source_line_check/,
    );
    expect(
      await failure(
        sql`INSERT INTO sis_record_links (district_id, entity_type, sourced_id, record_id) VALUES ('d1', 'CLASS', 'x', 'y')`,
      ),
    ).toMatch(/sis_record_links_entity_type_check/);
    const approval = (status: string, decided: string) =>
      sql`INSERT INTO sis_withdrawal_approvals (id, sync_job_id, withdrawing_school_id, student_ids, withdraw_count, active_count, threshold_percent, status, decided_at)
          VALUES ('a1', 'j1', 's1', '["st1"]', 1, 5, 10, ${status}, ${sql.raw(decided)})`;
    expect(await failure(approval('APPROVED', 'NULL'))).toMatch(/sis_withdrawal_approvals_decided_check/);
    expect(await failure(approval('MAYBE', 'now()'))).toMatch(/sis_withdrawal_approvals_status_check/);
    expect(await failure(approval('PENDING', 'NULL'))).toBe('no error');
    const priv = await sql<{ links: boolean; approvals: boolean }>`
      SELECT has_table_privilege('white_cross_app', 'sis_record_links', 'INSERT') AS links,
             has_table_privilege('white_cross_app', 'sis_withdrawal_approvals', 'UPDATE') AS approvals`.execute(
      h.db,
    );
    expect(priv.rows).toEqual([{ links: true, approvals: true }]);
  });

  it('rolls back to exactly the schema before it, and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0034')).toEqual([]);
    await migrateServerTo(h.db, THIS);
  });
});
