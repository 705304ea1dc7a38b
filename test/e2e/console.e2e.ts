import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONSOLE_PAGES, pagesOf, type ConsolePage } from '../../src-shared/api/console';
import { raiseAlert } from '../../server-sync/alerts';
import { createUser } from '../../server-sync/auth/users';
import { defineJob, listJobs, startJobs, type JobRunner } from '../../server-sync/jobs';
import { systemClock } from '../../server-sync/plugins/clock';
import { localDate, localDayRange, zonedToUtc } from '../../src-shared/time/zone';
import { strToU8, zipSync } from 'fflate';
import { rosterFiles, student } from '../support/oneroster';
import { launchUi, type Ui } from './support/browser';
import { E2E_PASSWORD, startE2eDistrict, type E2eDistrict } from './support/district';
import { seedStomachBug } from './support/outbreak';

/**
 * The district console in Debian's Chromium: a real district server (PGlite, the demo district) serving the built
 * console (`npm run build:console`) at /console. Each role signs in and sees only its pages; every page is
 * photographed (test/e2e/screenshots/console-*.png) and checked with axe-core; a page of another origin cannot make
 * a signed-in browser change anything (CSRF).
 */

/** The pages built so far (the navigation shows only these). */
const BUILT: readonly ConsolePage[] = [
  'dashboard',
  'alerts',
  'outbreaks',
  'immunizations',
  'users',
  'workstations',
  'policy',
  'jobs',
  'audit',
  'reports',
  'formulary',
  'sis-connections',
  'registry',
  'sis',
];
const expectedPages = (role: string) => pagesOf(role).filter((p) => BUILT.includes(p));

let district: E2eDistrict;
let jobs: JobRunner | undefined;
let ui: Ui;
let page: Page;
const axeFindings: string[] = [];
const accounts: Record<string, string> = {};
/** What the demo seed put in the school's today before the test adds its own (it seeds up to the hour it runs). */
let seededToday: readonly number[] = [];

/** Today's visits, emergencies, sent home, still open and doses given in the school, counted straight in SQL. */
async function countToday(now: number): Promise<number[]> {
  const { from, to } = localDayRange(localDate(now, district.timeZone), district.timeZone);
  const visits = await district.h.db
    .selectFrom('clinic_visits')
    .select(['severity_triage', 'sent_home', 'departure_time'])
    .where('school_id', '=', district.schoolId)
    .where('deleted_at', 'is', null)
    .where('arrival_time', '>=', new Date(from))
    .where('arrival_time', '<', new Date(to))
    .execute();
  const doses = await district.h.db
    .selectFrom('medication_administrations')
    .select('id')
    .where('school_id', '=', district.schoolId)
    .where('deleted_at', 'is', null)
    .where('administration_status', '=', 'GIVEN')
    .where('administered_at', '>=', new Date(from))
    .where('administered_at', '<', new Date(to))
    .execute();
  return [
    visits.length,
    visits.filter((v) => v.severity_triage === 'EMERGENCY').length,
    visits.filter((v) => v.sent_home).length,
    visits.filter((v) => v.departure_time === null).length,
    doses.length,
  ];
}

async function screen(name: string): Promise<void> {
  await ui.shot(`console-${name}`);
  axeFindings.push(...(await ui.axe(`console-${name}`)));
}

const consoleUrl = (hash = '') => `${district.url()}/console${hash}`;

async function signIn(email: string): Promise<void> {
  await page.goto(consoleUrl());
  const gate = page.getByRole('heading', { level: 1, name: 'District console' });
  const signOutButton = page.getByRole('button', { name: 'Sign out' });
  await gate.or(signOutButton).waitFor();
  // a scenario that failed half-way left its user signed in
  if (await signOutButton.isVisible()) await signOut();
  await gate.waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console pages' }).waitFor();
}

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You signed out.').waitFor();
}

async function navLabels(): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').allInnerTexts();
}

async function open(p: ConsolePage): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Console pages' })
    .getByRole('link', { name: CONSOLE_PAGES[p].label })
    .click();
  await page.getByRole('heading', { level: 1, name: CONSOLE_PAGES[p].label }).waitFor();
  // a page may load several lists at once, each with its own "Loading…" status
  await expect
    .poll(() => page.locator('[role="status"]:has-text("Loading")').count(), { timeout: 20_000 })
    .toBe(0);
}

describe('the district console, end to end', () => {
  beforeAll(async () => {
    district = await startE2eDistrict({ students: 30 });
    const roles = ['SCHOOL_ADMIN', 'BILLING', 'AUDITOR'] as const;
    accounts.DISTRICT_ADMIN = district.admin.email;
    for (const role of roles) {
      const email = `${role.toLowerCase().replace('_', '.')}@e2e.example`;
      await createUser(district.h.db, {
        email,
        role,
        password: E2E_PASSWORD,
        firstName: { SCHOOL_ADMIN: 'Sam', BILLING: 'Bea', AUDITOR: 'Avery' }[role],
        lastName: { SCHOOL_ADMIN: 'Principal', BILLING: 'Clerk', AUDITOR: 'Reviewer' }[role],
        schools: role === 'SCHOOL_ADMIN' ? [district.schoolId] : [],
      });
      accounts[role] = email;
    }
    // a workstation enrolled in the school, to list and revoke
    const code = await district.enrollmentCode();
    await district.inject('POST', '/devices/enroll', { code, name: 'Nurse office PC', platform: 'WINDOWS' });
    // today's clinic: three visits, one of them an emergency still open; all inside the school's today, even when
    // the suite runs just after local midnight
    const now = Date.now();
    seededToday = await countToday(now);
    const dayStart = zonedToUtc(localDate(now, district.timeZone), '00:00', district.timeZone);
    const step = Math.min(20 * 60_000, Math.floor((now - dayStart) / 4));
    for (const [i, triage] of (['ROUTINE', 'URGENT', 'EMERGENCY'] as const).entries())
      await district.h.db
        .insertInto('clinic_visits')
        .values({
          id: uuidv7(),
          student_id: district.allergic.id,
          arrival_time: new Date(now - (3 - i) * step),
          departure_time: triage === 'EMERGENCY' ? null : new Date(now - Math.floor(((3 - i) * step) / 2)),
          severity_triage: triage,
          presenting_complaint: ['Headache', 'Fever', 'Wheezing'][i]!,
          attended_by_user_id: district.nurse.id,
          school_id: district.schoolId,
          sent_home: triage === 'URGENT',
        })
        .execute();
    // a stomach bug going round the school: "Scan now" finds it
    await seedStomachBug(district, now);
    // two open alerts of the school: an emergency and a missed dose
    await raiseAlert(district.h.db, systemClock, {
      code: 'EMERGENCY_HEALTH',
      schoolId: district.schoolId,
      target: { type: 'STUDENT', id: district.allergic.id },
      event: 'triage',
      data: {
        student_name: 'Ana Diaz',
        school: district.schoolName,
        complaint: 'Wheezing',
        ems_called: 'yes',
      },
      dedupeKey: `e2e-emergency-${district.allergic.id}`,
    });
    await raiseAlert(district.h.db, systemClock, {
      code: 'MEDICATION_MISSED',
      schoolId: district.schoolId,
      target: { type: 'STUDENT', id: district.allergic.id },
      event: 'dose_missed',
      data: {
        student_name: 'Ana Diaz',
        medication: district.dueOrder.medication,
        scheduled_time: '10:00 AM',
      },
      dedupeKey: `e2e-missed-${district.allergic.id}`,
    });
    // the job queue with two jobs: one finishes, one fails (its error is kept for the jobs page)
    jobs = await startJobs({
      db: district.h,
      schedules: false,
      timings: { pollingIntervalSeconds: 0.5 },
      onError: () => undefined,
      definitions: [
        defineJob({ name: 'e2e.report', data: z.object({}), handler: () => Promise.resolve() }),
        defineJob({
          name: 'e2e.email',
          data: z.object({ to: z.string() }),
          retryLimit: 0,
          handler: () => Promise.reject(new Error('SMTP 421: mail.example.org is not accepting mail now')),
        }),
      ],
    });
    await jobs.send('e2e.report', {});
    await jobs.send('e2e.email', { to: 'user-42' });
    await vi.waitFor(
      async () =>
        expect((await listJobs(district.h.db, { limit: 10 })).map((j) => j.state).sort()).toEqual([
          'failed',
          'finished',
        ]),
      { timeout: 60_000, interval: 250 },
    );
    ui = await launchUi({
      timezoneId: district.timeZone === 'Asia/Tokyo' ? 'America/Los_Angeles' : 'Asia/Tokyo',
    });
    page = ui.page;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !ui) return;
    await ui
      .shot(`FAILED-console-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`)
      .catch(() => undefined);
    const shown = await page
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch((e: unknown) => `(could not read the page: ${String(e)})`);
    console.log(`page problems: ${JSON.stringify(ui.problems)}\npage text (head): ${shown.slice(0, 3000)}`);
  });

  afterAll(async () => {
    await ui?.close();
    await jobs?.stop();
    await district?.close();
  });

  it('shows the sign-in, refuses a wrong password and a nurse, and keeps no token where scripts can read it', async () => {
    await page.goto(consoleUrl());
    await page.getByRole('heading', { level: 1, name: 'District console' }).waitFor();
    await screen('sign-in');
    await page.getByLabel('Email').fill(district.admin.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/email or password is incorrect/i)
      .waitFor();
    await screen('sign-in-refused');
    await page.getByLabel('Email').fill(district.nurse.email);
    await page.getByLabel('Password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/nurses work at a clinic workstation/)
      .waitFor();

    await signIn(district.admin.email);
    const storage = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify(localStorage),
      session: JSON.stringify(sessionStorage),
    }));
    expect(storage).toEqual({ cookie: '', local: '{}', session: '{}' });
    const [cookie] = await ui.context.cookies(district.url());
    expect(cookie).toMatchObject({ name: 'wc_console', httpOnly: true, sameSite: 'Strict', path: '/' });
    await signOut();
  });

  it('the district administrator: dashboard, alerts, users and roles, workstations, policy, jobs, audit log', async () => {
    await signIn(district.admin.email);
    expect(await navLabels()).toEqual(expectedPages('DISTRICT_ADMIN').map((p) => CONSOLE_PAGES[p].label));

    // dashboard: today's clinic activity of the school
    await page.getByRole('heading', { level: 2, name: 'Clinic activity per school' }).waitFor();
    const row = page
      .getByRole('region', { name: 'Clinic activity per school' })
      .getByRole('row', { name: new RegExp(district.schoolName) });
    // the seed's today (it seeds up to the hour it runs) and the test's three visits: one emergency still open, one
    // sent home
    const added = [3, 1, 1, 1, 0];
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(
      seededToday.map((n, i) => String(n + added[i]!)),
    );
    await page.getByRole('heading', { level: 2, name: /Open alerts \(\d+\)/ }).waitFor();
    await page.getByRole('row', { name: /EMERGENCY: Ana Diaz/ }).waitFor();
    await screen('dashboard');

    // alerts: acknowledge the emergency
    await open('alerts');
    await page.getByRole('button', { name: /^Acknowledge EMERGENCY: Ana Diaz/ }).click();
    await page.getByText(/EMERGENCY: Ana Diaz.*: acknowledged\./).waitFor();
    await screen('alerts');

    // users: create an account, change its role, deactivate it
    await open('users');
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('Invalid email address').waitFor();
    await page.getByLabel('Email', { exact: true }).fill('new.nurse@e2e.example');
    await page.getByLabel('First name').fill('Nell');
    await page.getByLabel('Last name').fill('Newcomer');
    await page.getByLabel('Password', { exact: false }).fill(E2E_PASSWORD);
    await page.getByRole('checkbox', { name: district.schoolName }).check();
    await screen('users-new');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').getByText('Nell Newcomer can now sign in.').waitFor();
    await page.getByLabel('Role of Nell Newcomer').selectOption('SCHOOL_ADMIN');
    await page.getByRole('button', { name: 'Save role of Nell Newcomer' }).click();
    await page.getByText('Nell Newcomer: role changed to School administrator.').waitFor();
    await page.getByRole('button', { name: 'Deactivate Nell Newcomer' }).click();
    await page.getByText('Nell Newcomer: deactivated.').waitFor();
    const nell = await district.h.db
      .selectFrom('users')
      .select(['role', 'is_active'])
      .where('email', '=', 'new.nurse@e2e.example')
      .executeTakeFirstOrThrow();
    expect(nell).toEqual({ role: 'SCHOOL_ADMIN', is_active: false });
    await screen('users');

    // workstations: a code, the list, a revocation
    await open('workstations');
    await page.getByRole('button', { name: 'Issue a code' }).click();
    await page.getByText(/Enrollment code for/).waitFor();
    await page.getByRole('button', { name: 'Revoke… Nurse office PC' }).click();
    await page.getByLabel('Reason (optional)').fill('Replaced by a new computer');
    await screen('workstations-revoke');
    await page.getByRole('button', { name: 'Revoke Nurse office PC' }).click();
    await page.getByText(/Nurse office PC is revoked/).waitFor();
    await screen('workstations');

    // the workstation policy
    await open('policy');
    const lock = page.getByLabel(/Lock a workstation after/);
    await lock.fill('500');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.field-error').getByText(/240/).waitFor();
    await lock.fill('15');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved: workstations lock after 15 minutes/).waitFor();
    await screen('policy');

    // jobs: the failed one with its error, retried
    await open('jobs');
    await page.getByRole('cell', { name: /SMTP 421/ }).waitFor();
    await screen('jobs');
    await page.getByRole('button', { name: 'Retry e2e.email' }).click();
    await page.getByText(/e2e\.email: queued again/).waitFor();

    // the audit log shows what was just done
    await open('audit');
    await page.getByLabel('Action').selectOption('ADMIN');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('cell', { name: /device_revoked/ })
      .first()
      .waitFor();
    await screen('audit-admin');

    // SIS roster: a dry run of a OneRoster zip shows what would change and the rejected record, writes nothing
    await open('sis');
    await page.getByRole('heading', { level: 2, name: 'Runs' }).waitFor();
    const files = rosterFiles({
      orgs: [{ sourcedId: 'org-e2e', name: 'E2E School', identifier: 'E2E-1' }],
      students: [student(1, 'org-e2e'), student(2, 'org-e2e', { birthDate: '15/06/2023' })],
    });
    await page.getByLabel('OneRoster CSV zip').setInputFiles({
      name: 'roster.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zipSync(Object.fromEntries([...files].map(([n, t]) => [n, strToU8(t)])))),
    });
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('heading', { level: 3, name: 'What the import would do' }).waitFor();
    await page.getByRole('cell', { name: 'bad date "15/06/2023": expected yyyy-MM-dd' }).waitFor();
    await page.getByText('Dry run of roster.zip: nothing was written.').waitFor();
    // a seeded run with rejected records shows them
    await page
      .getByRole('button', { name: /^Errors of the run of/ })
      .first()
      .click();
    const errorsCard = page.getByRole('region', { name: /^Rejected records of the run of/ });
    await errorsCard.getByRole('row').nth(1).waitFor();
    await screen('sis');
    await signOut();
  });

  it('outbreaks: a scan finds the cluster, a pattern with a bad expression is refused, the alert is confirmed and reported', async () => {
    await signIn(district.admin.email);
    await open('outbreaks');
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page
      .getByRole('status')
      .getByText(/Scan done: .*[1-9]\d* new alert/)
      .waitFor();
    const opened = page.getByRole('row', { name: /Acute gastrointestinal illness.*Investigating/ });
    await opened.waitFor();

    // a pattern whose expression names no symptom we record: the server's reason next to the field
    await page.getByRole('button', { name: 'New pattern' }).click();
    await page.getByLabel('Name').fill('Pink eye watch');
    await page.getByLabel('Symptom expression').fill('{ "pink_eye": true }');
    await page.getByRole('button', { name: 'Create the pattern' }).click();
    await page
      .locator('.field-error')
      .getByText(/pink_eye/)
      .waitFor();
    expect(await page.getByLabel('Symptom expression').getAttribute('aria-invalid')).toBe('true');
    await screen('outbreaks-pattern-refused');
    await page.getByLabel('Symptom expression').fill('{ "conjunctivitis": true, "fever": true }');
    await page.getByRole('button', { name: 'Create the pattern' }).click();
    await page.getByRole('status').getByText('Pattern Pink eye watch saved.').waitFor();
    await page.getByRole('row', { name: /Pink eye watch/ }).waitFor();
    await screen('outbreaks');

    // the alert: its curve next to its numbers, the cases, the workflow, the health department
    await opened.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Acute gastrointestinal illness at/ }).waitFor();
    await page.getByRole('img', { name: /Cases by day/ }).waitFor();
    await page.getByRole('table', { name: /Cases by day.*the numbers/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Cases \([1-9]\d*\)/ }).waitFor();
    await page.getByRole('cell', { name: 'Cafeteria' }).first().waitFor();
    await page
      .getByText(/health department/i)
      .first()
      .waitFor();
    await screen('outbreak-alert');
    await page.getByRole('button', { name: 'Confirm the outbreak' }).click();
    await page.getByRole('status').getByText('The outbreak is now confirmed.').waitFor();
    await page.getByRole('button', { name: 'Mark contained' }).waitFor();
    const alertId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    const row = await district.h.db
      .selectFrom('outbreak_alerts')
      .select('outbreak_status')
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(row.outbreak_status).toBe('CONFIRMED');
    await page.getByLabel('Agency').fill('County health department');
    await page.getByLabel('How').selectOption('EMAIL');
    await page.getByRole('button', { name: 'Record the notification' }).click();
    await page.getByText(/^Notified /).waitFor();
    await screen('outbreak-alert-confirmed');

    // the dashboard: the open outbreak with its curve
    await open('dashboard');
    await page.getByRole('heading', { level: 2, name: /Open outbreaks \([1-9]\d*\)/ }).waitFor();
    await page.getByRole('img', { name: /Acute gastrointestinal illness at .*: cases by day/ }).waitFor();
    await screen('dashboard-outbreaks');

    // drug catalog: the shipped reference, searched; a local entry added (the checks read it from the next sync)
    await open('formulary');
    await page.getByText(/^Showing 1–50 of \d+ drugs\.$/).waitFor();
    await page.getByLabel('Name, brand or RxNorm code').fill('ritalin');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('rowheader', { name: /^Methylphenidate/ }).waitFor();
    await page.getByRole('button', { name: 'Add a local entry' }).click();
    await page.getByRole('button', { name: 'Add to the catalog' }).click();
    await page.getByText('Enter at least one strength', { exact: true }).first().waitFor();
    await page.getByLabel('Generic name').fill('serdexmethylphenidate and dexmethylphenidate');
    await page.getByLabel('Brand names').fill('Azstarys');
    await page.getByLabel('Classes the checks read').selectOption(['STIMULANT', 'METHYLPHENIDATES']);
    await page.getByLabel('Forms').fill('capsule');
    await page.getByLabel('Controlled substance schedule').selectOption('II');
    await page.getByLabel('Strengths').fill('26.1 mg/5.2 mg, 39.2 mg/7.8 mg, 52.3 mg/10.4 mg');
    await screen('formulary-local-entry');
    await page.getByRole('button', { name: 'Add to the catalog' }).click();
    await page.getByText(/serdexmethylphenidate and dexmethylphenidate is in the catalog/).waitFor();
    await page.getByRole('rowheader', { name: /^Serdexmethylphenidate/ }).waitFor();
    await screen('formulary');
    await signOut();
  });

  it('the school administrator sees the dashboard, alerts and workstations only; other pages are refused', async () => {
    await signIn(accounts.SCHOOL_ADMIN!);
    expect(await navLabels()).toEqual(expectedPages('SCHOOL_ADMIN').map((p) => CONSOLE_PAGES[p].label));
    await page.getByRole('heading', { level: 2, name: 'Clinic activity per school' }).waitFor();
    await screen('school-admin-dashboard');
    await open('workstations');
    await screen('school-admin-workstations');
    await open('alerts');
    await screen('school-admin-alerts');
    await open('outbreaks');
    await page.getByRole('row', { name: /Acute gastrointestinal illness.*Confirmed/ }).waitFor();
    expect(await page.getByRole('button', { name: 'New pattern' }).count()).toBe(0);
    await screen('school-admin-outbreaks');
    // a page of another role, by its address: not shown, and the server refuses its API anyway
    await page.goto(consoleUrl('#/users'));
    await page.getByRole('heading', { level: 1, name: 'Page not available' }).waitFor();
    await screen('school-admin-refused');
    const status = await page.evaluate(async () => (await fetch('/admin/users')).status);
    expect(status).toBe(403);
    await page.goto(consoleUrl('#/dashboard'));
    await signOut();
  });

  it('billing sees the dashboard only', async () => {
    await signIn(accounts.BILLING!);
    expect(await navLabels()).toEqual(expectedPages('BILLING').map((p) => CONSOLE_PAGES[p].label));
    await page.getByRole('heading', { level: 2, name: 'Clinic activity per school' }).waitFor();
    await screen('billing-dashboard');
    await signOut();
  });

  it('the auditor reads the audit log with filters: who, what, when', async () => {
    await signIn(accounts.AUDITOR!);
    expect(await navLabels()).toEqual(expectedPages('AUDITOR').map((p) => CONSOLE_PAGES[p].label));
    await screen('auditor-dashboard');
    await open('audit');
    await page
      .getByRole('cell', { name: /audit_log_viewed/ })
      .first()
      .waitFor();
    await page.getByLabel('Who').fill('dana');
    await page.getByLabel('Action').selectOption('LOGIN');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('cell', { name: /Dana Admin/ })
      .first()
      .waitFor();
    const actions = await page.locator('.audit-table tbody td:nth-child(3)').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['LOGIN']));
    await page.getByLabel('From').fill('2026-02-10');
    await page.getByLabel('To').fill('2026-02-01');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Must not be before from').waitFor();
    await screen('auditor-audit');
    // reading the log is itself in the log
    const reads = await district.h.db
      .selectFrom('audit_logs')
      .select('details')
      .where('action', '=', 'READ')
      .where('table_name', '=', 'audit_logs')
      .execute();
    expect(reads.length).toBeGreaterThan(1);
    await signOut();
  });

  it('a page of another origin cannot make the signed-in browser change anything (CSRF)', async () => {
    await signIn(district.admin.email);
    const before = await district.h.db
      .selectFrom('device_enrollment_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // Another site on the same machine (same-site for cookies: only the port differs, so the cookie goes along).
    const target = `${district.url()}/admin/enrollment-codes`;
    // The classic attack: an auto-submitted form (no preflight; the browser attaches the cookie).
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Win a prize</title>
        <form id="f" method="POST" action="${target}" enctype="text/plain">
        <input type="hidden" name='{"schoolId":"${district.schoolId}","x":"' value='"}'></form>
        <script>document.getElementById('f').submit();</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    try {
      const attempt = await ui.context.newPage();
      const answer = attempt.waitForResponse((r) => r.url() === target);
      await attempt.goto(evilUrl);
      const r = await answer;
      expect(r.status()).toBe(403);
      expect(await r.text()).toContain('CSRF');
      expect(r.request().headers().cookie ?? (await r.request().allHeaders()).cookie).toMatch(/wc_console=/);
      await attempt.close();
    } finally {
      await new Promise<void>((r) => evil.close(() => r()));
    }
    const after = await district.h.db
      .selectFrom('device_enrollment_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // the console itself still works (same origin, with its token)
    await open('workstations');
    await page.getByRole('button', { name: 'Issue a code' }).click();
    await page.getByText(/Enrollment code for/).waitFor();
    await signOut();
  });

  it('every console page passes axe, with no CSP violation or page error', () => {
    expect(axeFindings).toEqual([]);
    expect(ui.problems).toEqual([]);
  });
});
