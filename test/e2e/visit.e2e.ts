import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StationScene } from './support/station-scene';

/**
 * The complete clinic visit end to end, on the real workstation and a real district server: a diabetic check asks
 * for the blood glucose and refuses an implausible reading naming its range; leaving the half-filled visit asks
 * first; the draft survives a restart of the workstation; the visit saved "still in the clinic" is finished later
 * (a time before arrival refused); it is amended with a reason and the history says who changed what and when; the
 * amendment reaches the district server. The pain score is taken on the faces scale and kept with its scale; the
 * draft keeps the visit's medication line (checked again when restored). Screenshots (test/e2e/screenshots/) and axe after every step.
 */

const scene = new StationScene('visit');
let page: Page;
const COMPLAINT = 'Shaky and sweaty before lunch (e2e visit)';
const screen = (name: string) => scene.screen(name);
/** Waits for "Visit saved"; if the form refuses instead, fails with the form's own words and its field errors. */
async function savedOrSayWhy(): Promise<void> {
  const saved = page.getByRole('heading', { name: 'Visit saved for Ana Diaz' });
  const refused = page.locator('#visit-form-error');
  await saved.or(refused).first().waitFor({ timeout: 30_000 });
  if (await saved.isVisible()) return;
  const fields = await page.locator('.field-error').allInnerTexts();
  throw new Error(`the visit was not saved: ${await refused.innerText()} | fields: ${fields.join(' / ')}`);
}
const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);

describe('the complete clinic visit, end to end', () => {
  beforeAll(async () => {
    await scene.startDistrict();
    await scene.startStation();
    page = scene.page;
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('enrolls', () => scene.enroll());

  it('asks a diabetic check for the glucose and refuses an implausible reading, naming its range', async () => {
    await go(`#/visits/new?student=${scene.district.allergic.id}`);
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    await page
      .getByLabel('Reason', { exact: true })
      .selectOption({ label: 'Diabetic check / blood glucose' });
    await page.getByLabel('Presenting complaint').fill(COMPLAINT);
    const glucose = page.getByLabel('Blood glucose (required)');
    await glucose.fill('700');
    await glucose.press('Tab');
    await page.getByText(/above 600 mg\/dL: check the reading \(accepted 20–600 mg\/dL\)/i).waitFor();
    await page.getByLabel('Pain score (0–10)').fill('11');
    await page.getByLabel('Pain score (0–10)').press('Tab');
    await page.getByText(/above 10 points: check the reading \(accepted 0–10 points\)/i).waitFor();
    await screen('visit-01-vitals-out-of-range');
    await glucose.fill('');
    await page.getByLabel('Pain score (0–10)').fill('2');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page
      .getByText(/this reason records the blood glucose \(20–600 mg\/dL\)/i)
      .first()
      .waitFor();
    await glucose.fill('65');
    await page.getByLabel('SpO₂').fill('98');
    // the faces scale: six faces labelled in words; 2 is a face, so the score carries over
    await page.getByRole('radio', { name: 'Faces' }).check();
    await expect.poll(() => page.getByRole('radio', { name: '2 — Hurts a little' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: '6 — Hurts even more' }).check();
    // a stock medication line (an NSAID: Ana's allergy warning shows)
    await page.getByRole('button', { name: '+ Stock medication' }).click();
    await page.keyboard.type('ibupro');
    await page
      .getByRole('option', { name: /ibuprofen/i })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Allergy warning' }).waitFor();
    await page.getByRole('radio', { name: 'Still in the clinic' }).check();
    await screen('visit-01b-faces-and-medication');
  });

  it('asks before leaving the half-filled visit', async () => {
    await page.keyboard.press('Alt+T');
    const dialog = page.getByRole('dialog', { name: 'Leave this visit?' });
    await dialog.waitFor();
    await screen('visit-02-leave-dialog');
    await dialog.getByRole('button', { name: 'Stay on the visit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    expect(await page.getByLabel('Presenting complaint').inputValue()).toBe(COMPLAINT);
    await page.keyboard.press('Alt+T');
    await dialog.getByRole('button', { name: 'Leave, keep the draft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  });

  it('restores the draft after a restart of the workstation', async () => {
    await scene.restartStation();
    await page.keyboard.press('Alt+S');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Email').fill(scene.district.nurse.email);
    await page.getByLabel('Password').fill(scene.district.nurse.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await go(`#/visits/new?student=${scene.district.allergic.id}`);
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    await page.getByText(/Draft restored \(saved /).waitFor();
    await expect.poll(() => page.getByLabel('Presenting complaint').inputValue()).toBe(COMPLAINT);
    expect(await page.getByLabel('Blood glucose (required)').inputValue()).toBe('65');
    expect(await page.getByRole('radio', { name: 'Still in the clinic' }).isChecked()).toBe(true);
    // the pain score with its scale, and the medication line, checked again (the allergy warning is back)
    expect(await page.getByRole('radio', { name: 'Faces' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '6 — Hurts even more' }).isChecked()).toBe(true);
    const line = page.getByRole('group', { name: /^Medication 1: .*ibuprofen/i });
    await line.waitFor();
    await line.getByRole('alert').filter({ hasText: 'Allergy warning' }).waitFor();
    await screen('visit-03-draft-restored');
    await line.getByLabel('I have reviewed this allergy and will give the medication').check();
    await line
      .getByLabel('Reason for giving it anyway')
      .fill('Given before without reaction, parent confirmed');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await savedOrSayWhy();
    await page.getByText('Still in the clinic').first().waitFor();
    await page.getByText(/Pain 6 of 10 — Hurts even more \(faces\)/).waitFor();
    await screen('visit-04-saved-in-clinic');
  });

  it('finishes the visit later (a time before arrival refused)', async () => {
    const form = page.getByRole('form', { name: 'Finish the visit' });
    await form.getByRole('radio', { name: 'Sent home' }).check();
    await form.getByLabel('Left at').fill('00:00');
    await form.getByRole('button', { name: 'Finish visit' }).click();
    await form
      .getByText(/before the arrival|in the future/i)
      .first()
      .waitFor();
    await screen('visit-05-finish-refused');
    const now = new Intl.DateTimeFormat('en-GB', {
      timeZone: scene.district.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date());
    await form.getByLabel('Left at').fill(now);
    await form.getByRole('button', { name: 'Finish visit' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(/^Sent home at /).waitFor();
  });

  it('amends the visit with a reason and shows who changed what and when', async () => {
    const form = page.getByRole('form', { name: 'Amend this visit' });
    await form.getByLabel('Field').selectOption({ label: 'Blood glucose (mg/dL)' });
    expect(await form.getByLabel('New value').inputValue()).toBe('65');
    await form.getByLabel('New value').fill('62');
    await form.getByRole('button', { name: 'Save amendment' }).click();
    await form
      .getByText(/give a reason|required/i)
      .first()
      .waitFor();
    await form.getByLabel('New value').fill('900');
    await form.getByLabel('Reason for the amendment').fill('Meter re-read after calibration');
    await form.getByRole('button', { name: 'Save amendment' }).click();
    await form
      .getByText(/above 600 mg\/dL.*20–600 mg\/dL/i)
      .first()
      .waitFor();
    await screen('visit-06-amend-refused');
    await form.getByLabel('New value').fill('62');
    await form.getByRole('button', { name: 'Save amendment' }).click();
    const history = page.getByRole('region', { name: 'Amendment history' });
    await history.getByText('Blood glucose (mg/dL): 65 → 62').waitFor();
    const text = (await history.textContent()) ?? '';
    expect(text).toContain('Reason: Meter re-read after calibration');
    expect(text).toMatch(/by Nora /);
    await screen('visit-07-amendment-history');
  });

  it('amends any field: a time before arrival is refused naming it; the pain score changes scale', async () => {
    const form = page.getByRole('form', { name: 'Amend this visit' });
    await form.getByLabel('Field').selectOption({ label: 'Departure' });
    await form.getByLabel('New value').fill('2020-01-06T08:00');
    await form.getByLabel('Reason for the amendment').fill('Left earlier than written');
    await form.getByRole('button', { name: 'Save amendment' }).click();
    await form.getByText(/^Not amended: Departure: cannot be before the arrival/).waitFor();
    await form.getByLabel('Field').selectOption({ label: 'Pain score' });
    // another field: the refusal of the previous one is gone
    await expect.poll(() => form.getByText(/^Not amended/).count()).toBe(0);
    expect(await form.getByRole('radio', { name: 'Faces' }).isChecked()).toBe(true);
    expect(await form.getByRole('radio', { name: '6 — Hurts even more' }).isChecked()).toBe(true);
    await form.getByRole('radio', { name: 'Numbers 0–10' }).check();
    await form.getByLabel('Pain score (0–10)').fill('5');
    await form.getByLabel('Reason for the amendment').fill('Asked again with the numbers');
    await screen('visit-08-amend-pain');
    await form.getByRole('button', { name: 'Save amendment' }).click();
    const history = page.getByRole('region', { name: 'Amendment history' });
    await history.getByText('Pain score: 6 → 5').waitFor();
    await history.getByText('Pain scale: Faces → Numbers 0–10').waitFor();
    await page.getByText(/Pain 5 of 10 \(numbers\)/).waitFor();
    await screen('visit-09-amended-pain');
  });

  it('sends the visit and its amendment to the district server', async () => {
    await page
      .getByRole('contentinfo', { name: 'Sync status' })
      .getByRole('button', { name: 'Sync now' })
      .click();
    await expect
      .poll(
        async () =>
          (
            await scene.district.h.db
              .selectFrom('clinic_visit_amendments as a')
              .innerJoin('clinic_visits as v', 'v.id', 'a.clinic_visit_id')
              .select(['a.reason', 'v.blood_glucose_mg_dl', 'v.disposition', 'v.pain_score', 'v.pain_scale'])
              .where('v.presenting_complaint', '=', COMPLAINT)
              .orderBy('a.amended_at')
              .execute()
          ).map(
            (r) => `${r.reason}|${r.blood_glucose_mg_dl}|${r.disposition}|${r.pain_score}|${r.pain_scale}`,
          ),
        { timeout: 60_000 },
      )
      .toEqual([
        'Meter re-read after calibration|62|SENT_HOME|5|NUMERIC',
        'Asked again with the numbers|62|SENT_HOME|5|NUMERIC',
      ]);
  });

  it('has no accessibility findings and no page errors', () => {
    expect(scene.axeFindings).toEqual([]);
    expect(scene.ui.problems).toEqual([]);
  });
});
