import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { defineJob, latestSlot, listJobs } from '../../../server-sync/jobs';
import { serverTargets } from '../../support/db';
import { TestClock } from '../server/support';
import { prepare, Runners } from './support';

/**
 * Schedules (job_schedules): a run missed while every server was down runs once when one comes back, two instances
 * ticking together enqueue a slot once, and a cron fires at the local time of the district's time zone (an injected
 * clock; across the change to daylight saving time).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const scheduled = (name: string, cron: string) =>
  defineJob({
    name,
    data: z.object({ districtId: z.string() }),
    schedule: { cron },
    async handler() {},
  });

describe.each(serverTargets())('schedules on $name', (target) => {
  let h: ServerDbHandle;
  const runners = new Runners();
  beforeAll(async () => {
    h = await target.open();
    await prepare(h);
  });
  afterEach(() => runners.stopAll());
  afterAll(async () => {
    await h?.close();
  });

  const jobsOf = (name: string) => listJobs(h.db, { name, limit: 100 });
  const lastSlot = async (name: string) =>
    (
      await h.db
        .selectFrom('job_schedules')
        .select('last_slot')
        .where('name', '=', name)
        .where('district_id', '=', 'd-la')
        .executeTakeFirstOrThrow()
    ).last_slot.toISOString();

  it('catches up a run missed while every server was down: exactly one job, none on the next tick', async () => {
    const clock = new TestClock('2026-12-07T18:00:00.000Z');
    const def = scheduled('test.nightly', '0 2 * * *');
    const latest = latestSlot('0 2 * * *', 'America/Los_Angeles', clock.now());
    expect(latest.toISOString()).toBe('2026-12-07T10:00:00.000Z'); // 02:00 PST
    await h.db
      .insertInto('job_schedules')
      .values({
        name: 'test.nightly',
        district_id: 'd-la',
        cron: '0 2 * * *',
        timezone: 'America/Los_Angeles',
        last_slot: new Date(latest.getTime() - 3 * DAY),
      })
      .execute();
    const a = await runners.start({ db: h, definitions: [def], clock, work: false });
    const jobs = await jobsOf('test.nightly');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.dataSummary).toBe('districtId=d-la');
    expect(await lastSlot('test.nightly')).toBe('2026-12-07T10:00:00.000Z');
    expect(await a.tick()).toBe(0);
    expect(await jobsOf('test.nightly')).toHaveLength(1);

    // a second instance comes up; the next night both tick at once: one job for the slot
    const b = await runners.start({ db: h, definitions: [def], clock, work: false });
    clock.advance(DAY);
    const sent = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(sent.reduce((x, y) => x + y, 0)).toBe(1);
    expect(await jobsOf('test.nightly')).toHaveLength(2);
    expect(await lastSlot('test.nightly')).toBe('2026-12-08T10:00:00.000Z');
  });

  it('starts a new schedule at its latest slot, then fires at 07:00 in Los Angeles, in winter and in summer', async () => {
    const clock = new TestClock('2026-12-07T14:59:00.000Z'); // 06:59 PST
    const def = scheduled('test.morning', '0 7 * * *');
    const r = await runners.start({ db: h, definitions: [def], clock, work: false });
    expect(await jobsOf('test.morning')).toHaveLength(0); // new: nothing missed
    expect(await lastSlot('test.morning')).toBe('2026-12-06T15:00:00.000Z');
    clock.advance(59_000);
    expect(await r.tick()).toBe(0); // 06:59:59
    clock.advance(1_000);
    expect(await r.tick()).toBe(1); // 07:00:00 PST = 15:00Z
    expect(await lastSlot('test.morning')).toBe('2026-12-07T15:00:00.000Z');
    expect(await r.tick()).toBe(0);

    // summer: 07:00 PDT is 14:00Z. The first tick in July catches up the one missed slot (June 30), then 07:00 fires
    clock.advance(Date.parse('2027-07-01T13:59:00.000Z') - clock.now().getTime());
    expect(await r.tick()).toBe(1);
    expect(await lastSlot('test.morning')).toBe('2027-06-30T14:00:00.000Z');
    clock.advance(60_000);
    expect(await r.tick()).toBe(1);
    expect(await lastSlot('test.morning')).toBe('2027-07-01T14:00:00.000Z');
    expect(await jobsOf('test.morning')).toHaveLength(3);
  });

  it('runs a schedule per district, each in its own time zone', async () => {
    await sql`INSERT INTO districts (id, name, state_code, timezone) VALUES ('d-ny', 'New York Test', 'NY', 'America/New_York')`.execute(
      h.db,
    );
    try {
      const clock = new TestClock('2026-12-07T11:59:00.000Z'); // 06:59 in New York, 03:59 in Los Angeles
      const r = await runners.start({
        db: h,
        definitions: [scheduled('test.both', '0 7 * * *')],
        clock,
        work: false,
      });
      clock.advance(60_000);
      expect(await r.tick()).toBe(1); // 07:00 in New York only
      const jobs = await jobsOf('test.both');
      expect(jobs.map((j) => j.dataSummary)).toEqual(['districtId=d-ny']);
      clock.advance(3 * HOUR);
      expect(await r.tick()).toBe(1); // 07:00 in Los Angeles
    } finally {
      await runners.stopAll();
      await sql`DELETE FROM job_schedules WHERE district_id = 'd-ny'`.execute(h.db);
      await sql`DELETE FROM districts WHERE id = 'd-ny'`.execute(h.db);
    }
  });
});
