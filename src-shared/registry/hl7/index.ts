/** HL7 v2.5.1 for the immunization registry: encoding, parsing, segments, timestamps, code tables, VXU and ACK. */
export { buildAck, type AckError, type AckInput } from './ack';
export { ENCODING_CHARACTERS, FIELD_SEPARATOR, hl7Escape, hl7Unescape, SEGMENT_TERMINATOR } from './encoding';
export {
  decodeHl7,
  Hl7ParseError,
  parseHl7,
  repetitionsOf,
  segmentsNamed,
  unescapeValue,
  unframe,
  valueOf,
  type Delimiters,
  type Hl7Field,
  type Hl7Issue,
  type Hl7Message,
  type Hl7Segment,
} from './parse';
export * from './readers';
export { message, msh, seg, type Hl7Fields } from './segment';
export { MVX_NAMES, relationshipCode, ROUTES, SITES, usPhoneXtn, VFC_ELIGIBILITY } from './tables';
export { hl7Date, hl7Time, utcOffsetAt } from './time';
export {
  buildVxu,
  type VxuGuardian,
  type VxuInput,
  type VxuPatient,
  type VxuProvider,
  type VxuVaccination,
} from './vxu';
export { parseAck, readAck, type AckIssue, type AckSeverity, type ParsedAck } from './ack-read';
export { buildQbp, type QbpInput } from './qbp';
export { reconcile, type DoseDifference, type Reconciliation, type RecordedDose } from './reconcile';
export {
  parseRsp,
  readRsp,
  type ParsedRsp,
  type RegistryDose,
  type RegistryForecast,
  type RegistryPatient,
  type RspOutcome,
} from './rsp';
export { vxuProblems, type VxuProblem } from './validate';
