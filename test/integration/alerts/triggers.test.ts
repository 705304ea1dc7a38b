import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_JOB,
  alertJobsWith,
  raiseAlert,
  raiseImmunizationOverdueAlerts,
  raiseSyncConflictAlerts,
  raiseWorkstationSilentAlerts,
} from '../../../server-sync/alerts';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { serverTargets } from '../../support/db';
import { makeDistrict, MINUTE, TestClock, type TestDistrict } from '../server/support';
import { RecordingJobs } from './support';

describe.each(serverTargets())('server alert triggers on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  const clock = new TestClock('2026-11-20T17:00:00.000Z');
  const instance = (key: string) =>
    h.db.selectFrom('alert_instances').selectAll().where('id', '=', alertInstanceId(key)).executeTakeFirst();

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('SYNC_CONFLICT: one alert per open conflict, once', async () => {
    await h.db
      .insertInto('sync_conflicts')
      .values([
        {
          id: 'conf-1',
          table_name: 'students',
          row_id: d.studentA,
          school_id: d.schoolA,
          column_name: 'grade_level',
          conflict_type: 'FIELD_LWW',
        },
        {
          id: 'conf-2',
          table_name: 'students',
          row_id: d.studentB,
          school_id: d.schoolB,
          conflict_type: 'FIELD_LWW',
          status: 'RESOLVED',
          resolution: 'KEPT_WINNER',
          resolved_at: clock.now(),
        },
      ])
      .execute();
    const jobs = new RecordingJobs();
    expect(await raiseSyncConflictAlerts(h.db, clock, jobs)).toBe(1);
    expect(await raiseSyncConflictAlerts(h.db, clock, jobs)).toBe(0);
    const a = await instance(alertKey.syncConflict('conf-1'));
    expect(a).toMatchObject({ school_id: d.schoolA, alert_status: 'ACTIVE' });
    expect(a?.alert_data).toMatchObject({ table: 'students', column: 'grade_level' });
    expect(await instance(alertKey.syncConflict('conf-2'))).toBeUndefined();
  });

  it("SYNC_FAILURE: a workstation silent for the definition's hours", async () => {
    const seen = new Date(clock.now().getTime() - 25 * 60 * MINUTE);
    await h.db
      .insertInto('devices')
      .values([
        {
          id: 'dev-silent',
          school_id: d.schoolA,
          name: 'Clinic PC',
          platform: 'WINDOWS',
          enrolled_by: d.adminA.id,
          last_seen_at: seen,
        },
        {
          id: 'dev-fresh',
          school_id: d.schoolA,
          name: 'Front desk',
          platform: 'WINDOWS',
          enrolled_by: d.adminA.id,
          last_seen_at: clock.now(),
        },
      ])
      .execute();
    expect(await raiseWorkstationSilentAlerts(h.db, clock)).toBe(1);
    expect(await raiseWorkstationSilentAlerts(h.db, clock)).toBe(0);
    const a = await instance(alertKey.workstationSilent('dev-silent', seen.toISOString()));
    expect(a?.alert_data).toMatchObject({ device: 'Clinic PC', hours: 25 });
  });

  it("IMMUNIZATION_OVERDUE: the state schedule's overdue doses, with the workstation's key", async () => {
    await h.db
      .insertInto('vaccination_schedules')
      .values([
        {
          id: 'vs-1',
          state_code: 'NJ',
          vaccine_type: 'MMR',
          dose_number: 1,
          minimum_age_months: 12,
          grace_period_days: 30,
        },
        {
          id: 'vs-2',
          state_code: 'NJ',
          vaccine_type: 'MMR',
          dose_number: 2,
          minimum_age_months: 48,
          minimum_interval_days: 28,
          grace_period_days: 30,
        },
      ])
      .execute();
    expect(await raiseImmunizationOverdueAlerts(h.db, clock)).toBe(2);
    expect(await raiseImmunizationOverdueAlerts(h.db, clock)).toBe(0);
    // student A had dose 1 (2015-04-01): dose 2 due at 48 months (2018-03-02)
    const a = await instance(alertKey.immunizationOverdue(d.studentA, 'MMR', 2, '2018-03-02'));
    expect(a).toMatchObject({
      school_id: d.schoolA,
      target_entity_type: 'STUDENT',
      target_entity_id: d.studentA,
    });
    expect(a?.alert_data).toMatchObject({
      student_name: 'Sam Alvarez',
      vaccine: 'MMR',
      dose: 2,
      due_date: '2018-03-02',
    });
  });

  it('runs through its job definitions: data parsed by their schemas, handlers given a JobRunContext', async () => {
    const jobs = new RecordingJobs();
    const defs = alertJobsWith(() => ({ email: null, sms: null }));
    expect(defs.map((j) => j.name).sort()).toEqual(Object.values(ALERT_JOB).sort());
    const run = async (name: string, data: unknown) => {
      const def = defs.find((j) => j.name === name)!;
      await def.handler(def.data.parse(data), { db: h.db, clock, jobs, jobId: `job-${name}`, attempt: 1 });
    };
    expect(defs.filter((j) => j.schedule).map((j) => [j.name, j.schedule?.cron])).toEqual([
      [ALERT_JOB.expire, '* * * * *'],
      [ALERT_JOB.sweep, '* * * * *'],
      [ALERT_JOB.triggers, '*/5 * * * *'],
      [ALERT_JOB.immunizations, '0 6 * * *'],
    ]);
    expect(() => defs.find((j) => j.name === ALERT_JOB.deliver)!.data.parse({})).toThrow(/deliveryId/);

    await h.db
      .insertInto('alert_subscriptions')
      .values({
        id: 'sub-jobs',
        user_id: d.nurseA.id,
        delivery_channels: JSON.stringify(['IN_APP', 'EMAIL']),
      })
      .execute();
    const { id } = await raiseAlert(h.db, clock, {
      code: 'MEDICATION_MISSED',
      schoolId: d.schoolA,
      event: 'dose_missed',
      data: { student_name: 'Sam Alvarez' },
      dedupeKey: alertKey.missedDose('sched-jobs', '2026-11-20T15:00:00.000Z'),
    });
    await run(ALERT_JOB.sweep, {});
    const emailRow = () =>
      h.db
        .selectFrom('alert_delivery_log')
        .selectAll()
        .where('alert_instance_id', '=', id)
        .where('delivery_channel', '=', 'EMAIL')
        .executeTakeFirstOrThrow();
    const planned = await emailRow();
    const job = jobs
      .named(ALERT_JOB.deliver)
      .find((j) => (j.data as { deliveryId: string }).deliveryId === planned.id);
    await run(ALERT_JOB.deliver, job?.data);
    const row = await emailRow();
    // no SMTP configured: waiting, with the reason, never dropped
    expect(row.delivery_status).toBe('PENDING');
    expect(row.failure_reason).toMatch(/no SMTP server configured/);
    clock.advance(8 * 60 * MINUTE);
    await run(ALERT_JOB.expire, {});
    expect(
      (await instance(alertKey.missedDose('sched-jobs', '2026-11-20T15:00:00.000Z')))?.alert_status,
    ).toBe('EXPIRED');
  });
});
