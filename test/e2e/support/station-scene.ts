import type { Page } from 'playwright-core';
import type { Insertable } from 'kysely';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';
import { launchUi, type Ui } from './browser';
import { startE2eDistrict, type E2eDistrict } from './district';
import { makeDataDir, removeDataDir, startWorkstation, type Workstation } from './workstation';

/**
 * The set-up the workstation's end-to-end files share (mar, medication-safety, visit, roster, reports): a district
 * (with students, medications and orders of the test's own added on the server), a workstation (no background
 * sync) that can be restarted on its data, Chromium in the school's time zone, the enrollment a nurse does, a
 * screenshot with axe after each step, the page problems and the workstation's output when a test fails, and the
 * teardown.
 */

export interface SceneStudent {
  readonly id: string;
  readonly first: string;
  readonly last: string;
  readonly number: string;
  readonly dob: string;
  readonly grade: NonNullable<Insertable<ServerDatabase['students']>['grade_level']>;
}

type NewMedication = Omit<Insertable<ServerDatabase['medications']>, 'id' | 'created_at' | 'updated_at'>;

export class StationScene {
  district!: E2eDistrict;
  ws!: Workstation;
  ui!: Ui;
  private dataDir = '';
  /** every axe finding of every screen, checked by the file's last test */
  readonly axeFindings: string[] = [];

  /** `prefix` names the screenshot of a failed test (FAILED-<prefix>-<test>) */
  constructor(private readonly prefix: string) {}

  get page(): Page {
    return this.ui.page;
  }

  async startDistrict(students = 12): Promise<E2eDistrict> {
    this.district = await startE2eDistrict({ students });
    return this.district;
  }

  /** A student of the test's own at the district's school. */
  async addStudent(s: SceneStudent, now: Date): Promise<void> {
    const db = this.district.h.db;
    const school = await db
      .selectFrom('schools')
      .select(['district_id'])
      .where('id', '=', this.district.schoolId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('students')
      .values({
        id: s.id,
        district_id: school.district_id,
        school_id: this.district.schoolId,
        student_number: s.number,
        first_name: s.first,
        last_name: s.last,
        date_of_birth: s.dob,
        grade_level: s.grade,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  /** A formulary medication; returns its id. */
  async addMedication(id: string, values: NewMedication, now: Date): Promise<string> {
    await this.district.h.db
      .insertInto('medications')
      .values({ ...values, id, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  /** The school's calendar day of `d` (YYYY-MM-DD). */
  localDay(d: Date): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.district.timeZone }).format(d);
  }

  /** The school's clock time of `d` (HH:MM, 24 h). */
  hhmm(d: Date): string {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: this.district.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(d);
  }

  /** The workstation (background sync off) and Chromium in the school's time zone. */
  async startStation(): Promise<void> {
    this.dataDir = makeDataDir();
    this.ws = await startWorkstation({ dataDir: this.dataDir, args: ['--sync-interval-seconds', '0'] });
    this.ui = await launchUi({ timezoneId: this.district.timeZone });
  }

  /** Stops the workstation and starts it again on the same data and port (a restart of the app). */
  async restartStation(): Promise<void> {
    await this.ws.stop();
    this.ws = await startWorkstation({
      dataDir: this.dataDir,
      port: this.ws.port,
      args: ['--sync-interval-seconds', '0'],
    });
  }

  /** A screenshot and the axe findings of the page as it is. */
  async screen(name: string): Promise<void> {
    await this.ui.shot(name);
    this.axeFindings.push(...(await this.ui.axe(name)));
  }

  /** Enrolls the workstation as the nurse does, signs in and opens the clinic on Today. */
  async enroll(timeout = 180_000): Promise<void> {
    const page = this.page;
    await page.goto(this.ws.url);
    await page.getByLabel('District server address').fill(this.district.url());
    await page.getByLabel('Enrollment code').fill(await this.district.enrollmentCode());
    await page.getByLabel('Your email').fill(this.district.nurse.email);
    await page.getByLabel('Your password').fill(this.district.nurse.password);
    await page.getByRole('button', { name: 'Connect and sign in' }).click();
    await page.getByText('All set').waitFor({ timeout });
    await page.getByRole('button', { name: 'Open the clinic' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  }

  /** For afterEach: a failed test leaves a screenshot, the page's problems and the workstation's output. */
  async onFailure(ctx: { task: { name: string; result?: { state?: string } } }): Promise<void> {
    if (ctx.task.result?.state !== 'fail' || !this.ui) return;
    await this.ui
      .shot(`FAILED-${this.prefix}-${ctx.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`)
      .catch(() => undefined);
    console.log(
      `page problems: ${JSON.stringify(this.ui.problems)}\nworkstation output (tail): ${this.ws?.output().slice(-3000)}`,
    );
  }

  async close(): Promise<void> {
    await this.ui?.close();
    await this.ws?.stop();
    await this.district?.close();
    if (this.dataDir) removeDataDir(this.dataDir);
  }
}
