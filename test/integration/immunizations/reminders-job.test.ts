import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpEmailSender } from '../../../server-sync/alerts';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { makeReminderJobs, REMINDERS_JOB, statusReminderSource } from '../../../server-sync/immunizations';
import { getJob } from '../../../server-sync/jobs';
import { pdfRenderer } from '../../../server-sync/reports';
import { serverTargets } from '../../support/db';
import { startSmtp } from '../alerts/support';
import { Runners, until } from '../jobs/support';
import { makeDistrict, TestClock, type TestDistrict } from '../server/support';

/** The reminder job through the real queue (pg-boss on the district database), as `white-cross serve` runs it. */
describe.each(serverTargets())('the reminder job through the queue on $name', (target) => {
  let h: ServerDbHandle;
  let d: TestDistrict;
  let dir: string;
  const runners = new Runners();
  const clock = new TestClock('2027-01-05T12:00:00.000Z');

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeDistrict(h.db); // NJ, studentA: one MMR dose, born 2014-03-02
    dir = mkdtempSync(join(tmpdir(), 'wc-reminders-job-'));
    await h.db
      .insertInto('vaccination_schedules')
      .values(
        [1, 2].map((n) => ({
          id: uuidv7(),
          state_code: 'NJ',
          vaccine_type: 'MMR',
          dose_number: n,
          minimum_age_months: n === 1 ? 12 : 48,
        })),
      )
      .execute();
    await h.db
      .insertInto('guardians')
      .values({
        id: uuidv7(),
        student_id: d.studentA,
        school_id: d.schoolA,
        first_name: 'Ana',
        last_name: 'Alvarez',
        relationship: 'PARENT',
        phone_primary: 'n/a',
        email: 'ana.alvarez@example.org',
        is_primary_contact: true,
      })
      .execute();
  });
  afterAll(async () => {
    await runners.stopAll();
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs for a district and sends the e-mail once, even when sent twice', async () => {
    const smtp = await startSmtp();
    const email = smtpEmailSender({
      url: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Alpha <nurse@example.org>',
    });
    try {
      const definitions = makeReminderJobs({
        source: statusReminderSource,
        channels: () => ({ email, sms: null }),
        render: pdfRenderer(),
        lettersDir: () => dir,
      });
      const r = await runners.start({ db: h, definitions, clock });
      for (let i = 0; i < 2; i++) {
        const id = (await r.send(REMINDERS_JOB, { districtId: d.districtId })) ?? '';
        const job = await until(
          () => getJob(h.db, id),
          (j) => j?.state === 'finished' || j?.state === 'failed',
        );
        expect(job).toMatchObject({ state: 'finished', error: null });
      }
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatch(/^To: ana\.alvarez@example\.org$/m);
      const rows = await h.db
        .selectFrom('immunization_reminders')
        .select(['school_id', 'vaccine_type', 'dose_number', 'reminder_type', 'reminder_status'])
        .orderBy('school_id')
        .execute();
      expect(rows).toEqual(
        [
          {
            school_id: d.schoolA,
            vaccine_type: 'MMR',
            dose_number: 2,
            reminder_type: 'URGENT',
            reminder_status: 'SENT',
          },
          {
            school_id: d.schoolB,
            vaccine_type: 'MMR',
            dose_number: 2,
            reminder_type: 'URGENT',
            reminder_status: 'PENDING',
          },
        ].sort((a, b) => a.school_id.localeCompare(b.school_id)),
      );
    } finally {
      await runners.stopAll();
      email.close();
      await smtp.close();
    }
  });
});
