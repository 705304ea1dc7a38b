import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download), plus the two checks every screen gets:
 * a screenshot under test/e2e/screenshots/ for a person to look at, and axe-core (serious and critical
 * violations fail). The page's own CSP stays on; any CSP violation or uncaught page error is collected.
 */

export const CHROMIUM = process.env.WHITE_CROSS_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = new URL('../screenshots/', import.meta.url).pathname;

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Ui {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** CSP violations, console errors and uncaught exceptions seen so far */
  readonly problems: string[];
  /**
   * Console noise a person would see in the browser's developer tools: every console error (a failed resource
   * load, e.g. a missing favicon, included), failed requests and HTTP answers of 400 or more, in order.
   */
  readonly noise: string[];
  shot(name: string): Promise<void>;
  /** axe-core on the current screen; returns the serious/critical violations (empty = pass) */
  axe(name: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function launchUi(options: { timezoneId?: string } = {}): Promise<Ui> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    else if (m.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const noise: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') noise.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('requestfailed', (r) =>
    noise.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`),
  );
  page.on('response', (r) => {
    if (r.status() >= 400) noise.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    browser,
    context,
    page,
    problems,
    noise,
    shot: async (name) => {
      // The sync bar sticks to the window's bottom; for a full-page picture it goes back to the page's end.
      const stick = (on: boolean) =>
        page.evaluate((stuck) => {
          const bar = document.querySelector<HTMLElement>('.statusbar');
          if (bar) bar.style.position = stuck ? '' : 'static';
        }, on);
      await stick(false);
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
        animations: 'disabled',
      });
      await stick(true);
    },
    axe: async (name) => {
      // Through the DevTools protocol (not a <script> tag), so the page's CSP needs no exception.
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } }
        ).axe;
        return (await axe.run(document, {
          resultTypes: ['violations'],
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        })) as {
          violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
        };
      });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes
              .slice(0, 3)
              .map((n) => JSON.stringify(n.target))
              .join(', ')}`,
        );
    },
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}
