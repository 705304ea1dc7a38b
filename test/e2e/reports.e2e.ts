import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, qpdfCheck } from '../support/pdf-tools';
import { StationScene, type SceneStudent } from './support/station-scene';

/**
 * Printing from the workstation in browser mode, end to end: the chart's Print menu (keyboard: open, first report
 * focused, Escape closes and gives the focus back), the emergency card rendered as a PDF by the core and downloaded
 * from the page (read back with pdftotext and qpdf), and Today's visit log. Screenshots and axe at every step.
 */

const scene = new StationScene('reports');
let page: Page;
const student: SceneStudent = {
  id: uuidv7(),
  first: 'Nguyễn Thị',
  last: 'Ánh',
  number: 'E2E-7301',
  dob: '2015-03-09',
  grade: '5',
};
const name = `${student.first} ${student.last}`;
const screen = (shot: string) => scene.screen(shot);

/** Clicks the link that downloads the PDF; returns the text of its pages (pdftotext) after qpdf --check. */
async function download(): Promise<{ fileName: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Download / }).click(),
  ]);
  const path = await file.path();
  const check = qpdfCheck(path);
  expect(check.ok, check.output).toBe(true);
  return { fileName: file.suggestedFilename(), text: pdfPages(path).join('\n') };
}

describe('printing reports from the workstation (browser mode)', () => {
  beforeAll(async () => {
    const db = (await scene.startDistrict(8)).h.db;
    const now = new Date();
    await scene.addStudent(student, now);
    await db
      .insertInto('allergies')
      .values({
        id: uuidv7(),
        student_id: student.id,
        school_id: scene.district.schoolId,
        allergen: 'Bee sting',
        allergen_type: 'INSECT',
        severity: 'LIFE_THREATENING',
        reaction: 'Anaphylaxis',
        epinephrine_required: true,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await scene.startStation();
    page = scene.page;
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('enrolls', () => scene.enroll());

  it('prints the emergency card from the chart’s Print menu, by keyboard', async () => {
    await page.locator('body').press('/');
    await page.keyboard.type(student.number);
    await page.getByRole('option', { name: new RegExp(student.last) }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(student.last) }).waitFor();

    const toggle = page.getByRole('button', { name: 'Print…' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const menu = page.getByRole('group', { name: 'Print…' });
    // the first control of the menu has the focus (the MAR sheet's month)
    await expect.poll(() => menu.evaluate((m) => m.contains(document.activeElement))).toBe(true);
    await screen('reports-01-chart-print-menu');
    await page.keyboard.press('Escape');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => toggle.evaluate((b) => b === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await menu.getByRole('button', { name: 'Emergency card' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Emergency Card is ready (1 page).').waitFor({ timeout: 60_000 });
    await screen('reports-02-emergency-card-ready');
    const pdf = await download();
    expect(pdf.fileName).toMatch(new RegExp(`^emergency-card_${student.number}_\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    expect(pdf.text).toContain(name);
    expect(pdf.text).toContain('Bee sting');
    expect(pdf.text).toContain('EPINEPHRINE');
    const open = page.getByRole('link', { name: /Open the PDF/ });
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await open.getAttribute('href')).toMatch(/^blob:/);
  });

  it('prints the MAR sheet of a month and the immunization record', async () => {
    await page.getByRole('button', { name: 'Print…' }).click();
    const menu = page.getByRole('group', { name: 'Print…' });
    await menu.getByLabel('MAR sheet month').fill('2026-01');
    await menu.getByRole('button', { name: 'MAR sheet' }).click();
    await page.getByText(/Medication Administration Record is ready/).waitFor({ timeout: 60_000 });
    const mar = await download();
    expect(mar.fileName).toBe(`mar_${student.number}_2026-01.pdf`);
    expect(mar.text).toContain('January 2026');
    expect(mar.text).toContain('No scheduled doses this month.');

    await page.getByRole('button', { name: 'Print…' }).click();
    await menu.getByRole('button', { name: 'Immunization record' }).click();
    await page.getByText(/Certificate of Immunization is ready/).waitFor({ timeout: 60_000 });
    const record = await download();
    expect(record.text).toContain(name);
    expect(record.text).toMatch(/MMR\s+0 of 2\s+Overdue/);
  });

  it('prints the day’s visit log from Today', async () => {
    await page.keyboard.press('Alt+T');
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.getByRole('button', { name: 'Print the visit log' }).click();
    await page.getByText(/Daily Clinic Visit Log is ready/).waitFor({ timeout: 60_000 });
    await screen('reports-03-visit-log-ready');
    const log = await download();
    expect(log.fileName).toMatch(/^visit-log_.+\.pdf$/);
    expect(log.text).toContain('Daily Clinic Visit Log');
  });

  it('has no serious accessibility findings and no page problems', () => {
    expect(scene.axeFindings).toEqual([]);
    expect(scene.ui.problems).toEqual([]);
  });
});
