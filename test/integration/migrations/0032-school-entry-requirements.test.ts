import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { serverMigrations } from '../../../migrations/server/index';

/**
 * Migration 0032_school-entry-requirements: vaccination_schedules.requirement. An existing schedule row keeps its row
 * with no requirement, a requirement must be a JSON object, a new requirement is captured for sync (schedules are
 * pulled by workstations); down leaves exactly the schema before it and up works again.
 *
 * The migration before it is read from the index (0031 belongs to a change written at the same time: 0030 until it
 * is merged).
 */
const THIS = '0032_school-entry-requirements';
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf(THIS) - 1]!;

describe.each(serverTargets())('migration 0032_school-entry-requirements on $name', (target) => {
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
    await sql`INSERT INTO vaccination_schedules (id, state_code, vaccine_type, dose_number, grade_level)
      VALUES ('vs1', 'OH', 'MMR', 1, 'K')`.execute(h.db);
    before = await introspectPostgres(h.db);
    await migrateServerTo(h.db, THIS);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps an existing schedule with no requirement, and takes a JSON object only', async () => {
    const r = await sql<
      Record<string, unknown>
    >`SELECT vaccine_type, requirement FROM vaccination_schedules`.execute(h.db);
    expect(r.rows).toEqual([{ vaccine_type: 'MMR', requirement: null }]);
    expect(await failure(sql`UPDATE vaccination_schedules SET requirement = '[1, 2]'::jsonb`)).toMatch(
      /vaccination_schedules_requirement_check/,
    );
    expect(await failure(sql`UPDATE vaccination_schedules SET requirement = '"MMR"'::jsonb`)).toMatch(
      /vaccination_schedules_requirement_check/,
    );
  });

  it('captures a new requirement for sync', async () => {
    await sql`UPDATE vaccination_schedules SET requirement = '{"state": "CA"}'::jsonb WHERE id = 'vs1'`.execute(
      h.db,
    );
    const log = await sql<{ state: string | null }>`
      SELECT changed_columns->'requirement'->>'state' AS state FROM sync_changes
      WHERE table_name = 'vaccination_schedules' AND row_id = 'vs1'
      ORDER BY server_seq DESC LIMIT 1`.execute(h.db);
    expect(log.rows).toEqual([{ state: 'CA' }]);
  });

  it('rolls back to exactly the schema before it and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0032')).toEqual([]);
    const r = await sql<Record<string, unknown>>`SELECT id, vaccine_type FROM vaccination_schedules`.execute(
      h.db,
    );
    expect(r.rows).toEqual([{ id: 'vs1', vaccine_type: 'MMR' }]);
    await migrateServerTo(h.db, THIS);
    const again = await sql<Record<string, unknown>>`SELECT requirement FROM vaccination_schedules`.execute(
      h.db,
    );
    expect(again.rows).toEqual([{ requirement: null }]);
  });
});
