import type { Faker } from '@faker-js/faker';
import type { Selectable } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import {
  idAt,
  insertMany,
  isoDate,
  json,
  sectionFaker,
  type SeedOptions,
  type SeedProgress,
  addDays,
  addMinutes,
  chance,
  daysBetween,
  easternOffsetHours,
  localTime,
  makeContext,
  makeNpi,
  money,
  notAfter,
  pick,
  weekday,
  weighted,
  type SeedContext,
  readDistrict,
  readSchools,
  readUsers,
  readUserSchools,
  between,
  cents,
  nextWeekday,
  digits,
  minDate,
  localDate,
  type DistrictRow,
  type SchoolRow,
  type UserRow,
  type NewRow,
  type ColumnOf,
  districtSetting,
  type SeedDb,
  stringList,
} from './helpers';

/**
 * Demo data of the outside-world integrations: Medicaid billing (eligibility, 837P claims, 999/277CA
 * acknowledgments, 835 remittances), the state immunization registry (HL7 v2.5.1 VXU and ACK), and
 * the SIS roster sync (PowerSchool, nightly). Runs after the district, people, clinical and
 * vaccination sections and reads what it needs from the database, ordered by id / time.
 */

// ---------------------------------------------------------------- HL7 v2.5.1 helpers

/** HL7 DTM in the district's local time with offset: 20250115143012-0500. */
export function hl7Time(t: Date, withSeconds = true): string {
  const off = easternOffsetHours(isoDate(t));
  const local = new Date(t.getTime() - off * 3_600_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const base =
    `${p(local.getUTCFullYear(), 4)}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}` +
    `${p(local.getUTCHours())}${p(local.getUTCMinutes())}${withSeconds ? p(local.getUTCSeconds()) : ''}`;
  return `${base}-${p(off)}00`;
}

const hl7Date = (d: string): string => d.replaceAll('-', '');

/** Escapes HL7 delimiters in a text value (|^~\& with the default encoding characters). */
export function hl7Escape(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return v
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/~/g, '\\R\\')
    .replace(/&/g, '\\T\\');
}

/** A segment from its fields by position (1-based, as the HL7 tables number them); missing fields are empty. */
export function seg(name: string, fields: Readonly<Record<number, string>>): string {
  const positions = Object.keys(fields).map(Number);
  const last = Math.max(0, ...positions);
  const out: string[] = [name];
  for (let i = 1; i <= last; i++) out.push(fields[i] ?? '');
  return out.join('|');
}

/** MSH: MSH-1 is the field separator itself, so the list starts at MSH-2 (encoding characters). */
export function msh(fields: Readonly<Record<number, string>>): string {
  const last = Math.max(2, ...Object.keys(fields).map(Number));
  const out: string[] = ['MSH'];
  for (let i = 2; i <= last; i++) out.push(i === 2 ? '^~\\&' : (fields[i] ?? ''));
  return out.join('|');
}

// ---------------------------------------------------------------- state catalogs

interface StateInfo {
  readonly medicaidAgency: string;
  readonly payerId: string;
  readonly ediGateway: string;
  readonly mcos: readonly { name: string; payerId: string; member: (f: Faker) => string }[];
  readonly iis: { name: string; app: string; facility: string; host: string };
  readonly categories: readonly (readonly [string, number])[];
  readonly incomeNote: string;
}

const STATES: Readonly<Record<string, StateInfo>> = {
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
    iis: {
      name: 'Ohio Impact Statewide Immunization Information System (ImpactSIIS)',
      app: 'IMPACTSIIS',
      facility: 'OHDH',
      host: 'impactsiis.odh.oh.test',
    },
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

function stateInfo(state: string): StateInfo {
  const known = STATES[state];
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
    iis: {
      name: `${state} Immunization Information System`,
      app: `${state}IIS`,
      facility: `${state}DOH`,
      host: `iis.${state.toLowerCase()}.test`,
    },
    categories: [
      ['Children under 19 (MAGI)', 80],
      ['CHIP Medicaid expansion', 15],
      ['SSI child', 5],
    ],
    incomeNote: 'Household income above the CHIP limit',
  };
}

// ---------------------------------------------------------------- billing catalogs

interface Procedure {
  readonly code: string;
  readonly description: string;
  readonly charge: number; // cents (district charge master)
  readonly allowed: number; // cents (Medicaid fee schedule)
  readonly modifiers: readonly string[];
}

const PROCEDURES: Readonly<Record<string, Procedure>> = {
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

const DENIALS: readonly (readonly [{ code: string; reason: string }, number])[] = [
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

const REJECTIONS: readonly string[] = [
  "277CA A7:562 Entity's National Provider Identifier (NPI) (rendering provider) - NM109 does not pass the check digit",
  '277CA A7:21 Missing or invalid information - subscriber member ID not found on the eligibility file',
  '999 IK3 SV1 - 8 Segment has data element errors: SV101-2 procedure code modifier invalid for the procedure',
  '277CA A6:254 Principal diagnosis code - ICD-10 code requires a 7th character',
];

// ---------------------------------------------------------------- vaccine / HL7 catalogs

const MVX_NAMES: Readonly<Record<string, string>> = {
  PMC: 'Sanofi Pasteur',
  MSD: 'Merck and Co., Inc.',
  SKB: 'GlaxoSmithKline',
  PFR: 'Pfizer, Inc',
  WAL: 'Wyeth',
  SEQ: 'Seqirus',
  NOV: 'Novartis Pharmaceutical Corporation',
  MOD: 'Moderna US, Inc.',
  MED: 'MedImmune, Inc.',
  ASZ: 'AstraZeneca',
  CSL: 'bioCSL',
  DVX: 'Dynavax Technologies Corporation',
  NVX: 'Novavax, Inc.',
  JSN: 'Janssen',
  PSC: 'Protein Sciences',
};

const ROUTES: Readonly<Record<string, string>> = {
  IM: 'C28161^Intramuscular^NCIT',
  SC: 'C38299^Subcutaneous^NCIT',
  ID: 'C38238^Intradermal^NCIT',
  PO: 'C38288^Oral^NCIT',
  IN: 'C38284^Nasal^NCIT',
  OTHER: 'C38290^Other^NCIT',
};

const SITES: Readonly<Record<string, string>> = {
  LA: 'LA^Left Arm^HL70163',
  RA: 'RA^Right Arm^HL70163',
  LT: 'LT^Left Thigh^HL70163',
  RT: 'RT^Right Thigh^HL70163',
  LD: 'LD^Left Deltoid^HL70163',
  RD: 'RD^Right Deltoid^HL70163',
  LG: 'LG^Left Gluteous Medius^HL70163',
  RG: 'RG^Right Gluteous Medius^HL70163',
  LVL: 'LVL^Left Vastus Lateralis^HL70163',
  RVL: 'RVL^Right Vastus Lateralis^HL70163',
};

const VFC: Readonly<Record<string, string>> = {
  V01: 'V01^Not VFC eligible^HL70064',
  V02: 'V02^VFC eligible - Medicaid/Medicaid Managed Care^HL70064',
  V03: 'V03^VFC eligible - Uninsured^HL70064',
  V05: 'V05^VFC eligible - Federally Qualified Health Center Patient (under-insured)^HL70064',
};

const RELATIONSHIP: Readonly<Record<string, string>> = {
  mother: 'MTH^Mother^HL70063',
  father: 'FTH^Father^HL70063',
  stepmother: 'MTH^Mother^HL70063',
  stepfather: 'FTH^Father^HL70063',
  grandmother: 'GRP^Grandparent^HL70063',
  grandfather: 'GRP^Grandparent^HL70063',
  grandparent: 'GRP^Grandparent^HL70063',
  aunt: 'OTH^Other^HL70063',
  uncle: 'OTH^Other^HL70063',
  sibling: 'SIB^Sibling^HL70063',
};

const relationshipCode = (rel: string): string => RELATIONSHIP[rel.toLowerCase()] ?? 'GRD^Guardian^HL70063';

interface RegistryErrorDef {
  readonly location: string;
  readonly hl7Code: string;
  readonly appCode: string;
  readonly segment: string;
  readonly field: string;
  readonly message: (v: VaccinationRow) => string;
  readonly value: (v: VaccinationRow) => string | null;
}

const REGISTRY_ERRORS: readonly RegistryErrorDef[] = [
  {
    location: 'RXA^1^15^1^1',
    hl7Code: '103^Table value not found^HL70357',
    appCode: '5^Table value not found^HL70533',
    segment: 'RXA',
    field: 'RXA-15',
    message: (v) => `Lot number ${v.lot_number ?? ''} is not in the provider's VFC vaccine inventory`,
    value: (v) => v.lot_number,
  },
  {
    location: 'RXA^1^10^1^1',
    hl7Code: '103^Table value not found^HL70357',
    appCode: '5^Table value not found^HL70533',
    segment: 'RXA',
    field: 'RXA-10',
    message: () => 'Administering provider is not registered with the IIS for this facility',
    value: (v) => v.administered_by_user_id,
  },
  {
    location: 'PID^1^3^1^1',
    hl7Code: '207^Application internal error^HL70357',
    appCode: '3^Illogical Value error^HL70533',
    segment: 'PID',
    field: 'PID-3',
    message: () =>
      'Patient matched more than one IIS record (name and date of birth); held for manual deduplication',
    value: () => null,
  },
  {
    location: 'OBX^1^5^1^1',
    hl7Code: '101^Required field missing^HL70357',
    appCode: '6^Required observation missing^HL70533',
    segment: 'OBX',
    field: 'OBX-5',
    message: () => 'VFC eligibility is required at the dose level for a VFC lot',
    value: () => null,
  },
];

// ---------------------------------------------------------------- rows read

type StudentRow = Pick<
  Selectable<ServerDatabase['students']>,
  | 'id'
  | 'school_id'
  | 'student_number'
  | 'sis_id'
  | 'first_name'
  | 'middle_name'
  | 'last_name'
  | 'date_of_birth'
  | 'sex'
  | 'grade_level'
  | 'homeroom'
  | 'enrollment_status'
  | 'enrollment_date'
  | 'address_line1'
  | 'city'
  | 'state'
  | 'postal_code'
  | 'created_at'
>;

type VaccinationRow = Pick<
  Selectable<ServerDatabase['vaccinations']>,
  | 'id'
  | 'student_id'
  | 'school_id'
  | 'vaccine_type'
  | 'cvx_code'
  | 'mvx_code'
  | 'vaccine_name'
  | 'dose_number'
  | 'administration_date'
  | 'lot_number'
  | 'lot_expiration_date'
  | 'site'
  | 'route'
  | 'dose_volume_ml'
  | 'administered_by_user_id'
  | 'vis_edition_date'
  | 'registry_status'
  | 'created_at'
>;

type GuardianRow = Pick<
  Selectable<ServerDatabase['guardians']>,
  'student_id' | 'first_name' | 'last_name' | 'relationship' | 'phone_primary'
>;

// ---------------------------------------------------------------- entry point

/** Fills Medicaid billing, the state registry and the SIS sync tables. */
export async function seedIntegrations(
  db: SeedDb,
  options: SeedOptions,
  progress?: SeedProgress,
): Promise<void> {
  const ctx = makeContext(db, options, progress);
  const district = await readDistrict(db);
  const schools = await readSchools(db);
  const users = await readUsers(db);
  const access = await readUserSchools(db);
  const students: StudentRow[] = await db
    .selectFrom('students')
    .select([
      'id',
      'school_id',
      'student_number',
      'sis_id',
      'first_name',
      'middle_name',
      'last_name',
      'date_of_birth',
      'sex',
      'grade_level',
      'homeroom',
      'enrollment_status',
      'enrollment_date',
      'address_line1',
      'city',
      'state',
      'postal_code',
      'created_at',
    ])
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  const state = stateInfo(district.state_code);

  const eligibility = await seedMedicaid(ctx, state, students);
  await seedClaims(ctx, district, state, users, students, eligibility);
  await seedRegistry(ctx, district, schools, users, students, eligibility, state);
  await seedSis(ctx, district, schools, users, access.byUser, students);
}

// ---------------------------------------------------------------- Medicaid eligibility

interface Eligibility {
  id: string;
  studentId: string;
  schoolId: string;
  status: 'PENDING' | 'VERIFIED' | 'EXPIRED' | 'DENIED';
  start: string | null;
  end: string | null;
  mco: StateInfo['mcos'][number] | null;
  memberId: string | null;
  medicaidId: string;
  billingConsent: boolean;
}

async function seedMedicaid(
  ctx: SeedContext,
  state: StateInfo,
  students: readonly StudentRow[],
): Promise<Map<string, Eligibility>> {
  const f = sectionFaker(ctx.options.seed, 'integrations.medicaid');
  const periodStart = ctx.years[0]?.start ?? ctx.today;
  const used = new Set<string>();
  const out = new Map<string, Eligibility>();
  const rows: NewRow<'medicaid_eligibility'>[] = [];
  for (const s of students) {
    if (!chance(f, 0.35)) continue;
    const status = weighted(f, [
      ['VERIFIED', 78],
      ['EXPIRED', 12],
      ['PENDING', 6],
      ['DENIED', 4],
    ] as const);
    let medicaidId = `${f.number.int({ min: 1, max: 9 })}${digits(f, 11)}`;
    while (used.has(medicaidId)) medicaidId = `${f.number.int({ min: 1, max: 9 })}${digits(f, 11)}`;
    used.add(medicaidId);
    const importedAtSetup =
      s.created_at.getTime() <= ctx.setupAt.getTime() + 86_400_000 && status !== 'PENDING';
    let createdAt = importedAtSetup
      ? addMinutes(ctx.setupAt, f.number.int({ min: 30, max: 600 }))
      : notAfter(ctx, between(f, s.created_at, ctx.options.asOf));
    if (status === 'PENDING')
      createdAt = notAfter(
        ctx,
        localTime(
          addDays(ctx.today, -f.number.int({ min: 1, max: 30 })),
          f.number.int({ min: 8, max: 15 }),
          f.number.int({ min: 0, max: 59 }),
        ),
      );
    // Covered students are in managed care (90%) or fee-for-service; applicants have no plan yet.
    const covered = status === 'VERIFIED' || status === 'EXPIRED';
    const managed = chance(f, 0.9);
    const mco = covered && managed ? pick(f, state.mcos) : null;
    let start: string | null = null;
    let end: string | null = null;
    let verification: string | null = null;
    let next: string | null = null;
    if (status === 'VERIFIED' || status === 'EXPIRED') {
      start = addDays(periodStart, -f.number.int({ min: 20, max: 900 }));
      if (status === 'VERIFIED') {
        end = addDays(ctx.today, f.number.int({ min: 20, max: 340 }));
        verification = addDays(ctx.today, -f.number.int({ min: 0, max: 85 }));
        if (verification < isoDate(createdAt)) verification = isoDate(createdAt);
      } else {
        const span = Math.max(30, daysBetween(periodStart, ctx.today) - 10);
        end = addDays(periodStart, f.number.int({ min: 20, max: span }));
        verification = addDays(end, f.number.int({ min: 1, max: 14 }));
        if (verification > ctx.today) verification = ctx.today;
      }
      next = addDays(verification, 90);
    } else if (status === 'DENIED') {
      verification = isoDate(createdAt);
    }
    const consent = status !== 'DENIED' && chance(f, 0.85);
    const category = status === 'DENIED' ? null : weighted(f, state.categories);
    const pcpName = `${f.person.lastName()} ${pick(f, ['Pediatrics', 'Family Medicine', 'Pediatric Associates', "Children's Health Center"])}`;
    const updatedAt = verification
      ? notAfter(ctx, new Date(Math.max(createdAt.getTime(), localTime(verification, 7, 15).getTime())))
      : createdAt;
    const id = idAt(f, createdAt);
    const e: Eligibility = {
      id,
      studentId: s.id,
      schoolId: s.school_id,
      status,
      start,
      end,
      mco,
      memberId: mco ? mco.member(f) : null,
      medicaidId,
      billingConsent: consent,
    };
    out.set(s.id, e);
    const notes: string[] = [];
    if (consent)
      notes.push(
        `Parental consent to bill Medicaid (34 CFR 300.154) on file, signed ${start && start > periodStart ? start : addDays(periodStart, -f.number.int({ min: 3, max: 30 }))}.`,
      );
    else if (status !== 'DENIED')
      notes.push('No parental consent to bill Medicaid on file: services are not billed.');
    if (status === 'DENIED') notes.push(`Application denied: ${state.incomeNote}.`);
    if (status === 'EXPIRED')
      notes.push('Coverage ended at annual redetermination; family notified to renew.');
    if (status === 'PENDING')
      notes.push(
        `Application submitted to the county JFS office; awaiting determination from the ${state.medicaidAgency}.`,
      );
    rows.push({
      id,
      student_id: s.id,
      medicaid_id: medicaidId,
      // The county case number of the family's Medicaid case.
      state_medicaid_id: status === 'PENDING' ? null : digits(f, 10),
      eligibility_status: status,
      verification_date: verification,
      coverage_start_date: start,
      coverage_end_date: end,
      managed_care_organization: mco ? mco.name : covered ? `${state.medicaidAgency} fee-for-service` : null,
      mco_member_id: e.memberId,
      primary_care_provider: covered ? pcpName : null,
      pcp_npi: covered ? makeNpi(f, 'individual') : null,
      benefit_plan_type: covered ? (mco ? 'Medicaid managed care' : 'Medicaid fee-for-service') : null,
      copay_amount: covered ? '0.00' : null,
      eligibility_category: category,
      last_verification_check: verification,
      next_verification_due: next,
      verification_frequency_days: 90,
      auto_reverify: status !== 'DENIED',
      eligibility_notes: notes.join(' '),
      school_id: s.school_id,
      created_at: createdAt,
      updated_at: updatedAt,
    });
  }
  await insertMany(ctx.db, 'medicaid_eligibility', rows, ctx.progress);
  return out;
}

// ---------------------------------------------------------------- claims

/** Finished clinic visits with their reason, in time order. */
function readBillableVisits(db: SeedDb) {
  return db
    .selectFrom('clinic_visits as v')
    .leftJoin('visit_reasons as r', 'r.id', 'v.visit_reason_id')
    .select([
      'v.id',
      'v.student_id',
      'v.school_id',
      'v.arrival_time',
      'v.departure_time',
      'v.visit_duration_minutes',
      'v.attended_by_user_id',
      'r.reason_code',
      'r.reason_category',
      'r.icd10_codes',
      'v.vital_signs_taken',
      'v.sent_home',
    ])
    .where('v.deleted_at', 'is', null)
    .where('v.departure_time', 'is not', null)
    .orderBy('v.arrival_time')
    .orderBy('v.id')
    .execute();
}

type VisitRow = Awaited<ReturnType<typeof readBillableVisits>>[number];

interface ClaimLine {
  proc: Procedure;
  units: number;
}

function linesFor(f: Faker, v: VisitRow): ClaimLine[] | null {
  const minutes = Math.max(5, v.visit_duration_minutes ?? 10);
  const t1002Units = Math.min(4, Math.max(1, Math.ceil(minutes / 15)));
  const P = PROCEDURES;
  const need = (code: string): Procedure => {
    const p = P[code];
    if (!p) throw new Error(`unknown procedure ${code}`);
    return p;
  };
  switch (v.reason_code) {
    case 'VISION_SCREENING':
      return [{ proc: need('99173'), units: 1 }];
    case 'HEARING_SCREENING':
      return [{ proc: need('92551'), units: 1 }];
    case 'HEAD_LICE_CHECK':
    case 'IMMUNIZATION':
      return null; // not billed (lice checks are not covered; VFC vaccine administration is billed elsewhere)
    default:
      break;
  }
  switch (v.reason_category) {
    case 'MEDICATION':
      return [{ proc: need('T1002'), units: 1 }];
    case 'CHRONIC_CONDITION': {
      const lines: ClaimLine[] = [{ proc: need('T1002'), units: t1002Units }];
      if (chance(f, 0.3)) lines.unshift({ proc: need('T1001'), units: 1 });
      return lines;
    }
    case 'ILLNESS':
    case 'INJURY': {
      if (minutes >= 25 && chance(f, 0.15)) return [{ proc: need('99212'), units: 1 }];
      if (minutes >= 20 && chance(f, 0.35))
        return [
          { proc: need('T1001'), units: 1 },
          { proc: need('T1002'), units: t1002Units },
        ];
      return [{ proc: need('99211'), units: 1 }];
    }
    default:
      return null;
  }
}

interface PaymentGroup {
  payer: string;
  date: string;
  trace: string;
  method: 'EFT' | 'CHECK';
}

async function seedClaims(
  ctx: SeedContext,
  district: DistrictRow,
  state: StateInfo,
  users: readonly UserRow[],
  students: readonly StudentRow[],
  eligibility: Map<string, Eligibility>,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'integrations.claims');
  const settingNpi = districtSetting(district, 'npi');
  const billingNpi =
    settingNpi && /^[0-9]{10}$/.test(settingNpi)
      ? settingNpi
      : makeNpi(sectionFaker(ctx.options.seed, 'district.npi'), 'organization');
  const ein = districtSetting(district, 'ein') ?? `31-${digits(f, 7)}`;
  const bankLast4 = digits(f, 4);
  const byUser = new Map(users.map((u) => [u.id, u] as const));
  const byStudent = new Map(students.map((s) => [s.id, s] as const));

  const visits = await readBillableVisits(ctx.db);

  const claims: NewRow<'billing_claims'>[] = [];
  const lines: NewRow<'claim_line_items'>[] = [];
  const submissions: NewRow<'claim_submissions'>[] = [];
  const payments: NewRow<'payment_tracking'>[] = [];
  const seqByYear = new Map<string, number>();
  const batches = new Map<string, { id: string; isa: string }>();
  let isa = 100_000_000 + f.number.int({ min: 1, max: 899_999 });
  const remits = new Map<string, PaymentGroup>();

  for (const v of visits) {
    const e = eligibility.get(v.student_id);
    const student = byStudent.get(v.student_id);
    if (!e || !student || !e.billingConsent || !e.start || !e.end) continue;
    const serviceDate = localDate(v.arrival_time);
    if (serviceDate < e.start || serviceDate > e.end || serviceDate > ctx.today) continue;
    const nurse = byUser.get(v.attended_by_user_id);
    if (!nurse?.npi_number) continue;
    const claimLines = linesFor(f, v);
    if (!claimLines) continue;

    const year = serviceDate.slice(0, 4);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const claimNumber = `WC-${year}-${String(seq).padStart(6, '0')}`;
    const diagnoses = stringList(v.icd10_codes).slice(0, chance(f, 0.3) ? 2 : 1);
    if (diagnoses.length === 0) diagnoses.push(v.reason_category === 'INJURY' ? 'T14.90XA' : 'R69');

    // The claim's life: created a few days after the visit, sent in the Monday 837P batch,
    // acknowledged (999, 277CA), adjudicated in 1-4 weeks, paid on the Friday remittance.
    const createdDate = minDate(addDays(serviceDate, f.number.int({ min: 1, max: 3 })), ctx.today);
    const createdAt = notAfter(
      ctx,
      localTime(createdDate, f.number.int({ min: 7, max: 15 }), f.number.int({ min: 0, max: 59 })),
    );
    const batchDate = nextWeekday(addDays(createdDate, 1), 1);
    const adjudication = addDays(batchDate, f.number.int({ min: 8, max: 27 }));
    const outcome = weighted(f, [
      ['PAID', 86],
      ['DENIED', 8],
      ['ADJUSTED', 6],
    ] as const);
    const payDate = nextWeekday(addDays(adjudication, 1), 5);
    const rejectedFirst = chance(f, 0.02);
    let status: ColumnOf<'billing_claims', 'claim_status'>;
    if (batchDate > ctx.today)
      status = daysBetween(createdDate, ctx.today) >= 1 || chance(f, 0.4) ? 'READY' : 'DRAFT';
    else if (adjudication > ctx.today) status = addDays(batchDate, 3) <= ctx.today ? 'PENDING' : 'SUBMITTED';
    else if (outcome === 'DENIED') status = 'DENIED';
    else status = payDate <= ctx.today ? outcome : 'PENDING';

    const mcoPayer = e.mco
      ? { name: e.mco.name, id: e.mco.payerId }
      : { name: state.medicaidAgency, id: state.payerId };
    const claimId = idAt(f, createdAt);
    let totalCents = 0;
    let paidCents = 0;
    // CO-27 (coverage terminated) only near the end of coverage; any other reason elsewhere.
    const nearEnd = daysBetween(serviceDate, e.end) <= 30;
    const denial =
      status === 'DENIED'
        ? weighted(
            f,
            DENIALS.filter(([d]) => nearEnd || d.code !== 'CO-27'),
          )
        : null;
    const adjustedLine = status === 'ADJUSTED' ? f.number.int({ min: 0, max: claimLines.length - 1 }) : -1;
    const claimCas: { group: string; code: string; amount: string }[] = [];
    let prCents = 0;
    const prOnClaim = (status === 'PAID' || status === 'ADJUSTED') && chance(f, 0.02);
    claimLines.forEach((l, i) => {
      const lineTotal = l.proc.charge * l.units;
      totalCents += lineTotal;
      let linePaid: number | null = null;
      let lineStatus: ColumnOf<'claim_line_items', 'line_status'> = 'PENDING';
      let lineDenial: string | null = null;
      const cas: { group: string; code: string; amount: string }[] = [];
      if (status === 'PAID' || status === 'ADJUSTED') {
        const allowed = l.proc.allowed * l.units;
        if (i === adjustedLine) {
          if (claimLines.length > 1 && l.proc.code === 'T1001') {
            linePaid = 0;
            cas.push({ group: 'CO', code: '97', amount: money(lineTotal) });
            lineDenial = 'CO-97';
          } else {
            const reduced = Math.round(allowed * (l.units > 1 ? (l.units - 1) / l.units : 0.5));
            linePaid = reduced;
            cas.push({ group: 'CO', code: '45', amount: money(lineTotal - allowed) });
            cas.push({ group: 'CO', code: '119', amount: money(allowed - reduced) });
          }
          lineStatus = 'ADJUSTED';
        } else {
          linePaid = allowed;
          cas.push({ group: 'CO', code: '45', amount: money(lineTotal - allowed) });
          lineStatus = 'APPROVED';
        }
        if (prOnClaim && i === 0 && linePaid > 500) {
          const pr = Math.min(linePaid - 100, pick(f, [300, 500]));
          linePaid -= pr;
          prCents += pr;
          cas.push({ group: 'PR', code: '1', amount: money(pr) });
        }
        paidCents += linePaid;
      } else if (status === 'DENIED' && denial) {
        linePaid = 0;
        lineStatus = 'DENIED';
        lineDenial = denial.code;
        cas.push({ group: denial.code.slice(0, 2), code: denial.code.slice(3), amount: money(lineTotal) });
      }
      claimCas.push(...cas);
      lines.push({
        id: idAt(f, createdAt),
        claim_id: claimId,
        line_number: i + 1,
        service_date: serviceDate,
        procedure_code: l.proc.code,
        procedure_description: l.proc.description,
        modifiers: json(l.proc.modifiers),
        units: l.units,
        unit_charge: money(l.proc.charge),
        total_charge: money(lineTotal),
        paid_amount: linePaid === null ? null : money(linePaid),
        adjustment_codes: cas.length ? json(cas.map((c) => ({ ...c, carc: `${c.group}-${c.code}` }))) : null,
        adjustment_amount: linePaid === null ? null : money(lineTotal - linePaid),
        line_status: lineStatus,
        denial_code: lineDenial,
        school_id: v.school_id,
        created_at: createdAt,
        updated_at: createdAt,
      });
    });

    const submitted = status !== 'DRAFT' && status !== 'READY';
    const finalised = status === 'PAID' || status === 'DENIED' || status === 'ADJUSTED';
    const updatedAt = notAfter(
      ctx,
      localTime(
        status === 'PAID' || status === 'ADJUSTED'
          ? payDate
          : finalised
            ? adjudication
            : submitted
              ? batchDate
              : createdDate,
        9,
      ),
    );
    claims.push({
      id: claimId,
      claim_number: claimNumber,
      student_id: v.student_id,
      eligibility_id: e.id,
      service_date: serviceDate,
      date_of_birth: student.date_of_birth,
      diagnosis_codes: json(diagnoses),
      place_of_service_code: '03',
      billing_provider_npi: billingNpi,
      billing_provider_name: district.name,
      billing_provider_taxonomy: '251300000X',
      rendering_provider_npi: nurse.npi_number,
      rendering_provider_name: `${nurse.first_name} ${nurse.last_name}, RN`,
      total_charge: money(totalCents),
      claim_status: status,
      created_date: createdDate,
      submitted_date: submitted ? batchDate : null,
      adjudication_date:
        finalised || (status === 'PENDING' && adjudication <= ctx.today) ? adjudication : null,
      paid_date: status === 'PAID' || status === 'ADJUSTED' ? payDate : null,
      paid_amount: finalised ? money(paidCents) : null,
      adjustment_amount: finalised ? money(totalCents - paidCents) : null,
      denial_code: denial?.code ?? null,
      denial_reason: denial?.reason ?? null,
      claim_metadata: json({
        clinic_visit_id: v.id,
        claim_frequency_code: '1',
        patient_control_number: claimNumber.replaceAll('-', ''),
        payer: { name: mcoPayer.name, payer_id: mcoPayer.id },
        subscriber: { medicaid_id: e.medicaidId, member_id: e.memberId },
        billing_provider: { npi: billingNpi, tax_id: ein, taxonomy: '251300000X' },
        rendering_provider: { npi: nurse.npi_number, taxonomy: '163WS0121X' },
        place_of_service: '03 (School)',
        ...(claimCas.length ? { adjustments: claimCas.map((c) => `${c.group}-${c.code}`) } : {}),
      }),
      school_id: v.school_id,
      created_at: createdAt,
      updated_at: updatedAt,
    });

    if (submitted) {
      const attempts = rejectedFirst && finalised ? 2 : 1;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const date = attempt === 0 ? batchDate : nextWeekday(addDays(batchDate, 1), 1);
        const batchKey = `${date}`;
        let batch = batches.get(batchKey);
        if (!batch) {
          isa += 1;
          batch = { id: `WC837P-${hl7Date(date)}-01`, isa: String(isa).padStart(9, '0') };
          batches.set(batchKey, batch);
        }
        const sentAt = localTime(date, 3, 0, f.number.int({ min: 5, max: 50 }));
        const rejected = attempts === 2 && attempt === 0;
        const ackDate = addDays(date, 1);
        const caDate = addDays(date, 2);
        const subStatus = rejected
          ? 'REJECTED'
          : caDate <= ctx.today
            ? 'ACCEPTED'
            : ackDate <= ctx.today
              ? 'ACKNOWLEDGED'
              : 'SENT';
        submissions.push({
          id: idAt(f, sentAt),
          claim_id: claimId,
          submission_date: sentAt,
          submission_method: 'EDI_837P',
          clearinghouse_name: state.ediGateway,
          transmission_id: batch.isa,
          batch_id: batch.id,
          submission_status: subStatus,
          acknowledgment_date:
            subStatus === 'SENT' ? null : localTime(subStatus === 'ACKNOWLEDGED' ? ackDate : caDate, 6, 10),
          acknowledgment_code: rejected
            ? '277CA:A7'
            : subStatus === 'ACCEPTED'
              ? '277CA:A1:20'
              : subStatus === 'ACKNOWLEDGED'
                ? '999:A'
                : null,
          rejection_reason: rejected ? pick(f, REJECTIONS) : null,
          edi_file_path: `edi/837p/${date.slice(0, 4)}/${batch.id}.x12`,
          response_file_path:
            subStatus === 'SENT'
              ? null
              : `edi/${subStatus === 'ACKNOWLEDGED' ? '999' : '277ca'}/${date.slice(0, 4)}/${batch.id}.${subStatus === 'ACKNOWLEDGED' ? '999' : '277'}`,
          retry_count: attempt,
          school_id: v.school_id,
          created_at: sentAt,
          updated_at:
            subStatus === 'SENT' ? sentAt : localTime(subStatus === 'ACKNOWLEDGED' ? ackDate : caDate, 6, 10),
        });
      }
    }

    if (status === 'PAID' || status === 'ADJUSTED') {
      const key = `${mcoPayer.id}|${payDate}`;
      let remit = remits.get(key);
      if (!remit) {
        const method = !e.mco && chance(f, 0.3) ? 'CHECK' : 'EFT';
        remit = {
          payer: mcoPayer.id,
          date: payDate,
          method,
          trace: method === 'CHECK' ? digits(f, 8) : `1${hl7Date(payDate)}${digits(f, 6)}`,
        };
        remits.set(key, remit);
      }
      const deposited = addDays(payDate, remit.method === 'CHECK' ? 3 : weekday(payDate) === 5 ? 3 : 1);
      const ageDays = daysBetween(payDate, ctx.today);
      const reconciliation =
        ageDays < 3
          ? 'PENDING'
          : chance(f, 0.015)
            ? 'UNMATCHED'
            : status === 'ADJUSTED' && chance(f, 0.15)
              ? 'DISPUTED'
              : 'MATCHED';
      const contractual = claimCas.filter((c) => c.group === 'CO').reduce((s, c) => s + cents(c.amount), 0);
      const at = localTime(payDate, 10, f.number.int({ min: 0, max: 59 }));
      payments.push({
        id: idAt(f, at),
        claim_id: claimId,
        payment_date: payDate,
        payment_method: remit.method,
        check_number: remit.method === 'CHECK' ? remit.trace : null,
        eft_trace_number: remit.method === 'EFT' ? remit.trace : null,
        payment_amount: money(paidCents),
        era_file_path: `edi/835/${payDate.slice(0, 4)}/ERA_${mcoPayer.id}_${hl7Date(payDate)}.835`,
        adjustment_codes: json(claimCas.map((c) => ({ ...c, carc: `${c.group}-${c.code}` }))),
        adjustment_total: money(totalCents - paidCents),
        contractual_adjustment: money(contractual),
        patient_responsibility: money(prCents),
        remarks:
          status === 'ADJUSTED'
            ? pick(f, [
                'N362: units exceed the maximum allowed for this service per day',
                'M86: service denied because payment already made for same/similar procedure within set time frame',
                'N20: service not payable with other service rendered on the same date',
              ])
            : null,
        deposited_date: deposited <= ctx.today ? deposited : null,
        bank_account_last_four: bankLast4,
        reconciliation_status: reconciliation,
        school_id: v.school_id,
        created_at: at,
        updated_at:
          reconciliation === 'PENDING' ? at : notAfter(ctx, localTime(minDate(deposited, ctx.today), 11)),
      });
    }
  }

  await insertMany(ctx.db, 'billing_claims', claims, ctx.progress);
  await insertMany(ctx.db, 'claim_line_items', lines, ctx.progress);
  await insertMany(ctx.db, 'claim_submissions', submissions, ctx.progress);
  await insertMany(ctx.db, 'payment_tracking', payments, ctx.progress);
}

// ---------------------------------------------------------------- immunization registry

/** Builds an HL7 v2.5.1 VXU^V04^VXU_V04 message (CDC IG for Immunization Messaging, release 1.5); segments end with \r. */
export function buildVxu(m: {
  controlId: string;
  sentAt: Date;
  processingId: 'P' | 'T';
  sendingApp: string;
  sendingFacility: string;
  receivingApp: string;
  receivingFacility: string;
  student: StudentRow;
  assigningAuthority: string;
  guardian: GuardianRow | undefined;
  vaccination: VaccinationRow;
  orderingProvider: { npi: string; last: string; first: string };
  administeringProvider: { npi: string; last: string; first: string } | undefined;
  enteredBy: { id: string; last: string; first: string } | undefined;
  vfc: string;
  facilityName: string;
}): string {
  const s = m.student;
  const v = m.vaccination;
  const sex = s.sex === 'F' || s.sex === 'M' ? s.sex : 'U';
  const addr = `${hl7Escape(s.address_line1)}^^${hl7Escape(s.city)}^${hl7Escape(s.state)}^${hl7Escape(s.postal_code)}^USA^L`;
  const name = `${hl7Escape(s.last_name)}^${hl7Escape(s.first_name)}^${hl7Escape(s.middle_name)}^^^^L`;
  const adminDate = hl7Date(v.administration_date);
  const header = {
    3: m.sendingApp,
    4: m.sendingFacility,
    5: m.receivingApp,
    6: m.receivingFacility,
    7: hl7Time(m.sentAt),
    9: 'VXU^V04^VXU_V04',
    10: m.controlId,
    11: m.processingId,
    12: '2.5.1',
    15: 'ER',
    16: 'AL',
    21: 'Z22^CDCPHINVS',
    22: m.sendingFacility,
    23: m.receivingFacility,
  };
  const segments: string[] = [
    msh(header),
    seg('PID', {
      1: '1',
      3: `${hl7Escape(s.student_number)}^^^${m.assigningAuthority}^MR`,
      5: name,
      7: hl7Date(s.date_of_birth),
      8: sex,
      11: addr,
      13: m.guardian ? phone(m.guardian.phone_primary) : '',
      24: 'N',
    }),
    seg('PD1', {
      11: '02^Reminder/Recall - any method^HL70215',
      12: 'N',
      13: adminDate,
      16: 'A',
      17: adminDate,
      18: adminDate,
    }),
  ];
  if (m.guardian) {
    const g = m.guardian;
    segments.push(
      seg('NK1', {
        1: '1',
        2: `${hl7Escape(g.last_name)}^${hl7Escape(g.first_name)}^^^^^L`,
        3: relationshipCode(g.relationship),
        4: addr,
        5: phone(g.phone_primary),
      }),
    );
  }
  const provider = (p: { npi: string; last: string; first: string }): string =>
    `${p.npi}^${hl7Escape(p.last)}^${hl7Escape(p.first)}^^^^^^NPI^L^^^NPI`;
  segments.push(
    seg('ORC', {
      1: 'RE',
      3: `${v.id}^${m.sendingApp}`,
      10: m.enteredBy
        ? `${m.enteredBy.id}^${hl7Escape(m.enteredBy.last)}^${hl7Escape(m.enteredBy.first)}`
        : '',
      12: provider(m.orderingProvider),
    }),
  );
  const vaccineName = hl7Escape(v.vaccine_name ?? v.vaccine_type);
  const mvx = v.mvx_code ? `${v.mvx_code}^${hl7Escape(MVX_NAMES[v.mvx_code] ?? v.mvx_code)}^MVX` : '';
  const volume = v.dose_volume_ml ? String(Number(v.dose_volume_ml)) : '999';
  segments.push(
    seg('RXA', {
      1: '0',
      2: '1',
      3: adminDate,
      5: `${v.cvx_code}^${vaccineName}^CVX`,
      6: volume,
      7: volume === '999' ? '' : 'mL^MilliLiter [SI Volume Units]^UCUM',
      9: '00^New immunization record^NIP001',
      10: m.administeringProvider ? provider(m.administeringProvider) : '',
      11: `^^^${hl7Escape(m.facilityName)}`,
      15: hl7Escape(v.lot_number),
      16: v.lot_expiration_date ? hl7Date(v.lot_expiration_date) : '',
      17: mvx,
      20: 'CP',
      21: 'A',
    }),
  );
  if (v.route || v.site) {
    segments.push(
      seg('RXR', { 1: v.route ? (ROUTES[v.route] ?? '') : '', 2: v.site ? (SITES[v.site] ?? '') : '' }),
    );
  }
  segments.push(
    seg('OBX', {
      1: '1',
      2: 'CE',
      3: '64994-7^Vaccine funding program eligibility category^LN',
      4: '1',
      5: VFC[m.vfc] ?? m.vfc,
      11: 'F',
      14: adminDate,
      17: 'VXC40^Eligibility captured at the immunization level^CDCPHINVS',
    }),
  );
  if (v.vis_edition_date) {
    segments.push(
      seg('OBX', {
        1: '2',
        2: 'CE',
        3: '30956-7^vaccine type^LN',
        4: '2',
        5: `${v.cvx_code}^${vaccineName}^CVX`,
        11: 'F',
      }),
      seg('OBX', {
        1: '3',
        2: 'TS',
        3: '29768-9^Date vaccine information statement published^LN',
        4: '2',
        5: hl7Date(v.vis_edition_date),
        11: 'F',
      }),
      seg('OBX', {
        1: '4',
        2: 'TS',
        3: '29769-7^Date vaccine information statement presented^LN',
        4: '2',
        5: adminDate,
        11: 'F',
      }),
    );
  }
  return segments.join('\r') + '\r';
}

/** XTN for a US phone number: ^PRN^PH^^^area^local. */
function phone(p: string): string {
  const d = p.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  if (d.length !== 10) return '';
  return `^PRN^PH^^^${d.slice(0, 3)}^${d.slice(3)}`;
}

/** An HL7 v2.5.1 ACK^V04^ACK (Z23^CDCPHINVS) for a VXU; ERR segments for each error. */
export function buildAck(m: {
  controlId: string;
  ackOf: string;
  sentAt: Date;
  processingId: 'P' | 'T';
  registryApp: string;
  registryFacility: string;
  receivingApp: string;
  receivingFacility: string;
  code: 'AA' | 'AE' | 'AR';
  errors: readonly {
    location: string;
    hl7Code: string;
    severity: 'E' | 'W' | 'I';
    appCode: string;
    message: string;
  }[];
}): string {
  const segments = [
    msh({
      3: m.registryApp,
      4: m.registryFacility,
      5: m.receivingApp,
      6: m.receivingFacility,
      7: hl7Time(m.sentAt),
      9: 'ACK^V04^ACK',
      10: m.controlId,
      11: m.processingId,
      12: '2.5.1',
      15: 'NE',
      16: 'NE',
      21: 'Z23^CDCPHINVS',
      22: m.registryFacility,
      23: m.receivingFacility,
    }),
    seg('MSA', { 1: m.code, 2: m.ackOf }),
    ...m.errors.map((e) =>
      seg('ERR', { 2: e.location, 3: e.hl7Code, 4: e.severity, 5: e.appCode, 8: hl7Escape(e.message) }),
    ),
  ];
  return segments.join('\r') + '\r';
}

async function seedRegistry(
  ctx: SeedContext,
  district: DistrictRow,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
  students: readonly StudentRow[],
  eligibility: Map<string, Eligibility>,
  state: StateInfo,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'integrations.registry');
  const iis = state.iis;
  const facilityId = `${district.state_code}${digits(f, 6)}`;
  const sendingApp = 'WHITECROSS';
  const connectionId = idAt(f, ctx.setupAt);
  const processingId: 'P' | 'T' = 'T';
  const byStudent = new Map(students.map((s) => [s.id, s] as const));
  const bySchool = new Map(schools.map((s) => [s.id, s] as const));
  const byUser = new Map(users.map((u) => [u.id, u] as const));
  // The district's medical director signs the standing orders school nurses vaccinate under (ORC-12).
  const md = sectionFaker(ctx.options.seed, 'district.medical-director');
  const medicalDirector = {
    npi: makeNpi(md, 'individual'),
    last: md.person.lastName(),
    first: md.person.firstName(),
  };

  const vaccinations: VaccinationRow[] = await ctx.db
    .selectFrom('vaccinations')
    .select([
      'id',
      'student_id',
      'school_id',
      'vaccine_type',
      'cvx_code',
      'mvx_code',
      'vaccine_name',
      'dose_number',
      'administration_date',
      'lot_number',
      'lot_expiration_date',
      'site',
      'route',
      'dose_volume_ml',
      'administered_by_user_id',
      'vis_edition_date',
      'registry_status',
      'created_at',
    ])
    .where('source', '=', 'ADMINISTERED')
    .where('deleted_at', 'is', null)
    .orderBy('administration_date')
    .orderBy('id')
    .execute();
  const guardians: GuardianRow[] = await ctx.db
    .selectFrom('guardians')
    .distinctOn('student_id')
    .select(['student_id', 'first_name', 'last_name', 'relationship', 'phone_primary'])
    .where('deleted_at', 'is', null)
    .orderBy('student_id')
    .orderBy('is_primary_contact', 'desc')
    .orderBy('contact_priority')
    .orderBy('id')
    .execute();
  const guardianOf = new Map(guardians.map((g) => [g.student_id, g] as const));

  const connection: NewRow<'registry_connections'> = {
    id: connectionId,
    registry_name: iis.name,
    state_code: district.state_code,
    registry_type: 'IMMUNIZATION',
    connection_method: 'HL7_V2',
    endpoint_url: `https://${iis.host}/hl7/cdc-iis/IISService`,
    hl7_version: '2.5.1',
    message_profile: 'Z22^CDCPHINVS (VXU), Z23^CDCPHINVS (ACK); CDC WSDL SOAP transport',
    authentication_method: 'USERNAME_PASSWORD',
    credential_vault_key: `registry/${district.state_code.toLowerCase()}/${iis.app.toLowerCase()}`,
    facility_id: facilityId,
    sending_application: sendingApp,
    sending_facility: facilityId,
    connection_status: 'ACTIVE',
    last_successful_connection: null,
    last_connection_error: null,
    test_mode: true,
    is_active: true,
    district_id: district.id,
    created_at: ctx.setupAt,
    updated_at: ctx.setupAt,
  };

  const submissions: NewRow<'registry_submissions'>[] = [];
  const responses: NewRow<'registry_responses'>[] = [];
  const errors: NewRow<'submission_error_log'>[] = [];
  let lastConnectionError: string | null = null;
  let lastAck: Date | null = null;
  let ctrl = 0;
  for (const v of vaccinations) {
    const s = byStudent.get(v.student_id);
    if (!s) continue;
    // The vaccination's registry_status is the outcome of its latest submission:
    //   ACCEPTED: AA (now and then after a first AE, corrected and re-sent the next day);
    //   SUBMITTED: a first VXU got AE, the corrected one is sent and awaits its ACK;
    //   REJECTED: AE; QUEUED: built, not sent yet; NOT_SUBMITTED / NOT_REQUIRED: nothing sent.
    type Attempt = 'AA' | 'AE' | 'SENT' | 'PENDING';
    let attempts: Attempt[];
    switch (v.registry_status) {
      case 'ACCEPTED':
        attempts = chance(f, 0.02) ? ['AE', 'AA'] : ['AA'];
        break;
      case 'SUBMITTED':
        attempts = ['AE', 'SENT'];
        break;
      case 'REJECTED':
        attempts = ['AE'];
        break;
      case 'QUEUED':
        attempts = ['PENDING'];
        break;
      default:
        continue;
    }
    const school = bySchool.get(v.school_id);
    const nurse = v.administered_by_user_id ? byUser.get(v.administered_by_user_id) : undefined;
    const e = eligibility.get(v.student_id);
    const medicaidOnDate =
      e && e.start && e.end && e.start <= v.administration_date && e.end >= v.administration_date;
    const vfc = medicaidOnDate
      ? 'V02'
      : weighted(f, [
          ['V01', 80],
          ['V03', 15],
          ['V05', 5],
        ] as const);
    const firstAt = notAfter(ctx, addMinutes(v.created_at, f.number.int({ min: 3, max: 45 })));
    let previousError: string | null = null;
    for (const [n, outcome] of attempts.entries()) {
      // A re-send goes out with the next nightly batch after the error was worked (1-3 days later).
      const sentAt =
        n === 0
          ? firstAt
          : localTime(addDays(localDate(firstAt), f.number.int({ min: 1, max: 3 })), 22, 15, n);
      if (sentAt.getTime() > ctx.options.asOf.getTime()) break;
      ctrl += 1;
      const controlId = `WC${hl7Time(sentAt).slice(0, 14)}${String(ctrl).padStart(5, '0')}`;
      const message = buildVxu({
        controlId,
        sentAt,
        processingId,
        sendingApp,
        sendingFacility: facilityId,
        receivingApp: iis.app,
        receivingFacility: iis.facility,
        student: s,
        assigningAuthority: facilityId,
        guardian: guardianOf.get(s.id),
        vaccination: v,
        orderingProvider: medicalDirector,
        administeringProvider: nurse?.npi_number
          ? { npi: nurse.npi_number, last: nurse.last_name, first: nurse.first_name }
          : undefined,
        enteredBy: nurse ? { id: nurse.id, last: nurse.last_name, first: nurse.first_name } : undefined,
        vfc,
        facilityName: school?.name ?? district.name,
      });
      const retries = outcome === 'AA' && chance(f, 0.02) ? f.number.int({ min: 1, max: 2 }) : 0;
      const respondedAt = new Date(
        sentAt.getTime() + retries * 15 * 60_000 + f.number.int({ min: 1_200, max: 9_000 }),
      );
      const responded =
        (outcome === 'AA' || outcome === 'AE') && respondedAt.getTime() <= ctx.options.asOf.getTime();
      const code = outcome === 'AE' ? 'AE' : 'AA';
      const errDefs = outcome === 'AE' ? [pick(f, REGISTRY_ERRORS)] : [];
      const warn = outcome === 'AA' && chance(f, 0.05);
      const errs: {
        location: string;
        hl7Code: string;
        severity: 'E' | 'W';
        appCode: string;
        message: string;
      }[] = errDefs.map((d) => ({
        location: d.location,
        hl7Code: d.hl7Code,
        severity: 'E',
        appCode: d.appCode,
        message: d.message(v),
      }));
      if (warn) {
        errs.push({
          location: 'PID^1^11^1^1',
          hl7Code: '0^Message accepted^HL70357',
          severity: 'W',
          appCode: '4^Invalid value^HL70533',
          message: 'Patient address could not be validated against USPS; stored as sent',
        });
      }
      const ackControl = `${iis.app.slice(0, 4)}${digits(f, 12)}`;
      const ack = responded
        ? buildAck({
            controlId: ackControl,
            ackOf: controlId,
            sentAt: respondedAt,
            processingId,
            registryApp: iis.app,
            registryFacility: iis.facility,
            receivingApp: sendingApp,
            receivingFacility: facilityId,
            code,
            errors: errs,
          })
        : null;
      const subId = idAt(f, sentAt);
      const status = !responded
        ? outcome === 'PENDING'
          ? 'PENDING'
          : 'SENT'
        : code === 'AA'
          ? 'ACKNOWLEDGED'
          : 'REJECTED';
      submissions.push({
        id: subId,
        registry_connection_id: connectionId,
        submission_date: sentAt,
        submission_type: 'NEW_IMMUNIZATION',
        student_id: s.id,
        vaccination_id: v.id,
        message_type: 'VXU',
        hl7_message: message,
        message_control_id: controlId,
        submission_status: status,
        response_received_at: responded ? respondedAt : null,
        hl7_response: ack,
        acknowledgment_code: responded ? code : null,
        response_error_codes:
          responded && errDefs.length
            ? json(
                errDefs.map((d) => ({
                  location: d.location,
                  hl7_error: d.hl7Code.split('^')[0],
                  app_error: d.appCode.split('^')[0],
                })),
              )
            : null,
        response_warnings:
          responded && warn
            ? json([
                {
                  location: 'PID^1^11',
                  message: 'Patient address could not be validated against USPS; stored as sent',
                },
              ])
            : null,
        retry_count: retries,
        last_retry_at: retries ? new Date(sentAt.getTime() + retries * 15 * 60_000) : null,
        school_id: s.school_id,
        created_at: sentAt,
        updated_at: responded ? respondedAt : sentAt,
      });
      for (let r = 0; r < retries; r++) {
        const at = new Date(sentAt.getTime() + r * 15 * 60_000 + 60_000);
        lastConnectionError = `SOAP fault from ${iis.app}: connection timed out after 60 s (attempt ${r + 1})`;
        errors.push({
          id: idAt(f, at),
          submission_id: subId,
          error_timestamp: at,
          error_type: 'CONNECTION_ERROR',
          error_code: pick(f, ['ETIMEDOUT', 'HTTP 503', 'ECONNRESET']),
          error_message: lastConnectionError,
          hl7_segment: null,
          field_number: null,
          field_value: null,
          stack_trace: null,
          resolution_status: 'RESOLVED',
          resolution_notes: `Retried automatically; accepted on attempt ${retries + 1}.`,
          resolved_at: respondedAt,
          school_id: s.school_id,
          created_at: at,
          updated_at: respondedAt,
        });
      }
      if (!responded) continue;
      if (code === 'AA' && (lastAck === null || respondedAt.getTime() > lastAck.getTime()))
        lastAck = respondedAt;
      responses.push({
        id: idAt(f, respondedAt),
        submission_id: subId,
        response_date: respondedAt,
        response_type: code === 'AA' ? 'ACKNOWLEDGMENT' : 'ERROR',
        acknowledgment_status: code,
        error_severity: code === 'AE' ? 'ERROR' : warn ? 'WARNING' : null,
        error_messages: errs.length
          ? json(
              errs.map((x) => ({
                location: x.location,
                severity: x.severity,
                code: x.hl7Code.split('^')[0],
                message: x.message,
              })),
            )
          : null,
        immunization_history: null,
        forecast_recommendations: null,
        patient_registry_id: code === 'AA' ? digits(f, 9) : null,
        last_immunization_date: code === 'AA' ? v.administration_date : null,
        compliance_status: null,
        exemptions_on_file: null,
        response_metadata: json({
          ack_message_control_id: ackControl,
          processing_id: processingId,
          profile: 'Z23^CDCPHINVS',
          round_trip_ms: respondedAt.getTime() - sentAt.getTime() - retries * 15 * 60_000,
          ...(n > 0 && previousError ? { resubmission_of: previousError } : {}),
        }),
        school_id: s.school_id,
        created_at: respondedAt,
        updated_at: respondedAt,
      });
      for (const d of errDefs) {
        const next = attempts[n + 1];
        // The error was worked when the corrected dose went out again; otherwise it is still open.
        const resolution =
          next === 'AA'
            ? 'RESOLVED'
            : next === 'SENT'
              ? weighted(f, [
                  ['INVESTIGATING', 60],
                  ['KNOWN_ISSUE', 40],
                ] as const)
              : 'OPEN';
        const resolvedAt =
          resolution === 'RESOLVED'
            ? notAfter(ctx, localTime(addDays(localDate(firstAt), 1), 10, f.number.int({ min: 0, max: 59 })))
            : null;
        errors.push({
          id: idAt(f, respondedAt),
          submission_id: subId,
          error_timestamp: respondedAt,
          error_type: 'VALIDATION_ERROR',
          error_code: d.hl7Code.split('^')[0],
          error_message: d.message(v),
          hl7_segment: d.segment,
          field_number: d.field,
          field_value: d.value(v),
          stack_trace: null,
          resolution_status: resolution,
          resolution_notes:
            resolution === 'RESOLVED'
              ? 'Corrected with the IIS help desk; the dose was re-sent and accepted.'
              : resolution === 'KNOWN_ISSUE'
                ? `${iis.app} inventory feed lags VFC shipments by up to 2 weeks; the dose is re-sent with the nightly batch until accepted.`
                : resolution === 'INVESTIGATING'
                  ? 'Re-sent after correction; waiting for the registry acknowledgment.'
                  : null,
          resolved_at:
            resolvedAt && resolvedAt.getTime() >= respondedAt.getTime()
              ? resolvedAt
              : resolution === 'RESOLVED'
                ? respondedAt
                : null,
          school_id: s.school_id,
          created_at: respondedAt,
          updated_at: resolvedAt ?? respondedAt,
        });
      }
      previousError = controlId;
    }
  }
  await insertMany(
    ctx.db,
    'registry_connections',
    [
      {
        ...connection,
        last_successful_connection: lastAck,
        last_connection_error: lastConnectionError,
        updated_at: lastAck ?? connection.created_at,
      },
    ],
    ctx.progress,
  );
  await insertMany(ctx.db, 'registry_submissions', submissions, ctx.progress);
  await insertMany(ctx.db, 'registry_responses', responses, ctx.progress);
  await insertMany(ctx.db, 'submission_error_log', errors, ctx.progress);
}

// ---------------------------------------------------------------- SIS (PowerSchool)

const SIS_MAPPINGS: readonly {
  sis: string;
  type: 'STRING' | 'INTEGER' | 'DATE' | 'BOOLEAN' | 'OBJECT';
  column: string;
  wcType: string;
  rule: 'DIRECT' | 'UPPERCASE' | 'DATE_FORMAT' | 'LOOKUP' | 'CUSTOM';
  fn: string | null;
  required: boolean;
  key: boolean;
  validation: string | null;
  notes: string;
}[] = [
  {
    sis: 'id',
    type: 'INTEGER',
    column: 'sis_id',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: null,
    required: true,
    key: true,
    validation: '^[0-9]+$',
    notes: 'PowerSchool student DCID: the stable key of the match.',
  },
  {
    sis: 'local_id',
    type: 'STRING',
    column: 'student_number',
    wcType: 'varchar(50)',
    rule: 'DIRECT',
    fn: null,
    required: true,
    key: true,
    validation: '^[0-9]{5,10}$',
    notes: 'District student number (students.student_number in PowerSchool).',
  },
  {
    sis: 'name.first_name',
    type: 'STRING',
    column: 'first_name',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: 'trim',
    required: true,
    key: false,
    validation: null,
    notes: 'Legal first name.',
  },
  {
    sis: 'name.middle_name',
    type: 'STRING',
    column: 'middle_name',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: 'trim',
    required: false,
    key: false,
    validation: null,
    notes: 'Legal middle name.',
  },
  {
    sis: 'name.last_name',
    type: 'STRING',
    column: 'last_name',
    wcType: 'varchar(100)',
    rule: 'DIRECT',
    fn: 'trim',
    required: true,
    key: false,
    validation: null,
    notes: 'Legal last name.',
  },
  {
    sis: 'demographics.birth_date',
    type: 'DATE',
    column: 'date_of_birth',
    wcType: 'date',
    rule: 'DATE_FORMAT',
    fn: 'parse(yyyy-MM-dd)',
    required: true,
    key: false,
    validation: 'date <= today',
    notes: 'Date of birth.',
  },
  {
    sis: 'demographics.gender',
    type: 'STRING',
    column: 'sex',
    wcType: 'varchar(1)',
    rule: 'LOOKUP',
    fn: '{"F":"F","M":"M","X":"X","":"U"}',
    required: true,
    key: false,
    validation: null,
    notes: 'Administrative sex; blank maps to U.',
  },
  {
    sis: 'school_enrollment.grade_level',
    type: 'INTEGER',
    column: 'grade_level',
    wcType: 'varchar(10)',
    rule: 'LOOKUP',
    fn: '{"-1":"PK","0":"K","1":"1","2":"2","3":"3","4":"4","5":"5","6":"6","7":"7","8":"8","9":"9","10":"10","11":"11","12":"12"}',
    required: true,
    key: false,
    validation: '-1..12',
    notes: 'PowerSchool grade_level integer to the White Cross grade code.',
  },
  {
    sis: 'schedule_setup.home_room',
    type: 'STRING',
    column: 'homeroom',
    wcType: 'varchar(50)',
    rule: 'UPPERCASE',
    fn: null,
    required: false,
    key: false,
    validation: null,
    notes: 'Homeroom (expansion schedule_setup).',
  },
  {
    sis: 'school_enrollment.enroll_status',
    type: 'INTEGER',
    column: 'enrollment_status',
    wcType: 'varchar(20)',
    rule: 'LOOKUP',
    fn: '{"0":"ACTIVE","2":"TRANSFERRED","3":"GRADUATED","-1":"ACTIVE","1":"WITHDRAWN"}',
    required: true,
    key: false,
    validation: null,
    notes: 'PowerSchool enroll_status (0 active, 2 transferred out, 3 graduated).',
  },
  {
    sis: 'school_enrollment.entry_date',
    type: 'DATE',
    column: 'enrollment_date',
    wcType: 'date',
    rule: 'DATE_FORMAT',
    fn: 'parse(yyyy-MM-dd)',
    required: false,
    key: false,
    validation: null,
    notes: 'Entry date at the school.',
  },
  {
    sis: 'school_enrollment.exit_date',
    type: 'DATE',
    column: 'withdrawal_date',
    wcType: 'date',
    rule: 'DATE_FORMAT',
    fn: 'parse(yyyy-MM-dd)',
    required: false,
    key: false,
    validation: 'exit_date >= entry_date',
    notes:
      'Exit date; PowerSchool sets the end of the year for active students, ignored unless enroll_status <> 0.',
  },
];

async function seedSis(
  ctx: SeedContext,
  district: DistrictRow,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
  schoolsOfUser: Map<string, string[]>,
  students: readonly StudentRow[],
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'integrations.sis');
  const slug = district.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 20);
  const configs: NewRow<'sis_sync_configs'>[] = [];
  const mappings: NewRow<'sis_field_mappings'>[] = [];
  const jobs: NewRow<'sis_sync_jobs'>[] = [];
  const errors: NewRow<'sis_sync_errors'>[] = [];
  const admins = users.filter(
    (u) => (u.role === 'SCHOOL_ADMIN' || u.role === 'DISTRICT_ADMIN') && u.is_active,
  );
  const firstDay = isoDate(ctx.setupAt);

  for (const [index, school] of schools.entries()) {
    const roster = students.filter((s) => s.school_id === school.id);
    const configAt = addMinutes(ctx.setupAt, -60 * 24 * 3 + index * 20);
    const configId = idAt(f, configAt);
    const syncHealth = index === 0;
    const cron = `${30 + index * 5} 2 * * *`;
    const minute = 30 + index * 5;
    const schoolAdmins = admins.filter((u) => schoolsOfUser.get(u.id)?.includes(school.id));
    const runner = schoolAdmins[0] ?? admins[0];

    for (const [i, m] of SIS_MAPPINGS.entries()) {
      mappings.push({
        id: idAt(f, addMinutes(configAt, i + 1)),
        config_id: configId,
        entity_type: 'STUDENT',
        sis_field_name: m.sis,
        sis_field_type: m.type,
        whitecross_table: 'students',
        whitecross_column: m.column,
        whitecross_field_type: m.wcType,
        transformation_rule: m.rule,
        transformation_function: m.fn,
        default_value: m.column === 'sex' ? 'U' : null,
        is_required: m.required,
        is_key_field: m.key,
        validation_rule: m.validation,
        mapping_notes: m.notes,
        is_active: true,
        created_at: addMinutes(configAt, i + 1),
        updated_at: addMinutes(configAt, i + 1),
      });
    }

    let lastEnd: Date | null = null;
    // The initial roster import, run by hand on go-live day (it created the students), then nightly runs.
    let day = firstDay;
    let failedYesterday = false;
    let initial = true;
    while (true) {
      const start = initial
        ? addMinutes(ctx.setupAt, 170 + index * 3)
        : localTime(day, 2, minute, f.number.int({ min: 0, max: 9 }));
      if (start.getTime() >= ctx.options.asOf.getTime()) break;
      const horizon = initial ? addMinutes(ctx.setupAt, 240) : start;
      const enrolled = roster.filter((s) => s.created_at.getTime() <= horizon.getTime());
      const processed0 = Math.max(enrolled.length, 1);
      const status = initial
        ? 'COMPLETED'
        : weighted(f, [
            ['COMPLETED', 95],
            ['PARTIAL_SUCCESS', 3.5],
            ['FAILED', 1.5],
          ] as const);
      const runs: { status: typeof status; trigger: 'SCHEDULED' | 'MANUAL'; at: Date }[] = [
        { status, trigger: initial ? 'MANUAL' : 'SCHEDULED', at: start },
      ];
      initial = false;
      if (failedYesterday && runner) {
        // The morning after a failure, an admin re-runs the import by hand.
        const manualAt = localTime(day, 7, f.number.int({ min: 40, max: 59 }));
        if (manualAt.getTime() < ctx.options.asOf.getTime())
          runs.push({ status: 'COMPLETED', trigger: 'MANUAL', at: manualAt });
      }
      failedYesterday = status === 'FAILED';
      for (const run of runs) {
        const jobId = idAt(f, run.at);
        const firstImport: boolean = lastEnd === null;
        const created = firstImport
          ? enrolled.length
          : enrolled.filter((s) => s.created_at.getTime() > run.at.getTime() - 86_400_000).length;
        const updated = firstImport
          ? 0
          : Math.min(
              processed0 - created,
              f.number.int({ min: 0, max: Math.max(1, Math.round(processed0 * 0.015)) }),
            );
        const failedRecords = run.status === 'PARTIAL_SUCCESS' ? f.number.int({ min: 1, max: 4 }) : 0;
        const processed = run.status === 'FAILED' ? 0 : processed0;
        const skipped =
          run.status === 'FAILED' ? 0 : Math.max(0, processed - created - updated - failedRecords);
        const seconds: number =
          run.status === 'FAILED'
            ? f.number.int({ min: 30, max: 125 })
            : Math.round(8 + processed * f.number.float({ min: 0.03, max: 0.08 }) * (firstImport ? 4 : 1));
        const end: Date = new Date(run.at.getTime() + seconds * 1000 + f.number.int({ min: 0, max: 999 }));
        const apiCalls =
          run.status === 'FAILED' ? f.number.int({ min: 1, max: 4 }) : Math.ceil(processed / 100) + 2;
        jobs.push({
          id: jobId,
          config_id: configId,
          job_start_time: run.at,
          job_end_time: end,
          job_status: run.status,
          trigger_type: run.trigger,
          triggered_by: run.trigger === 'MANUAL' ? (runner?.id ?? null) : null,
          sync_direction: syncHealth ? 'BIDIRECTIONAL' : 'IMPORT_ONLY',
          records_processed: processed,
          records_created: run.status === 'FAILED' ? 0 : created,
          records_updated: run.status === 'FAILED' ? 0 : updated,
          records_skipped: skipped,
          records_failed: failedRecords,
          data_snapshot:
            run.status === 'FAILED'
              ? null
              : json({
                  students_in_sis: processed,
                  active: enrolled.filter((s) => s.enrollment_status === 'ACTIVE').length,
                  school_number: school.school_code,
                  page_size: 100,
                }),
          error_summary:
            run.status === 'FAILED'
              ? pick(f, [
                  'PowerSchool API returned HTTP 503 Service Unavailable (maintenance window); no records imported.',
                  'OAuth token request to /oauth/access_token failed: HTTP 401 invalid_client (plugin client secret rotated).',
                  'Timed out after 120 s waiting for /ws/v1/school/{id}/student page 1; no records imported.',
                ])
              : run.status === 'PARTIAL_SUCCESS'
                ? `${failedRecords} student record(s) failed validation; see sis_sync_errors.`
                : null,
          performance_metrics: json({
            api_calls: apiCalls,
            avg_response_ms: f.number.int({ min: 140, max: 620 }),
            rate_limited: false,
            duration_ms: end.getTime() - run.at.getTime(),
          }),
          created_at: run.at,
          updated_at: end,
        });
        if (run.status !== 'FAILED') lastEnd = end;
        for (let k = 0; k < failedRecords; k++) {
          const s = enrolled.length ? pick(f, enrolled) : undefined;
          const kind = weighted(f, [
            ['VALIDATION_ERROR', 40],
            ['MISSING_REQUIRED_FIELD', 25],
            ['DUPLICATE_RECORD', 15],
            ['CONFLICT', 20],
          ] as const);
          const detail =
            kind === 'VALIDATION_ERROR'
              ? {
                  field: 'school_enrollment.grade_level',
                  message: 'grade_level 14 is outside -1..12',
                  fix: 'Correct the grade level in PowerSchool (likely a 9th grader entered as 14).',
                }
              : kind === 'MISSING_REQUIRED_FIELD'
                ? {
                    field: 'demographics.birth_date',
                    message: 'birth_date is empty for an enrolled student',
                    fix: 'Ask the school registrar to enter the date of birth in PowerSchool.',
                  }
                : kind === 'DUPLICATE_RECORD'
                  ? {
                      field: 'local_id',
                      message: `local_id ${s?.student_number ?? ''} already belongs to another White Cross student`,
                      fix: 'Merge the duplicate student records after checking the date of birth.',
                    }
                  : {
                      field: 'schedule_setup.home_room',
                      message: 'homeroom was changed in both PowerSchool and White Cross since the last sync',
                      fix: 'Review both values; PowerSchool wins by default.',
                    };
          const age = daysBetween(day, ctx.today);
          const resolution =
            age > 7
              ? weighted(f, [
                  ['RESOLVED', 55],
                  ['AUTO_RESOLVED', 25],
                  ['IGNORED', 20],
                ] as const)
              : age > 1
                ? 'MANUAL_REVIEW'
                : 'PENDING';
          const resolvedAt =
            resolution === 'RESOLVED' || resolution === 'AUTO_RESOLVED' || resolution === 'IGNORED'
              ? notAfter(ctx, addMinutes(end, f.number.int({ min: 60 * 6, max: 60 * 24 * 6 })))
              : null;
          const errAt = new Date(
            run.at.getTime() +
              f.number.int({ min: 1000, max: Math.max(1001, end.getTime() - run.at.getTime()) }),
          );
          errors.push({
            id: idAt(f, errAt),
            sync_job_id: jobId,
            error_timestamp: errAt,
            entity_type: 'STUDENT',
            sis_record_id: s?.sis_id ?? null,
            whitecross_record_id: s?.id ?? null,
            error_type: kind,
            error_field: detail.field,
            error_message: detail.message,
            sis_data_snapshot: json({
              id: s?.sis_id ?? null,
              local_id: s?.student_number ?? null,
              field: detail.field,
            }),
            whitecross_data_snapshot: s
              ? json({
                  id: s.id,
                  student_number: s.student_number,
                  grade_level: s.grade_level,
                  homeroom: s.homeroom,
                })
              : null,
            suggested_resolution: detail.fix,
            resolution_status: resolution,
            resolved_at: resolvedAt,
            resolved_by: resolution === 'RESOLVED' || resolution === 'IGNORED' ? (runner?.id ?? null) : null,
            resolution_action:
              resolution === 'RESOLVED'
                ? kind === 'DUPLICATE_RECORD'
                  ? 'MERGED'
                  : kind === 'CONFLICT'
                    ? 'UPDATED_WHITECROSS'
                    : 'UPDATED_SIS'
                : resolution === 'AUTO_RESOLVED'
                  ? 'UPDATED_WHITECROSS'
                  : resolution === 'IGNORED'
                    ? 'SKIPPED'
                    : null,
            resolution_notes:
              resolution === 'AUTO_RESOLVED'
                ? 'Corrected in PowerSchool; the next nightly import applied it.'
                : resolution === 'IGNORED'
                  ? 'Student withdrew before the record was corrected.'
                  : null,
            created_at: errAt,
            updated_at: resolvedAt ?? errAt,
          });
        }
      }
      day = addDays(day, 1);
    }

    const nextRun = (() => {
      let d = isoDate(ctx.options.asOf);
      let t = localTime(d, 2, minute);
      while (t.getTime() <= ctx.options.asOf.getTime()) {
        d = addDays(d, 1);
        t = localTime(d, 2, minute);
      }
      return t;
    })();
    configs.push({
      id: configId,
      school_id: school.id,
      sis_vendor: 'POWERSCHOOL',
      sis_version: '25.1.0',
      connection_type: 'REST_API',
      api_base_url: `https://${slug}.powerschool.test`,
      api_version: 'ws/v1',
      authentication_method: 'OAUTH2_CLIENT_CREDENTIALS',
      credential_vault_key: `sis/powerschool/${school.school_code.toLowerCase()}`,
      sync_direction: syncHealth ? 'BIDIRECTIONAL' : 'IMPORT_ONLY',
      sync_frequency: 'DAILY',
      sync_schedule_cron: cron,
      last_sync_timestamp: lastEnd,
      next_sync_scheduled: nextRun,
      sync_enabled: true,
      sync_student_demographics: true,
      sync_enrollments: true,
      sync_attendance: false,
      sync_health_alerts: syncHealth,
      conflict_resolution_strategy: 'SIS_WINS',
      test_mode: false,
      created_at: configAt,
      updated_at: lastEnd ?? configAt,
    });
  }
  await insertMany(ctx.db, 'sis_sync_configs', configs, ctx.progress);
  await insertMany(ctx.db, 'sis_field_mappings', mappings, ctx.progress);
  await insertMany(ctx.db, 'sis_sync_jobs', jobs, ctx.progress);
  await insertMany(ctx.db, 'sis_sync_errors', errors, ctx.progress);
}
