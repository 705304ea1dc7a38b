import { repetitionsOf, valueOf, type Hl7Segment } from './parse';

/**
 * Typed readers of the segments the immunization messages use (CDC IG for Immunization Messaging 1.5): each
 * returns the segment's fields by name, data types read as small records (CWE, CX, XPN, XAD, XTN, XCN).
 */

export interface Cwe {
  readonly code: string;
  readonly text: string;
  readonly system: string;
}
export interface Cx {
  readonly id: string;
  readonly authority: string;
  readonly type: string;
}
export interface Xpn {
  readonly family: string;
  readonly given: string;
  readonly middle: string;
  readonly type: string;
}
export interface Xad {
  readonly street: string;
  readonly other: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
  readonly type: string;
}
export interface Xtn {
  readonly use: string;
  readonly equipment: string;
  readonly areaCode: string;
  readonly local: string;
  readonly number: string;
}
export interface Xcn {
  readonly id: string;
  readonly family: string;
  readonly given: string;
  readonly authority: string;
}

type Rep = readonly (readonly string[])[];
const c = (r: Rep, n: number): string => r[n - 1]?.[0] ?? '';
const cwe = (r: Rep | undefined): Cwe => ({
  code: c(r ?? [], 1),
  text: c(r ?? [], 2),
  system: c(r ?? [], 3),
});
const reps = <T>(s: Hl7Segment, f: number, read: (r: Rep) => T): T[] => repetitionsOf(s, f).map(read);
const first = (s: Hl7Segment, f: number): Rep => s.fields[f]?.[0] ?? [];
const cx = (r: Rep): Cx => ({ id: c(r, 1), authority: c(r, 4), type: c(r, 5) });
const xpn = (r: Rep): Xpn => ({ family: c(r, 1), given: c(r, 2), middle: c(r, 3), type: c(r, 7) });
const xad = (r: Rep): Xad => ({
  street: c(r, 1),
  other: c(r, 2),
  city: c(r, 3),
  state: c(r, 4),
  zip: c(r, 5),
  country: c(r, 6),
  type: c(r, 7),
});
const xtn = (r: Rep): Xtn => ({
  use: c(r, 2),
  equipment: c(r, 3),
  areaCode: c(r, 6),
  local: c(r, 7),
  number: c(r, 1),
});
const xcn = (r: Rep): Xcn => ({ id: c(r, 1), family: c(r, 2), given: c(r, 3), authority: c(r, 9) });

function expect(s: Hl7Segment, name: string): void {
  if (s.name !== name) throw new Error(`segment ${s.index} is ${s.name}, not ${name}`);
}

export interface Msh {
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  readonly dateTime: string;
  readonly messageType: string;
  readonly triggerEvent: string;
  readonly messageStructure: string;
  readonly controlId: string;
  readonly processingId: string;
  readonly version: string;
  readonly acceptAckType: string;
  readonly applicationAckType: string;
  readonly profiles: readonly Cwe[];
}
export function readMsh(s: Hl7Segment): Msh {
  expect(s, 'MSH');
  return {
    sendingApplication: valueOf(s, 3),
    sendingFacility: valueOf(s, 4),
    receivingApplication: valueOf(s, 5),
    receivingFacility: valueOf(s, 6),
    dateTime: valueOf(s, 7),
    messageType: valueOf(s, 9, 1),
    triggerEvent: valueOf(s, 9, 2),
    messageStructure: valueOf(s, 9, 3),
    controlId: valueOf(s, 10),
    processingId: valueOf(s, 11),
    version: valueOf(s, 12),
    acceptAckType: valueOf(s, 15),
    applicationAckType: valueOf(s, 16),
    profiles: reps(s, 21, (r) => ({ code: c(r, 1), text: '', system: c(r, 2) })),
  };
}

export interface Pid {
  readonly identifiers: readonly Cx[];
  readonly names: readonly Xpn[];
  readonly mothersMaidenName: Xpn | undefined;
  readonly birthDate: string;
  readonly sex: string;
  readonly races: readonly Cwe[];
  readonly addresses: readonly Xad[];
  readonly phones: readonly Xtn[];
  readonly ethnicity: readonly Cwe[];
  readonly multipleBirth: string;
  readonly birthOrder: string;
}
export function readPid(s: Hl7Segment): Pid {
  expect(s, 'PID');
  return {
    identifiers: reps(s, 3, cx),
    names: reps(s, 5, xpn),
    mothersMaidenName: reps(s, 6, xpn)[0],
    birthDate: valueOf(s, 7),
    sex: valueOf(s, 8),
    races: reps(s, 10, cwe),
    addresses: reps(s, 11, xad),
    phones: reps(s, 13, xtn),
    ethnicity: reps(s, 22, cwe),
    multipleBirth: valueOf(s, 24),
    birthOrder: valueOf(s, 25),
  };
}

export interface Pd1 {
  readonly publicityCode: Cwe;
  readonly protectionIndicator: string;
  readonly protectionDate: string;
  readonly registryStatus: string;
  readonly registryStatusDate: string;
  readonly publicityDate: string;
}
export function readPd1(s: Hl7Segment): Pd1 {
  expect(s, 'PD1');
  return {
    publicityCode: cwe(first(s, 11)),
    protectionIndicator: valueOf(s, 12),
    protectionDate: valueOf(s, 13),
    registryStatus: valueOf(s, 16),
    registryStatusDate: valueOf(s, 17),
    publicityDate: valueOf(s, 18),
  };
}

export interface Nk1 {
  readonly setId: string;
  readonly names: readonly Xpn[];
  readonly relationship: Cwe;
  readonly addresses: readonly Xad[];
  readonly phones: readonly Xtn[];
}
export function readNk1(s: Hl7Segment): Nk1 {
  expect(s, 'NK1');
  return {
    setId: valueOf(s, 1),
    names: reps(s, 2, xpn),
    relationship: cwe(first(s, 3)),
    addresses: reps(s, 4, xad),
    phones: reps(s, 5, xtn),
  };
}

export interface Orc {
  readonly control: string;
  readonly placerOrder: string;
  readonly fillerOrder: string;
  readonly fillerAuthority: string;
  readonly enteredBy: Xcn | undefined;
  readonly orderingProvider: Xcn | undefined;
}
export function readOrc(s: Hl7Segment): Orc {
  expect(s, 'ORC');
  return {
    control: valueOf(s, 1),
    placerOrder: valueOf(s, 2),
    fillerOrder: valueOf(s, 3),
    fillerAuthority: valueOf(s, 3, 2),
    enteredBy: reps(s, 10, xcn)[0],
    orderingProvider: reps(s, 12, xcn)[0],
  };
}

export interface Rxa {
  readonly setId: string;
  readonly startDate: string;
  readonly endDate: string;
  /** RXA-5, every coding of the vaccine given (CVX, NDC as alternate). */
  readonly vaccines: readonly Cwe[];
  readonly amount: string;
  readonly units: Cwe;
  readonly informationSource: Cwe;
  readonly administeringProvider: Xcn | undefined;
  readonly location: string;
  readonly lotNumbers: readonly string[];
  readonly expirationDates: readonly string[];
  readonly manufacturers: readonly Cwe[];
  readonly refusalReason: Cwe;
  readonly completionStatus: string;
  readonly actionCode: string;
}
export function readRxa(s: Hl7Segment): Rxa {
  expect(s, 'RXA');
  const r5 = first(s, 5);
  const vaccines: Cwe[] = [];
  if (c(r5, 1)) vaccines.push({ code: c(r5, 1), text: c(r5, 2), system: c(r5, 3) });
  if (c(r5, 4)) vaccines.push({ code: c(r5, 4), text: c(r5, 5), system: c(r5, 6) });
  return {
    setId: valueOf(s, 2),
    startDate: valueOf(s, 3),
    endDate: valueOf(s, 4),
    vaccines,
    amount: valueOf(s, 6),
    units: cwe(first(s, 7)),
    informationSource: cwe(first(s, 9)),
    administeringProvider: reps(s, 10, xcn)[0],
    location: valueOf(s, 11, 4) || valueOf(s, 11, 1),
    lotNumbers: reps(s, 15, (r) => c(r, 1)),
    expirationDates: reps(s, 16, (r) => c(r, 1)),
    manufacturers: reps(s, 17, cwe),
    refusalReason: cwe(first(s, 18)),
    completionStatus: valueOf(s, 20),
    actionCode: valueOf(s, 21),
  };
}

export interface Rxr {
  readonly route: Cwe;
  readonly site: Cwe;
}
export function readRxr(s: Hl7Segment): Rxr {
  expect(s, 'RXR');
  return { route: cwe(first(s, 1)), site: cwe(first(s, 2)) };
}

export interface Obx {
  readonly setId: string;
  readonly valueType: string;
  readonly observation: Cwe;
  readonly subId: string;
  /** OBX-5: coded values as their CWE; other types as text (code holds it). */
  readonly value: Cwe;
  readonly status: string;
  readonly observedAt: string;
  readonly method: Cwe;
}
export function readObx(s: Hl7Segment): Obx {
  expect(s, 'OBX');
  const observation = cwe(first(s, 3));
  return {
    setId: valueOf(s, 1),
    valueType: valueOf(s, 2),
    observation: { ...observation, code: observation.code.trim() },
    subId: valueOf(s, 4),
    value: cwe(first(s, 5)),
    status: valueOf(s, 11),
    observedAt: valueOf(s, 14),
    method: cwe(first(s, 17)),
  };
}

export interface Msa {
  readonly code: string;
  readonly controlId: string;
}
export function readMsa(s: Hl7Segment): Msa {
  expect(s, 'MSA');
  return { code: valueOf(s, 1), controlId: valueOf(s, 2) };
}

export interface ErrLocation {
  readonly segment: string;
  readonly sequence: string;
  readonly field: string;
  readonly repetition: string;
  readonly component: string;
}
export interface Err {
  readonly locations: readonly ErrLocation[];
  readonly hl7Code: Cwe;
  readonly severity: string;
  readonly appCode: Cwe;
  readonly diagnostic: string;
  readonly userMessage: string;
  /** ERR-9 (inform person indicator); some registries put their text here, one field late. */
  readonly informPerson: string;
  /** The text to show: ERR-8, else ERR-7, else a text found in ERR-9. */
  readonly text: string;
}
export function readErr(s: Hl7Segment): Err {
  expect(s, 'ERR');
  return {
    locations: reps(s, 2, (r) => ({
      segment: c(r, 1),
      sequence: c(r, 2),
      field: c(r, 3),
      repetition: c(r, 4),
      component: c(r, 5),
    })),
    hl7Code: cwe(first(s, 3)),
    severity: valueOf(s, 4),
    appCode: cwe(first(s, 5)),
    diagnostic: valueOf(s, 7),
    userMessage: valueOf(s, 8),
    informPerson: valueOf(s, 9),
    text: valueOf(s, 8) || valueOf(s, 7) || (valueOf(s, 9).length > 3 ? valueOf(s, 9) : ''),
  };
}

export interface Qpd {
  readonly queryName: Cwe;
  readonly queryTag: string;
  readonly identifiers: readonly Cx[];
  readonly names: readonly Xpn[];
  readonly mothersMaidenName: Xpn | undefined;
  readonly birthDate: string;
  readonly sex: string;
  readonly addresses: readonly Xad[];
  readonly phones: readonly Xtn[];
}
export function readQpd(s: Hl7Segment): Qpd {
  expect(s, 'QPD');
  return {
    queryName: cwe(first(s, 1)),
    queryTag: valueOf(s, 2),
    identifiers: reps(s, 3, cx),
    names: reps(s, 4, xpn),
    mothersMaidenName: reps(s, 5, xpn)[0],
    birthDate: valueOf(s, 6),
    sex: valueOf(s, 7),
    addresses: reps(s, 8, xad),
    phones: reps(s, 9, xtn),
  };
}

export interface Qak {
  readonly queryTag: string;
  readonly status: string;
  readonly queryName: Cwe;
}
export function readQak(s: Hl7Segment): Qak {
  expect(s, 'QAK');
  return { queryTag: valueOf(s, 1), status: valueOf(s, 2), queryName: cwe(first(s, 3)) };
}
