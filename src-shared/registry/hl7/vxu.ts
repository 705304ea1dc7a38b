import { hl7Escape as e } from './encoding';
import { message, msh, seg } from './segment';
import { MVX_NAMES, relationshipCode, ROUTES, SITES, usPhoneXtn, VFC_ELIGIBILITY } from './tables';
import { hl7Date, hl7Time } from './time';

/**
 * The VXU^V04^VXU_V04 message that reports a dose given at school to the state immunization information system
 * (CDC HL7 Version 2.5.1 Implementation Guide for Immunization Messaging, release 1.5; profile Z22^CDCPHINVS).
 * Inputs use the columns of students, guardians and vaccinations, so the server passes rows as read.
 */

export interface VxuPatient {
  readonly student_number: string;
  readonly first_name: string;
  readonly middle_name: string | null;
  readonly last_name: string;
  readonly date_of_birth: string;
  readonly sex: string;
  readonly address_line1: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postal_code: string | null;
}

export interface VxuGuardian {
  readonly first_name: string;
  readonly last_name: string;
  readonly relationship: string;
  readonly phone_primary: string;
}

export interface VxuVaccination {
  readonly id: string;
  readonly vaccine_type: string;
  readonly vaccine_name: string | null;
  readonly cvx_code: string;
  readonly mvx_code: string | null;
  readonly administration_date: string;
  readonly dose_volume_ml: string | null;
  readonly lot_number: string | null;
  readonly lot_expiration_date: string | null;
  readonly route: string | null;
  readonly site: string | null;
  readonly vis_edition_date: string | null;
}

/** A provider identified by NPI (XCN). */
export interface VxuProvider {
  readonly npi: string;
  readonly last: string;
  readonly first: string;
}

export interface VxuInput {
  readonly controlId: string;
  readonly sentAt: Date;
  /** The sending facility's UTC offset at sentAt, in minutes (-300 for EST). */
  readonly utcOffsetMinutes: number;
  readonly processingId: 'P' | 'T';
  readonly sendingApp: string;
  readonly sendingFacility: string;
  readonly receivingApp: string;
  readonly receivingFacility: string;
  readonly patient: VxuPatient;
  /** PID-3's assigning authority (the facility the IIS knows the school by). */
  readonly assigningAuthority: string;
  /** NK1, one per guardian (the primary contact first). */
  readonly guardians: readonly VxuGuardian[];
  readonly vaccination: VxuVaccination;
  /** RXA-9: 00 a dose given here (the default), 01 a historical dose recorded from another source. */
  readonly historical?: boolean;
  /** RXA-21: A add (the default), U update of a dose sent before, D delete of a dose sent before. */
  readonly action?: 'A' | 'U' | 'D';
  /** RXA-5's alternate coding, the NDC of the product given, where known. */
  readonly ndc?: string | null;
  /** PID-10 and PID-22 (CDC race and ethnicity codes, CDCREC), where the school records them. */
  readonly race?: readonly { readonly code: string; readonly text: string }[];
  readonly ethnicity?: { readonly code: string; readonly text: string } | null;
  /** ORC-12: who signed the standing order (RE: empty when unknown). */
  readonly orderingProvider: VxuProvider | undefined;
  /** RXA-10: the nurse who gave the dose. */
  readonly administeringProvider: VxuProvider | undefined;
  /** ORC-10: who entered the record. */
  readonly enteredBy: { readonly id: string; readonly last: string; readonly first: string } | undefined;
  /** VFC eligibility code (V01, V02...). */
  readonly vfc: string;
  readonly facilityName: string;
}

const xcn = (p: VxuProvider): string => `${e(p.npi)}^${e(p.last)}^${e(p.first)}^^^^^^NPI^L^^^NPI`;

/** The VXU message; segments end with \r. */
export function buildVxu(m: VxuInput): string {
  const s = m.patient;
  const v = m.vaccination;
  const sex = s.sex === 'F' || s.sex === 'M' ? s.sex : 'U';
  const addr = `${e(s.address_line1)}^^${e(s.city)}^${e(s.state)}^${e(s.postal_code)}^USA^L`;
  const name = `${e(s.last_name)}^${e(s.first_name)}^${e(s.middle_name)}^^^^L`;
  const adminDate = hl7Date(v.administration_date);
  const segments: string[] = [
    msh({
      3: e(m.sendingApp),
      4: e(m.sendingFacility),
      5: e(m.receivingApp),
      6: e(m.receivingFacility),
      7: hl7Time(m.sentAt, m.utcOffsetMinutes),
      9: 'VXU^V04^VXU_V04',
      10: e(m.controlId),
      11: m.processingId,
      12: '2.5.1',
      15: 'ER',
      16: 'AL',
      21: 'Z22^CDCPHINVS',
      22: e(m.sendingFacility),
      23: e(m.receivingFacility),
    }),
    seg('PID', {
      1: '1',
      3: `${e(s.student_number)}^^^${e(m.assigningAuthority)}^MR`,
      5: name,
      7: hl7Date(s.date_of_birth),
      8: sex,
      10: (m.race ?? []).map((r) => `${e(r.code)}^${e(r.text)}^CDCREC`).join('~'),
      11: addr,
      13: m.guardians[0] ? usPhoneXtn(m.guardians[0].phone_primary) : '',
      22: m.ethnicity ? `${e(m.ethnicity.code)}^${e(m.ethnicity.text)}^CDCREC` : '',
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
  m.guardians.forEach((g, i) => {
    segments.push(
      seg('NK1', {
        1: String(i + 1),
        2: `${e(g.last_name)}^${e(g.first_name)}^^^^^L`,
        3: relationshipCode(g.relationship),
        4: addr,
        5: usPhoneXtn(g.phone_primary),
      }),
    );
  });
  segments.push(
    seg('ORC', {
      1: 'RE',
      3: `${e(v.id)}^${e(m.sendingApp)}`,
      10: m.enteredBy ? `${e(m.enteredBy.id)}^${e(m.enteredBy.last)}^${e(m.enteredBy.first)}` : '',
      12: m.orderingProvider ? xcn(m.orderingProvider) : '',
    }),
  );
  const vaccineName = e(v.vaccine_name ?? v.vaccine_type);
  const mvx = v.mvx_code ? `${e(v.mvx_code)}^${e(MVX_NAMES[v.mvx_code] ?? v.mvx_code)}^MVX` : '';
  // RXA-6 999 means "amount unknown" (historical doses); then RXA-7 is empty.
  const volume = v.dose_volume_ml ? String(Number(v.dose_volume_ml)) : '999';
  segments.push(
    seg('RXA', {
      1: '0',
      2: '1',
      3: adminDate,
      5: `${e(v.cvx_code)}^${vaccineName}^CVX${m.ndc ? `^${e(m.ndc)}^${vaccineName}^NDC` : ''}`,
      6: volume,
      7: volume === '999' ? '' : 'mL^MilliLiter [SI Volume Units]^UCUM',
      9: m.historical
        ? '01^Historical information - source unspecified^NIP001'
        : '00^New immunization record^NIP001',
      10: m.administeringProvider ? xcn(m.administeringProvider) : '',
      11: `^^^${e(m.facilityName)}`,
      15: e(v.lot_number),
      16: v.lot_expiration_date ? hl7Date(v.lot_expiration_date) : '',
      17: mvx,
      20: 'CP',
      21: m.action ?? 'A',
    }),
  );
  if (v.route || v.site) {
    segments.push(
      seg('RXR', { 1: v.route ? (ROUTES[v.route] ?? '') : '', 2: v.site ? (SITES[v.site] ?? '') : '' }),
    );
  }
  let obx = 0;
  // The funding eligibility is asked at the dose level for a dose given here only (IG 1.5 addendum).
  if (!m.historical) {
    segments.push(
      seg('OBX', {
        1: String(++obx),
        2: 'CE',
        3: '64994-7^Vaccine funding program eligibility category^LN',
        4: '1',
        5: VFC_ELIGIBILITY[m.vfc] ?? e(m.vfc),
        11: 'F',
        14: adminDate,
        17: 'VXC40^Eligibility captured at the immunization level^CDCPHINVS',
      }),
    );
  }
  if (v.vis_edition_date) {
    // The Vaccine Information Statement given: vaccine type, edition date, date presented.
    segments.push(
      seg('OBX', {
        1: String(obx + 1),
        2: 'CE',
        3: '30956-7^vaccine type^LN',
        4: String(obx + 1),
        5: `${e(v.cvx_code)}^${vaccineName}^CVX`,
        11: 'F',
      }),
      seg('OBX', {
        1: String(obx + 2),
        2: 'TS',
        3: '29768-9^Date vaccine information statement published^LN',
        4: String(obx + 1),
        5: hl7Date(v.vis_edition_date),
        11: 'F',
      }),
      seg('OBX', {
        1: String(obx + 3),
        2: 'TS',
        3: '29769-7^Date vaccine information statement presented^LN',
        4: String(obx + 1),
        5: adminDate,
        11: 'F',
      }),
    );
  }
  return message(segments);
}
