import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  readSchoolEntryDataset,
  SchoolEntryDatasetError,
  SHIPPED_SCHOOL_ENTRY_DIR,
} from '../../../../server-sync/immunizations';
import {
  RequirementRowError,
  requirementsFromRows,
  scheduleRowId,
  scheduleRows,
  StateRequirements,
} from '../../../../src-shared/immunizations';
import { shipped } from './support';

/**
 * The shipped dataset (reference-data/school-entry): every state parses, every fact cites a source of its file with a
 * date, exemption types are the states' published ones; the rows written to vaccination_schedules and the rules read
 * back from them; a broken file is refused naming the file and the field.
 */
const STATES = ['CA', 'TX', 'NY', 'FL', 'IL', 'OH'];

describe('school-entry dataset', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const copy = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'school-entry-'));
    dirs.push(dir);
    cpSync(SHIPPED_SCHOOL_ENTRY_DIR, dir, { recursive: true });
    return dir;
  };

  it('reads the five states, each with its sources and the exemption types its law allows', async () => {
    const ds = await readSchoolEntryDataset();
    expect(ds.states.map((s) => s.state)).toEqual(STATES);
    const allowed = Object.fromEntries(ds.states.map((s) => [s.state, s.exemptions.map((e) => e.type)]));
    expect(allowed).toEqual({
      CA: ['MEDICAL'],
      TX: ['MEDICAL', 'RELIGIOUS', 'PHILOSOPHICAL'],
      NY: ['MEDICAL'],
      FL: ['MEDICAL', 'RELIGIOUS'],
      IL: ['MEDICAL', 'RELIGIOUS'],
      OH: ['MEDICAL', 'RELIGIOUS', 'PHILOSOPHICAL'],
    });
    for (const s of ds.states) {
      expect(
        s.sources.every((x) => x.url.startsWith('http')),
        s.state,
      ).toBe(true);
      expect(
        s.requirements.every(
          (r) => /^\d{4}-\d{2}-\d{2}$/.test(r.source.date) && r.effectiveDate <= '2025-09-01',
        ),
      ).toBe(true);
      expect(s.conditionalAdmission, s.state).not.toBeNull();
    }
  });

  it('writes one row per state, vaccine and dose, and reads the same rules back (PostgreSQL object or SQLite text)', () => {
    for (const code of STATES) {
      const state = shipped(code);
      const rows = scheduleRows(state);
      const keys = rows.map((r) => `${r.vaccine_type}:${r.dose_number}`);
      expect(new Set(keys).size, code).toBe(keys.length);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(rows.every((r) => r.cdc_schedule_reference.length <= 200)).toBe(true);
      expect(requirementsFromRows(rows, code)).toEqual(state);
      const text = rows.map((r) => ({ ...r, requirement: JSON.stringify(r.requirement) }));
      expect(requirementsFromRows(text, code)).toEqual(state);
      expect(requirementsFromRows(rows, 'WA')).toBeNull();
    }
    const ca = scheduleRows(shipped('CA'));
    expect(ca.find((r) => r.vaccine_type === 'DTaP' && r.dose_number === 5)).toMatchObject({
      id: scheduleRowId('CA', 'DTaP', 5),
      grade_level: 'K',
      exemption_types: ['MEDICAL'],
      grace_period_days: 30,
    });
    expect(ca.find((r) => r.vaccine_type === 'MMR' && r.dose_number === 2)).toMatchObject({
      minimum_age_months: 12,
      minimum_interval_days: 28,
    });
    const ny = scheduleRows(shipped('NY'));
    expect(ny.find((r) => r.vaccine_type === 'MenACWY' && r.dose_number === 2)).toMatchObject({
      grade_level: '12',
      minimum_age_months: 192,
    });
    expect(scheduleRows(shipped('IL'))[0]!.grace_period_days).toBe(0); // a date (October 15), not days
  });

  it('refuses a stored rule that does not parse, naming the row and the field', () => {
    const rows = scheduleRows(shipped('CA'));
    const broken = rows.map((r, i) =>
      i === 0 ? { ...r, requirement: { ...r.requirement, ageGraceDays: -1 } } : r,
    );
    expect(() => requirementsFromRows(broken, 'CA')).toThrow(RequirementRowError);
    expect(() => requirementsFromRows(broken, 'CA')).toThrow(
      new RegExp(`row ${rows[0]!.id} requirement ageGraceDays`),
    );
    const text = rows.map((r, i) => (i === 0 ? { ...r, requirement: '{not json' } : r));
    expect(() => requirementsFromRows(text, 'CA')).toThrow(/requirement: not JSON/);
    const other = rows.map((r, i) => (i === 0 ? { ...r, vaccine_type: 'MMR' } : r));
    expect(() => requirementsFromRows(other, 'CA')).toThrow(/not the rule of CA MMR/);
  });

  it('refuses overlapping grade bands, an unknown source and a dose rule beyond the doses, naming the field', () => {
    const ca = shipped('CA');
    const overlap = { ...ca, requirements: [...ca.requirements, { ...ca.requirements[0]!, fromGrade: '3' }] };
    expect(StateRequirements.safeParse(overlap).error?.issues[0]).toMatchObject({
      path: ['requirements', 6, 'fromGrade'],
      message: 'IPV grades 3-12 overlap requirements.0 (K-12)',
    });
    const unknown = { ...ca, ageGraceSource: { ...ca.ageGraceSource, source: 'nowhere' } };
    expect(StateRequirements.safeParse(unknown).error?.issues[0]).toMatchObject({
      path: ['ageGraceSource', 'source'],
      message: 'no source nowhere in sources',
    });
    const rule = {
      ...ca,
      requirements: [
        { ...ca.requirements[0]!, options: [{ doses: 2, doseRules: [{ dose: 3 }], text: 'x' }] },
      ],
    };
    expect(StateRequirements.safeParse(rule).error?.issues[0]?.path).toEqual([
      'requirements',
      0,
      'options',
      0,
      'doseRules',
      0,
      'dose',
    ]);
  });

  it('refuses a broken file naming the file and the field; a missing state file names the file', async () => {
    const dir = copy();
    const tx = JSON.parse(readFileSync(join(dir, 'TX.json'), 'utf8')) as {
      requirements: { options: { doses: unknown }[] }[];
    };
    tx.requirements[2]!.options[0]!.doses = 'one';
    writeFileSync(join(dir, 'TX.json'), JSON.stringify(tx));
    const err = await readSchoolEntryDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchoolEntryDatasetError);
    expect((err as SchoolEntryDatasetError).problems).toEqual([
      'TX.json requirements.2.options.0.doses: Invalid input: expected number, received string',
    ]);
    rmSync(join(dir, 'NY.json'));
    await expect(readSchoolEntryDataset(dir)).rejects.toThrow(/NY.json: cannot be read/);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ dataset: 'white-cross-school-entry', version: 'v1' }),
    );
    await expect(readSchoolEntryDataset(dir)).rejects.toThrow(/manifest.json version: a version YYYY.M.N/);
  });
});
