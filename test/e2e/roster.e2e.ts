import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gradeRank } from '../../src-shared/immunizations';
import { StationScene } from './support/station-scene';

/**
 * The students page and the chart, end to end: the roster (filters, sort, pages, its count), the chart's guardians
 * at the top, its visits paged with "Show more", and immunization counts with an extra dose and a same-day duplicate.
 * The real `npm run workstation` core, a demo district on loopback, Debian's Chromium; screenshots and axe.
 */

const VISITS = 30;
const scene = new StationScene('roster');
let page: Page;
let enrolled = 0;
let mmrRequired = 0;
const screen = (name: string) => scene.screen(name);

const roster = () => page.getByRole('region', { name: 'Roster' });
const countText = () => roster().getByRole('status').textContent();
/** The cells of one column of the roster's table (1-based). */
const column = (n: number) => roster().locator(`tbody tr td:nth-child(${n})`).allInnerTexts();
async function waitCount(re: RegExp): Promise<void> {
  await expect.poll(countText, { timeout: 15_000 }).toMatch(re);
}

describe('the students page and the chart', () => {
  beforeAll(async () => {
    const district = await scene.startDistrict(60);
    const db = district.h.db;
    const ana = district.allergic.id;
    const now = new Date().toISOString();
    // Ana: 30 visits, two contacts, and the MMR series with an extra dose and a same-day duplicate
    const day = 86_400_000;
    await db
      .insertInto('clinic_visits')
      .values(
        Array.from({ length: VISITS }, (_, i) => ({
          id: uuidv7(),
          student_id: ana,
          school_id: district.schoolId,
          attended_by_user_id: district.nurse.id,
          presenting_complaint: `Roster e2e complaint ${i + 1}`,
          arrival_time: new Date(Date.now() - (VISITS - i) * day),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('guardians')
      .values([
        {
          id: uuidv7(),
          student_id: ana,
          school_id: district.schoolId,
          first_name: 'Rosa',
          last_name: 'Diaz',
          relationship: 'Mother',
          phone_primary: '614-555-0101',
          is_primary_contact: true,
          is_emergency_contact: true,
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
    const rules = await db
      .selectFrom('vaccination_schedules')
      .select(['dose_number', 'grade_level'])
      .where('vaccine_type', '=', 'MMR')
      .where('required_for_enrollment', '=', true)
      .where('deleted_at', 'is', null)
      .execute();
    mmrRequired = Math.max(
      0,
      ...rules.filter((r) => gradeRank(r.grade_level) <= gradeRank('5')).map((r) => r.dose_number),
    );
    expect(mmrRequired, 'the demo district requires MMR by grade 5').toBeGreaterThan(0);
    const dates = [
      '2015-04-01',
      '2015-04-01',
      ...Array.from({ length: mmrRequired }, (_, i) => `${2018 + i}-05-01`),
    ];
    await db
      .insertInto('vaccinations')
      .values(
        dates.map((on) => ({
          id: uuidv7(),
          student_id: ana,
          school_id: district.schoolId,
          vaccine_type: 'MMR',
          cvx_code: '03',
          administration_date: on,
          source: 'HISTORICAL' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM students
      WHERE school_id = ${district.schoolId} AND deleted_at IS NULL AND enrollment_status = 'ACTIVE'`.execute(
      db,
    );
    enrolled = n.rows[0]!.n;
    await scene.startStation();
    page = scene.page;
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('enrolls and opens the students page: the roster with its count', async () => {
    await scene.enroll();

    await page.locator('body').press('Alt+S');
    await page.getByRole('heading', { level: 1, name: 'Students' }).waitFor();
    expect(enrolled).toBeGreaterThan(25);
    await waitCount(new RegExp(`^25 of ${enrolled} students$`));
    const names = await column(1);
    expect(names).toHaveLength(25);
    const last = names.map((t) => t.split(',')[0]!.trim());
    expect(last).toEqual([...last].sort((a, b) => a.localeCompare(b, 'en-US', { sensitivity: 'base' })));
    await screen('roster-01-all');
  });

  it('pages forward and back', async () => {
    const first = await column(1);
    await roster().getByRole('button', { name: 'Next page' }).click();
    await waitCount(new RegExp(`^26–${Math.min(50, enrolled)} of ${enrolled} students$`));
    const second = await column(1);
    expect(second.some((n) => first.includes(n))).toBe(false);
    await screen('roster-02-page-2');
    await roster().getByRole('button', { name: 'Previous page' }).click();
    await waitCount(new RegExp(`^25 of ${enrolled} students$`));
    expect(await column(1)).toEqual(first);
  });

  it('filters by grade and by allergy, from the keyboard, and says how many match', async () => {
    const grade = roster().getByLabel('Grade');
    await grade.focus();
    await grade.selectOption('5');
    await expect
      .poll(async () => new Set(await column(2)), { timeout: 15_000 })
      .toEqual(new Set(['Grade 5']));
    const inGrade = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM students WHERE school_id = ${scene.district.schoolId}
      AND deleted_at IS NULL AND enrollment_status = 'ACTIVE' AND grade_level = '5'`.execute(scene.district.h.db);
    const g5 = inGrade.rows[0]!.n;
    await waitCount(new RegExp(`^${Math.min(25, g5)} of ${g5} students \\(${enrolled} enrolled\\)$`));
    // the flag is a checkbox: Space toggles it
    await roster().getByLabel('Has an allergy').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => roster().getByLabel('Has an allergy').isChecked()).toBe(true);
    await expect
      .poll(async () => (await column(5)).every((t) => /Allergy|Drug allergy/.test(t)), { timeout: 15_000 })
      .toBe(true);
    expect(await column(1)).toContain(`Diaz, Ana\n${scene.district.allergic.studentNumber}`);
    await screen('roster-03-grade5-allergy');
    await roster().getByLabel('Has an allergy').uncheck();
    await grade.selectOption('');
    await waitCount(new RegExp(`^25 of ${enrolled} students$`));
  });

  it('filters by immunization overdue and sorts by grade, highest first', async () => {
    await roster().getByLabel('Immunization overdue').check();
    await expect
      .poll(async () => (await column(5)).every((t) => t.includes('Immunization overdue')), {
        timeout: 15_000,
      })
      .toBe(true);
    await roster().getByLabel('Immunization overdue').uncheck();
    await roster().getByLabel('Sort by').selectOption('grade');
    await roster().getByLabel('Order', { exact: true }).selectOption('desc');
    await expect
      .poll(
        async () => {
          const grades = (await column(2)).map((g) =>
            g === 'Kindergarten' ? 'K' : g === 'Pre-K' ? 'PK' : g.replace('Grade ', ''),
          );
          return grades.every((g, i) => i === 0 || gradeRank(grades[i - 1]!) >= gradeRank(g));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await screen('roster-04-sorted-by-grade');
    await roster().getByLabel('Sort by').selectOption('name');
    await roster().getByLabel('Order', { exact: true }).selectOption('asc');
  });

  it('keeps the filters, sort and page in the address: a reload and Back keep them', async () => {
    const hash = () => page.evaluate(() => window.location.hash);
    await roster().getByLabel('Grade').selectOption('5');
    await expect.poll(hash).toBe('#/students?grade=5');
    await roster().getByLabel('Has an allergy').check();
    await expect.poll(hash).toBe('#/students?grade=5&allergy=1');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Students' }).waitFor();
    await expect.poll(() => roster().getByLabel('Grade').inputValue()).toBe('5');
    expect(await roster().getByLabel('Has an allergy').isChecked()).toBe(true);
    await expect
      .poll(async () => (await column(5)).every((t) => /Allergy|Drug allergy/.test(t)), { timeout: 15_000 })
      .toBe(true);
    await screen('roster-05-filters-in-the-address');
    await page.goBack();
    await expect.poll(hash).toBe('#/students?grade=5');
    await expect.poll(() => roster().getByLabel('Has an allergy').isChecked()).toBe(false);
    expect(await roster().getByLabel('Grade').inputValue()).toBe('5');
    await page.goBack();
    await expect.poll(hash).toBe('#/students');
    await waitCount(new RegExp(`^25 of ${enrolled} students$`));
    // sort and page too
    await roster().getByLabel('Sort by').selectOption('grade');
    await roster().getByRole('button', { name: 'Next page' }).click();
    await expect.poll(hash).toBe('#/students?sort=grade&page=2');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Students' }).waitFor();
    await waitCount(new RegExp(`^26–${Math.min(50, enrolled)} of ${enrolled} students$`));
    expect(await roster().getByLabel('Sort by').inputValue()).toBe('grade');
    await roster().getByLabel('Sort by').selectOption('name');
    await waitCount(new RegExp(`^25 of ${enrolled} students$`));
  });

  it('the chart: contacts at the top, visits paged with Show more, MMR counted with its extra dose and duplicate', async () => {
    // from the roster: Ana is in grade 5 with a drug allergy
    await roster().getByLabel('Grade').selectOption('5');
    await roster().getByLabel('Has an allergy').check();
    const link = roster().getByRole('link', { name: 'Diaz, Ana' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Ana Diaz/ }).waitFor();
    const contacts = page.getByRole('region', { name: /Guardians and emergency contacts/ });
    await contacts.getByText('Rosa Diaz').waitFor();
    // contacts come before the allergy, condition and visit cards
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('section.card h2')].map((h) => h.id),
    );
    expect(order.indexOf('contacts-title')).toBe(0);
    const visits = page.getByRole('region', { name: /^Visits/ });
    await expect.poll(() => visits.getByRole('status').textContent()).toBe(`25 of ${VISITS}`);
    expect(await visits.locator('tbody tr').count()).toBe(25);
    const imm = page.getByRole('region', { name: /^Immunizations/ });
    const mmr = imm.locator('tr', { hasText: 'MMR' });
    await expect.poll(() => mmr.textContent()).toContain(`${mmrRequired} of ${mmrRequired}, 1 extra`);
    expect(await mmr.textContent()).toContain('Same-day duplicate');
    expect(await mmr.textContent()).not.toMatch(new RegExp(`${mmrRequired + 1} of ${mmrRequired}`));
    await screen('roster-06-chart');
    await visits.getByRole('button', { name: 'Show more' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => visits.getByRole('status').textContent()).toBe(`${VISITS} of ${VISITS}`);
    expect(await visits.locator('tbody tr').count()).toBe(VISITS);
    await expect.poll(() => visits.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    await visits.locator('tbody tr').last().scrollIntoViewIfNeeded();
    expect(await visits.locator('tbody tr').last().textContent()).toContain('Roster e2e complaint 1');
    await screen('roster-07-chart-all-visits');
  });

  it('the immunizations page flags the duplicate doses; no axe findings, no page errors', async () => {
    await page.locator('body').press('Alt+I');
    await page.getByRole('heading', { level: 1, name: /Immunizations — Ana Diaz/ }).waitFor();
    const doses = page.getByRole('region', { name: /Doses on record/ });
    await expect.poll(() => doses.getByText('Same-day duplicate (counted once)').count()).toBe(2);
    await screen('roster-08-immunizations');
    expect(scene.axeFindings).toEqual([]);
    expect(scene.ui.problems).toEqual([]);
  });
});
