import { describe, expect, it } from 'vitest';
import { conditionalWindowEnd } from '../../../../src-shared/immunizations';
import { at, check, exemption, routineDoses, shipped, without } from './support';

/**
 * Florida (DH 150-615, FAC 64D-3.046): medical (DH 680 Part B temporary with its expiration, Part C permanent) and
 * religious (DH 681) exemptions; 30 days for a transfer. Illinois (77 Ill. Adm. Code 665, 105 ILCS 5/27-8.1):
 * medical and religious exemptions, proof due by October 15 of the school year.
 */
describe('Florida school-entry compliance', () => {
  const dob = '2019-11-30';
  const g1 = { state: 'FL', dob, grade: '1', entry: '2026-08-10' };

  it('a 1st grader with the routine series is compliant; Tdap comes at 7th grade; hepatitis A is not required', () => {
    const r = check({ ...g1, today: '2026-09-01', doses: routineDoses(dob) });
    for (const v of ['DTaP', 'IPV', 'MMR', 'HepB', 'VAR']) expect(r[v]!.status, v).toBe('COMPLIANT');
    expect(r['Tdap']!.status).toBe('NOT_REQUIRED');
    expect(r['HepA']).toBeUndefined();
  });

  it('a religious exemption (DH 681 on file) counts; a temporary medical exemption stops at its expiration', () => {
    const doses = without(routineDoses(dob), 'HepB', 1);
    const religious = exemption({ type: 'RELIGIOUS', vaccine: null, startDate: '2026-07-15' });
    expect(check({ ...g1, today: '2026-09-01', doses, exemptions: [religious] })['HepB']).toMatchObject({
      status: 'EXEMPT',
      reason: 'religious exemption (no end date)',
    });
    const partB = exemption({
      type: 'MEDICAL',
      vaccine: 'HepB',
      startDate: '2026-08-01',
      endDate: '2026-10-31',
    });
    expect(check({ ...g1, today: '2026-10-31', doses, exemptions: [partB] })['HepB']!.status).toBe('EXEMPT');
    expect(check({ ...g1, today: '2026-11-01', doses, exemptions: [partB] })['HepB']).toMatchObject({
      status: 'OVERDUE',
      reason: 'needs HepB dose 2 for 1st grade; due now; medical exemption not counted: expired 2026-10-31',
    });
    const philosophical = exemption({ type: 'PHILOSOPHICAL', vaccine: 'HepB' });
    expect(
      check({ ...g1, today: '2026-11-01', doses, exemptions: [philosophical] })['HepB']!.notCounted,
    ).toEqual([
      'philosophical (personal belief) exemption not counted: not accepted in Florida (medical exemption (DH 680 Part B temporary or Part C permanent) or religious exemption (DH 681) only)',
    ]);
  });

  it('a transfer has 30 days after entry, even without a first dose', () => {
    const doses = without(routineDoses(dob), 'VAR', 0);
    expect(check({ ...g1, today: '2026-09-09', doses })['VAR']).toMatchObject({
      status: 'CONDITIONAL',
      conditionalDeadline: '2026-09-09',
    });
    expect(check({ ...g1, today: '2026-09-10', doses })['VAR']!.status).toBe('OVERDUE');
  });

  it('an exemption dated after today does not count yet', () => {
    const doses = without(routineDoses(dob), 'MMR', 1);
    const later = exemption({ type: 'MEDICAL', vaccine: 'MMR', startDate: '2027-01-01' });
    expect(check({ ...g1, today: '2026-12-01', doses, exemptions: [later] })['MMR']!.notCounted).toEqual([
      'medical exemption not counted: starts 2027-01-01',
    ]);
  });
});

describe('Illinois school-entry compliance', () => {
  const dob = '2015-04-12'; // 6th grade in 2026-2027
  const g6 = { state: 'IL', dob, grade: '6', entry: '2026-08-17' };
  const sixth = { ...routineDoses(dob), Tdap: ['2026-06-01'], MenACWY: ['2026-06-01'] };

  it('a 6th grader with Tdap and MenACWY at 11 is compliant', () => {
    const r = check({ ...g6, today: '2026-09-01', doses: sixth });
    for (const v of ['DTaP', 'Tdap', 'IPV', 'MMR', 'HepB', 'VAR', 'MenACWY'])
      expect(r[v]!.status, v).toBe('COMPLIANT');
  });

  it('proof is due by October 15 of the school year; after it the student is overdue', () => {
    const doses = { ...sixth, MenACWY: [] };
    expect(check({ ...g6, today: '2026-10-15', doses })['MenACWY']).toMatchObject({
      status: 'CONDITIONAL',
      conditionalDeadline: '2026-10-15',
      reason: 'needs MenACWY dose 1 before 6th grade entry; due now; conditional admission until 2026-10-15',
    });
    expect(check({ ...g6, today: '2026-10-16', doses })['MenACWY']!.status).toBe('OVERDUE');
    const il = shipped('IL').conditionalAdmission!;
    expect(conditionalWindowEnd(il, '2027-01-05')).toBeNull(); // entering after October 15: no window
    expect(conditionalWindowEnd(il, '2026-07-01')).toBe('2026-10-15');
  });

  it('a young 6th grader who cannot have MenACWY before the 10th birthday is conditional until then', () => {
    const young = '2017-03-20'; // 9 at 6th grade entry
    const doses = { ...routineDoses(young), Tdap: ['2026-06-01'] };
    expect(
      check({ state: 'IL', dob: young, grade: '6', entry: '2026-08-17', today: '2026-11-01', doses })[
        'MenACWY'
      ],
    ).toMatchObject({
      status: 'CONDITIONAL',
      nextDose: 1,
      dueDate: '2027-03-20',
      conditionalDeadline: '2027-03-20',
      reason:
        'needs MenACWY dose 1 before 6th grade entry; due 2027-03-20; admitted conditionally (until 2027-03-20)',
    });
  });

  it('religious exemptions count, philosophical ones do not ("general philosophical" objections)', () => {
    const doses = { ...sixth, Tdap: [] };
    const today = '2026-11-01';
    expect(
      check({ ...g6, today, doses, exemptions: [exemption({ type: 'RELIGIOUS' })] })['Tdap']!.status,
    ).toBe('EXEMPT');
    const r = check({
      ...g6,
      today,
      doses,
      exemptions: [exemption({ type: 'PHILOSOPHICAL', vaccine: 'Tdap' })],
    });
    expect(r['Tdap']).toMatchObject({
      status: 'OVERDUE',
      reason:
        'needs Tdap dose 1 before 6th grade entry; due now; philosophical (personal belief) exemption not counted: not accepted in Illinois (medical exemption or religious exemption only)',
    });
  });

  it('DTaP: 4 doses with the last on or after the 4th birthday; laboratory evidence of immunity is not accepted for it', () => {
    const doses = { ...sixth, DTaP: [at(dob, 2), at(dob, 4), at(dob, 6), at(dob, 15)], Tdap: [] };
    const lab = exemption({ type: 'LAB_EVIDENCE_OF_IMMUNITY', vaccine: 'DTaP' });
    expect(check({ ...g6, today: '2026-11-01', doses, exemptions: [lab] })['DTaP']).toMatchObject({
      status: 'OVERDUE',
      nextDose: 5,
      notCounted: ['laboratory evidence of immunity not counted: not accepted for DTaP in Illinois'],
    });
    // the Tdap at 11 is the 5th dose, on or after the 4th birthday
    expect(
      check({ ...g6, today: '2026-11-01', doses: { ...doses, Tdap: ['2026-06-01'] } })['DTaP']!.status,
    ).toBe('COMPLIANT');
  });
});
