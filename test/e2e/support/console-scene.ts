import type { Page } from 'playwright-core';
import { launchUi, type Ui } from './browser';
import { E2E_PASSWORD, startE2eDistrict, type E2eDistrict } from './district';

/**
 * The set-up the console's smaller end-to-end files share (console-alerts, console-reports): a district with the
 * console, Chromium, the district administrator's sign-in, opening a page from the navigation, a screenshot with
 * axe after each step (console-<prefix>-<name>.png), the page's text and problems when a test fails, the teardown.
 */
export class ConsoleScene {
  district!: E2eDistrict;
  ui!: Ui;
  /** every axe finding of every screen, checked by the file's last test */
  readonly axeFindings: string[] = [];

  constructor(private readonly prefix: string) {}

  get page(): Page {
    return this.ui.page;
  }

  async start(students: number): Promise<E2eDistrict> {
    this.district = await startE2eDistrict({ students });
    this.ui = await launchUi();
    return this.district;
  }

  async screen(name: string): Promise<void> {
    const shot = `console-${this.prefix}-${name}`;
    await this.ui.shot(shot);
    this.axeFindings.push(...(await this.ui.axe(shot)));
  }

  /** Signs the district administrator in and opens the console page whose navigation link is `label`. */
  async openAsAdmin(label: string): Promise<void> {
    const page = this.page;
    await page.goto(`${this.district.url()}/console`);
    await page.getByLabel('Email').fill(this.district.admin.email);
    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  /** For afterEach: a failed test leaves a screenshot, the page's problems and the head of its text. */
  async onFailure(ctx: { task: { result?: { state?: string } } }): Promise<void> {
    if (ctx.task.result?.state !== 'fail' || !this.ui) return;
    await this.ui.shot(`FAILED-console-${this.prefix}`).catch(() => undefined);
    const shown = await this.page
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch((e: unknown) => `(could not read the page: ${String(e)})`);
    console.log(`page problems: ${JSON.stringify(this.ui.problems)}\npage text (head): ${shown.slice(0, 3000)}`);
  }

  async close(): Promise<void> {
    await this.ui?.close();
    await this.district?.close();
  }
}
