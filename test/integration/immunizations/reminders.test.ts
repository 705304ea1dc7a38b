import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailSender, twilioSmsProvider } from '../../../server-sync/alerts';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  reminderAckKey,
  reminderAckUrl,
  reminderDeliveryId,
  runReminders,
  statusReminderSource,
  type ReminderDeps,
} from '../../../server-sync/immunizations';
import { pdfRenderer } from '../../../server-sync/reports';
import { serverTargets } from '../../support/db';
import { pdfInfo, pdfPages } from '../../support/pdf-tools';
import { freePort, startSmtp, startTwilio } from '../alerts/support';
import {
  auditRows,
  makeApp,
  makeDistrict,
  TestClock,
  testConfig,
  type TestDistrict,
} from '../server/support';

const SID = `AC${'fedcba9876543210'.repeat(2)}`;
const FROM = 'Alpha Elementary <nurse@district.example.org>';

/** A received message: its To, its decoded Subject and text part. */
function decodeMail(raw: string): { to: string; subject: string; text: string } {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  const header = (k: string) => new RegExp(`^${k}: (.*)$`, 'mi').exec(unfolded)?.[1]?.trim() ?? '';
  const bytes = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  const qp = (s: string) =>
    bytes(
      s
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    );
  const subject = header('Subject')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, t: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(t, 'base64').toString('utf8') : qp(t.replace(/_/g, ' ')),
    );
  const part = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)\r?\n--/i.exec(raw);
  const cte = /Content-Type: text\/plain[^]*?Content-Transfer-Encoding: (\S+)/i.exec(raw)?.[1]?.toLowerCase();
  const body = part?.[1] ?? '';
  const text = cte === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : qp(body);
  return { to: header('To'), subject, text };
}

describe.each(serverTargets())('immunization reminders on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let dir: string;
  const ids: Record<string, string> = {};
  // Tuesday 2027-01-05 07:00 in New York (the district's time zone)
  const clock = new TestClock('2027-01-05T12:00:00.000Z');

  const student = async (
    key: string,
    first: string,
    last: string,
    dob: string,
    grade: '5' | '6',
    mmrDoses: string[],
  ) => {
    const id = uuidv7();
    ids[key] = id;
    await h.db
      .insertInto('students')
      .values({
        id,
        district_id: d.districtId,
        school_id: d.schoolA,
        student_number: `R-${key}`,
        first_name: first,
        last_name: last,
        date_of_birth: dob,
        grade_level: grade,
        address_line1: `${key.length * 7} Elm Street`,
        city: 'Newark',
        state: 'NJ',
        postal_code: '07102',
      })
      .execute();
    for (const on of mmrDoses)
      await h.db
        .insertInto('vaccinations')
        .values({
          id: uuidv7(),
          student_id: id,
          school_id: d.schoolA,
          vaccine_type: 'MMR',
          cvx_code: '03',
          administration_date: on,
          source: 'HISTORICAL',
        })
        .execute();
    return id;
  };
  const guardian = (
    studentKey: string,
    first: string,
    last: string,
    o: {
      email?: string | null;
      phone: string;
      lang?: string | null;
      primary?: boolean;
      priority?: number;
      notify?: boolean;
    },
  ) =>
    h.db
      .insertInto('guardians')
      .values({
        id: uuidv7(),
        student_id: ids[studentKey]!,
        school_id: d.schoolA,
        first_name: first,
        last_name: last,
        relationship: 'PARENT',
        phone_primary: o.phone,
        email: o.email ?? null,
        is_primary_contact: o.primary ?? true,
        contact_priority: o.priority ?? 1,
        preferred_language: o.lang ?? null,
        receives_notifications: o.notify ?? true,
      })
      .execute();
  const reminders = () =>
    h.db
      .selectFrom('immunization_reminders')
      .selectAll()
      .orderBy('student_id')
      .orderBy('vaccine_type')
      .execute();
  const reminderOf = async (key: string, vaccine: string) => {
    const r = (await reminders()).filter((x) => x.student_id === ids[key] && x.vaccine_type === vaccine);
    expect(r).toHaveLength(1);
    return r[0]!;
  };

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db); // NJ; its two students have one MMR dose each and no guardians
    await h.db.updateTable('schools').set({ phone: '201-555-0100' }).where('id', '=', d.schoolA).execute();
    dir = mkdtempSync(join(tmpdir(), 'wc-reminders-'));
    const rule = (vaccine: string, dose: number, months: number, interval: number | null) => ({
      id: uuidv7(),
      state_code: 'NJ',
      vaccine_type: vaccine,
      dose_number: dose,
      minimum_age_months: months,
      minimum_interval_days: interval,
      grace_period_days: 30,
    });
    await h.db
      .insertInto('vaccination_schedules')
      .values([rule('MMR', 1, 12, null), rule('MMR', 2, 48, 28), rule('Tdap', 1, 132, null)])
      .execute();
    // Tdap is due at 11 years: 2027-01-20 for Ana, already past for Ben and Dan
    await student('ana', 'Ana', 'Lopez', '2016-01-20', '5', ['2017-02-01', '2020-02-01']);
    await guardian('ana', 'Rosa', 'Lopez', {
      email: 'rosa.lopez@example.org',
      phone: '(201) 555-0101',
      lang: 'es',
    });
    await guardian('ana', 'Mark', 'Lopez', {
      email: 'mark.lopez@example.org',
      phone: '201 555 0102',
      primary: false,
      priority: 2,
    });
    await student('ben', 'Ben', 'Carter', '2014-03-02', '6', ['2015-04-01']); // MMR 2 and Tdap overdue long ago
    await guardian('ben', 'John', 'Carter', {
      email: 'john.carter@example.org',
      phone: '555',
      lang: 'Vietnamese',
    });
    await student('cleo', 'Cleo', 'Diaz', '2016-01-10', '5', ['2017-02-01', '2020-02-01']);
    await student('dan', 'Dan', 'Diaz', '2014-05-05', '6', ['2015-06-01', '2018-06-01']);
    await guardian('cleo', 'María', 'Díaz', { phone: 'none', lang: 'Spanish' });
    await guardian('dan', 'María', 'Díaz', { phone: 'none', lang: 'Spanish' });
    await student('eve', 'Eve', 'Frank', '2016-01-25', '5', ['2017-02-01', '2020-02-01']);
    await guardian('eve', 'Paul', 'Frank', { phone: '+12015550199' });
    await student('gus', 'Gus', 'Hill', '2016-01-15', '5', ['2017-02-01', '2020-02-01']);
    await guardian('gus', 'Lena', 'Hill', {
      email: 'lena.hill@example.org',
      phone: '2015550188',
      notify: false,
    });
  });
  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the reminders, e-mails and texts the primary guardians in their language once, and prints one letter per family', async () => {
    const smtp = await startSmtp();
    const twilio = await startTwilio(SID);
    const deadSmtp = await freePort();
    const sms = twilioSmsProvider({
      accountSid: SID,
      authToken: 'token',
      from: '+12015550000',
      apiBase: twilio.base,
    });
    const live = smtpEmailSender({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
    const dead = smtpEmailSender({ url: `smtp://127.0.0.1:${deadSmtp}`, from: FROM });
    const deps = (email: typeof live): ReminderDeps => ({
      source: statusReminderSource,
      channels: () => ({ email, sms }),
      render: pdfRenderer(),
      lettersDir: () => dir,
      ackUrl: (id) => reminderAckUrl('https://wc.example.org/', reminderAckKey(testConfig().jwtSecret), id),
    });
    try {
      // the SMTP server is down: e-mails fail, SMS and the letters go out
      const first = await runReminders(h.db, clock, deps(dead), d.districtId);
      expect(first).toMatchObject({
        date: '2027-01-05',
        schools: 2,
        created: 11,
        escalated: 0,
        sent: 2,
        failed: 3,
        unscheduled: 0,
      });
      const rows = await reminders();
      expect(
        rows
          .filter((r) => r.school_id === d.schoolB)
          .map((r) => [r.vaccine_type, r.dose_number, r.reminder_type]),
      ).toEqual([
        ['MMR', 2, 'URGENT'],
        ['Tdap', 1, 'URGENT'],
      ]);
      expect((await reminderOf('ana', 'Tdap')).reminder_type).toBe('UPCOMING');
      expect((await reminderOf('ana', 'Tdap')).due_date).toBe('2027-01-20');
      expect((await reminderOf('ben', 'MMR')).reminder_type).toBe('URGENT');
      const failedRows = await h.db
        .selectFrom('reminder_delivery_status')
        .selectAll()
        .where('delivery_status', '=', 'FAILED')
        .execute();
      expect(failedRows.map((r) => r.recipient_contact).sort()).toEqual([
        'john.carter@example.org',
        'john.carter@example.org',
        'rosa.lopez@example.org',
      ]);
      expect(failedRows[0]!.failure_reason).toMatch(/ECONNREFUSED|connect/i);
      expect(smtp.messages).toHaveLength(0);

      // SMS: Rosa in Spanish (her primary phone as E.164), Paul in English; Mark is not a primary contact, Lena opted out
      expect(twilio.requests.map((r) => r.form.get('To')).sort()).toEqual(['+12015550101', '+12015550199']);
      const toRosa = twilio.requests.find((r) => r.form.get('To') === '+12015550101')!;
      expect(toRosa.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(toRosa.form.get('From')).toBe('+12015550000');
      expect(toRosa.form.get('Body')).toBe(
        'Alpha Elementary: Ana debe recibir la vacuna Tdap (dosis 1) a más tardar el 20 de enero de 2027. Preguntas: enfermería escolar. 201-555-0100',
      );
      expect(twilio.requests.find((r) => r.form.get('To') === '+12015550199')!.form.get('Body')).toBe(
        'Alpha Elementary: Eve is due for Tdap (dose 1) by January 25, 2027. Questions: school nurse. 201-555-0100',
      );

      // the letters: one page for the Díaz family (Cleo and Dan), in Spanish
      expect(first.letters).toHaveLength(1);
      const batch = first.letters[0]!;
      expect(batch).toMatchObject({ pages: 1, families: 1 });
      expect(pdfInfo(batch.file).pages).toBe(1);
      const page = pdfPages(batch.file, false)[0]!.replace(/\s+/g, ' ');
      expect(page).toContain('Estimado/a María Díaz:');
      expect(page).toContain(
        'Cleo debe recibir la vacuna Tdap (dosis 1) a más tardar el 10 de enero de 2027.',
      );
      expect(page).toContain('URGENTE: la vacuna Tdap (dosis 1) de Dan venció el 5 de mayo de 2025');
      expect(page).toContain('Newark, NJ 07102');
      expect((await reminderOf('dan', 'Tdap')).channels_sent).toEqual(['LETTER:URGENT']);
      expect((await reminderOf('dan', 'Tdap')).reminder_status).toBe('SENT');

      // SMTP is back: the failed e-mails go out, the SMS and the letters are not sent again
      const second = await runReminders(h.db, clock, deps(live), d.districtId);
      expect(second).toMatchObject({
        created: 0,
        escalated: 0,
        completed: 0,
        dismissed: 0,
        sent: 3,
        failed: 0,
        letters: [],
      });
      expect(twilio.requests).toHaveLength(2);
      const mails = smtp.messages
        .map(decodeMail)
        .sort((a, b) => a.to.localeCompare(b.to) || a.subject.localeCompare(b.subject));
      expect(mails.map((m) => [m.to, m.subject])).toEqual([
        ['john.carter@example.org', 'URGENT: immunization overdue: Ben, MMR (dose 2)'],
        ['john.carter@example.org', 'URGENT: immunization overdue: Ben, Tdap (dose 1)'],
        ['rosa.lopez@example.org', 'Recordatorio de vacunación: Ana, Tdap (dosis 1)'],
      ]);
      expect(mails[0]!.text).toContain('Dear John Carter,');
      expect(mails[0]!.text).toContain(
        "URGENT: Ben's MMR (dose 2) was due on March 2, 2018 and the state deadline (April 1, 2018) has passed.",
      );
      expect(mails[2]!.text).toContain('Estimado/a Rosa Lopez:');
      expect(mails[2]!.text).toContain(
        'Ana debe recibir la vacuna Tdap (dosis 1) a más tardar el 20 de enero de 2027.',
      );
      // the Message-ID is the delivery row's, so a resend after a crash is recognizably the same message
      const anaTdap = await reminderOf('ana', 'Tdap');
      expect(smtp.messages.find((m) => m.includes('rosa.lopez@'))).toContain(
        reminderDeliveryId(anaTdap.id, 'EMAIL', 'rosa.lopez@example.org', 'UPCOMING'),
      );
      expect(anaTdap.reminder_status).toBe('SENT');
      expect(anaTdap.channels_sent).toEqual(['EMAIL:UPCOMING', 'SMS:UPCOMING']);

      // Rosa opens the acknowledgment link of her e-mail (no login); a forged token is refused; a second click is a no-op
      const link = /https:\/\/wc\.example\.org(\/immunizations\/reminders\/ack\?d=[^\s]+)/.exec(
        mails[2]!.text,
      )?.[1];
      expect(link).toBeDefined();
      expect(mails[2]!.text).toContain('Para confirmar que recibió este recordatorio, abra este enlace:');
      const app = makeApp(h, clock);
      try {
        const forged = await app.inject({ method: 'GET', url: `${link!.slice(0, -4)}AAAA` });
        expect(forged.statusCode).toBe(404);
        expect((await reminderOf('ana', 'Tdap')).parent_acknowledged).toBe(false);
        const open = await app.inject({ method: 'GET', url: link! });
        expect(open.statusCode).toBe(200);
        expect(open.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(open.body).toMatch(/^<!doctype html>.*Gracias/);
        const acked = await reminderOf('ana', 'Tdap');
        expect([
          acked.reminder_status,
          acked.parent_acknowledged,
          acked.acknowledgment_date?.toISOString(),
        ]).toEqual(['ACKNOWLEDGED', true, clock.now().toISOString()]);
        const clicked = await h.db
          .selectFrom('reminder_delivery_status')
          .select(['clicked_at', 'read_at', 'recipient_contact'])
          .where('reminder_id', '=', acked.id)
          .where('clicked_at', 'is not', null)
          .execute();
        expect(clicked.map((c) => c.recipient_contact)).toEqual(['rosa.lopez@example.org']);
        expect((await app.inject({ method: 'GET', url: link! })).statusCode).toBe(200);
        const acks = (await auditRows(h.db, 'UPDATE')).filter(
          (a) => (a.details as { event?: string } | null)?.event === 'immunization_reminders.acknowledged',
        );
        expect(acks.map((a) => a.record_id)).toEqual([acked.id]);
      } finally {
        await app.close();
      }
      // John's preferred language has no template: English, noted on the reminder
      expect((await reminderOf('ben', 'MMR')).notes).toContain(
        'Sent in English to John Carter: no template for the preferred language "Vietnamese".',
      );
      // Lena opted out: her child's reminder exists, nothing was sent
      const gus = await reminderOf('gus', 'Tdap');
      expect([gus.reminder_status, gus.channels_sent]).toEqual(['PENDING', null]);

      // the same day again: nothing at all
      const third = await runReminders(h.db, clock, deps(live), d.districtId);
      expect(third).toMatchObject({
        created: 0,
        escalated: 0,
        completed: 0,
        dismissed: 0,
        sent: 0,
        failed: 0,
        letters: [],
      });
      expect(smtp.messages).toHaveLength(3);
      expect(twilio.requests).toHaveLength(2);
      const deliveries = await h.db.selectFrom('reminder_delivery_status').selectAll().execute();
      expect(deliveries.map((r) => [r.delivery_channel, r.delivery_status, r.recipient_type]).sort()).toEqual(
        [
          ['EMAIL', 'SENT', 'GUARDIAN'],
          ['EMAIL', 'SENT', 'GUARDIAN'],
          ['EMAIL', 'SENT', 'GUARDIAN'],
          ['SMS', 'SENT', 'GUARDIAN'],
          ['SMS', 'SENT', 'GUARDIAN'],
        ],
      );

      // audited: planning, deliveries, the letters (ids and counts only)
      expect(
        (await auditRows(h.db, 'UPDATE')).filter(
          (a) => (a.details as { event?: string } | null)?.event === 'immunization_reminders.planned',
        ),
      ).toHaveLength(2);
      const shares = (await auditRows(h.db, 'SHARE')).filter(
        (a) => a.table_name === 'reminder_delivery_status',
      );
      expect(shares.map((a) => a.details)).toEqual([
        { event: 'immunization_reminders.delivered', sent: 2, failed: 3 },
        { event: 'immunization_reminders.delivered', sent: 3, failed: 0 },
      ]);
      const prints = await auditRows(h.db, 'PRINT');
      expect(prints).toHaveLength(1);
      expect(prints[0]!.details).toMatchObject({
        event: 'immunization_reminders.letters',
        pages: 1,
        families: 1,
        sha256: batch.sha256,
      });

      // a dose recorded for Ana, an exemption filed for Ben's Tdap; sixteen days later
      await h.db
        .insertInto('vaccinations')
        .values({
          id: uuidv7(),
          student_id: ids.ana!,
          school_id: d.schoolA,
          vaccine_type: 'Tdap',
          cvx_code: '115',
          administration_date: '2027-01-12',
          source: 'HISTORICAL',
        })
        .execute();
      await h.db
        .insertInto('immunization_exemptions')
        .values({
          id: uuidv7(),
          student_id: ids.ben!,
          school_id: d.schoolA,
          vaccine_type: 'Tdap',
          exemption_type: 'MEDICAL',
          start_date: '2027-01-10',
        })
        .execute();
      clock.advance(21 * 86_400_000); // 2027-01-26: Cleo's and Gus's Tdap are overdue, Eve's is past due too
      const later = await runReminders(h.db, clock, deps(live), d.districtId);
      expect(later).toMatchObject({
        date: '2027-01-26',
        created: 0,
        completed: 1,
        dismissed: 1,
        escalated: 3,
      });
      const ana = await reminderOf('ana', 'Tdap');
      expect([ana.reminder_status, ana.vaccination_completed_date]).toEqual(['COMPLETED', '2027-01-12']);
      const ben = await reminderOf('ben', 'Tdap');
      expect(ben.reminder_status).toBe('DISMISSED');
      expect(ben.notes).toContain('Dismissed: an exemption is in force for this vaccine.');
      // no more e-mail to Rosa or John; the escalation of Eve's reminder is a new SMS, Cleo's a new letter
      expect(smtp.messages).toHaveLength(3);
      expect(twilio.requests.map((r) => r.form.get('Body')).slice(2)).toEqual([
        "Alpha Elementary: Eve's Tdap (dose 1) was due on January 25, 2027 and is not on record at school. Questions: school nurse. 201-555-0100",
      ]);
      expect(later.letters).toHaveLength(1);
      const again = pdfPages(later.letters[0]!.file, false)[0]!.replace(/\s+/g, ' ');
      expect(again).toContain('La vacuna Tdap (dosis 1) de Cleo venció el 10 de enero de 2027');
      expect(again).not.toContain('Dan');
      expect((await reminderOf('eve', 'Tdap')).channels_sent).toEqual(['SMS:OVERDUE', 'SMS:UPCOMING']);
      expect((await reminderOf('gus', 'Tdap')).reminder_type).toBe('OVERDUE');

      // and again the same day: nothing
      const last = await runReminders(h.db, clock, deps(live), d.districtId);
      expect(last).toMatchObject({
        created: 0,
        escalated: 0,
        completed: 0,
        dismissed: 0,
        sent: 0,
        letters: [],
      });
      expect(twilio.requests).toHaveLength(3);
    } finally {
      live.close();
      dead.close();
      await smtp.close();
      await twilio.close();
    }
  });

  it('refuses a source answer that is not a list of needs, naming the field', async () => {
    const deps: ReminderDeps = {
      source: () =>
        Promise.resolve([
          {
            studentId: ids.ana!,
            schoolId: d.schoolA,
            vaccine: 'MMR',
            doseNumber: 0,
            dueDate: '2027-01-01',
            kind: 'FORECAST',
          },
        ]),
      channels: () => ({ email: null, sms: null }),
      render: pdfRenderer(),
      lettersDir: () => dir,
    };
    await expect(runReminders(h.db, clock, deps, d.districtId)).rejects.toThrow(/needs\.0\.doseNumber/);
  });
});
