import { describe, expect, it } from 'vitest';
import {
  buildAck,
  buildVxu,
  hl7Date,
  hl7Escape,
  hl7Time,
  hl7Unescape,
  msh,
  relationshipCode,
  seg,
  usPhoneXtn,
  type VxuInput,
} from '../../../src-shared/registry';

/** Segments of a message by name (in order), each as its fields: [name, field 1, field 2, ...]. */
function parse(message: string): string[][] {
  expect(message.endsWith('\r'), 'every segment ends with a carriage return').toBe(true);
  return message
    .slice(0, -1)
    .split('\r')
    .map((s) => s.split('|'));
}
const field = (segment: string[] | undefined, n: number): string => segment?.[n] ?? '';

describe('HL7 v2 escaping (v2.5.1 section 2.7: \\F\\ \\S\\ \\R\\ \\E\\ \\T\\)', () => {
  it('escapes each delimiter of the default encoding characters, the escape character first', () => {
    expect(hl7Escape('|')).toBe('\\F\\');
    expect(hl7Escape('^')).toBe('\\S\\');
    expect(hl7Escape('~')).toBe('\\R\\');
    expect(hl7Escape('\\')).toBe('\\E\\');
    expect(hl7Escape('&')).toBe('\\T\\');
    expect(hl7Escape('a|b^c~d\\e&f')).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
    expect(hl7Escape('plain text')).toBe('plain text');
    expect(hl7Escape(null)).toBe('');
    expect(hl7Escape(undefined)).toBe('');
  });

  it('unescapes back to the text, and names an escape sequence it does not know', () => {
    for (const text of ['|^~\\&', 'O\\Brien | Jr.', '\\E\\ literally', 'a&b^c'])
      expect(hl7Unescape(hl7Escape(text))).toBe(text);
    expect(() => hl7Unescape('x\\H\\y')).toThrow(/unsupported HL7 escape sequence \\H\\/);
  });
});

describe('segments and timestamps', () => {
  it('writes fields by position, MSH starting with the field separator and the encoding characters', () => {
    expect(seg('PID', { 1: '1', 3: 'X' })).toBe('PID|1||X');
    expect(seg('MSA', {})).toBe('MSA');
    expect(msh({ 3: 'APP', 9: 'VXU^V04^VXU_V04' })).toBe('MSH|^~\\&|APP||||||VXU^V04^VXU_V04');
    expect(() => seg('pid', {})).toThrow(/'pid' is not an HL7 segment name/);
  });

  it('writes DTM in the sender local time with its UTC offset, and DT', () => {
    expect(hl7Time(new Date('2025-01-15T19:30:12Z'), -300)).toBe('20250115143012-0500');
    expect(hl7Time(new Date('2025-07-15T19:30:12Z'), -240)).toBe('20250715153012-0400');
    expect(hl7Time(new Date('2025-01-01T03:00:00Z'), -300)).toBe('20241231220000-0500');
    expect(hl7Time(new Date('2025-01-15T19:30:12Z'), 330, false)).toBe('202501160100+0530');
    expect(hl7Time(new Date('2025-01-15T19:30:12Z'), 0)).toBe('20250115193012+0000');
    expect(() => hl7Time(new Date('2025-01-15T19:30:12Z'), 15 * 60)).toThrow(/UTC offset/);
    expect(hl7Date('2025-11-04')).toBe('20251104');
    expect(() => hl7Date('11/04/2025')).toThrow(/'11\/04\/2025'/);
  });

  it('codes US phone numbers (XTN) and relationships (HL7 table 0063)', () => {
    expect(usPhoneXtn('(740) 555-0123')).toBe('^PRN^PH^^^740^5550123');
    expect(usPhoneXtn('+1 740 555 0123')).toBe('^PRN^PH^^^740^5550123');
    expect(usPhoneXtn('555-0123')).toBe('');
    expect(relationshipCode('Mother')).toBe('MTH^Mother^HL70063');
    expect(relationshipCode('grandfather')).toBe('GRP^Grandparent^HL70063');
    expect(relationshipCode('Legal Guardian')).toBe('GRD^Guardian^HL70063');
  });
});

const VXU: VxuInput = {
  controlId: 'WC2025101509150000001',
  sentAt: new Date('2025-10-15T13:15:30Z'),
  utcOffsetMinutes: -240,
  processingId: 'T',
  sendingApp: 'WHITECROSS',
  sendingFacility: 'OH123456',
  receivingApp: 'IMPACTSIIS',
  receivingFacility: 'OHDH',
  patient: {
    student_number: '2031000042',
    first_name: 'Ana^Maria',
    middle_name: null,
    last_name: "O'Neil|Smith",
    date_of_birth: '2012-03-04',
    sex: 'F',
    address_line1: '12 Oak & Elm St',
    city: 'Fort~Worth',
    state: 'OH',
    postal_code: '43015',
  },
  assigningAuthority: 'OH123456',
  guardians: [
    {
      first_name: 'Rosa',
      last_name: 'Smith\\Jones',
      relationship: 'Mother',
      phone_primary: '(740) 555-0199',
    },
  ],
  vaccination: {
    id: '0199e3a0-0000-7000-8000-000000000001',
    vaccine_type: 'Influenza',
    vaccine_name: 'Fluzone Quadrivalent',
    cvx_code: '150',
    mvx_code: 'PMC',
    administration_date: '2025-10-15',
    dose_volume_ml: '0.50',
    lot_number: 'UT&1234',
    lot_expiration_date: '2026-06-30',
    route: 'IM',
    site: 'LD',
    vis_edition_date: '2023-08-06',
  },
  orderingProvider: { npi: '1234567893', last: 'Reyes', first: 'Elena' },
  administeringProvider: { npi: '1245319599', last: 'Park', first: 'June' },
  enteredBy: { id: 'user-1', last: 'Park', first: 'June' },
  vfc: 'V02',
  facilityName: 'Lincoln Elementary School',
};

describe('VXU^V04 (CDC IG for Immunization Messaging 1.5, Z22)', () => {
  const segments = parse(buildVxu(VXU));
  const byName = (name: string) => segments.filter((s) => s[0] === name);

  it('has the segments of the profile in order', () => {
    expect(segments.map((s) => s[0])).toEqual([
      'MSH',
      'PID',
      'PD1',
      'NK1',
      'ORC',
      'RXA',
      'RXR',
      'OBX',
      'OBX',
      'OBX',
      'OBX',
    ]);
  });

  it('has the message header of a Z22 VXU, sent in local time with the offset', () => {
    const h = byName('MSH')[0];
    // MSH-1 is the separator itself: after splitting, index n is MSH-(n+1).
    expect(field(h, 1)).toBe('^~\\&');
    expect(field(h, 2)).toBe('WHITECROSS');
    expect(field(h, 6)).toBe('20251015091530-0400');
    expect(field(h, 8)).toBe('VXU^V04^VXU_V04');
    expect(field(h, 9)).toBe(VXU.controlId);
    expect(field(h, 10)).toBe('T');
    expect(field(h, 11)).toBe('2.5.1');
    expect(field(h, 20)).toBe('Z22^CDCPHINVS');
  });

  it('escapes |^~\\& in text, so no value adds a field, component or repetition', () => {
    const pid = byName('PID')[0];
    expect(pid).toHaveLength(25);
    expect(field(pid, 5)).toBe("O'Neil\\F\\Smith^Ana\\S\\Maria^^^^^L");
    expect(field(pid, 5).split('^')).toHaveLength(7);
    expect(hl7Unescape(field(pid, 5).split('^')[0] ?? '')).toBe("O'Neil|Smith");
    expect(field(pid, 11)).toBe('12 Oak \\T\\ Elm St^^Fort\\R\\Worth^OH^43015^USA^L');
    expect(field(pid, 3)).toBe('2031000042^^^OH123456^MR');
    expect(field(pid, 7)).toBe('20120304');
    expect(field(pid, 13)).toBe('^PRN^PH^^^740^5550199');
    const nk1 = byName('NK1')[0];
    expect(field(nk1, 2)).toBe('Smith\\E\\Jones^Rosa^^^^^L');
    expect(field(nk1, 3)).toBe('MTH^Mother^HL70063');
    const rxa = byName('RXA')[0];
    expect(field(rxa, 15)).toBe('UT\\T\\1234');
  });

  it('reports the dose: CVX, amount in mL, the nurse by NPI, the lot, the manufacturer, route and site', () => {
    const rxa = byName('RXA')[0];
    expect(field(rxa, 3)).toBe('20251015');
    expect(field(rxa, 5)).toBe('150^Fluzone Quadrivalent^CVX');
    expect(field(rxa, 6)).toBe('0.5');
    expect(field(rxa, 7)).toBe('mL^MilliLiter [SI Volume Units]^UCUM');
    expect(field(rxa, 10)).toBe('1245319599^Park^June^^^^^^NPI^L^^^NPI');
    expect(field(rxa, 16)).toBe('20260630');
    expect(field(rxa, 17)).toBe('PMC^Sanofi Pasteur^MVX');
    expect(field(rxa, 20)).toBe('CP');
    expect(field(byName('RXR')[0], 1)).toBe('C28161^Intramuscular^NCIT');
    expect(field(byName('RXR')[0], 2)).toBe('LD^Left Deltoid^HL70163');
    expect(field(byName('ORC')[0], 12)).toBe('1234567893^Reyes^Elena^^^^^^NPI^L^^^NPI');
  });

  it('reports VFC eligibility at the dose level and the VIS given', () => {
    const [vfc, type, published, presented] = byName('OBX');
    expect(field(vfc, 3)).toBe('64994-7^Vaccine funding program eligibility category^LN');
    expect(field(vfc, 5)).toBe('V02^VFC eligible - Medicaid/Medicaid Managed Care^HL70064');
    expect(field(type, 5)).toBe('150^Fluzone Quadrivalent^CVX');
    expect(field(published, 5)).toBe('20230806');
    expect(field(presented, 5)).toBe('20251015');
  });

  it('leaves out NK1 without a guardian, RXR without route or site, and the VIS without its edition', () => {
    const bare = parse(
      buildVxu({
        ...VXU,
        guardians: [],
        vaccination: {
          ...VXU.vaccination,
          route: null,
          site: null,
          vis_edition_date: null,
          dose_volume_ml: null,
        },
      }),
    );
    expect(bare.map((s) => s[0])).toEqual(['MSH', 'PID', 'PD1', 'ORC', 'RXA', 'OBX']);
    const rxa = bare.find((s) => s[0] === 'RXA');
    expect(field(rxa, 6)).toBe('999');
    expect(field(rxa, 7)).toBe('');
  });
});

describe('ACK^V04 (Z23)', () => {
  it('acknowledges the VXU by its control id, one ERR per error, the message text escaped', () => {
    const ack = parse(
      buildAck({
        controlId: 'IMPA000000000001',
        ackOf: VXU.controlId,
        sentAt: new Date('2025-10-15T13:15:33Z'),
        utcOffsetMinutes: -240,
        processingId: 'T',
        registryApp: 'IMPACTSIIS',
        registryFacility: 'OHDH',
        receivingApp: 'WHITECROSS',
        receivingFacility: 'OH123456',
        code: 'AE',
        errors: [
          {
            location: 'RXA^1^15^1^1',
            hl7Code: '103^Table value not found^HL70357',
            severity: 'E',
            appCode: '5^Table value not found^HL70533',
            message: 'Lot UT&1234 is not in the VFC inventory | call the help desk',
          },
        ],
      }),
    );
    expect(ack.map((s) => s[0])).toEqual(['MSH', 'MSA', 'ERR']);
    expect(field(ack[0], 8)).toBe('ACK^V04^ACK');
    expect(field(ack[0], 6)).toBe('20251015091533-0400');
    expect(field(ack[0], 20)).toBe('Z23^CDCPHINVS');
    expect(ack[1]).toEqual(['MSA', 'AE', VXU.controlId]);
    const err = ack[2];
    expect(err).toHaveLength(9);
    expect(field(err, 2)).toBe('RXA^1^15^1^1');
    expect(field(err, 4)).toBe('E');
    expect(hl7Unescape(field(err, 8))).toBe('Lot UT&1234 is not in the VFC inventory | call the help desk');
  });
});
