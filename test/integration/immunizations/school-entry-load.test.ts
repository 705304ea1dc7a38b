import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  loadSchoolEntry,
  loadShippedSchoolEntry,
  readSchoolEntryDataset,
  SchoolEntryDatasetError,
  schoolEntryVersionId,
  type SchoolEntryDataset,
} from '../../../server-sync/immunizations';
import {
  requirementsFromRows,
  schoolEntryCompliance,
  scheduleRowId,
  scheduleRows,
} from '../../../src-shared/immunizations';
import { serverTargets } from '../../support/db';

/**
 * The school-entry loader on PGlite and PostgreSQL (TEST_DATABASE_URL): the shipped requirements written to
 * vaccination_schedules in one transaction with their version row and an audit entry, a reload that writes nothing,
 * an edit that updates the vaccine's rows only, a removal that retires them, a hand-written row adopted under its own
 * id, another state's rows left alone, a bad dataset refused with nothing written, and the rules read back from the
 * rows giving a student's compliance.
 */
describe.each(serverTargets())('loadSchoolEntry on $name', (target) => {
  let h: ServerDbHandle;
  let ds: SchoolEntryDataset;
  let total: number;
  const t0 = new Date('2026-12-07T12:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const live = async (state?: string) =>
    await h.db
      .selectFrom('vaccination_schedules')
      .selectAll()
      .where('deleted_at', 'is', null)
      .$if(state !== undefined, (q) => q.where('state_code', '=', state ?? ''))
      .orderBy('state_code')
      .orderBy('vaccine_type')
      .orderBy('dose_number')
      .execute();

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    ds = await readSchoolEntryDataset();
    total = ds.states.reduce((n, s) => n + scheduleRows(s).length, 0);
    // a district's own state, and a CA row written by hand before the load, under its own id
    await sql`INSERT INTO vaccination_schedules (id, state_code, vaccine_type, dose_number, grade_level, grace_period_days)
      VALUES ('wa-mmr-1', 'WA', 'MMR', 1, 'K', 14), ('hand-ca-mmr-1', 'CA', 'MMR', 1, 'K', 30)`.execute(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a dataset with a broken state, writing nothing', async () => {
    const broken = {
      ...ds,
      states: ds.states.map((s) => (s.state === 'NY' ? { ...s, ageGraceDays: 99 } : s)),
    };
    await expect(loadSchoolEntry(h.db, broken, { now: at(0) })).rejects.toThrow(SchoolEntryDatasetError);
    await expect(loadSchoolEntry(h.db, broken, { now: at(0) })).rejects.toThrow(/NY.json ageGraceDays/);
    expect(await live()).toHaveLength(2);
  });

  it('loads the shipped requirements: every row, the version, one audit entry; the hand-written row adopted', async () => {
    const r = await loadShippedSchoolEntry(h.db, { now: at(1) });
    expect(r.states).toEqual(['CA', 'TX', 'NY', 'FL', 'IL', 'OH']);
    expect(r.rows).toEqual({ inserted: total - 1, updated: 1, retired: 0, unchanged: 0 });
    const rows = await live();
    expect(rows).toHaveLength(total + 1);
    const mmr = rows.find((x) => x.state_code === 'CA' && x.vaccine_type === 'MMR' && x.dose_number === 1)!;
    expect(mmr).toMatchObject({ id: 'hand-ca-mmr-1', minimum_age_months: 12, exemption_types: ['MEDICAL'] });
    expect(
      rows.find((x) => x.state_code === 'CA' && x.vaccine_type === 'MMR' && x.dose_number === 2)!.id,
    ).toBe(scheduleRowId('CA', 'MMR', 2));
    expect(rows.find((x) => x.id === 'wa-mmr-1')).toMatchObject({ requirement: null, grace_period_days: 14 });
    const version = await h.db
      .selectFrom('reference_data_versions')
      .selectAll()
      .where('id', '=', schoolEntryVersionId(ds.manifest.version))
      .executeTakeFirstOrThrow();
    expect(version).toMatchObject({ dataset: 'white-cross-school-entry', checksum: r.checksum });
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_logs
      WHERE details->>'event' = 'school_entry_requirements_load'`.execute(h.db);
    expect(audit.rows[0]!.n).toBe(1);
    const captured = await sql<{ n: number }>`SELECT count(DISTINCT row_id)::int AS n FROM sync_changes
      WHERE table_name = 'vaccination_schedules'`.execute(h.db);
    expect(captured.rows[0]!.n).toBeGreaterThanOrEqual(total);
  });

  it('a reload writes nothing: no row, no version, no audit entry', async () => {
    const before = await live();
    const r = await loadShippedSchoolEntry(h.db, { now: at(2) });
    expect(r.rows).toEqual({ inserted: 0, updated: 0, retired: 0, unchanged: total });
    expect((await live()).map((x) => x.updated_at.getTime())).toEqual(
      before.map((x) => x.updated_at.getTime()),
    );
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_logs
      WHERE details->>'event' = 'school_entry_requirements_load'`.execute(h.db);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('an edit updates the rows of that vaccine only; a removed vaccine is retired; a return revives it', async () => {
    const edited: SchoolEntryDataset = {
      ...ds,
      states: ds.states.map((s) =>
        s.state === 'TX'
          ? {
              ...s,
              requirements: s.requirements
                .filter((q) => q.vaccine !== 'HepA')
                .map((q) => (q.vaccine === 'MMR' ? { ...q, note: 'edited' } : q)),
            }
          : s,
      ),
    };
    const r = await loadSchoolEntry(h.db, edited, { now: at(3) });
    expect(r.rows).toEqual({ inserted: 0, updated: 2, retired: 2, unchanged: total - 4 });
    expect((await live('TX')).some((x) => x.vaccine_type === 'HepA')).toBe(false);
    const back = await loadSchoolEntry(h.db, ds, { now: at(4) });
    expect(back.rows).toEqual({ inserted: 0, updated: 4, retired: 0, unchanged: total - 4 });
    expect((await live('TX')).filter((x) => x.vaccine_type === 'HepA')).toHaveLength(2);
  });

  it("the rules read back from the rows give a student's compliance", async () => {
    const requirements = requirementsFromRows(await live('CA'), 'CA')!;
    const ca = ds.states.find((s) => s.state === 'CA')!;
    // the rows come in the table's order (vaccine, dose), the file in the state's
    expect({ ...requirements, requirements: [] }).toEqual({ ...ca, requirements: [] });
    expect(requirements.requirements).toHaveLength(ca.requirements.length);
    expect(requirements.requirements).toEqual(expect.arrayContaining(ca.requirements));
    const out = schoolEntryCompliance({
      student: { dateOfBirth: '2021-03-10', gradeLevel: 'K', state: 'CA', schoolEntryDate: '2026-08-20' },
      requirements,
      validDoses: { MMR: ['2022-03-10'] },
      exemptions: [],
      today: '2026-10-01',
    });
    expect(out.find((v) => v.vaccine === 'MMR')!.reason).toBe(
      'needs MMR dose 2 before kindergarten entry; due now',
    );
  });
});
