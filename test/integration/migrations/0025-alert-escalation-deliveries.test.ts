import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../../migrations/server/index';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { makeDistrict, type TestDistrict } from '../server/support';

/**
 * Migration 0025_alert-escalation-deliveries on a database holding alert deliveries: existing rows become level 0;
 * a recipient may then get each escalation level's notice once per channel, never the same level twice; its down
 * keeps the first delivery per recipient and channel and leaves exactly the schema before it.
 */
const NAME = '0025_alert-escalation-deliveries';
const names = Object.keys(serverMigrations);
const PREVIOUS = names[names.indexOf(NAME) - 1]!;

describe.each(serverTargets())('migration 0025_alert-escalation-deliveries on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;

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
      .values({
        id: 'del-a',
        alert_instance_id: 'inst-1',
        recipient_user_id: d.adminA.id,
        delivery_channel: 'EMAIL',
        delivery_status: 'SENT',
        created_at: '2026-11-20T12:00:00Z',
      })
      .execute();
    before = await introspectPostgres(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  const row = (id: string, level: number) => ({
    id,
    alert_instance_id: 'inst-1',
    recipient_user_id: d.adminA.id,
    delivery_channel: 'EMAIL' as const,
    delivery_status: 'SENT' as const,
    escalation_level: level,
    created_at: `2026-11-20T12:0${level}:00Z`,
  });

  it('makes existing deliveries level 0, takes one notice per level, refuses a level twice', async () => {
    await migrateServerTo(h.db, NAME);
    const levels = await h.db.selectFrom('alert_delivery_log').select(['id', 'escalation_level']).execute();
    expect(levels).toEqual([{ id: 'del-a', escalation_level: 0 }]);
    await h.db
      .insertInto('alert_delivery_log')
      .values([row('del-b', 1), row('del-c', 2)])
      .execute();
    await expect(h.db.insertInto('alert_delivery_log').values(row('del-d', 2)).execute()).rejects.toThrow(
      /alert_delivery_log_instance_recipient_channel_level_key/,
    );
  });

  it('rolls back to exactly the schema before it, keeping the first delivery, and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), `down of 0025 to ${PREVIOUS}`)).toEqual([]);
    expect(await h.db.selectFrom('alert_delivery_log').select('id').execute()).toEqual([{ id: 'del-a' }]);
    await migrateServerTo(h.db, NAME);
    expect(await h.db.selectFrom('alert_delivery_log').select('id').execute()).toHaveLength(1);
  });
});
