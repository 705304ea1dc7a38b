import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { getJob, JOB_DEFAULTS } from '../../../server-sync/jobs';
import { jobCatalog } from '../../../server-sync/jobs-catalog';
import { serverTargets } from '../../support/db';
import { TestClock } from '../server/support';
import { prepare, Runners, until } from './support';

/**
 * The platform's own jobs through the queue, with the server's real catalog (server-sync/jobs-catalog.ts): the
 * nightly refresh of the analytics materialized views, and the pruning of old idempotency keys; both scheduled per
 * district in its time zone.
 */
describe.each(serverTargets())('platform jobs on $name', (target) => {
  let h: ServerDbHandle;
  const runners = new Runners();
  const clock = new TestClock('2026-12-07T18:00:00.000Z');
  beforeAll(async () => {
    h = await target.open();
    await prepare(h);
  });
  afterEach(() => runners.stopAll());
  afterAll(async () => {
    await h?.close();
  });

  const done = (id: string) =>
    until(
      () => getJob(h.db, id),
      (j) => j?.state === 'finished' || j?.state === 'failed',
    );

  it('schedules them per district and runs the analytics refresh and the key pruning', async () => {
    const r = await runners.start({ db: h, definitions: jobCatalog, clock });
    const schedules = await h.db
      .selectFrom('job_schedules')
      .select(['name', 'district_id', 'cron', 'timezone'])
      .where('name', 'like', 'platform.%') // the features' schedules are tested with their features
      .orderBy('name')
      .execute();
    expect(schedules).toEqual([
      {
        name: 'platform.prune-job-keys',
        district_id: 'd-la',
        cron: '15 3 * * *',
        timezone: 'America/Los_Angeles',
      },
      {
        name: 'platform.refresh-analytics-views',
        district_id: 'd-la',
        cron: '30 2 * * *',
        timezone: 'America/Los_Angeles',
      },
    ]);

    const refresh = (await r.send('platform.refresh-analytics-views', { districtId: 'd-la' })) ?? '';
    expect(await done(refresh)).toMatchObject({ state: 'finished', error: null });
    const populated = await sql<{
      name: string;
      populated: boolean;
    }>`SELECT matviewname AS name, ispopulated AS populated FROM pg_matviews ORDER BY 1`.execute(h.db);
    expect(populated.rows).toEqual([
      { name: 'compliance_dashboard_cache', populated: true },
      { name: 'visit_frequency_analytics', populated: true },
    ]);

    await h.db
      .insertInto('job_keys')
      .values([
        {
          name: 'x',
          key: 'old',
          job_id: 'j1',
          created_at: new Date(clock.now().getTime() - 91 * 86_400_000),
        },
        {
          name: 'x',
          key: 'recent',
          job_id: 'j2',
          created_at: new Date(clock.now().getTime() - 89 * 86_400_000),
        },
      ])
      .execute();
    const prune = (await r.send('platform.prune-job-keys', { districtId: 'd-la' })) ?? '';
    expect(await done(prune)).toMatchObject({ state: 'finished' });
    const left = await h.db.selectFrom('job_keys').select('key').where('name', '=', 'x').execute();
    expect(left).toEqual([{ key: 'recent' }]);
    expect(JOB_DEFAULTS.retryLimit).toBe(3);
  });
});
