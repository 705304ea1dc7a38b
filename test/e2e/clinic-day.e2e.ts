import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchUi, type Ui } from './support/browser';
import { startE2eDistrict, type E2eDistrict } from './support/district';
import { startSecondStation, type SecondStation } from './support/second-station';
import { makeDataDir, removeDataDir, startWorkstation, type Workstation } from './support/workstation';

/**
 * A nurse's day, end to end: the UI (built by `npm run build:renderer`) served by the real `npm run workstation`
 * core with its encrypted database, a real district server on loopback, and Debian's Chromium. The scenarios run in
 * order and share the one workstation, like a day does. Every screen is photographed (test/e2e/screenshots/) and
 * checked with axe-core.
 */

/** Inactivity before the workstation locks itself in this run (the district's setting, shortened). */
const AUTO_LOCK_SECONDS = 15;
/**
 * The UI reports input at most every third of the lock (trailing), the core checks its timer every 5 s and the UI
 * polls the lock state every 2 s; the rest is slack for a loaded machine.
 */
const AUTO_LOCK_WAIT_MS = (AUTO_LOCK_SECONDS + AUTO_LOCK_SECONDS / 3 + 5 + 2 + 20) * 1000;
const TREATMENT = 'Rest, fluids; recheck the temperature in 30 minutes';

let district: E2eDistrict;
let ws: Workstation;
let dataDir: string;
let ui: Ui;
let page: Page;
const axeFindings: string[] = [];

async function screen(name: string): Promise<void> {
  await ui.shot(name);
  axeFindings.push(...(await ui.axe(name)));
}

/** The status bar at the bottom of every screen. */
const statusBar = () => page.getByRole('contentinfo', { name: 'Sync status' });

async function syncNow(): Promise<void> {
  await statusBar().getByRole('button', { name: 'Sync now' }).click();
}

/** "13:05" → "1:05 PM" (how the UI writes a school time). */
function twelveHour(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return `${h % 12 || 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The school's date of an instant, as the UI writes it ("Dec 6, 2026"). */
function schoolDate(d: Date): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: district.timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(d);
}

async function serverRows(table: string, studentId: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE student_id = ${studentId}`.execute(
    district.h.db,
  );
  return r.rows[0]?.n ?? 0;
}

async function openStudent(query: string, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('body').press('/');
  await page.keyboard.type(query);
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
}

describe('the nurse workstation, end to end', () => {
  beforeAll(async () => {
    district = await startE2eDistrict();
    dataDir = makeDataDir();
    ws = await startWorkstation({
      dataDir,
      // background sync off: every sync in these scenarios is the nurse's "Sync now" (or the enrollment's first)
      args: ['--sync-interval-seconds', '0'],
    });
    // the computer is set to another time zone than the school's: every time shown must still be the school's
    ui = await launchUi({
      timezoneId: district.timeZone === 'Asia/Tokyo' ? 'America/Los_Angeles' : 'Asia/Tokyo',
    });
    page = ui.page;
  });

  // A failing scenario leaves a picture of where it stopped, and what the page and the core said.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !ui) return;
    await ui.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    const shown = await page
      .locator('main, body')
      .first()
      .innerText({ timeout: 2000 })
      .catch((e: unknown) => `(could not read the page: ${String(e)})`);
    console.log(
      `page problems: ${JSON.stringify(ui.problems)}\npage text (head): ${shown.slice(0, 3000)}\nworkstation output (tail): ${ws.output().slice(-3000)}`,
    );
  });

  afterAll(async () => {
    await ui?.close();
    await ws?.stop();
    await district?.close();
    if (dataDir) removeDataDir(dataDir);
  });

  it('enrolls to the district server and shows the first sync with its progress', async () => {
    // Every sync status the UI received during the first sync (it polls twice a second).
    const statuses: { running: boolean; progress?: { phase: string; done: number; total: number } }[] = [];
    page.on('response', (r) => {
      if (!r.url().endsWith('/api/ipc/sync.status')) return;
      void r.json().then(
        (b: { ok: boolean; result?: (typeof statuses)[number] }) => {
          if (b.ok && b.result) statuses.push(b.result);
        },
        () => undefined,
      );
    });
    const icon = page.waitForResponse((r) => new URL(r.url()).pathname === '/favicon.svg');
    await page.goto(ws.url);
    await page.getByRole('heading', { name: 'Connect this workstation' }).waitFor();
    expect(page.url()).not.toContain('token='); // the bridge token left the address bar
    // the tab has its icon, and the console is quiet: no failed request, no error (e.g. a favicon 404)
    expect((await icon).status()).toBe(200);
    expect(ui.noise).toEqual([]);
    await screen('01-enroll');

    await page.getByLabel('District server address').fill(district.url());
    await page.getByLabel('Enrollment code').fill(await district.enrollmentCode());
    await page.getByLabel('Your email').fill(district.nurse.email);
    await page.getByLabel('Your password').fill(district.nurse.password);
    await page.getByRole('button', { name: 'Connect and sign in' }).click();

    await page.getByRole('heading', { name: 'Getting your school’s records' }).waitFor({ timeout: 60_000 });
    await page.locator('.first-sync progress, .first-sync .notice.ok').first().waitFor({ timeout: 60_000 });
    if (await page.locator('.first-sync progress').isVisible()) await screen('02-first-sync-progress');
    await page.getByText('All set').waitFor({ timeout: 120_000 });
    const withProgress = statuses.filter((s) => s.running && s.progress);
    expect(withProgress.length, 'the UI received the first sync’s progress').toBeGreaterThan(0);
    console.log(`first sync progress seen: ${JSON.stringify(withProgress.map((s) => s.progress))}`);
    await screen('03-first-sync-done');
    await page.getByRole('button', { name: 'Open the clinic' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await expect.poll(() => statusBar().textContent()).toContain('Online');
    await screen('04-today');
    await page.locator('body').press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screen('04-today-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('finds a student as you type, typo and all, and opens the chart', async () => {
    await page.locator('body').press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('combobox');
    await page.keyboard.type('ana dias'); // typo: Diaz
    const option = page.getByRole('option', { name: /Ana Diaz/ });
    await option.first().waitFor();
    await screen('05-search');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Ana Diaz/ }).waitFor();
    await expect
      .poll(() => page.getByRole('note', { name: 'Allergy warning' }).textContent())
      .toContain('Penicillin');
    await screen('06-chart');
  });

  it('records a visit: range-checked vitals, and an NSAID from stock that must be acknowledged with a reason', async () => {
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    // by its label: Playwright waits for the catalog's option (an index would take "Other" before the catalog loads)
    await page.getByLabel('Reason', { exact: true }).selectOption({ label: 'Sore throat' });
    await page.getByLabel('Presenting complaint').fill('Sore throat and ear ache since this morning');

    const temp = page.getByLabel('Temperature', { exact: true });
    await temp.fill('101.3');
    await page.getByLabel('Heart rate', { exact: true }).fill('400');
    await page.getByLabel('Heart rate', { exact: true }).press('Tab');
    await page.getByText(/above 250 beats\/min/i).waitFor();
    await page.getByRole('group', { name: 'Vital signs' }).getByText('Fever', { exact: true }).waitFor();
    await page.getByLabel('Heart rate', { exact: true }).fill('104');
    await page.getByLabel('Treatment').fill(TREATMENT);

    await page.getByRole('button', { name: '+ Stock medication' }).click();
    await page.keyboard.type('ibupro');
    await page
      .getByRole('option', {
        name: new RegExp(district.ibuprofen.name.split(' ')[0] ?? 'Ibuprofen', 'i'),
      })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    const warning = page.getByRole('alert').filter({ hasText: 'Allergy warning' });
    await warning.waitFor();
    await expect.poll(() => warning.textContent()).toContain('NSAIDs');
    await page.getByLabel('Period').fill('3');
    await page.getByLabel('Subject').fill('Math');
    await page.getByLabel('Minutes').fill('25');
    await page.getByRole('button', { name: 'Now (back to class)' }).click();
    await screen('07-new-visit-allergy-warning');

    // Not acknowledged: nothing is saved, the message is next to the warning.
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByText(/acknowledge the allergy warning/i).waitFor();
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor(); // still the form
    await screen('08-new-visit-not-acknowledged');

    await page.getByLabel('I have reviewed this allergy and will give the medication').check();
    await page
      .getByLabel('Reason for giving it anyway')
      .fill('Parent confirmed by phone: ibuprofen given before without reaction');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('heading', { name: 'Visit saved for Ana Diaz' }).waitFor();
    await screen('09-visit-saved');
  });

  it('records the visit’s symptoms and prints an excuse note', async () => {
    await page.getByRole('link', { name: 'Record symptoms' }).click();
    await page.getByRole('heading', { level: 1, name: /Symptoms/ }).waitFor();
    await page.getByLabel('Fever').check();
    await page.getByLabel('Sore throat').check();
    await page.getByLabel('Other symptoms').fill('ear ache');
    await page.getByLabel('Severity').selectOption('MODERATE');
    await screen('10-symptoms');
    await page.getByRole('button', { name: 'Save symptoms' }).click();
    await page.getByText('Symptoms recorded with the visit.').waitFor();

    await page.getByRole('link', { name: 'Excuse note' }).click();
    await page.getByRole('heading', { level: 1, name: 'Excuse note' }).waitFor();
    await expect
      .poll(() => page.getByRole('article', { name: 'Excuse note preview' }).textContent())
      .toContain('Ana');
    // printed in the school's time zone, 12-hour clock, US date (the visit was recorded a moment ago)
    const note = (await page.getByRole('article', { name: 'Excuse note preview' }).textContent()) ?? '';
    expect(note).toContain(`health office on ${schoolDate(new Date())} `);
    expect(note).toMatch(/ (at|from) \d{1,2}:\d{2} [AP]M( to \d{1,2}:\d{2} [AP]M)?\./);
    expect(note).not.toMatch(/\b\d{2}:\d{2}\b(?! ?[AP]M)/);
    await screen('11-excuse-note');
  });

  it('shows today’s clinic, the MAR and records an immunization', async () => {
    await page.keyboard.press('Alt+T');
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    // exactly one visit: the refused save (allergy not acknowledged) left nothing behind
    const todays = page.getByRole('region', { name: /Today’s visits/ });
    await expect.poll(() => todays.getByRole('row').filter({ hasText: 'Ana Diaz' }).count()).toBe(1);
    await screen('12-today-after-visit');

    const due = page.getByRole('region', { name: /Medications due/ });
    await expect.poll(() => due.textContent()).toContain(district.dueOrder.medication);
    // the order's time as the school wrote it, on the 12-hour clock (the browser is in another time zone)
    expect(await due.textContent()).toContain(twelveHour(district.dueOrder.time));

    await page.keyboard.press('Alt+M');
    await page.getByRole('heading', { level: 1, name: 'Medication administration record' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: district.dueOrder.medication });
    expect(await row.textContent()).toContain(twelveHour(district.dueOrder.time));
    await row.getByRole('button', { name: /^Given/ }).click();
    await page.getByLabel('Note (optional)').fill('Taken with water');
    await screen('13-mar-record');
    await page.getByRole('button', { name: 'Record given' }).click();
    await page.getByText(`${district.dueOrder.medication} for Ana Diaz: Given.`).waitFor();
    await expect.poll(() => row.textContent()).toContain('by Nora');
    await screen('14-mar-given');

    await openStudent('E2E-1001', 'Ana Diaz');
    await page.keyboard.press('Alt+I');
    await page.getByRole('heading', { level: 1, name: 'Immunizations — Ana Diaz' }).waitFor();
    await page.getByLabel('Vaccine').selectOption('03');
    await page.getByLabel('Lot number').fill('MMR-2291A');
    await page.getByLabel('Site').selectOption('LD');
    await page.getByRole('button', { name: 'Save dose' }).click();
    await page.getByText(/MMR dose recorded/).waitFor();
    // CDC's forecast, computed on the workstation: the dose given today is MMR dose 1, and dose 2 (a live vaccine)
    // cannot be given for 4 weeks
    const forecast = page.getByRole('region', { name: 'What is due (CDC schedule)' });
    const mmr = forecast
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'MMR', exact: true }) });
    await expect
      .poll(() => mmr.textContent(), { timeout: 20_000 })
      .toMatch(/MMR dose 2 not yet: it can be given from \d\d\/\d\d\/\d{4}/);
    expect(await forecast.textContent()).toMatch(/CDC schedule \(CDSi supporting data 4\.64\)/);
    await screen('15-immunizations');
  });

  it('raises an alert for an EMERGENCY visit, shows it on Today, and acknowledges and resolves it by keyboard', async () => {
    const complaint = 'Wheezing, cannot finish a sentence; inhaler given';
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    await page.getByLabel('Reason', { exact: true }).selectOption({ label: 'Sore throat' });
    await page.getByLabel('Presenting complaint').fill(complaint);
    await page.getByLabel('Emergency', { exact: true }).check();
    await page.getByRole('button', { name: 'Now (back to class)' }).click();
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('heading', { name: 'Visit saved for Ana Diaz' }).waitFor();

    // raised on the workstation itself: on Today at once, and counted in the header
    await page.keyboard.press('Alt+T');
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    const panel = page.getByRole('region', { name: /Open alerts/ });
    const item = panel.getByRole('listitem').filter({ hasText: complaint });
    await item.waitFor();
    expect(await item.textContent()).toContain('Health emergency at school');
    expect(await item.textContent()).toContain('Emergency');
    await expect
      .poll(async () => Number((await page.locator('.topbar .alerts-link .badge').textContent()) ?? '0'))
      .toBeGreaterThan(0);
    await screen('15b-today-emergency-alert');

    // acknowledge from the keyboard: the button is named for its alert
    const ack = item.getByRole('button', { name: 'Acknowledge Health emergency at school for Ana Diaz' });
    await ack.focus();
    await page.keyboard.press('Enter');
    await panel
      .getByRole('status')
      .filter({ hasText: 'Acknowledged: Health emergency at school for Ana Diaz.' })
      .waitFor();
    await expect.poll(() => item.textContent()).toContain('acknowledged by Nora');
    await screen('15c-alert-acknowledged');

    // resolve with notes on the alert's page
    await item.getByRole('link', { name: 'Resolve Health emergency at school for Ana Diaz' }).click();
    await page.getByRole('heading', { level: 1, name: 'Health emergency at school' }).waitFor();
    await page.getByLabel('What was done').fill('Breathing eased after the inhaler; parent picked her up');
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByText('The alert is resolved.').waitFor();
    await screen('15d-alert-resolved');
    // back to Ana's chart, where the next scenario starts
    await openStudent('E2E-1001', 'Ana Diaz');
  });

  it('keeps working offline and sends everything when the district is back', async () => {
    await syncNow();
    await expect.poll(() => statusBar().textContent(), { timeout: 60_000 }).toContain('All changes sent');
    const visitsBefore = await serverRows('clinic_visits', district.allergic.id);
    expect(visitsBefore).toBeGreaterThan(0);

    await district.stop();
    await syncNow();
    await expect.poll(() => statusBar().textContent(), { timeout: 60_000 }).toContain('Offline');

    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    await page.getByLabel('Reason', { exact: true }).selectOption({ label: 'Ear pain' });
    await page.getByLabel('Presenting complaint').fill('Follow-up: ear ache better');
    await page.getByRole('button', { name: 'Now (back to class)' }).click();
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByRole('heading', { name: 'Visit saved for Ana Diaz' }).waitFor();
    await expect.poll(() => statusBar().textContent()).toMatch(/\d+ changes? waiting/);
    await screen('16-offline-waiting');
    expect(await serverRows('clinic_visits', district.allergic.id)).toBe(visitsBefore);

    await district.start();
    await syncNow();
    await expect.poll(() => statusBar().textContent(), { timeout: 90_000 }).toContain('All changes sent');
    await expect.poll(() => statusBar().textContent()).toContain('Online');
    expect(await serverRows('clinic_visits', district.allergic.id)).toBe(visitsBefore + 1);
    await screen('17-back-online-synced');
  });

  let second: SecondStation | undefined;
  afterAll(async () => {
    await second?.close();
  });

  it('resolves a conflict made by a second workstation, both values side by side', async () => {
    const visit = await district.h.db
      .selectFrom('clinic_visits')
      .select(['id', 'treatment_provided'])
      .where('student_id', '=', district.allergic.id)
      .where('presenting_complaint', 'like', 'Sore throat%')
      .executeTakeFirstOrThrow();
    second = await startSecondStation(district);
    await second.sync();
    expect(visit.treatment_provided).toBe(TREATMENT);
    second.store.update('clinic_visits', visit.id, {
      treatment_provided: 'Warm compress, fluids; parent to call the doctor',
    });
    await second.sync();

    await syncNow();
    await expect.poll(() => statusBar().textContent(), { timeout: 60_000 }).toMatch(/1 conflict to review/);
    await page.keyboard.press('Alt+Y');
    await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    const card = page.getByRole('article').filter({ hasText: 'Warm compress' });
    await card.waitFor();
    await screen('18-conflict');

    await card.getByRole('button', { name: 'Resolve' }).click();
    await card.getByText(/choose which value to keep/i).waitFor();
    await card.getByRole('radio').first().check();
    await card
      .getByLabel('Reason for your choice')
      .fill('Spoke with the other nurse; my note is the current one');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText(/^Resolved:/).waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await screen('19-conflict-resolved');
    const open = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM sync_conflicts WHERE row_id = ${visit.id} AND status = 'OPEN'`.execute(
      district.h.db,
    );
    expect(open.rows[0]?.n).toBe(0);
  });

  it('locks on request and unlocks with the password, then with the nurse’s own PIN', async () => {
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 1, name: 'Locked' }).waitFor();
    expect(await page.getByText('Ana Diaz').count()).toBe(0); // nothing of the clinic behind the lock
    await screen('20-locked');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await page.locator('.field-error, [role="alert"]').first().waitFor();
    await screen('21-unlock-wrong-password');
    await page.getByLabel('Password').fill(district.nurse.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();

    // A PIN for the many locks of the day: set with the password, then the locked screen asks for it first.
    await page.getByRole('button', { name: 'Set PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unlock PIN' });
    await dialog.getByLabel('Your password').fill(district.nurse.password);
    await dialog.getByLabel('PIN', { exact: true }).fill('1234');
    await dialog.getByLabel('The PIN again').fill('1234');
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
    await dialog.getByText('must not be a run of digits like 1234').waitFor(); // weak PIN refused, next to it
    await dialog.getByLabel('PIN', { exact: true }).fill('480213');
    await dialog.getByLabel('The PIN again').fill('480213');
    await screen('21b-set-pin');
    await dialog.getByRole('button', { name: 'Set PIN' }).click();
    await dialog.getByText('Your PIN is set').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 1, name: 'Locked' }).waitFor();
    await page.getByLabel('PIN', { exact: true }).fill('999111');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Wrong PIN').waitFor();
    await screen('21c-unlock-pin');
    await page.getByLabel('PIN', { exact: true }).fill('480213');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
  });

  it('restarts, signs in offline against the cached credentials, and locks by itself after inactivity', async () => {
    // The tab stays open on Today while the workstation restarts at the same address (same port, same token).
    await page.keyboard.press('Alt+T');
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await ws.stop();
    await district.stop(); // the district is unreachable: sign-in must work from this workstation's cache
    ws = await startWorkstation({
      dataDir,
      port: ws.port,
      args: ['--sync-interval-seconds', '0', '--auto-lock-seconds', String(AUTO_LOCK_SECONDS)],
    });
    // what the tab saw while the workstation was down (connection refused) stays out; from here on it is quiet:
    // it notices the new workstation has no session and asks for the password, without a refused poll (403)
    const fromRestart = ui.noise.length;
    // the nurse goes on working in the open tab at once: the MAR's data waits for the session, it is not refused
    await page.keyboard.press('Alt+M');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(
      ui.noise.slice(fromRestart).filter((n) => !/ERR_CONNECTION_REFUSED/.test(n)),
      'the tab after the restart: no refused request, no console error',
    ).toEqual([]);
    await screen('22-sign-in-offline');
    const fromSignIn = ui.noise.length;
    await page.getByLabel('Email').fill(district.nurse.email);
    await page.getByLabel('Password').fill(district.nurse.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // where the nurse was (the MAR), its data loaded now that she is signed in
    await page.getByRole('heading', { level: 1, name: 'Medication administration record' }).waitFor();
    await page.getByRole('row').filter({ hasText: district.dueOrder.medication }).waitFor();
    await page.keyboard.press('Alt+T');
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: /Today’s visits/ }).textContent())
      .toContain('Ana Diaz');
    // a moment for the first polls after sign-in (sync status, Today, the session)
    await page.waitForTimeout(2_500);
    expect(
      ui.noise.slice(fromSignIn),
      'sign-in and Today after it: no failed request, no console error',
    ).toEqual([]);

    // No input from here on: the core's inactivity timer locks the session; the UI follows within a poll.
    await page.getByRole('heading', { level: 1, name: 'Locked' }).waitFor({ timeout: AUTO_LOCK_WAIT_MS });
    expect(await page.getByText('Ana Diaz').count()).toBe(0);
    await screen('23-auto-locked');
    await district.start();
  });

  it('opens emergency access over the locked session: read-only, with its reason shown, until ended', async () => {
    await page.getByRole('button', { name: 'Emergency access' }).click();
    await page.getByLabel('Reason').fill('too short');
    await page.getByRole('button', { name: 'Open emergency access' }).click();
    await page.getByText(/at least 10 characters/).waitFor();
    await page.getByLabel('Reason').fill('Student collapsed in the gym; need her allergies and medications');
    await page.getByRole('button', { name: 'Open emergency access' }).click();
    await page.getByRole('alert').filter({ hasText: 'read-only' }).waitFor();
    await openStudent('E2E-1001', 'Ana Diaz');
    await expect
      .poll(() => page.getByRole('note', { name: 'Allergy warning' }).textContent())
      .toContain('NSAIDs');
    await screen('24-emergency-access-chart');
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { level: 1, name: 'New visit — Ana Diaz' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save visit' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'End emergency access' }).click();
    await page.getByRole('heading', { level: 1, name: 'Locked' }).waitFor();
  });

  it('has no serious or critical accessibility violation and no CSP violation on any screen', () => {
    expect(axeFindings).toEqual([]);
    expect(ui.problems.filter((p) => p.startsWith('CSP') || p.startsWith('page error'))).toEqual([]);
  });
});
