/**
 * The district's billing catalog: the procedures it bills (CPT/HCPCS with the district's charge and the
 * Medicaid fee schedule's allowed amount), and the denials and rejections payers answer with.
 */

export interface Procedure {
  readonly code: string;
  readonly description: string;
  readonly charge: number; // cents (district charge master)
  readonly allowed: number; // cents (Medicaid fee schedule)
  readonly modifiers: readonly string[];
}

export const PROCEDURES: Readonly<Record<string, Procedure>> = {
  '99211': {
    code: '99211',
    description:
      'Office or other outpatient visit, established patient, may not require a physician (nurse visit)',
    charge: 3000,
    allowed: 1827,
    modifiers: [],
  },
  '99212': {
    code: '99212',
    description:
      'Office or other outpatient visit, established patient, straightforward medical decision making',
    charge: 6500,
    allowed: 3611,
    modifiers: [],
  },
  T1001: {
    code: 'T1001',
    description: 'Nursing assessment/evaluation',
    charge: 4800,
    allowed: 2500,
    modifiers: ['TD'],
  },
  T1002: {
    code: 'T1002',
    description: 'RN services, up to 15 minutes',
    charge: 1400,
    allowed: 717,
    modifiers: ['TD'],
  },
  '92551': {
    code: '92551',
    description: 'Screening test, pure tone, air only',
    charge: 2200,
    allowed: 1052,
    modifiers: ['EP'],
  },
  '99173': {
    code: '99173',
    description: 'Screening test of visual acuity, quantitative, bilateral',
    charge: 1000,
    allowed: 306,
    modifiers: ['EP'],
  },
};

export const DENIALS: readonly (readonly [{ code: string; reason: string }, number])[] = [
  [
    {
      code: 'CO-16',
      reason:
        'Claim/service lacks information or has submission/billing error(s). RARC N290: missing/incomplete/invalid rendering provider primary identifier.',
    },
    3,
  ],
  [{ code: 'CO-27', reason: 'Expenses incurred after coverage terminated.' }, 2],
  [
    {
      code: 'CO-109',
      reason:
        'Claim/service not covered by this payer/contractor. You must send the claim/service to the correct payer/contractor.',
    },
    2,
  ],
  [{ code: 'CO-18', reason: 'Exact duplicate claim/service.' }, 1],
  [
    {
      code: 'CO-197',
      reason:
        "Precertification/authorization/notification/pre-treatment absent (service not on the student's IEP/IHP).",
    },
    2,
  ],
  [
    {
      code: 'CO-B7',
      reason:
        'This provider was not certified/eligible to be paid for this procedure/service on this date of service.',
    },
    1,
  ],
];

export const REJECTIONS: readonly string[] = [
  "277CA A7:562 Entity's National Provider Identifier (NPI) (rendering provider) - NM109 does not pass the check digit",
  '277CA A7:21 Missing or invalid information - subscriber member ID not found on the eligibility file',
  '999 IK3 SV1 - 8 Segment has data element errors: SV101-2 procedure code modifier invalid for the procedure',
  '277CA A6:254 Principal diagnosis code - ICD-10 code requires a 7th character',
];
