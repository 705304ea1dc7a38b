import type { Faker } from '@faker-js/faker';
import { digits } from '../helpers';

/**
 * Who pays for school health services in the district's state: the Medicaid agency and its EDI gateway, the
 * managed-care organizations (with the shape of their member ids) and the eligibility categories.
 */

export interface MedicaidPayers {
  readonly medicaidAgency: string;
  readonly payerId: string;
  readonly ediGateway: string;
  readonly mcos: readonly { name: string; payerId: string; member: (f: Faker) => string }[];
  readonly categories: readonly (readonly [string, number])[];
  readonly incomeNote: string;
}

const PAYERS: Readonly<Record<string, MedicaidPayers>> = {
  OH: {
    medicaidAgency: 'Ohio Department of Medicaid',
    payerId: 'MMISODJFS',
    ediGateway: 'OMES EDI Gateway (Ohio Department of Medicaid)',
    mcos: [
      { name: 'CareSource Ohio', payerId: '31114', member: (f) => `1${digits(f, 10)}` },
      { name: 'Buckeye Health Plan', payerId: '68069', member: (f) => `U${digits(f, 8)}` },
      { name: 'Molina HealthCare of Ohio', payerId: '20149', member: (f) => digits(f, 9) },
      { name: 'UnitedHealthcare Community Plan of Ohio', payerId: '87726', member: (f) => digits(f, 9) },
      {
        name: 'Anthem Blue Cross and Blue Shield Medicaid',
        payerId: '00834',
        member: (f) => `YRK${digits(f, 9)}`,
      },
      { name: 'AmeriHealth Caritas Ohio', payerId: '35374', member: (f) => digits(f, 10) },
      { name: 'Humana Healthy Horizons in Ohio', payerId: '61101', member: (f) => `H${digits(f, 8)}` },
    ],
    categories: [
      ['Healthy Start (children under 19)', 70],
      ['Covered Families and Children (CFC)', 18],
      ['Aged, Blind and Disabled (ABD) - SSI child', 6],
      ['Title IV-E Foster Care / Adoption Assistance', 4],
      ['Ohio Home Care Waiver', 2],
    ],
    incomeNote: 'Household income above 206% of the federal poverty level for Healthy Start',
  },
};

export function medicaidPayers(state: string): MedicaidPayers {
  const known = PAYERS[state];
  if (known) return known;
  return {
    medicaidAgency: `${state} Medicaid`,
    payerId: `${state}MCD`,
    ediGateway: 'Availity',
    mcos: [
      { name: 'UnitedHealthcare Community Plan', payerId: '87726', member: (f) => digits(f, 9) },
      { name: 'Molina Healthcare', payerId: '20149', member: (f) => digits(f, 9) },
      { name: 'Aetna Better Health', payerId: '128' + state, member: (f) => digits(f, 11) },
    ],
    categories: [
      ['Children under 19 (MAGI)', 80],
      ['CHIP Medicaid expansion', 15],
      ['SSI child', 5],
    ],
    incomeNote: 'Household income above the CHIP limit',
  };
}
