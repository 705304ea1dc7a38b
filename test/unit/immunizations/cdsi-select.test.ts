import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import {
  evaluateVaccineGroup,
  groupDoseStatus,
  organizeHistory,
  relevantSeries,
  selectSeries,
} from '../../../src-shared/immunizations/cdsi';
import type { SupportingData } from '../../../src-shared/immunizations/supporting-data';

/** CDSi series selection and the vaccine group on hand-built patients, over CDC's shipped supporting data. */

let data: SupportingData;
beforeAll(async () => {
  data = (await readSupportingData()).data;
});

const patient = (birthDate: string, assessmentDate: string, doses: { date: string; cvx: string }[]) => ({
  birthDate,
  assessmentDate,
  doses,
});

describe('relevant series', () => {
  it('keeps the series of the patient gender and no risk series without an indication', () => {
    const input = (gender: 'Male' | 'Female') => ({
      birthDate: '2010-01-01',
      gender,
      assessmentDate: '2025-01-01',
      history: organizeHistory(data, patient('2010-01-01', '2025-01-01', [])),
    });
    const male = relevantSeries(data.antigens['HPV']!, input('Male'));
    expect(male.length).toBeGreaterThan(0);
    expect(male.every((s) => s.requiredGender.length === 0 || s.requiredGender.includes('Male'))).toBe(true);
    expect(
      relevantSeries(data.antigens['HPV']!, input('Female')).some((s) => s.seriesName.includes('male')),
    ).toBe(false);
    for (const antigen of Object.values(data.antigens))
      expect(relevantSeries(antigen, input('Female')).some((s) => s.seriesType === 'Risk')).toBe(false);
  });

  it('adds a risk series when one of its indications is given', () => {
    const risk = Object.values(data.antigens)
      .flatMap((a) => a.series)
      .find(
        (s) =>
          s.seriesType === 'Risk' &&
          s.indications.some((i) => i.observationCode?.code && !i.beginAge && !i.endAge),
      );
    expect(risk).toBeDefined();
    const code = risk!.indications.find((i) => i.observationCode?.code)!.observationCode!.code!;
    const series = relevantSeries(data.antigens[risk!.targetDisease]!, {
      birthDate: '1980-01-01',
      assessmentDate: '2025-01-01',
      history: organizeHistory(data, patient('1980-01-01', '2025-01-01', [])),
      observations: new Set([code]),
    });
    expect(series.map((s) => s.seriesName)).toContain(risk!.seriesName);
  });
});

describe('best series', () => {
  it('puts a woman who started HPV at 25 in the 3-dose series, not complete after 2 doses', () => {
    const p = patient('1998-11-26', '2025-11-10', [
      { date: '2023-11-26', cvx: '165' },
      { date: '2025-11-10', cvx: '165' },
    ]);
    const r = evaluateVaccineGroup(data, 'HPV', { ...p, gender: 'Female' });
    expect(r.antigens[0]!.selection.best!.series.seriesName).toBe('HPV 3-dose series');
    expect(r.seriesStatus).toBe('Not Complete');
    expect(r.doses.map((d) => d.status)).toEqual(['Valid', 'Valid']);
  });

  it('takes the HepB 4-dose series when 4 doses are valid (no extraneous 4th dose)', () => {
    const p = patient('2024-09-10', '2025-11-10', [
      { date: '2024-11-10', cvx: '110' },
      { date: '2025-01-10', cvx: '110' },
      { date: '2025-07-10', cvx: '110' },
      { date: '2025-11-09', cvx: '110' },
    ]);
    const history = organizeHistory(data, p);
    const s = selectSeries(data, 'HepB', { ...p, history });
    expect(s.best!.series.seriesName).toBe('HepB 4-dose series');
    expect(s.best!.classification).toBe('complete');
    expect(s.candidates.length).toBeGreaterThan(1);
  });

  it('starts a patient with no doses on the default series, even past its max age to start', () => {
    // CDC's cases 2013-0012 (DTaP at 6), 2019-0023 (varicella at 22), 2022-0013 (HepB at 23) forecast dose 1 of the
    // default series from its minimum age, though other series of the group could start at the patient's age
    const p = patient('2022-01-01', '2025-01-01', []);
    const s = selectSeries(data, 'Pneumococcal', { ...p, history: organizeHistory(data, p) });
    expect(s.best!.classification).toBe('no valid doses');
    expect(s.best!.series.selectSeries.defaultSeries).toBe(true);
    expect(s.best!.series.seriesName).toBe('Pneumococcal 4-dose series');
    expect(s.why).toBe('no valid doses: default series');
    expect(s.candidates.map((c) => c.series.seriesName)).toContain('Pneumococcal start at 24 months series');
  });
});

describe('vaccine group', () => {
  it('a dose valid for one antigen counts for DTaP/Tdap/Td, not for MMR', () => {
    expect(groupDoseStatus(['Valid', 'Extraneous', 'Valid'], false)).toBe('Valid');
    expect(groupDoseStatus(['Valid', 'Extraneous', 'Valid'], true)).toBe('Extraneous');
    expect(groupDoseStatus(['Valid', 'Not Valid'], false)).toBe('Not Valid');
    expect(groupDoseStatus(['Extraneous'], false)).toBe('Extraneous');
  });

  it('says Immune for MMR when born before 1957, Aged Out for Hib at 6 with no dose, Not Complete for MMR at 2 with none', () => {
    expect(evaluateVaccineGroup(data, 'MMR', patient('1950-01-01', '2025-01-01', [])).seriesStatus).toBe(
      'Immune',
    );
    // past the maximum age of every Hib series' next dose (5 years), as CDC's case 2013-0285
    expect(evaluateVaccineGroup(data, 'Hib', patient('2019-01-01', '2025-01-01', [])).seriesStatus).toBe(
      'Aged Out',
    );
    const mmr = evaluateVaccineGroup(data, 'MMR', patient('2023-01-01', '2025-01-01', []));
    expect(mmr.seriesStatus).toBe('Not Complete');
    expect(mmr.antigens.map((a) => a.antigen).sort()).toEqual(['Measles', 'Mumps', 'Rubella']);
    expect(mmr.administerFullVaccineGroup).toBe(true);
  });

  it('counts a combination dose once per group with its status by antigen', () => {
    const r = evaluateVaccineGroup(
      data,
      'DTaP/Tdap/Td',
      patient('2024-01-01', '2025-01-01', [{ date: '2024-03-01', cvx: '110' }]),
    );
    expect(r.doses).toHaveLength(1);
    expect(Object.keys(r.doses[0]!.byAntigen).sort()).toEqual(['Diphtheria', 'Pertussis', 'Tetanus']);
    expect(r.doses[0]!.status).toBe('Valid');
    expect(r.seriesStatus).toBe('Not Complete');
  });

  it('refuses a vaccine group the data does not have', () => {
    expect(() => evaluateVaccineGroup(data, 'Nope', patient('2024-01-01', '2025-01-01', []))).toThrow(/Nope/);
  });
});
