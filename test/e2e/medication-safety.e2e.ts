import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedIfChanged } from '../../server-sync/medication-safety';
import { StationScene, type SceneStudent } from './support/station-scene';

/**
 * Feature 48 end to end: the shipped medication-safety reference loaded by the district server's loader and pulled
 * by the real workstation; on the MAR the nurse gives a dose that interacts (MAJOR) with the student's home
 * medication: the warning shows before she confirms (severity colour and name, description, management, source),
 * the save is refused without a reason and accepted with one, and the override reaches the district server.
 * Screenshots (test/e2e/screenshots/) and axe after every step.
 */

const scene = new StationScene('safety');
const student: SceneStudent = {
  id: uuidv7(),
  first: 'Leo',
  last: 'Marsh',
  number: 'E2E-4801',
  dob: '2012-05-04',
  grade: '8',
};
const order = { id: uuidv7(), time: '' };
const page = () => scene.page;
const screen = (name: string) => scene.screen(name);

describe('medication safety on the MAR, end to end', () => {
  beforeAll(async () => {
    const district = await scene.startDistrict();
    await loadShippedIfChanged(district.h.db);
    const now = new Date();
    await scene.addStudent(student, now);
    const med = (name: string, generic: string, rxnorm: string) =>
      scene.addMedication(uuidv7(), { name, generic_name: generic, rxnorm_code: rxnorm }, now);
    const fluoxetine = await med('Fluoxetine 20 mg capsule (E2E)', 'fluoxetine', '4493');
    const sertraline = await med('Sertraline 50 mg tablet (E2E)', 'sertraline', '36437');
    order.time = scene.hhmm(new Date(now.getTime() + 5 * 60_000));
    const base = {
      student_id: student.id,
      dose: '1 tablet',
      route: 'oral',
      start_date: scene.localDay(now),
      school_id: district.schoolId,
      created_at: now,
      updated_at: now,
    };
    await scene.district.h.db
      .insertInto('student_medications')
      .values([
        {
          ...base,
          id: uuidv7(),
          medication_id: fluoxetine,
          schedule_times: JSON.stringify([]),
          administration_location: 'HOME',
        },
        { ...base, id: order.id, medication_id: sertraline, schedule_times: JSON.stringify([order.time]) },
      ])
      .execute();
    await scene.startStation();
  });

  afterEach((ctx) => scene.onFailure(ctx));
  afterAll(() => scene.close());

  it('enrolls and pulls the reference', () => scene.enroll());

  it('shows the interaction before the nurse confirms, and needs a reason to give the dose', async () => {
    await page().keyboard.press('Alt+M');
    await page().getByRole('heading', { level: 1, name: 'Medication administration record' }).waitFor();
    const row = page()
      .getByRole('row')
      .filter({ hasText: `${student.first} ${student.last}` });
    const give = row.getByRole('button', { name: /^Given/ });
    await give.focus();
    await page().keyboard.press('Enter');
    const form = page().getByRole('form', { name: /Given: Sertraline 50 mg tablet \(E2E\)/ });
    const check = form.getByRole('region', { name: /Safety check: Sertraline/ });
    await check.waitFor();
    await expect.poll(() => check.textContent()).toContain('Major');
    const text = (await check.textContent()) ?? '';
    expect(text).toContain('Fluoxetine 20 mg capsule (E2E) 1 tablet (home medication)');
    expect(text).toMatch(/Serotonin syndrome/i);
    expect(text).toContain('Management:');
    expect(text).toMatch(/Source: /);
    // no physician field for a major finding: only the reason
    expect(await form.getByLabel('Approving physician').count()).toBe(0);
    await screen('safety-01-mar-warning');

    await form.getByRole('button', { name: 'Override and record given' }).click();
    await form.getByText(/Give your reason for giving it anyway/).waitFor();
    await screen('safety-02-reason-required');

    await form
      .getByLabel('Reason for giving it anyway')
      .fill('Cross-taper ordered by Dr. Raman; parent confirmed');
    await form.getByRole('button', { name: 'Override and record given' }).click();
    await page()
      .getByText(`Sertraline 50 mg tablet (E2E) for ${student.first} ${student.last}: Given.`)
      .waitFor();
    await screen('safety-03-given');
  });

  it('sends the override to the district server', async () => {
    await page()
      .getByRole('contentinfo', { name: 'Sync status' })
      .getByRole('button', { name: 'Sync now' })
      .click();
    await expect
      .poll(
        async () =>
          (
            await scene.district.h.db
              .selectFrom('medication_safety_overrides')
              .select(['highest_severity', 'reason', 'physician_name'])
              .where('student_id', '=', student.id)
              .execute()
          ).map((r) => `${r.highest_severity}|${r.reason}|${r.physician_name ?? ''}`),
        { timeout: 60_000 },
      )
      .toEqual(['MAJOR|Cross-taper ordered by Dr. Raman; parent confirmed|']);
  });

  it('has no accessibility findings', () => {
    expect(scene.axeFindings).toEqual([]);
  });
});
