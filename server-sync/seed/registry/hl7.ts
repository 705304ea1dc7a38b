import { easternOffsetHours, isoDate } from '../helpers';
import type { GuardianRow, VaccinationRow } from './rows';
import type { StudentRow } from '../helpers';

/**
 * HL7 v2.5.1 for the state immunization registry (CDC Implementation Guide for Immunization Messaging, release
 * 1.5): escaping, segments, timestamps, and the VXU^V04 and ACK^V04 messages.
 */

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

export const hl7Date = (d: string): string => d.replaceAll('-', '');

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
