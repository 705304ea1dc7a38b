import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_JOB,
  deliverOne,
  escalateAlert,
  expireDue,
  messageIdOf,
  raiseAlert,
  smtpEmailSender,
  sweepAlerts,
  transitionAlert,
  twilioSmsProvider,
} from '../../../server-sync/alerts';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import { serverTargets } from '../../support/db';
import { makeDistrict, MINUTE, TestClock, type TestDistrict } from '../server/support';
import { freePort, RecordingJobs, startSmtp, startTwilio } from './support';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const FROM = 'White Cross <alerts@district.example.org>';

describe.each(serverTargets())('alert delivery on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  // Friday 2026-11-20 17:00 UTC = 12:00 in New York (the district's default time zone)
  const clock = new TestClock('2026-11-20T17:00:00.000Z');

  const deliveries = (instanceId: string) =>
    h.db
      .selectFrom('alert_delivery_log')
      .selectAll()
      .where('alert_instance_id', '=', instanceId)
      .orderBy('delivery_channel')
      .orderBy('recipient_user_id')
      .execute();
  const subscribe = (userId: string, channels: string[], extra: Record<string, unknown> = {}) =>
    h.db
      .insertInto('alert_subscriptions')
      .values({
        id: `sub-${userId}-${channels.join('-')}-${Math.random().toString(36).slice(2)}`,
        user_id: userId,
        delivery_channels: JSON.stringify(channels),
        ...extra,
      })
      .execute();
  const missed = (n: number) => ({
    code: 'MEDICATION_MISSED',
    schoolId: d.schoolA,
    target: { type: 'STUDENT' as const, id: d.studentA },
    event: 'dose_missed',
    data: { student_name: 'Sam Alvarez', medication: 'Albuterol <b>2 puffs</b>', scheduled_time: `10:0${n}` },
    dedupeKey: alertKey.missedDose(`schedule-${n}`, `2026-11-20T15:0${n}:00.000Z`),
  });

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db);
    await h.db.updateTable('users').set({ phone: '+15005550006' }).where('id', '=', d.nurseA.id).execute();
    await subscribe(d.nurseA.id, ['IN_APP', 'EMAIL', 'SMS']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('raising the same key twice makes one instance and one delivery per recipient and channel', async () => {
    const jobs = new RecordingJobs();
    const first = await raiseAlert(h.db, clock, missed(1), jobs);
    const second = await raiseAlert(h.db, clock, missed(1), jobs);
    expect(first).toEqual({ id: alertInstanceId(missed(1).dedupeKey), created: true });
    expect(second).toEqual({ id: first.id, created: false });
    const rows = await deliveries(first.id);
    expect(rows.map((r) => [r.recipient_user_id, r.delivery_channel, r.delivery_status])).toEqual([
      [d.nurseA.id, 'EMAIL', 'PENDING'],
      [d.nurseA.id, 'IN_APP', 'SENT'],
      [d.nurseA.id, 'SMS', 'PENDING'],
    ]);
    expect(jobs.named(ALERT_JOB.deliver)).toHaveLength(2);
    // a sweep plans nothing more
    await sweepAlerts(h.db, clock, jobs);
    expect(await deliveries(first.id)).toHaveLength(3);
  });

  it('e-mails through a real SMTP server: To, Subject and the rendered template; the SMTP server down delays, then sends once', async () => {
    const port = await freePort();
    const jobs = new RecordingJobs();
    const { id } = await raiseAlert(h.db, clock, missed(2), jobs);
    const email = (await deliveries(id)).find((r) => r.delivery_channel === 'EMAIL')!;
    const channels = { email: smtpEmailSender({ url: `smtp://127.0.0.1:${port}`, from: FROM }), sms: null };

    expect(await deliverOne(h.db, clock, jobs, channels, email.id)).toBe('RETRY');
    const waiting = (await deliveries(id)).find((r) => r.id === email.id)!;
    expect(waiting.delivery_status).toBe('PENDING');
    expect(waiting.failure_reason).toMatch(/ECONNREFUSED|connect/i);
    expect(waiting.retry_count).toBe(1);
    expect(waiting.next_retry_at!.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(jobs.named(ALERT_JOB.deliver).at(-1)).toMatchObject({ data: { deliveryId: email.id } });

    const smtp = await startSmtp(port);
    try {
      clock.advance(2 * MINUTE);
      expect(await deliverOne(h.db, clock, jobs, channels, email.id)).toBe('SENT');
      expect(await deliverOne(h.db, clock, jobs, channels, email.id)).toBe('DONE');
      expect(smtp.messages).toHaveLength(1);
      const raw = smtp.messages[0]!.replace(/=\r?\n/g, '');
      expect(raw).toMatch(/^To: nurse\.a@example\.org$/m);
      expect(raw).toMatch(/^Subject: \[HIGH\] Scheduled medication not given - Alpha Elementary$/m);
      expect(raw).toContain('Sam Alvarez did not receive Albuterol <b>2 puffs</b> scheduled at 10:02.');
      expect(raw).toContain('Albuterol &lt;b&gt;2 puffs&lt;/b&gt;');
      expect(raw.replace(/\r?\n\s+/g, ' ')).toContain(`Message-ID: ${messageIdOf(email.id, FROM)}`);
      const sent = (await deliveries(id)).find((r) => r.id === email.id)!;
      expect(sent.delivery_status).toBe('SENT');
      expect(sent.next_retry_at).toBeNull();
    } finally {
      channels.email.close();
      await smtp.close();
    }
  });

  it("texts through Twilio's REST API (a loopback stand-in); a 429 is retried with backoff, then sent", async () => {
    const twilio = await startTwilio(SID);
    const jobs = new RecordingJobs();
    try {
      const sms = twilioSmsProvider({
        accountSid: SID,
        authToken: 'secret-token',
        from: '+15005550001',
        apiBase: twilio.base,
      });
      const channels = { email: null, sms };
      const { id } = await raiseAlert(h.db, clock, missed(3), jobs);
      const row = (await deliveries(id)).find((r) => r.delivery_channel === 'SMS')!;
      twilio.failNext(429, 20429, 'Too Many Requests');
      expect(await deliverOne(h.db, clock, jobs, channels, row.id)).toBe('RETRY');
      const failed = (await deliveries(id)).find((r) => r.id === row.id)!;
      expect(failed.failure_reason).toBe('Twilio 429: Too Many Requests');
      expect(failed.next_retry_at!.getTime() - clock.now().getTime()).toBe(MINUTE);
      // not due yet: re-enqueued for its time, nothing sent
      expect(await deliverOne(h.db, clock, jobs, channels, row.id)).toBe('NOT_DUE');
      clock.advance(MINUTE);
      expect(await deliverOne(h.db, clock, jobs, channels, row.id)).toBe('SENT');
      expect(twilio.requests).toHaveLength(2);
      const req = twilio.requests[1]!;
      expect(req.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(req.authorization).toBe(`Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`);
      expect(req.contentType).toBe('application/x-www-form-urlencoded');
      expect(req.form.get('To')).toBe('+15005550006');
      expect(req.form.get('From')).toBe('+15005550001');
      expect(req.form.get('Body')).toContain('Sam Alvarez did not receive Albuterol');
      const sent = (await deliveries(id)).find((r) => r.id === row.id)!;
      const response = sent.channel_response as { sid: string; status: string };
      expect(response.sid).toMatch(/^SM/);
      expect(response.status).toBe('queued');

      const receipt = await sms.call('+15005550006', 'Epinephrine given to <Sam>');
      expect(receipt.sid).toMatch(/^CA/);
      const call = twilio.requests[2]!;
      expect(call.path).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
      expect(call.form.get('Twiml')).toBe('<Response><Say>Epinephrine given to &lt;Sam&gt;</Say></Response>');
    } finally {
      await twilio.close();
    }
  });

  it('quiet hours defer a HIGH alert to their end, not an EMERGENCY one', async () => {
    // nurse B: quiet 11:00-15:00 New York; now is a few minutes past 12:00 there
    await h.db.updateTable('users').set({ phone: '+15005550007' }).where('id', '=', d.nurseB.id).execute();
    await subscribe(d.nurseB.id, ['EMAIL', 'SMS'], { quiet_hours_start: '11:00', quiet_hours_end: '15:00' });
    const jobs = new RecordingJobs();
    const high = await raiseAlert(
      h.db,
      clock,
      { ...missed(4), schoolId: d.schoolB, target: { type: 'STUDENT', id: d.studentB } },
      jobs,
    );
    const emergency = await raiseAlert(
      h.db,
      clock,
      {
        code: 'EMERGENCY_HEALTH',
        schoolId: d.schoolB,
        target: { type: 'STUDENT', id: d.studentB },
        event: 'triage_emergency',
        data: { student_name: 'Sam Bauer', complaint: 'anaphylaxis', ems_called: true },
        dedupeKey: alertKey.emergencyVisit('visit-1'),
      },
      jobs,
    );
    const three = Date.parse('2026-11-20T20:00:00.000Z');
    for (const r of (await deliveries(high.id)).filter((x) => x.recipient_user_id === d.nurseB.id)) {
      expect(r.next_retry_at!.getTime()).toBe(three);
    }
    for (const r of (await deliveries(emergency.id)).filter((x) => x.recipient_user_id === d.nurseB.id)) {
      expect(r.next_retry_at!.getTime()).toBe(clock.now().getTime());
    }
  });

  it('escalates to the configured roles, level after level, each level a new notice widened up the chain, until acknowledged; then stops', async () => {
    const jobs = new RecordingJobs();
    const { id } = await raiseAlert(h.db, clock, missed(5), jobs);
    const first = jobs.named(ALERT_JOB.escalate);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ data: { instanceId: id, level: 1 } });
    expect(first[0]!.startAfter!.getTime()).toBe(clock.now().getTime() + 30 * MINUTE);

    expect(await escalateAlert(h.db, clock, jobs, id, 1)).toBe('NOT_DUE');
    clock.advance(30 * MINUTE);
    expect(await escalateAlert(h.db, clock, jobs, id, 1)).toBe('ESCALATED');
    expect(await escalateAlert(h.db, clock, jobs, id, 1)).toBe('ALREADY');
    let inst = await h.db
      .selectFrom('alert_instances')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect([inst.alert_status, inst.escalation_level]).toEqual(['ESCALATED', 1]);
    const toAdmin = (await deliveries(id)).filter((r) => r.recipient_user_id === d.adminA.id);
    expect(toAdmin.map((r) => [r.delivery_channel, r.escalation_level])).toEqual([
      ['EMAIL', 1],
      ['IN_APP', 1],
    ]);
    // level 1 reaches the configured roles only (SCHOOL_ADMIN); the nurse's first deliveries stay level 0
    expect((await deliveries(id)).filter((r) => r.recipient_user_id === d.districtAdmin.id)).toEqual([]);
    expect(
      (await deliveries(id))
        .filter((r) => r.recipient_user_id === d.nurseA.id)
        .map((r) => r.escalation_level),
    ).toEqual([0, 0, 0]);
    expect(jobs.named(ALERT_JOB.escalate).at(-1)).toMatchObject({ data: { instanceId: id, level: 2 } });

    clock.advance(30 * MINUTE);
    expect(await escalateAlert(h.db, clock, jobs, id, 2)).toBe('ESCALATED');
    inst = await h.db
      .selectFrom('alert_instances')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(inst.escalation_level).toBe(2);
    expect(await escalateAlert(h.db, clock, jobs, id, 2)).toBe('ALREADY');
    // level 2 is a new notice to the school administrator (one per channel), and widens up the chain to the
    // district administrator; the level-1 rows are not sent again
    const level = (userId: string) =>
      deliveries(id).then((rows) =>
        rows
          .filter((r) => r.recipient_user_id === userId)
          .map((r) => `${r.delivery_channel}@${r.escalation_level}`)
          .sort(),
      );
    expect(await level(d.adminA.id)).toEqual(['EMAIL@1', 'EMAIL@2', 'IN_APP@1', 'IN_APP@2']);
    expect(await level(d.districtAdmin.id)).toEqual(['EMAIL@2', 'IN_APP@2']);

    // the notice is what the administrator reads: "ESCALATED (level 2): still not acknowledged"
    const port = await freePort();
    const smtp = await startSmtp(port);
    const channels = { email: smtpEmailSender({ url: `smtp://127.0.0.1:${port}`, from: FROM }), sms: null };
    try {
      const notice = (await deliveries(id)).find(
        (r) =>
          r.recipient_user_id === d.adminA.id && r.delivery_channel === 'EMAIL' && r.escalation_level === 2,
      )!;
      expect(await deliverOne(h.db, clock, jobs, channels, notice.id)).toBe('SENT');
      const raw = smtp.messages[0]!.replace(/=\r?\n/g, '').replace(/\r?\n\s+/g, ' ');
      expect(raw).toMatch(/^To: admin\.a@example\.org$/m);
      expect(raw).toMatch(
        /^Subject: ESCALATED \(level 2\): still not acknowledged: \[HIGH\] Scheduled medication not given/m,
      );
    } finally {
      channels.email.close();
      await smtp.close();
    }

    await h.db.transaction().execute((trx) =>
      transitionAlert(trx, clock.now(), id, 'ACKNOWLEDGED', { userId: d.nurseA.id }, (schoolId) => ({
        action: 'UPDATE',
        userId: d.nurseA.id,
        deviceId: null,
        schoolId,
        tableName: 'alert_instances',
        recordId: id,
        ip: null,
        userAgent: null,
        at: clock.now(),
      })),
    );
    clock.advance(30 * MINUTE);
    expect(await escalateAlert(h.db, clock, jobs, id, 3)).toBe('STOPPED');
    inst = await h.db
      .selectFrom('alert_instances')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect([inst.alert_status, inst.escalation_level]).toEqual(['ACKNOWLEDGED', 2]);
  });

  it('expires alerts past expires_at; their pending deliveries then fail as closed', async () => {
    const jobs = new RecordingJobs();
    const { id } = await raiseAlert(h.db, clock, missed(6), jobs);
    expect(await expireDue(h.db, clock)).not.toContain(id);
    clock.advance(480 * MINUTE);
    expect(await expireDue(h.db, clock)).toContain(id);
    const row = (await deliveries(id)).find((r) => r.delivery_channel === 'EMAIL')!;
    expect(await deliverOne(h.db, clock, jobs, { email: null, sms: null }, row.id)).toBe('CLOSED');
  });

  it('plans the deliveries of an alert pushed by a workstation (the sweep)', async () => {
    const jobs = new RecordingJobs();
    const def = await h.db
      .selectFrom('alert_definitions')
      .select('id')
      .where('alert_code', '=', 'MEDICATION_MISSED')
      .executeTakeFirstOrThrow();
    const id = alertInstanceId('MEDICATION_MISSED:pushed:1');
    await h.db
      .insertInto('alert_instances')
      .values({
        id,
        alert_definition_id: def.id,
        school_id: d.schoolA,
        triggered_at: clock.now(),
        alert_data: JSON.stringify({ student_name: 'Sam' }),
      })
      .execute();
    const r = await sweepAlerts(h.db, clock, jobs);
    expect(r.planned).toBe(3);
    expect((await deliveries(id)).map((x) => x.delivery_channel)).toEqual(['EMAIL', 'IN_APP', 'SMS']);
    expect(jobs.named(ALERT_JOB.escalate)).toHaveLength(1);
  });
});
