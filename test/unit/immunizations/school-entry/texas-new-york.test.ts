import { describe, expect, it } from 'vitest';
import { at, check, exemption, routineDoses, shipped, without } from './support';

/**
 * Texas (DSHS minimum requirements 2025-2026, 25 TAC §97.63): medical exemptions and reasons of conscience (an
 * affidavit on file), provisional enrollment for 30 days with a first dose. New York (10 NYCRR Subpart 66-1):
 * medical exemptions only, 14 days after entry to get the first dose.
 */
describe('Texas school-entry compliance', () => {
  const dob = '2018-05-20'; // 3rd grade in 2026-2027
  const g3 = { state: 'TX', dob, grade: '3', entry: '2026-08-12' };

  it('a 3rd grader with the routine series (hepatitis A included) is compliant; MenACWY is for grade 7', () => {
    const r = check({ ...g3, today: '2026-09-01', doses: routineDoses(dob) });
    for (const v of ['DTaP', 'IPV', 'MMR', 'HepB', 'VAR', 'HepA']) expect(r[v]!.status, v).toBe('COMPLIANT');
    expect(r['MenACWY']!.status).toBe('NOT_REQUIRED');
    expect(r['Tdap']!.reason).toBe('not required for 3rd grade in Texas');
  });

  it('DTaP: 3 doses meet it for a student of 7 or more with one on or after the 4th birthday', () => {
    const doses = { ...routineDoses(dob), DTaP: [at(dob, 50), at(dob, 52), at(dob, 60)] }; // a catch-up from 4
    expect(check({ ...g3, today: '2026-09-01', doses })['DTaP']).toMatchObject({
      status: 'COMPLIANT',
      dosesNeeded: 3,
      rule: 'for students 7 years and older, 3 doses if one was received on or after the 4th birthday',
    });
    // the same doses at 6: a 4th is needed (4 doses, the 4th on or after the 4th birthday)
    const young = '2020-10-01';
    const first = { ...routineDoses(young), DTaP: [at(young, 50), at(young, 52), at(young, 60)] };
    expect(
      check({ state: 'TX', dob: young, grade: '1', entry: '2026-08-12', today: '2026-12-01', doses: first })[
        'DTaP'
      ],
    ).toMatchObject({ status: 'OVERDUE', nextDose: 4, reason: 'needs DTaP dose 4 for 1st grade; due now' });
  });

  it('provisional enrollment: 30 days after entry with a first dose, then overdue', () => {
    const doses = without(routineDoses(dob), 'HepA', 1);
    expect(check({ ...g3, today: '2026-09-01', doses })['HepA']).toMatchObject({
      status: 'CONDITIONAL',
      conditionalDeadline: '2026-09-11',
      reason: 'needs HepA dose 2 for 3rd grade; due now; conditional admission until 2026-09-11',
    });
    expect(check({ ...g3, today: '2026-09-12', doses })['HepA']!.status).toBe('OVERDUE');
  });

  it('reasons of conscience count with the notarized affidavit on file, not without', () => {
    const doses = without(routineDoses(dob), 'VAR', 0);
    const affidavit = exemption({
      type: 'PHILOSOPHICAL',
      vaccine: 'VAR',
      startDate: '2025-08-01',
      endDate: '2027-07-31',
    });
    expect(check({ ...g3, today: '2026-09-01', doses, exemptions: [affidavit] })['VAR']).toMatchObject({
      status: 'EXEMPT',
      reason: 'philosophical (personal belief) exemption until 2027-07-31',
    });
    const religious = exemption({ type: 'RELIGIOUS', vaccine: null });
    expect(check({ ...g3, today: '2026-09-01', doses, exemptions: [religious] })['VAR']!.status).toBe(
      'EXEMPT',
    );
    const unsigned = { ...affidavit, documentRef: null };
    expect(check({ ...g3, today: '2026-09-20', doses, exemptions: [unsigned] })['VAR']).toMatchObject({
      status: 'OVERDUE',
      reason:
        'needs VAR dose 1 for 3rd grade; due now; philosophical (personal belief) exemption not counted: no signed form on file (Texas requires one)',
    });
  });

  it('grade 7: MenACWY on or after the 10th birthday and a Tdap booster', () => {
    const older = '2014-01-15';
    const g7 = { state: 'TX', dob: older, grade: '7', entry: '2026-08-12' };
    const doses = { ...routineDoses(older), MenACWY: [at(older, 118)], Tdap: ['2026-07-01'] };
    const r = check({ ...g7, today: '2026-10-01', doses });
    expect(r['Tdap']!.status).toBe('COMPLIANT');
    expect(r['DTaP']).toMatchObject({ status: 'COMPLIANT', dosesNeeded: 3 }); // grades 7-12: 3 doses
    expect(r['MenACWY']).toMatchObject({
      status: 'OVERDUE',
      validDoses: 0,
      reason: 'needs MenACWY dose 1 before 7th grade entry; due now',
    });
  });

  it('a requirement not yet in effect is not required, with the date it takes effect', () => {
    const tx = shipped('TX');
    const later = {
      ...tx,
      requirements: tx.requirements.map((r) =>
        r.vaccine === 'HepA' ? { ...r, effectiveDate: '2027-08-01' } : r,
      ),
    };
    expect(check({ ...g3, today: '2026-09-01', doses: {}, requirements: later })['HepA']).toMatchObject({
      status: 'NOT_REQUIRED',
      reason: 'Texas requires it from 2027-08-01 (not yet in effect)',
    });
  });
});

describe('New York school-entry compliance', () => {
  const dob = '2021-06-02';
  const K = { state: 'NY', dob, grade: 'K', entry: '2026-09-08' };

  it('14 days after entry without any dose are conditional (no first dose needed to start), then overdue', () => {
    const doses = without(routineDoses(dob), 'VAR', 0);
    expect(check({ ...K, today: '2026-09-15', doses })['VAR']).toMatchObject({
      status: 'CONDITIONAL',
      conditionalDeadline: '2026-09-22',
      reason: 'needs VAR dose 1 before kindergarten entry; due now; conditional admission until 2026-09-22',
    });
    expect(check({ ...K, today: '2026-09-23', doses })['VAR']!.status).toBe('OVERDUE');
  });

  it('medical exemptions only: a religious exemption is not counted and the reason says so', () => {
    const doses = without(routineDoses(dob), 'MMR', 0);
    const r = check({
      ...K,
      today: '2026-10-01',
      doses,
      exemptions: [exemption({ type: 'RELIGIOUS', vaccine: 'MMR' })],
    });
    expect(r['MMR']).toMatchObject({
      status: 'OVERDUE',
      reason:
        'needs MMR dose 1 before kindergarten entry; due now; religious exemption not counted: not accepted in New York (medical exemption only)',
    });
    const medical = exemption({ type: 'MEDICAL', vaccine: 'MMR', endDate: '2027-06-30' });
    expect(check({ ...K, today: '2026-10-01', doses, exemptions: [medical] })['MMR']!.status).toBe('EXEMPT');
  });

  it('polio: 4 doses all before the 4th birthday need a 5th on or after it', () => {
    const doses = { ...routineDoses(dob), IPV: [at(dob, 2), at(dob, 4), at(dob, 6), at(dob, 18)] };
    expect(check({ ...K, today: '2026-10-01', doses })['IPV']).toMatchObject({
      status: 'OVERDUE',
      nextDose: 5,
      dueDate: at(dob, 48),
    });
    // 3 doses, the 3rd at 4 years and 6 months after the 2nd, meet it
    const three = { ...routineDoses(dob), IPV: [at(dob, 2), at(dob, 4), at(dob, 49)] };
    expect(check({ ...K, today: '2026-10-01', doses: three })['IPV']!.status).toBe('COMPLIANT');
  });

  it('grade 12: MenACWY needs a dose on or after the 16th birthday', () => {
    const teen = '2009-03-01';
    const g12 = { state: 'NY', dob: teen, grade: '12', entry: '2026-09-08' };
    const one = {
      ...routineDoses(teen),
      Tdap: [at(teen, 132)],
      DTaP: [at(teen, 2), at(teen, 4), at(teen, 6), at(teen, 15), at(teen, 50)],
    };
    const early = check({ ...g12, today: '2026-10-01', doses: { ...one, MenACWY: [at(teen, 134)] } })[
      'MenACWY'
    ]!;
    expect(early).toMatchObject({
      status: 'OVERDUE',
      nextDose: 2,
      dueDate: at(teen, 192),
      reason: 'needs MenACWY dose 2 before 12th grade entry; due now',
    });
    const late = check({ ...g12, today: '2026-10-01', doses: { ...one, MenACWY: [at(teen, 200)] } })[
      'MenACWY'
    ]!;
    expect(late).toMatchObject({
      status: 'COMPLIANT',
      rule: '1 dose if the dose was received at 16 years or older',
    });
    expect(
      check({ ...g12, today: '2026-10-01', doses: { ...one, MenACWY: [at(teen, 134)] } })['Tdap']!.status,
    ).toBe('COMPLIANT');
  });
});
