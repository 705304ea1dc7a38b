import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../migrations/server/index';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { makeDistrict, type TestDistrict } from '../server/support';

/**
 * Migration 0023_alerts on a database holding alert deliveries (at the migration before it), one of them twice: it keeps the first of the
 * duplicates, then refuses a second delivery of an alert to a recipient on a channel; its down leaves exactly the
 * schema before it.
 */
/** The migration before 0023 (0021 on the alerts branch, 0022 once the jobs branch is merged). */
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf('0023_alerts') - 1]!;

describe.each(serverTargets())('migration 0023_alerts on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const delivery = (id: string, channel: 'EMAIL' | 'SMS', createdAt: string) => ({
    id,
    alert_instance_id: 'inst-1',
    recipient_user_id: d.nurseA.id,
    delivery_channel: channel,
    delivery_status: 'SENT' as const,
    created_at: createdAt,
  });

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, PREVIOUS);
    d = await makeDistrict(h.db);
    await h.db
      .insertInto('alert_definitions')
      .values({ id: 'def-1', alert_code: 'TEST', alert_name: 'Test', alert_conditions: '{}' })
      .execute();
    await h.db
      .insertInto('alert_instances')
      .values({ id: 'inst-1', alert_definition_id: 'def-1', school_id: d.schoolA })
      .execute();
    await h.db
      .insertInto('alert_delivery_log')
      .values([
        delivery('del-b', 'EMAIL', '2026-11-20T12:00:01Z'),
        delivery('del-a', 'EMAIL', '2026-11-20T12:00:00Z'),
        delivery('del-c', 'SMS', '2026-11-20T12:00:00Z'),
      ])
      .execute();
    before = await introspectPostgres(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps the first of duplicated deliveries and refuses another', async () => {
    await migrateServerTo(h.db, '0023_alerts');
    const ids = (await h.db.selectFrom('alert_delivery_log').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    expect(ids).toEqual(['del-a', 'del-c']);
    await expect(
      h.db
        .insertInto('alert_delivery_log')
        .values(delivery('del-d', 'SMS', '2026-11-20T13:00:00Z'))
        .execute(),
    ).rejects.toThrow(/alert_delivery_log_instance_recipient_channel_key/);
  });

  it('rolls back to exactly the schema before it and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), `down of 0023 to ${PREVIOUS}`)).toEqual([]);
    await migrateServerTo(h.db, '0023_alerts');
    expect(await h.db.selectFrom('alert_delivery_log').select('id').execute()).toHaveLength(2);
  });
});
