import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureSupportingData, loadShippedSchoolEntry } from '../../server-sync/immunizations';
import { ConsoleScene } from './support/console-scene';

/**
 * The console's immunization compliance page (district administrator) on the demo district, its school in
 * California with the shipped rules: before the first refresh the page says so; "Refresh now" computes it; the
 * charts by grade and vaccine with their tables, the trend, the students needing action; the state-report CSV
 * downloads in California's layout. Photographed (test/e2e/screenshots/console-compliance-*.png) and checked with
 * axe-core.
 */

const scene = new ConsoleScene('compliance');
let page: Page;

describe('the console immunization compliance page', () => {
  beforeAll(async () => {
    const d = await scene.start(30);
    await ensureSupportingData(d.h.db);
    await loadShippedSchoolEntry(d.h.db);
    await d.h.db.updateTable('schools').set({ state: 'CA' }).where('id', '=', d.schoolId).execute();
    page = scene.page;
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('computes the dashboard on demand and shows charts with tables, the trend, the students needing action and the CSV', async () => {
    await scene.openAsAdmin('Immunization compliance');
    // the demo seed leaves yesterday's dashboard (the trend's first point); today's is computed on demand
    await page.getByRole('button', { name: 'Refresh now' }).waitFor();
    await scene.screen('before-refresh');

    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByRole('status').filter({ hasText: 'Refreshed:' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Compliance by grade' }).waitFor();
    for (const h of ['Compliance by vaccine', 'Trend over the school year'])
      await page.getByRole('heading', { name: h }).waitFor();
    await page.getByRole('heading', { name: /^Students needing action \(\d+\)$/ }).waitFor();
    const byGrade = page.getByRole('table', { name: 'Compliance by grade' });
    expect(await byGrade.getByRole('row').count()).toBeGreaterThan(1);
    const charts = page.getByRole('img');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    // the numbers the page shows are the newest snapshot's
    const newest = await scene.district.h.db
      .selectFrom('compliance_dashboard_refreshes')
      .select((eb) => eb.fn.max('snapshot_date').as('d'))
      .where('school_id', '=', scene.district.schoolId)
      .executeTakeFirstOrThrow();
    const snap = await scene.district.h.db
      .selectFrom('compliance_dashboard_snapshots')
      .select((eb) => [
        eb.fn.sum<number>('total_students').as('total'),
        eb.fn.sum<number>('compliant_count').as('ok'),
      ])
      .where('school_id', '=', scene.district.schoolId)
      .where('snapshot_date', '=', newest.d)
      .where('vaccine_type', '=', 'ALL')
      .executeTakeFirstOrThrow();
    expect(Number(snap.total)).toBeGreaterThan(0);
    await page.getByText(`${Number(snap.ok)} of ${Number(snap.total)} students compliant`).waitFor();
    await scene.screen('dashboard');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'State report (CSV)' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toContain('All Required Immunizations');
    expect(csv).toContain('Kindergarten');
    expect(scene.ui.problems).toEqual([]);
    expect(scene.axeFindings).toEqual([]);
  });
});
