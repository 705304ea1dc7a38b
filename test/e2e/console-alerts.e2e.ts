import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleScene } from './support/console-scene';

/**
 * The console's alerts page, edited (a scenario of the district administrator, apart from console.e2e.ts to keep
 * both files short): a subscription with EMAIL and quiet hours is added (a half-given quiet hours is refused next
 * to its field), listed, changed and deleted; a definition's escalation minutes change. Each change is checked in the
 * database, photographed (test/e2e/screenshots/console-alerts-*.png) and checked with axe-core.
 */

const scene = new ConsoleScene('alerts');
let page: Page;
const screen = (name: string) => scene.screen(name);

const subscriptionsOf = async (email: string) =>
  scene.district.h.db
    .selectFrom('alert_subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('alert_definitions as d', 'd.id', 's.alert_definition_id')
    .select([
      'd.alert_code',
      's.delivery_channels',
      's.quiet_hours_start',
      's.quiet_hours_end',
      's.weekend_delivery',
    ])
    .where('u.email', '=', email)
    .execute();

describe('the console alerts page, edited by the district administrator', () => {
  beforeAll(async () => {
    await scene.start(5);
    page = scene.page;
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('adds a subscription with EMAIL and quiet hours, changes and deletes it, and changes an escalation', async () => {
    await scene.openAsAdmin('Alerts');
    const subscriptions = page.getByRole('region', { name: 'Your subscriptions' });
    await subscriptions.getByText('no subscription of your own').waitFor();

    // a subscription: missed medication, by email too, quiet from 21:00 to 07:00
    await page.getByRole('button', { name: 'Add a subscription' }).click();
    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByLabel('Alert', { exact: true }).selectOption({ label: 'Scheduled medication not given' });
    await form.getByLabel('Email', { exact: true }).check();
    await form.getByLabel('Quiet hours start').fill('21:00');
    await form.getByRole('button', { name: 'Add the subscription' }).click();
    // quiet hours with a start and no end: refused, the reason next to the end
    await expect.poll(() => form.getByLabel('Quiet hours end').getAttribute('aria-invalid')).toBe('true');
    await form.getByText('Quiet hours need both a start and an end').waitFor();
    await form.getByLabel('Quiet hours end').fill('07:00');
    await form.getByRole('button', { name: 'Add the subscription' }).click();
    await page.getByText('Subscription to Scheduled medication not given saved.').waitFor();
    const row = subscriptions.getByRole('row', { name: /Scheduled medication not given/ });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(
      expect.arrayContaining(['In App, Email', '21:00–07:00']),
    );
    const saved = await subscriptionsOf(scene.district.admin.email);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      alert_code: 'MEDICATION_MISSED',
      delivery_channels: ['IN_APP', 'EMAIL'],
    });
    expect(String(saved[0]!.quiet_hours_start)).toMatch(/^21:00/);
    expect(String(saved[0]!.quiet_hours_end)).toMatch(/^07:00/);
    await screen('subscription-added');

    // changed: held over the weekend
    await row
      .getByRole('button', { name: 'Change the subscription to Scheduled medication not given' })
      .click();
    const changeForm = page.getByRole('form', { name: 'Change the subscription' });
    await changeForm.getByLabel('Deliver on weekends').uncheck();
    await changeForm.getByRole('button', { name: 'Save the subscription' }).click();
    await row.getByRole('cell', { name: 'Held until Monday' }).waitFor();
    expect((await subscriptionsOf(scene.district.admin.email)).map((s) => s.weekend_delivery)).toEqual([false]);
    await screen('subscription-changed');

    // deleted
    await row
      .getByRole('button', { name: 'Delete the subscription to Scheduled medication not given' })
      .click();
    await page.getByText('Subscription to Scheduled medication not given deleted.').waitFor();
    await subscriptions.getByText('no subscription of your own').waitFor();
    expect(await subscriptionsOf(scene.district.admin.email)).toEqual([]);
    await screen('subscription-deleted');

    // the health emergency escalates after 12 minutes instead of 5
    const definitions = page.getByRole('region', { name: 'Definitions' });
    await definitions.getByRole('button', { name: 'Change Health emergency at school' }).click();
    const defForm = page.getByRole('form', { name: 'Change Health emergency at school' });
    await defForm.getByLabel('Escalate after (minutes)').fill('12');
    await screen('definition-form');
    await defForm.getByRole('button', { name: 'Save the definition' }).click();
    await page.getByText('Health emergency at school: saved.').waitFor();
    await definitions
      .getByRole('row', { name: /Health emergency at school/ })
      .getByText(/^after 12 min to School Admin, District Admin$/)
      .waitFor();
    const def = await scene.district.h.db
      .selectFrom('alert_definitions')
      .select('escalation_rules')
      .where('alert_code', '=', 'EMERGENCY_HEALTH')
      .executeTakeFirstOrThrow();
    expect(def.escalation_rules).toMatchObject({
      escalate_after_minutes: 12,
      escalate_to: ['SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
    });
    await screen('definition-saved');

    expect(scene.axeFindings).toEqual([]);
    expect(scene.ui.problems).toEqual([]);
  });
});
