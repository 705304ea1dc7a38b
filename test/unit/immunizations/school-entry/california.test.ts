import { describe, expect, it } from 'vitest';
import { at, check, exemption, routineDoses, shipped, without } from './support';

/**
 * California (17 CCR §6025, IMM-231): kindergarten and 7th grade students with hand-built valid doses. Medical
 * exemptions only (with the CAIR-ME form on file); conditional admission for a student with a first dose, for 30
 * days after entry or while the series is in process.
 */
const dob = '2021-03-10'; // a kindergartner of 2026-2027
const entry = '2026-08-20';
const K = { state: 'CA', dob, grade: 'K', entry };

describe('California school-entry compliance', () => {
  it('a kindergartner with the routine series meets every kindergarten requirement; Tdap is not required yet', () => {
    const r = check({ ...K, today: '2026-09-01', doses: routineDoses(dob) });
    for (const v of ['IPV', 'DTaP', 'HepB', 'MMR', 'VAR'])
      expect(r[v], v).toMatchObject({ status: 'COMPLIANT', dueDate: null, conditionalDeadline: null });
    expect(r['DTaP']).toMatchObject({
      validDoses: 5,
      dosesNeeded: 5,
      rule: '5 doses of DTaP, DTP, Tdap or Td',
    });
    expect(r['MMR']!.validDoseDates).toEqual([at(dob, 12), at(dob, 50)]);
    expect(r['Tdap']).toMatchObject({
      status: 'NOT_REQUIRED',
      reason: 'not required for kindergarten in California',
    });
  });

  it('missing MMR dose 2: conditional for 30 days after entry, then overdue, in plain language', () => {
    const doses = without(routineDoses(dob), 'MMR', 1);
    expect(check({ ...K, today: '2026-09-01', doses })['MMR']).toMatchObject({
      status: 'CONDITIONAL',
      validDoses: 1,
      dosesNeeded: 2,
      nextDose: 2,
      dueDate: at(dob, 12, 28),
      conditionalDeadline: '2026-09-19',
      reason: 'needs MMR dose 2 before kindergarten entry; due now; conditional admission until 2026-09-19',
    });
    expect(check({ ...K, today: '2026-09-20', doses })['MMR']).toMatchObject({
      status: 'OVERDUE',
      conditionalDeadline: null,
      reason: 'needs MMR dose 2 before kindergarten entry; due now',
    });
  });

  it('no dose at all of a vaccine: no conditional admission in California (a first dose is required)', () => {
    const doses = { ...routineDoses(dob), VAR: [] };
    expect(check({ ...K, today: '2026-08-25', doses })['VAR']).toMatchObject({
      status: 'OVERDUE',
      validDoses: 0,
      reason: 'needs VAR dose 1 before kindergarten entry; due now',
    });
  });

  it('an MMR dose before the 1st birthday counts within the 4-day grace period only', () => {
    const early = (days: number) => ({ ...routineDoses(dob), MMR: [at(dob, 12, -days), at(dob, 50)] });
    expect(check({ ...K, today: '2026-10-01', doses: early(4) })['MMR']!.status).toBe('COMPLIANT');
    const r = check({ ...K, today: '2026-10-01', doses: early(5) })['MMR']!;
    expect(r).toMatchObject({ status: 'OVERDUE', validDoses: 1, nextDose: 2 });
    expect(r.validDoseDates).toEqual([at(dob, 50)]);
  });

  it('DTaP: 4 doses suffice when one was on or after the 4th birthday; 4 early doses need a 5th', () => {
    const base = routineDoses(dob);
    const four = { ...base, DTaP: [at(dob, 2), at(dob, 4), at(dob, 6), at(dob, 49)] };
    expect(check({ ...K, today: '2026-10-01', doses: four })['DTaP']).toMatchObject({
      status: 'COMPLIANT',
      validDoses: 4,
      dosesNeeded: 4,
      rule: '4 doses if one was given on or after the 4th birthday',
    });
    const early = { ...base, DTaP: [at(dob, 2), at(dob, 4), at(dob, 6), at(dob, 15)] };
    expect(check({ ...K, today: '2026-10-01', doses: early })['DTaP']).toMatchObject({
      status: 'OVERDUE',
      nextDose: 5,
      dueDate: at(dob, 15), // the state's rules alone: CDC's 6 months after dose 4 is the CDSi forecast's
      reason: 'needs DTaP dose 5 before kindergarten entry; due now',
    });
  });

  it('a series in process stays conditional until its next dose is due (HepB catch-up)', () => {
    const doses = { ...routineDoses(dob), HepB: ['2026-07-01', '2026-08-01'] };
    expect(check({ ...K, today: '2026-09-25', doses })['HepB']).toMatchObject({
      status: 'CONDITIONAL',
      nextDose: 3,
      dueDate: '2026-09-26',
      conditionalDeadline: '2026-09-26',
    });
    expect(check({ ...K, today: '2026-09-10', doses })['HepB']!.reason).toBe(
      'needs HepB dose 3 before kindergarten entry; due 2026-09-26; admitted conditionally while the series is in process (until 2026-09-26)',
    );
    // due, and the 30 days after entry (2026-09-19) are over
    expect(check({ ...K, today: '2026-09-27', doses })['HepB']).toMatchObject({
      status: 'OVERDUE',
      reason: 'needs HepB dose 3 before kindergarten entry; due now',
    });
  });

  it('a medical exemption with its form counts until it expires; after that it stops counting', () => {
    const doses = without(routineDoses(dob), 'MMR', 0);
    const medical = exemption({
      type: 'MEDICAL',
      vaccine: 'MMR',
      startDate: '2026-01-15',
      endDate: '2027-01-14',
    });
    expect(check({ ...K, today: '2026-10-01', doses, exemptions: [medical] })['MMR']).toMatchObject({
      status: 'EXEMPT',
      exemption: medical,
      reason: 'medical exemption until 2027-01-14',
    });
    expect(check({ ...K, today: '2027-01-15', doses, exemptions: [medical] })['MMR']).toMatchObject({
      status: 'OVERDUE',
      notCounted: ['medical exemption not counted: expired 2027-01-14'],
      reason:
        'needs MMR dose 1 before kindergarten entry; due now; medical exemption not counted: expired 2027-01-14',
    });
    const noForm = { ...medical, documentRef: null };
    expect(check({ ...K, today: '2026-10-01', doses, exemptions: [noForm] })['MMR']!.notCounted).toEqual([
      'medical exemption not counted: no signed form on file (California requires one)',
    ]);
  });

  it('a religious or personal-belief exemption does not count in California, and the reason says so', () => {
    const doses = without(routineDoses(dob), 'DTaP', 3);
    const r = check({ ...K, today: '2026-10-01', doses, exemptions: [exemption({ type: 'RELIGIOUS' })] })[
      'DTaP'
    ]!;
    expect(r.status).toBe('OVERDUE');
    expect(r.reason).toBe(
      'needs DTaP dose 4 before kindergarten entry; due now; religious exemption not counted: not accepted in California (medical exemption only)',
    );
    // an exemption from every vaccine reaches every requirement, and is refused for each
    const all = check({
      ...K,
      today: '2026-10-01',
      doses: {},
      exemptions: [exemption({ type: 'PHILOSOPHICAL' })],
    });
    expect(Object.values(all).filter((v) => v.notCounted.length > 0)).toHaveLength(5);
  });

  it('varicella: a physician-documented history of disease meets it; not so for DTaP', () => {
    const history = exemption({ type: 'HISTORY_OF_DISEASE', vaccine: null, startDate: '2024-05-02' });
    const r = check({
      ...K,
      today: '2026-10-01',
      doses: without(routineDoses(dob), 'VAR', 0),
      exemptions: [history],
    });
    expect(r['VAR']).toMatchObject({
      status: 'COMPLIANT',
      reason: 'immunity documented (history of disease dated 2024-05-02), accepted for VAR in California',
    });
    expect(r['DTaP']!.notCounted).toEqual([]); // routine DTaP is complete: nothing to say
  });

  it('7th grade: Tdap on or after the 7th birthday is required; a Tdap at 6 does not count', () => {
    const older = '2014-02-01';
    const doses = { ...routineDoses(older), Tdap: [at(older, 80)] };
    const g7 = { state: 'CA', dob: older, grade: '7', entry: '2026-08-20' };
    expect(check({ ...g7, today: '2026-10-01', doses })['Tdap']).toMatchObject({
      status: 'OVERDUE',
      validDoses: 0,
      dueDate: at(older, 84),
      reason: 'needs Tdap dose 1 before 7th grade entry; due now',
    });
    expect(
      check({ ...g7, today: '2026-10-01', doses: { ...doses, Tdap: [at(older, 80), '2026-08-01'] } })['Tdap']!
        .status,
    ).toBe('COMPLIANT');
    // a Tdap given at 11 also counts toward the DTaP series (3 doses, one on or after the 7th birthday)
    const three = { ...doses, DTaP: [at(older, 2), at(older, 4), at(older, 6)], Tdap: ['2026-08-01'] };
    expect(check({ ...g7, today: '2026-10-01', doses: three })['DTaP']).toMatchObject({
      status: 'COMPLIANT',
      rule: '4 doses if one was given on or after the 4th birthday',
    });
  });

  it('pre-kindergarten is outside the school-entry rules; a student of another state is refused', () => {
    const r = check({ ...K, grade: 'PK', today: '2026-10-01', doses: {} });
    expect(Object.values(r).every((v) => v.status === 'NOT_REQUIRED')).toBe(true);
    expect(() =>
      check({ ...K, state: 'TX', requirements: shipped('CA'), today: '2026-10-01', doses: {} }),
    ).toThrow(/student.state TX is not the requirements' state CA/);
  });
});
