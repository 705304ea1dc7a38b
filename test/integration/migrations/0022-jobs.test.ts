import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerTo, rollbackServer } from '../../../server-sync/db/migrate';
import { serverTargets } from '../../support/db';
import { introspectPostgres } from '../../support/introspect-pg';
import { diffSchemas } from '../../support/schema-shape';

/**
 * Migration 0022_jobs on a database holding data at 0021: it adds job_schedules (per job and district, going with
 * its district) and job_keys, keeps every existing row, and its down leaves exactly the schema of 0021.
 */
describe.each(serverTargets())('migration 0022_jobs on $name', (target) => {
  let h: ServerDbHandle;
  let before: Awaited<ReturnType<typeof introspectPostgres>>;
  const districts = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`.execute(h.db)).rows[0]?.n;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerTo(h.db, '0021_workstation-audit');
    await sql`INSERT INTO districts (id, name, state_code, timezone) VALUES ('d1', 'One', 'CA', 'America/Los_Angeles')`.execute(
      h.db,
    );
    before = await introspectPostgres(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('adds the two tables and keeps the data of 0021', async () => {
    await migrateServerTo(h.db, '0022_jobs');
    expect(await districts()).toBe(1);
    const after = await introspectPostgres(h.db);
    expect(
      Object.keys(after)
        .filter((t) => !(t in before))
        .sort(),
    ).toEqual(['job_keys', 'job_schedules']);
  });

  it('keeps one schedule row per job and district, going with the district; one key per job name', async () => {
    const slot = new Date('2026-12-07T10:00:00.000Z');
    await h.db
      .insertInto('job_schedules')
      .values({
        name: 'a.b',
        district_id: 'd1',
        cron: '0 2 * * *',
        timezone: 'America/Los_Angeles',
        last_slot: slot,
      })
      .execute();
    await expect(
      h.db
        .insertInto('job_schedules')
        .values({ name: 'a.b', district_id: 'd1', cron: '0 3 * * *', timezone: 'UTC', last_slot: slot })
        .execute(),
    ).rejects.toThrow(/duplicate key|unique/);
    await expect(
      h.db
        .insertInto('job_schedules')
        .values({ name: 'a.b', district_id: 'nope', cron: '0 3 * * *', timezone: 'UTC', last_slot: slot })
        .execute(),
    ).rejects.toThrow(/foreign key/);
    await h.db.insertInto('job_keys').values({ name: 'a.b', key: 'k', job_id: 'j' }).execute();
    await expect(
      h.db.insertInto('job_keys').values({ name: 'a.b', key: 'k', job_id: 'j2' }).execute(),
    ).rejects.toThrow(/duplicate key|unique/);
    await h.db.insertInto('job_keys').values({ name: 'c.d', key: 'k', job_id: 'j3' }).execute();
    await sql`DELETE FROM districts WHERE id = 'd1'`.execute(h.db);
    expect(await h.db.selectFrom('job_schedules').selectAll().execute()).toEqual([]);
  });

  it('rolls back to exactly the schema of 0021 and migrates up again', async () => {
    await rollbackServer(h.db, { all: false });
    expect(diffSchemas(before, await introspectPostgres(h.db), 'after rolling back 0022')).toEqual([]);
    await migrateServerTo(h.db, '0022_jobs');
    expect(Object.keys(await introspectPostgres(h.db))).toContain('job_schedules');
  });
});
