import { hl7Escape as e } from './encoding';
import { message, msh, seg } from './segment';
import { usPhoneXtn } from './tables';
import { hl7Date, hl7Time } from './time';
import type { VxuPatient } from './vxu';

/**
 * QBP^Q11^QBP_Q11 queries of the CDC IG release 1.5: Z34 "request immunization history" (answered by an RSP^K11
 * Z32 history, Z31 candidate list or Z33 no match / too many / error) and Z44 "request evaluated history and
 * forecast" (answered by Z42).
 */

export interface QbpInput {
  readonly profile: 'Z34' | 'Z44';
  readonly controlId: string;
  /** QPD-2: echoed by the registry in QAK-1, so the answer is matched to its question. */
  readonly queryTag: string;
  readonly sentAt: Date;
  readonly utcOffsetMinutes: number;
  readonly processingId: 'P' | 'T';
  readonly sendingApp: string;
  readonly sendingFacility: string;
  readonly receivingApp: string;
  readonly receivingFacility: string;
  readonly patient: VxuPatient;
  readonly assigningAuthority: string;
  /** QPD-9: the guardian's phone, where known. */
  readonly phone?: string | null;
  /** RCP-2: the most records the registry may return (Z34 candidates). */
  readonly maxRecords?: number;
}

const QUERY_NAME = {
  Z34: 'Z34^Request Immunization History^CDCPHINVS',
  Z44: 'Z44^Request Evaluated History and Forecast^CDCPHINVS',
} as const;

export function buildQbp(q: QbpInput): string {
  const p = q.patient;
  const sex = p.sex === 'F' || p.sex === 'M' ? p.sex : 'U';
  return message([
    msh({
      3: e(q.sendingApp),
      4: e(q.sendingFacility),
      5: e(q.receivingApp),
      6: e(q.receivingFacility),
      7: hl7Time(q.sentAt, q.utcOffsetMinutes),
      9: 'QBP^Q11^QBP_Q11',
      10: e(q.controlId),
      11: q.processingId,
      12: '2.5.1',
      15: 'ER',
      16: 'AL',
      21: `${q.profile}^CDCPHINVS`,
      22: e(q.sendingFacility),
      23: e(q.receivingFacility),
    }),
    seg('QPD', {
      1: QUERY_NAME[q.profile],
      2: e(q.queryTag),
      3: `${e(p.student_number)}^^^${e(q.assigningAuthority)}^MR`,
      4: `${e(p.last_name)}^${e(p.first_name)}^${e(p.middle_name)}^^^^L`,
      6: hl7Date(p.date_of_birth),
      7: sex,
      8: `${e(p.address_line1)}^^${e(p.city)}^${e(p.state)}^${e(p.postal_code)}^USA^L`,
      9: q.phone ? usPhoneXtn(q.phone) : '',
    }),
    seg('RCP', { 1: 'I', 2: `${q.maxRecords ?? (q.profile === 'Z44' ? 1 : 10)}^RD&records&HL70126` }),
  ]);
}
