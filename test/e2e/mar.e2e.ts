import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StationScene, type SceneStudent } from './support/station-scene';

/**
 * The MAR's corrections, voids and controlled-substance stock end to end: a dose given with a changed dose and time,
 * corrected with a reason (the history shows it), another voided with a reason, and a received count recorded on the
 * stock page; the student's chart shows the doses with their corrections and void. Screenshots (test/e2e/screenshots/) and axe after every step.
 */

const scene = new StationScene('mar');
const student: SceneStudent = {
  id: uuidv7(),
  first: 'Mara',
  last: 'Quill',
  number: 'E2E-5101',
  dob: '2013-02-11',
  grade: '7',
};
const name = `${student.first} ${student.last}`;
const times: string[] = [];
const page = () => scene.page;
const screen = (name: string) => scene.screen(name);
const hhmm = (d: Date) => scene.hhmm(d);

async function recordGiven(form: ReturnType<ReturnType<typeof page>['getByRole']>): Promise<void> {
  // the e2e drugs are not in the drug catalog: the check asks the nurse to acknowledge that
  const ack = form.getByLabel('I understand this drug was not checked and will give it');
  await ack.waitFor();
  await ack.check();
  await form.getByRole('button', { name: /record given/i }).click();
}

describe('MAR corrections, voids and controlled stock, end to end', () => {
  beforeAll(async () => {
    const district = await scene.startDistrict();
    const now = new Date();
    await scene.addStudent(student, now);
    const med = (name: string, controlled: boolean) =>
      scene.addMedication(
        uuidv7(),
        { name, is_controlled: controlled, controlled_schedule: controlled ? 'II' : null },
        now,
      );
    const ibuprofen = await med('Ibuprofen 200 mg tablet (E2E)', false);
    const cetirizine = await med('Cetirizine 10 mg tablet (E2E)', false);
    const ritalin = await med('Methylphenidate 10 mg tablet (E2E)', true);
    times.push(hhmm(new Date(now.getTime() + 5 * 60_000)));
    const base = {
      student_id: student.id,
      route: 'oral',
      start_date: scene.localDay(now),
      school_id: district.schoolId,
      created_at: now,
      updated_at: now,
    };
    await district.h.db
      .insertInto('student_medications')
      .values([
        {
          ...base,
          id: uuidv7(),
          dose: '400 mg',
          medication_id: ibuprofen,
          schedule_times: JSON.stringify(times),
        },
        {
          ...base,
          id: uuidv7(),
          dose: '10 mg',
          medication_id: cetirizine,
          schedule_times: JSON.stringify(times),
        },
        { ...base, id: uuidv7(), dose: '10 mg', medication_id: ritalin, schedule_times: JSON.stringify([]) },
      ])
      .execute();
    await scene.startStation();
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('enrolls', () => scene.enroll());

  const row = (med: string) => page().getByRole('row').filter({ hasText: name }).filter({ hasText: med });

  it('gives a dose with a changed dose and time, corrects it with a reason and shows the history', async () => {
    await page().keyboard.press('Alt+M');
    await page().getByRole('heading', { level: 1, name: 'Medication administration record' }).waitFor();
    await row('Ibuprofen')
      .getByRole('button', { name: /^Given/ })
      .click();
    const form = page().getByRole('form', { name: /Given: Ibuprofen/ });
    await form.getByLabel('Dose given').fill('200 mg');
    const earlier = hhmm(new Date(Date.now() - 3 * 60_000));
    await form.getByLabel('Time given').fill(earlier);
    await recordGiven(form);
    await page().getByText(`Ibuprofen 200 mg tablet (E2E) for ${name}: Given.`).waitFor();
    await expect.poll(() => row('Ibuprofen').textContent()).toContain('200 mg');
    await screen('mar-01-given');

    await row('Ibuprofen')
      .getByRole('button', { name: /^Correct/ })
      .click();
    const dialog = page().getByRole('dialog', { name: /Correct: Ibuprofen/ });
    await dialog.waitFor();
    // focus is inside the modal dialog
    await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await dialog.getByLabel('Dose given').fill('100 mg');
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await dialog.getByText('Required').waitFor();
    await screen('mar-02-correct-dialog');
    await dialog.getByLabel('Reason for the correction').fill('Half tablet given, recorded wrong');
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await page().getByText(`Ibuprofen 200 mg tablet (E2E) for ${name}: corrected.`).waitFor();
    await expect.poll(() => dialog.count()).toBe(0);
    await row('Ibuprofen')
      .getByRole('button', { name: /^History/ })
      .click();
    const history = page()
      .locator('ol.history > li')
      .filter({ hasText: 'Half tablet given, recorded wrong' });
    await history.waitFor();
    expect(await history.textContent()).toContain('dose: 200 mg → 100 mg');
    await screen('mar-03-history');
  });

  it('voids another dose with a reason; Escape closes the dialog', async () => {
    await row('Cetirizine')
      .getByRole('button', { name: /^Given/ })
      .click();
    const form = page().getByRole('form', { name: /Given: Cetirizine/ });
    await recordGiven(form);
    await page().getByText(`Cetirizine 10 mg tablet (E2E) for ${name}: Given.`).waitFor();
    await row('Cetirizine').getByRole('button', { name: /^Void/ }).click();
    const dialog = page().getByRole('dialog', { name: /Void: Cetirizine/ });
    await dialog.waitFor();
    await page().keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await row('Cetirizine').getByRole('button', { name: /^Void/ }).click();
    await dialog.getByLabel('Reason for voiding').fill('Recorded for the wrong student');
    await screen('mar-04-void-dialog');
    await dialog.getByRole('button', { name: 'Void dose' }).click();
    await page().getByText(`Cetirizine 10 mg tablet (E2E) for ${name}: voided.`).waitFor();
    await expect.poll(() => row('Cetirizine').textContent()).toContain('Voided');
    expect(await row('Cetirizine').getByRole('button', { name: /^Void/ }).count()).toBe(0);
    await screen('mar-05-voided');
  });

  it('records a received count on the stock page', async () => {
    await page().getByRole('link', { name: 'Controlled-substance stock' }).click();
    await page().getByRole('heading', { level: 1, name: 'Controlled-substance stock' }).waitFor();
    const stockRow = page().getByRole('row').filter({ hasText: 'Methylphenidate 10 mg tablet (E2E)' });
    await stockRow.waitFor();
    await page()
      .getByLabel('Medication', { exact: true })
      .selectOption({ label: 'Methylphenidate 10 mg tablet (E2E)' });
    await page().getByLabel('Entry', { exact: true }).selectOption('RECEIVED');
    await page().getByRole('button', { name: 'Record received' }).click();
    await page().getByText('A number of unit doses').waitFor();
    await page().getByLabel('Unit doses', { exact: true }).fill('30');
    const witness = page().getByLabel(/^Witness/);
    if ((await witness.locator('option').count()) > 1) await witness.selectOption({ index: 1 });
    await page().getByLabel('Note (optional)').fill('Pharmacy delivery');
    await page().getByRole('button', { name: 'Record received' }).click();
    await page()
      .getByText(/Methylphenidate 10 mg tablet \(E2E\): received recorded, balance 30/)
      .waitFor();
    await expect.poll(() => stockRow.textContent()).toContain('Received 30');
    await screen('mar-06-stock');
  });

  it('the student’s chart shows the doses with their corrections and void, the voided one struck', async () => {
    await page().evaluate((id) => (window.location.hash = `#/students/${id}`), student.id);
    await page()
      .getByRole('heading', { level: 1, name: new RegExp(name) })
      .waitFor();
    const doses = page().getByRole('region', { name: /^Medication doses/ });
    const ibuprofen = doses.getByRole('row').filter({ hasText: 'Ibuprofen' });
    await ibuprofen.waitFor();
    const text = (await ibuprofen.textContent()) ?? '';
    expect(text).toContain('Corrected by Nora');
    expect(text).toContain('dose: 200 mg → 100 mg');
    expect(text).toContain('Reason: Half tablet given, recorded wrong');
    const cetirizine = doses.getByRole('row').filter({ hasText: 'Cetirizine' });
    expect(await cetirizine.locator('.badge', { hasText: 'Voided' }).count()).toBe(1);
    expect(await cetirizine.textContent()).toContain('Voided by Nora');
    expect(await cetirizine.locator('del').textContent()).toContain('Cetirizine');
    expect(await cetirizine.textContent()).toContain('Reason: Recorded for the wrong student');
    expect(await cetirizine.textContent()).not.toMatch(/voidedAt|\d{4}-\d{2}-\d{2}T/);
    // newest first: the cetirizine dose was given after the ibuprofen one
    const order = await doses.locator('tbody tr').allInnerTexts();
    expect(order.findIndex((t) => t.includes('Cetirizine'))).toBeLessThan(
      order.findIndex((t) => t.includes('Ibuprofen')),
    );
    await expect.poll(() => doses.getByRole('status').textContent()).toMatch(/^\d+ of \d+$/);
    await screen('mar-07-chart-doses');
  });

  it('has no accessibility findings', () => {
    expect(scene.axeFindings).toEqual([]);
  });
});
