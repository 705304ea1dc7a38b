import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, qpdfCheck } from '../support/pdf-tools';
import { ConsoleScene } from './support/console-scene';

/**
 * The console's reports page (district administrator): a bad date is refused beside its field; a report runs, its
 * status shows, the PDF downloads (read back with pdftotext and qpdf) and the run is in the recent reports with its
 * download counted. Photographed (test/e2e/screenshots/console-reports-*.png) and checked with axe-core.
 */

const scene = new ConsoleScene('reports');
let page: Page;
const screen = (name: string) => scene.screen(name);

describe('the console reports page', () => {
  beforeAll(async () => {
    await scene.start(20);
    page = scene.page;
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('runs a report from its form, shows its status, downloads the PDF and lists the run', async () => {
    await scene.openAsAdmin('Reports');
    await page.getByText('No reports have been run yet.').waitFor();
    await screen('empty');

    const run = page.getByRole('region', { name: 'Run a report' });
    await run.getByLabel('Report', { exact: true }).selectOption({ label: 'Clinic Visit Analytics' });
    await run.getByLabel('School (optional)').selectOption({ label: scene.district.schoolName });
    // the keyboard: a date typed in the date fields; "to" before "from" is refused beside "to"
    await run.getByLabel('From (first day)').fill('2026-11-20');
    await run.getByLabel('To (last day)').fill('2026-11-01');
    await run.getByLabel('To (last day)').press('Enter');
    await run.getByText('Must be on or after from').waitFor();
    expect(await run.getByLabel('To (last day)').getAttribute('aria-invalid')).toBe('true');
    await screen('refused');

    const today = new Date().toISOString().slice(0, 10);
    await run.getByLabel('From (first day)').fill(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
    await run.getByLabel('To (last day)').fill(today);
    await run.getByRole('button', { name: 'Run report' }).click();
    const ready = page.getByRole('status').filter({ hasText: 'Clinic Visit Analytics is ready' });
    await ready.waitFor({ timeout: 60_000 });
    await screen('ready');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      ready.getByRole('link', { name: 'Download the PDF' }).click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(qpdfCheck(file).ok).toBe(true);
    const text = pdfPages(file).join('\n');
    expect(text).toContain(scene.district.schoolName);
    const visits = await scene.district.h.db
      .selectFrom('clinic_visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('school_id', '=', scene.district.schoolId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(visits.n)).toBeGreaterThan(0);
    expect(text).toMatch(/Clinic visits\s+\d+/);

    // the run in the recent reports, with its download counted after a reload of the list
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const recent = page.getByRole('region', { name: 'Recent reports' });
    const row = recent.getByRole('row').filter({ hasText: 'Clinic Visit Analytics' });
    await row.getByText('Ready').waitFor();
    expect(await row.getByRole('cell').nth(5).innerText()).toBe('1');
    await screen('recent');
    const run1 = await scene.district.h.db
      .selectFrom('report_instances as i')
      .innerJoin('report_definitions as d', 'd.id', 'i.report_definition_id')
      .select(['i.id', 'i.downloaded_count'])
      .where('d.report_code', '=', 'DISTRICT_VISIT_ANALYTICS')
      .executeTakeFirstOrThrow();
    expect(run1.downloaded_count).toBe(1);
    const audited = await scene.district.h.db
      .selectFrom('audit_logs')
      .select('action')
      .where('record_id', '=', run1.id)
      .orderBy('chain_seq')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['PRINT', 'EXPORT']);
    expect(scene.ui.problems).toEqual([]);
    expect(scene.axeFindings).toEqual([]);
  });
});
