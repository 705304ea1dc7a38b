import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { withTenant } from '../../../server-sync/db/tenant';
import { AUDIT_GENESIS } from '../../../src-shared/audit-hash';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';
import { makeWorld, type World } from '../sync-server/support';

/**
 * Migration 0021_workstation-audit on a database holding data at 0020: it adds workstation_audit_uploads (one
 * cursor per device, writable by the application role inside a tenant transaction), keeps every existing row, and
 * its down leaves exactly the schema of 0020.
 */

describe.each(serverTargets())('migration 0021_workstation-audit on $name', (target) => {
  let h: ServerDbHandle;
  let w: World;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const counts = async () =>
    (
      await sql<{ devices: number; audit: number }>`
        SELECT (SELECT count(*)::int FROM devices) AS devices, (SELECT count(*)::int FROM audit_logs) AS audit`.execute(
        h.db,
      )
    ).rows[0];

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0020_sync-push-ingest');
    w = await makeWorld(h.db);
    before = await introspectPostgres(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('adds the table and keeps the data of 0020', async () => {
    const had = await counts();
    expect(had?.devices).toBe(3);
    await migrateServerTo(h.db, '0021_workstation-audit');
    expect(await counts()).toEqual(had);
    const after = await introspectPostgres(h.db);
    expect(Object.keys(after).filter((t) => !(t in before))).toEqual(['workstation_audit_uploads']);
  });

  it('lets the application role keep a device cursor, and refuses what is not a hash or a device', async () => {
    const scope = { schoolIds: [w.schoolA], userId: w.nurseA, deviceId: w.devA1 };
    await withTenant(h.db, scope, async (trx) => {
      await trx
        .insertInto('workstation_audit_uploads')
        .values({ device_id: w.devA1, last_seq: 0, last_hash: AUDIT_GENESIS })
        .execute();
      await trx
        .updateTable('workstation_audit_uploads')
        .set({ last_seq: 3, last_hash: 'a'.repeat(64), updated_at: new Date() })
        .where('device_id', '=', w.devA1)
        .execute();
    });
    const row = await h.db.selectFrom('workstation_audit_uploads').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ device_id: w.devA1, last_seq: 3, last_hash: 'a'.repeat(64) });
    await expect(
      h.db
        .insertInto('workstation_audit_uploads')
        .values({ device_id: w.devA2, last_seq: 1, last_hash: 'not a hash' })
        .execute(),
    ).rejects.toThrow(/workstation_audit_uploads_last_hash_check/);
    await expect(
      h.db
        .insertInto('workstation_audit_uploads')
        .values({ device_id: 'no-such-device', last_seq: 1, last_hash: AUDIT_GENESIS })
        .execute(),
    ).rejects.toThrow(/foreign key/);
  });

  it('rolls back to exactly the schema of 0020, with its data, and migrates up again', async () => {
    const had = await counts();
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'down of 0021')).toEqual([]);
    expect(await counts()).toEqual(had);
    await migrateServerTo(h.db, '0021_workstation-audit');
    expect(await h.db.selectFrom('workstation_audit_uploads').selectAll().execute()).toEqual([]);
  });
});
