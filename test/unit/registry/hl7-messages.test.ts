import { describe, expect, it } from 'vitest';
import {
  buildAck,
  buildQbp,
  buildVxu,
  parseAck,
  parseHl7,
  parseRsp,
  readMsh,
  readNk1,
  readPid,
  readQpd,
  readRxa,
  reconcile,
  segmentsNamed,
  vxuProblems,
  type RegistryDose,
  type VxuInput,
} from '../../../src-shared/registry';
import { HL7_DIR, HL7_SKIP_REASON, readHl7 } from '../../support/hl7-conformance';

if (!HL7_DIR) console.warn(`skipping the HL7 conformance messages: ${HL7_SKIP_REASON}`);
const conformance = describe.skipIf(!HL7_DIR);

const VXU: VxuInput = {
  controlId: 'WC-0001',
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
    city: 'Columbus',
    state: 'OH',
    postal_code: '43015',
  },
  assigningAuthority: 'OH123456',
  guardians: [
    { first_name: 'Rosa', last_name: 'Smith', relationship: 'Mother', phone_primary: '(740) 555-0199' },
    { first_name: 'Luis', last_name: 'Smith', relationship: 'Father', phone_primary: '740-555-0100' },
  ],
  vaccination: {
    id: 'v-1',
    vaccine_type: 'Influenza',
    vaccine_name: 'Fluzone Quadrivalent',
    cvx_code: '150',
    mvx_code: 'PMC',
    administration_date: '2025-10-15',
    dose_volume_ml: '0.50',
    lot_number: 'UT1234',
    lot_expiration_date: '2026-06-30',
    route: 'IM',
    site: 'LD',
    vis_edition_date: '2023-08-06',
  },
  race: [{ code: '2106-3', text: 'White' }],
  ethnicity: { code: '2186-5', text: 'Not Hispanic or Latino' },
  ndc: '49281-0421-50',
  orderingProvider: { npi: '1234567893', last: 'Reyes', first: 'Elena' },
  administeringProvider: { npi: '1245319599', last: 'Park', first: 'June' },
  enteredBy: { id: 'user-1', last: 'Park', first: 'June' },
  vfc: 'V02',
  facilityName: 'Lincoln Elementary School',
};

describe('VXU^V04 read back by the parser', () => {
  it('carries the escaped names, race, ethnicity, every guardian, the NDC and the action code', () => {
    const m = parseHl7(buildVxu({ ...VXU, action: 'U' }));
    const pid = readPid(segmentsNamed(m, 'PID')[0]!);
    expect(pid.names[0]).toMatchObject({ family: "O'Neil|Smith", given: 'Ana^Maria' });
    expect(pid.addresses[0]?.street).toBe('12 Oak & Elm St');
    expect(pid.races).toEqual([{ code: '2106-3', text: 'White', system: 'CDCREC' }]);
    expect(pid.ethnicity[0]?.code).toBe('2186-5');
    expect(
      segmentsNamed(m, 'NK1')
        .map(readNk1)
        .map((n) => [n.setId, n.relationship.code]),
    ).toEqual([
      ['1', 'MTH'],
      ['2', 'FTH'],
    ]);
    const rxa = readRxa(segmentsNamed(m, 'RXA')[0]!);
    expect(rxa.vaccines.map((v) => `${v.code}/${v.system}`)).toEqual(['150/CVX', '49281-0421-50/NDC']);
    expect(rxa).toMatchObject({ actionCode: 'U', lotNumbers: ['UT1234'], informationSource: { code: '00' } });
    expect(readMsh(m.segments[0]!).profiles[0]?.code).toBe('Z22');
  });

  it('reports a historical dose as 01 without the dose-level VFC observation, and a deletion as D', () => {
    const m = parseHl7(buildVxu({ ...VXU, historical: true, action: 'D' }));
    const rxa = readRxa(segmentsNamed(m, 'RXA')[0]!);
    expect(rxa.informationSource.code).toBe('01');
    expect(rxa.actionCode).toBe('D');
    const obx = segmentsNamed(m, 'OBX').map((s) => s.fields[3]?.[0]?.[0]?.[0]);
    expect(obx).toEqual(['30956-7', '29768-9', '29769-7']);
  });
});

describe('holding back a dose the guide would reject', () => {
  it('accepts a complete dose', () => expect(vxuProblems(VXU)).toEqual([]));

  it('names each missing lot, CVX, administering provider, manufacturer and eligibility of a dose given here', () => {
    const problems = vxuProblems({
      ...VXU,
      vaccination: { ...VXU.vaccination, lot_number: ' ', cvx_code: '', mvx_code: null },
      administeringProvider: undefined,
      vfc: '',
    });
    expect(problems.map((p) => p.field)).toEqual(['RXA-5', 'RXA-15', 'RXA-17', 'RXA-10', 'OBX-5']);
    expect(problems.find((p) => p.field === 'RXA-15')?.reason).toBe('a dose given here needs its lot number');
  });

  it('does not ask a historical dose for its lot or its nurse, but still for its CVX and a sane date', () => {
    const problems = vxuProblems({
      ...VXU,
      historical: true,
      vaccination: {
        ...VXU.vaccination,
        lot_number: null,
        cvx_code: 'X1',
        administration_date: '2011-01-01',
      },
      administeringProvider: undefined,
    });
    expect(problems.map((p) => p.field)).toEqual(['RXA-5', 'RXA-3']);
  });
});

describe('QBP^Q11', () => {
  it('Z34 and Z44 queries with the query tag, the student and the record limit', () => {
    for (const profile of ['Z34', 'Z44'] as const) {
      const m = parseHl7(
        buildQbp({ ...VXU, profile, queryTag: 'Q-7', phone: '(740) 555-0199', patient: VXU.patient }),
      );
      expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'QPD', 'RCP']);
      const msh = readMsh(m.segments[0]!);
      expect([msh.messageType, msh.triggerEvent, msh.messageStructure, msh.profiles[0]?.code]).toEqual([
        'QBP',
        'Q11',
        'QBP_Q11',
        profile,
      ]);
      const qpd = readQpd(m.segments[1]!);
      expect(qpd).toMatchObject({ queryTag: 'Q-7', birthDate: '20120304', sex: 'F' });
      expect(qpd.queryName.code).toBe(profile);
      expect(qpd.names[0]?.family).toBe("O'Neil|Smith");
      expect(qpd.identifiers[0]).toEqual({ id: '2031000042', authority: 'OH123456', type: 'MR' });
      expect(qpd.phones[0]?.areaCode).toBe('740');
    }
  });
});

describe('ACK reading', () => {
  it('reads an ACK we build: the code, what it acknowledges, and each error in plain words', () => {
    const ack = parseAck(
      buildAck({
        controlId: 'A1',
        ackOf: 'WC-0001',
        sentAt: VXU.sentAt,
        utcOffsetMinutes: -240,
        processingId: 'T',
        registryApp: 'IIS',
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
            message: 'Lot number UT1234 is not in the inventory',
          },
        ],
      }),
    );
    expect(ack).toMatchObject({ code: 'AE', ackOf: 'WC-0001', controlId: 'A1' });
    expect(ack.issues[0]).toMatchObject({
      location: 'RXA^1^15',
      fieldName: 'RXA-15',
      hl7Code: '103',
      appCode: '5',
      severity: 'ERROR',
      plain:
        'Error in the lot number (RXA-15): the value is not one the registry knows: Lot number UT1234 is not in the inventory.',
    });
    expect(ack.summary).toBe(
      'The registry found 1 error; what it could not take must be fixed and sent again.',
    );
  });
});

conformance('ACKs and RSPs of the conformance set', () => {
  it('ACK 48 is AA with no issue; 51 lists three errors on RXA', () => {
    expect(parseAck(readHl7('48_ACK_V04.hl7'))).toMatchObject({
      code: 'AA',
      ackOf: '9299381',
      issues: [],
      summary: 'The registry accepted it.',
    });
    const a = parseAck(readHl7('51_ACK_V04.hl7'));
    expect(a.issues.map((i) => i.fieldName)).toEqual(['RXA-5', 'RXA-5', 'RXA']);
    expect(a.issues[0]?.plain).toBe(
      'Error in the vaccine (CVX code) (RXA-5): the value is not one the registry knows: Vaccine code not recognized—field rejected.',
    );
    expect(a.issues[2]?.plain).toMatch(/^Error in RXA: a required segment is missing/);
  });

  it('Z32 59: one patient, the registry id, and the dose with its date, CVX and amount', () => {
    const r = parseRsp(readHl7('59_RSP_K11.hl7'));
    expect(r).toMatchObject({ profile: 'Z32', queryTag: '1072', queryStatus: 'OK', outcome: 'HISTORY' });
    expect(r.patients).toHaveLength(1);
    expect(r.patients[0]?.registryId).toBe('987633');
    expect(r.patients[0]?.doses).toEqual([
      expect.objectContaining({
        date: '2005-07-25',
        cvx: '03',
        vaccineName: 'MMR',
        amount: '0.5',
        route: 'SC',
      }),
    ]);
  });

  it('Z32 01 and 02: every dose of a long history, historical ones flagged', () => {
    const r = parseRsp(readHl7('02_RSP_K11.hl7'));
    expect(r.outcome).toBe('HISTORY');
    const doses = r.patients[0]!.doses;
    const rxaCount = readHl7('02_RSP_K11.hl7')
      .split('\r')
      .filter((l) => l.startsWith('RXA|')).length;
    expect(doses).toHaveLength(rxaCount);
    expect(doses.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date) && d.cvx !== '')).toBe(true);
  });

  it('Z31 58 lists candidates; Z33 60 no match, 61 too many, 63 an error with its ERR', () => {
    const c = parseRsp(readHl7('58_RSP_K11.hl7'));
    expect(c.outcome).toBe('CANDIDATES');
    expect(c.patients.map((p) => p.registryId)).toEqual(['99445566', '123456']);
    expect(parseRsp(readHl7('60_RSP_K11.hl7')).outcome).toBe('NO_MATCH');
    expect(parseRsp(readHl7('61_RSP_K11.hl7')).outcome).toBe('TOO_MANY');
    const e = parseRsp(readHl7('63_RSP_K11.hl7'));
    expect(e.outcome).toBe('ERROR');
    expect(e.ack.issues[0]).toMatchObject({ fieldName: 'QPD-2', hl7Code: '101', severity: 'ERROR' });
  });

  it('Z42 56: the forecast by vaccine group, not counted as doses', () => {
    const r = parseRsp(readHl7('56_RSP_K11.hl7'));
    expect(r.profile).toBe('Z42');
    const p = r.patients[0]!;
    expect(p.doses.some((d) => d.cvx === '998')).toBe(false);
    expect(p.forecasts.map((f) => f.vaccineGroup).slice(0, 3)).toEqual(['03', '10', '107']);
    expect(p.forecasts[0]?.observations.find((o) => o.code === '30980-7')?.value).toBe('20150214');
  });

  it('refuses an ACK as an RSP', () => {
    expect(() => parseRsp(readHl7('48_ACK_V04.hl7'))).toThrow(/not RSP\^K11/);
  });
});

describe('reconciling registry doses with the record', () => {
  const dose = (date: string, cvx: string, extra: Partial<RegistryDose> = {}): RegistryDose => ({
    date,
    cvx,
    vaccineName: '',
    ndc: null,
    amount: null,
    lot: null,
    lotExpiration: null,
    mvx: null,
    historical: true,
    completion: 'CP',
    action: 'A',
    route: null,
    site: null,
    administeredAt: null,
    registryId: null,
    observations: [],
    ...extra,
  });

  it('matches by date and CVX, adds the rest once, lists differing lots, skips refusals', () => {
    const r = reconcile(
      [
        { id: 'a', cvx_code: '03', administration_date: '2013-05-01', lot_number: 'L1', mvx_code: 'MSD' },
        { id: 'b', cvx_code: '150', administration_date: '2024-10-01', lot_number: null, mvx_code: null },
      ],
      [
        dose('2013-05-01', '3', { lot: 'L2' }),
        dose('2024-10-01', '150'),
        dose('2016-05-01', '21'),
        dose('2016-05-01', '21'),
        dose('2017-01-01', '20', { completion: 'RE' }),
      ],
    );
    expect(r.matched.map((m) => m.doseId)).toEqual(['a', 'b']);
    expect(r.added.map((d) => `${d.date}/${d.cvx}`)).toEqual(['2016-05-01/21']);
    expect(r.differences).toEqual([{ doseId: 'a', field: 'lot_number', recorded: 'L1', registry: 'L2' }]);
    expect(r.skipped).toHaveLength(1);
  });
});
