import { parseHl7, segmentsNamed, type Hl7Message } from './parse';
import { readErr, readMsa, readMsh, type Err } from './readers';

/**
 * Reading a registry's acknowledgement (ACK, or the MSA/ERR of an RSP): the MSA code and every ERR segment, with
 * a plain-language message for the nurse or the district clerk that names the field in words.
 */

export type AckSeverity = 'ERROR' | 'WARNING' | 'INFO';

export interface AckIssue {
  /** ERR-2 as segment^sequence^field, e.g. RXA^1^15 (empty parts where the registry left them out). */
  readonly location: string;
  readonly segment: string;
  readonly sequence: string;
  readonly field: string;
  /** e.g. RXA-15, or RXA for the whole segment. */
  readonly fieldName: string;
  /** ERR-3, HL7 table 0357. */
  readonly hl7Code: string;
  /** ERR-5, HL7 table 0533 (the registry's own code when it uses another table). */
  readonly appCode: string;
  readonly severity: AckSeverity;
  /** The registry's own words (ERR-8). */
  readonly text: string;
  /** What we show: the field in words, what is wrong with it, and the registry's words. */
  readonly plain: string;
}

export interface ParsedAck {
  readonly controlId: string;
  readonly messageType: string;
  /** MSA-1: AA accepted, AE accepted with errors, AR rejected (CA/CE/CR for enhanced mode). */
  readonly code: string;
  /** MSA-2: the control id of the message acknowledged. */
  readonly ackOf: string;
  readonly issues: readonly AckIssue[];
  /** One sentence: accepted, accepted with n errors, rejected. */
  readonly summary: string;
}

/** HL7 table 0357 (message error condition codes). */
const HL7_ERRORS: Readonly<Record<string, string>> = {
  '0': 'accepted',
  '100': 'a required segment is missing or out of order',
  '101': 'a required value is missing',
  '102': 'the value is of the wrong type',
  '103': 'the value is not one the registry knows',
  '104': 'the value is too long',
  '200': 'the registry does not take this message type',
  '201': 'the registry does not take this event',
  '202': 'the registry does not take this processing mode',
  '203': 'the registry does not take this HL7 version',
  '204': 'the record it refers to is unknown to the registry',
  '205': 'the record is already in the registry',
  '206': 'the record is locked at the registry',
  '207': 'the registry could not process it',
};

/** The fields of a VXU in words. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  'MSH-4': "the district's facility id",
  'MSH-6': "the registry's facility id",
  'MSH-10': 'the message id',
  'PID-3': "the student's identifier",
  'PID-5': "the student's name",
  'PID-6': "the mother's maiden name",
  'PID-7': "the student's birth date",
  'PID-8': "the student's sex",
  'PID-10': "the student's race",
  'PID-11': "the student's address",
  'PID-13': 'the phone number',
  'PID-22': "the student's ethnicity",
  'PID-24': 'the multiple-birth indicator',
  'PD1-11': 'the reminder/recall consent',
  'PD1-16': 'the registry status',
  'NK1-2': "the guardian's name",
  'NK1-3': "the guardian's relationship",
  'ORC-3': 'the dose id',
  'ORC-12': 'the ordering provider',
  'RXA-3': 'the date the dose was given',
  'RXA-5': 'the vaccine (CVX code)',
  'RXA-6': 'the amount given',
  'RXA-9': 'whether the dose was given here or is historical',
  'RXA-10': 'the administering nurse',
  'RXA-11': 'where the dose was given',
  'RXA-15': 'the lot number',
  'RXA-16': "the lot's expiration date",
  'RXA-17': 'the manufacturer (MVX code)',
  'RXA-21': 'the action (add, update, delete)',
  'RXR-1': 'the route',
  'RXR-2': 'the body site',
  'OBX-3': 'the observation',
  'OBX-5': 'the observation value (VFC eligibility or VIS)',
  'QPD-2': 'the query tag',
  'QPD-3': "the student's identifier in the query",
};

const SEVERITY: Readonly<Record<string, AckSeverity>> = { E: 'ERROR', W: 'WARNING', I: 'INFO' };

function issueOf(err: Err): AckIssue {
  const loc = err.locations[0];
  const segment = loc?.segment ?? '';
  const field = loc?.field ?? '';
  const fieldName = segment && field ? `${segment}-${field}` : segment;
  const severity = SEVERITY[err.severity] ?? 'ERROR';
  const words = FIELD_WORDS[fieldName];
  const what = words ? `${words} (${fieldName})` : fieldName || 'the message';
  const condition = HL7_ERRORS[err.hl7Code.code] ?? err.hl7Code.text;
  const label = severity === 'ERROR' ? 'Error' : severity === 'WARNING' ? 'Warning' : 'Note';
  const parts = [`${label} in ${what}`];
  if (condition && err.hl7Code.code !== '0') parts.push(condition);
  if (err.text) parts.push(err.text);
  return {
    location: loc ? [loc.segment, loc.sequence, loc.field].join('^').replace(/\^+$/, '') : '',
    segment,
    sequence: loc?.sequence ?? '',
    field,
    fieldName,
    hl7Code: err.hl7Code.code,
    appCode: err.appCode.code,
    severity,
    text: err.text,
    plain: `${parts.join(': ')}.`.replace(/\.\.$/, '.'),
  };
}

function summaryOf(code: string, issues: readonly AckIssue[]): string {
  const errors = issues.filter((i) => i.severity === 'ERROR').length;
  const warnings = issues.filter((i) => i.severity === 'WARNING').length;
  const tail = [
    errors && `${errors} error${errors > 1 ? 's' : ''}`,
    warnings && `${warnings} warning${warnings > 1 ? 's' : ''}`,
  ]
    .filter(Boolean)
    .join(' and ');
  if (code === 'AA' || code === 'CA')
    return tail ? `The registry accepted it, with ${tail}.` : 'The registry accepted it.';
  if (code === 'AE' || code === 'CE')
    return `The registry found ${tail || 'errors'}; what it could not take must be fixed and sent again.`;
  if (code === 'AR' || code === 'CR') return `The registry rejected the message${tail ? ` (${tail})` : ''}.`;
  return `The registry answered with an unknown acknowledgement code '${code}'.`;
}

/** The acknowledgement of a parsed message (an ACK, or an RSP's MSA and ERR segments). */
export function readAck(m: Hl7Message): ParsedAck {
  const mshSeg = m.segments[0];
  const msaSeg = segmentsNamed(m, 'MSA')[0];
  if (!mshSeg || mshSeg.name !== 'MSH') throw new Error('the answer has no MSH segment');
  if (!msaSeg) throw new Error('the answer has no MSA segment');
  const msh = readMsh(mshSeg);
  const msa = readMsa(msaSeg);
  const issues = segmentsNamed(m, 'ERR').map(readErr).map(issueOf);
  return {
    controlId: msh.controlId,
    messageType: [msh.messageType, msh.triggerEvent].filter(Boolean).join('^'),
    code: msa.code,
    ackOf: msa.controlId,
    issues,
    summary: summaryOf(msa.code, issues),
  };
}

/** parseHl7 then readAck. */
export const parseAck = (text: string): ParsedAck => readAck(parseHl7(text));
