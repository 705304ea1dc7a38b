import { hl7Escape as e } from './encoding';
import { message, msh, seg } from './segment';
import { hl7Time } from './time';

/**
 * The ACK^V04^ACK an immunization registry answers a VXU with (CDC IG release 1.5, profile Z23^CDCPHINVS):
 * MSA with AA (accepted), AE (accepted with errors) or AR (rejected), and one ERR segment per error or warning.
 */

export interface AckError {
  /** ERR-2, the error location (ERL): segment^sequence^field^repetition^component, e.g. RXA^1^15^1^1. */
  readonly location: string;
  /** ERR-3, HL7 error code (CWE of table 0357), e.g. 103^Table value not found^HL70357. */
  readonly hl7Code: string;
  /** ERR-4: E error, W warning, I information. */
  readonly severity: 'E' | 'W' | 'I';
  /** ERR-5, application error code (CWE of table 0533). */
  readonly appCode: string;
  /** ERR-8, the message shown to the user (text, escaped here). */
  readonly message: string;
}

export interface AckInput {
  readonly controlId: string;
  /** MSA-2: the control id of the VXU acknowledged. */
  readonly ackOf: string;
  readonly sentAt: Date;
  /** The registry's UTC offset at sentAt, in minutes. */
  readonly utcOffsetMinutes: number;
  readonly processingId: 'P' | 'T';
  readonly registryApp: string;
  readonly registryFacility: string;
  readonly receivingApp: string;
  readonly receivingFacility: string;
  readonly code: 'AA' | 'AE' | 'AR';
  readonly errors: readonly AckError[];
}

/** The ACK message; segments end with \r. */
export function buildAck(m: AckInput): string {
  return message([
    msh({
      3: e(m.registryApp),
      4: e(m.registryFacility),
      5: e(m.receivingApp),
      6: e(m.receivingFacility),
      7: hl7Time(m.sentAt, m.utcOffsetMinutes),
      9: 'ACK^V04^ACK',
      10: e(m.controlId),
      11: m.processingId,
      12: '2.5.1',
      15: 'NE',
      16: 'NE',
      21: 'Z23^CDCPHINVS',
      22: e(m.registryFacility),
      23: e(m.receivingFacility),
    }),
    seg('MSA', { 1: m.code, 2: e(m.ackOf) }),
    ...m.errors.map((x) =>
      seg('ERR', { 2: x.location, 3: x.hl7Code, 4: x.severity, 5: x.appCode, 8: e(x.message) }),
    ),
  ]);
}
