import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import {
  assessPatient,
  assessVaccineGroup,
  contraindicatedVaccines,
  evidenceOfImmunity,
  type GroupInput,
} from '../../../src-shared/immunizations/cdsi';
import { forecastView } from '../../../src-shared/immunizations/forecast-view';
import type { SupportingData } from '../../../src-shared/immunizations/supporting-data';

/**
 * Observations in CDC's logic, on CDC's real supporting data (4.64): evidence of immunity (clinical history; the
 * immunity birth date and its exclusions) and contraindications (antigen: no dose recommended; vaccine: that vaccine
 * left out of the recommended ones). The codes are CDC's observation codes, each checked against the data's title
 * first, so a release that renumbers them fails here rather than silently changing what a nurse sees.
 */
let data: SupportingData;
beforeAll(async () => {
  data = (await readSupportingData()).data;
});

const title = (code: string): string =>
  data.schedule.observations.find((o) => o.observationCode === code)?.observationTitle ?? '(none)';

const sixYearOld = (observations: string[] = [], doses: GroupInput['doses'] = []): GroupInput => ({
  birthDate: '2020-09-10',
  gender: 'Male',
  assessmentDate: '2026-12-07',
  doses,
  observations: new Set(observations),
});

describe('CDC observations: the codes this test relies on', () => {
  it('are the observations CDC names them', () => {
    expect(title('020')).toMatch(/Laboratory Evidence of Immunity for Measles/i);
    expect(title('024')).toMatch(/history of or diagnosis of Varicella/i);
    expect(title('007')).toMatch(/Pregnant/i);
    expect(title('055')).toMatch(/Health care personnel/i);
    expect(title('003')).toMatch(/Immunocompromised/i);
    expect(title('086')).toMatch(/Severe allergic reaction after previous dose of Pertussis/i);
  });
});

describe('evidence of immunity', () => {
  it('a provider-verified history of varicella makes the varicella series Immune, with the evidence named', () => {
    const without = assessVaccineGroup(data, 'Varicella', sixYearOld());
    expect(without.evaluation.seriesStatus).toBe('Not Complete');
    const a = assessVaccineGroup(data, 'Varicella', sixYearOld(['024']));
    expect(a.evaluation.seriesStatus).toBe('Immune');
    expect(a.forecast).toBeNull();
    expect(a.evaluation.antigens[0]?.statusReason).toMatch(/evidence of immunity: .*Varicella/);
  });

  it('MMR is Immune only when every antigen is: a measles titer alone leaves mumps and rubella due', () => {
    const a = assessVaccineGroup(data, 'MMR', sixYearOld(['020']));
    const byAntigen = Object.fromEntries(a.evaluation.antigens.map((x) => [x.antigen, x.status]));
    expect(byAntigen['Measles']).toBe('Immune');
    expect(byAntigen['Mumps']).toBe('Not Complete');
    expect(a.evaluation.seriesStatus).toBe('Not Complete');
    expect(a.forecast).not.toBeNull();
  });

  it('born before 1957: immune to measles, unless the patient is health care personnel (an exclusion)', () => {
    const measles = data.antigens['Measles'];
    expect(evidenceOfImmunity(measles, '1950-05-01')?.kind).toBe('birth date');
    expect(evidenceOfImmunity(measles, '1950-05-01', new Set(['055']))).toBeNull();
    expect(evidenceOfImmunity(measles, '1990-05-01')).toBeNull();
  });

  it('born before 1980 in the U.S.: immune to varicella; born elsewhere (when known): not', () => {
    const varicella = data.antigens['Varicella'];
    expect(evidenceOfImmunity(varicella, '1975-01-01', new Set(), 'U.S.')?.kind).toBe('birth date');
    expect(evidenceOfImmunity(varicella, '1975-01-01', new Set(), 'Mexico')).toBeNull();
    expect(evidenceOfImmunity(varicella, '1975-01-01', new Set(['003']), 'U.S.')).toBeNull();
  });
});

describe('contraindications', () => {
  it('an antigen contraindication stops every dose of the group that gives the antigen together (MMR when pregnant)', () => {
    const a = assessVaccineGroup(data, 'MMR', sixYearOld(['007']));
    expect(a.evaluation.seriesStatus).toBe('Contraindicated');
    expect(a.forecast).toBeNull();
    const view = forecastView(assessPatient(data, sixYearOld(['007'])), '2020-09-10', '2026-12-07');
    const mmr = view.groups.find((g) => g.vaccineGroup === 'MMR');
    expect(mmr?.status).toBe('Contraindicated');
    expect(mmr?.summary).toMatch(/MMR: contraindicated, no dose recommended \(Pregnant: Do not vaccinate/);
  });

  it('a pertussis contraindication leaves tetanus and diphtheria due (DTaP/Tdap/Td does not give all together)', () => {
    const a = assessVaccineGroup(data, 'DTaP/Tdap/Td', sixYearOld(['086']));
    const byAntigen = Object.fromEntries(a.evaluation.antigens.map((x) => [x.antigen, x.status]));
    expect(byAntigen['Pertussis']).toBe('Contraindicated');
    expect(byAntigen['Tetanus']).toBe('Not Complete');
    expect(a.evaluation.seriesStatus).toBe('Not Complete');
    expect(a.forecast?.fromAntigens).not.toContain('Pertussis');
  });

  it('a vaccine contraindication leaves that vaccine out of the recommended ones (LAIV when immunocompromised)', () => {
    const influenza = data.antigens['Influenza'];
    const ruledOut = contraindicatedVaccines(influenza, '2020-09-10', '2026-12-07', new Set(['003']));
    expect(ruledOut.has('111')).toBe(true);
    const a = assessVaccineGroup(data, 'Influenza', sixYearOld(['003']));
    const plain = assessVaccineGroup(data, 'Influenza', sixYearOld());
    expect(a.forecast).not.toBeNull();
    expect(plain.forecast).not.toBeNull();
    const types = a.forecast?.vaccineTypes.map((v) => v.cvx) ?? [];
    const plainTypes = plain.forecast?.vaccineTypes.map((v) => v.cvx) ?? [];
    expect(types.length).toBeGreaterThan(0);
    expect(plainTypes.some((cvx) => ruledOut.has(cvx))).toBe(true);
    for (const cvx of ruledOut) expect(types).not.toContain(cvx);
    expect(plain.forecast?.earliestDate).toBe(a.forecast?.earliestDate);
  });

  it('without observations nothing changes', () => {
    const a = assessVaccineGroup(data, 'MMR', sixYearOld());
    expect(a.evaluation.antigens.every((x) => x.statusReason === undefined)).toBe(true);
    expect(contraindicatedVaccines(data.antigens['Influenza'], '2020-09-10', '2026-12-07').size).toBe(0);
  });
});
