import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedIfChanged } from '../../server-sync/medication-safety';
import { launchUi, type Ui } from './support/browser';
import { startE2eDistrict, type E2eDistrict } from './support/district';
import { makeDataDir, removeDataDir, startWorkstation, type Workstation } from './support/workstation';

/**
 * Feature 48 end to end: the shipped medication-safety reference loaded by the district server's loader and pulled
 * by the real workstation; on the MAR the nurse gives a dose that interacts (MAJOR) with the student's home
 * medication: the warning shows before she confirms (severity colour and name, description, management, source),
 * the save is refused without a reason and accepted with one, and the override reaches the district server.
 * Screenshots (test/e2e/screenshots/) and axe after every step.
 */

let district: E2eDistrict;
let ws: Workstation;
let dataDir: string;
let ui: Ui;
let page: Page;
const axeFindings: string[] = [];
const student = { id: uuidv7(), first: 'Leo', last: 'Marsh', number: 'E2E-4801' };
const order = { id: uuidv7(), time: '' };

async function screen(name: string): Promise<void> {
  await ui.shot(name);
  axeFindings.push(...(await ui.axe(name)));
}

describe('medication safety on the MAR, end to end', () => {
  beforeAll(async () => {
    district = await startE2eDistrict({ students: 12 });
    const db = district.h.db;
    await loadShippedIfChanged(db);
    const school = await db
      .selectFrom('schools')
      .select(['district_id'])
      .where('id', '=', district.schoolId)
      .executeTakeFirstOrThrow();
    const now = new Date();
    await db
      .insertInto('students')
      .values({
        id: student.id,
        district_id: school.district_id,
        school_id: district.schoolId,
        student_number: student.number,
        first_name: student.first,
        last_name: student.last,
        date_of_birth: '2012-05-04',
        grade_level: '8',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const med = async (name: string, generic: string, rxnorm: string) => {
      const id = uuidv7();
      await db
        .insertInto('medications')
        .values({ id, name, generic_name: generic, rxnorm_code: rxnorm, created_at: now, updated_at: now })
        .execute();
      return id;
    };
    const fluoxetine = await med('Fluoxetine 20 mg capsule (E2E)', 'fluoxetine', '4493');
    const sertraline = await med('Sertraline 50 mg tablet (E2E)', 'sertraline', '36437');
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: district.timeZone }).format(now);
    order.time = new Intl.DateTimeFormat('en-GB', {
      timeZone: district.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(now.getTime() + 5 * 60_000));
    const base = {
      student_id: student.id,
      dose: '1 tablet',
      route: 'oral',
      start_date: localDay,
      school_id: district.schoolId,
      created_at: now,
      updated_at: now,
    };
    await db
      .insertInto('student_medications')
      .values([
        {
          ...base,
          id: uuidv7(),
          medication_id: fluoxetine,
          schedule_times: JSON.stringify([]),
          administration_location: 'HOME',
        },
        { ...base, id: order.id, medication_id: sertraline, schedule_times: JSON.stringify([order.time]) },
      ])
      .execute();
    dataDir = makeDataDir();
    ws = await startWorkstation({ dataDir, args: ['--sync-interval-seconds', '0'] });
    ui = await launchUi({ timezoneId: district.timeZone });
    page = ui.page;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !ui) return;
    await ui
      .shot(`FAILED-safety-${ctx.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`)
      .catch(() => undefined);
    console.log(
      `page problems: ${JSON.stringify(ui.problems)}\nworkstation output (tail): ${ws.output().slice(-3000)}`,
    );
  });

  afterAll(async () => {
    await ui?.close();
    await ws?.stop();
    await district?.close();
    if (dataDir) removeDataDir(dataDir);
  });

  it('enrolls and pulls the reference', async () => {
    await page.goto(ws.url);
    await page.getByLabel('District server address').fill(district.url());
    await page.getByLabel('Enrollment code').fill(await district.enrollmentCode());
    await page.getByLabel('Your email').fill(district.nurse.email);
    await page.getByLabel('Your password').fill(district.nurse.password);
    await page.getByRole('button', { name: 'Connect and sign in' }).click();
    await page.getByText('All set').waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Open the clinic' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  });

  it('shows the interaction before the nurse confirms, and needs a reason to give the dose', async () => {
    await page.keyboard.press('Alt+M');
    await page.getByRole('heading', { level: 1, name: 'Medication administration record' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `${student.first} ${student.last}` });
    const give = row.getByRole('button', { name: /^Given/ });
    await give.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: /Given: Sertraline 50 mg tablet \(E2E\)/ });
    const check = form.getByRole('region', { name: /Safety check: Sertraline/ });
    await check.waitFor();
    await expect.poll(() => check.textContent()).toContain('Major');
    const text = (await check.textContent()) ?? '';
    expect(text).toContain('Fluoxetine 20 mg capsule (E2E) 1 tablet (home medication)');
    expect(text).toMatch(/Serotonin syndrome/i);
    expect(text).toContain('Management:');
    expect(text).toMatch(/Source: /);
    // no physician field for a major finding: only the reason
    expect(await form.getByLabel('Approving physician').count()).toBe(0);
    await screen('safety-01-mar-warning');

    await form.getByRole('button', { name: 'Override and record given' }).click();
    await form.getByText(/Give your reason for giving it anyway/).waitFor();
    await screen('safety-02-reason-required');

    await form
      .getByLabel('Reason for giving it anyway')
      .fill('Cross-taper ordered by Dr. Raman; parent confirmed');
    await form.getByRole('button', { name: 'Override and record given' }).click();
    await page
      .getByText(`Sertraline 50 mg tablet (E2E) for ${student.first} ${student.last}: Given.`)
      .waitFor();
    await screen('safety-03-given');
  });

  it('sends the override to the district server', async () => {
    await page
      .getByRole('contentinfo', { name: 'Sync status' })
      .getByRole('button', { name: 'Sync now' })
      .click();
    await expect
      .poll(
        async () =>
          (
            await district.h.db
              .selectFrom('medication_safety_overrides')
              .select(['highest_severity', 'reason', 'physician_name'])
              .where('student_id', '=', student.id)
              .execute()
          ).map((r) => `${r.highest_severity}|${r.reason}|${r.physician_name ?? ''}`),
        { timeout: 60_000 },
      )
      .toEqual(['MAJOR|Cross-taper ordered by Dr. Raman; parent confirmed|']);
  });

  it('has no accessibility findings', () => {
    expect(axeFindings).toEqual([]);
  });
});
