import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { demoKek } from '../../../server-sync/encryption';
import { doseForRegistry, loadRegistryCredentials } from '../../../server-sync/registry';
import { seedDemo } from '../../../server-sync/seed/demo';
import {
  buildVxu,
  parseAck,
  parseHl7,
  readMsh,
  readObx,
  readOrc,
  readPid,
  readRxa,
  segmentsNamed,
  valueOf,
} from '../../../src-shared/registry';

/**
 * Every VXU the demo district produces (the seeded submissions, and the VXU of every dose given at school built now
 * from the database) parses with the HL7 parser and carries what the CDC IG release 1.5 marks required (R) for
 * profile Z22: MSH-1..12 with MSH-21; PID-1, 3, 5, 7, 8 and 11; ORC-1 and 3; RXA-1..6 and 9 (RXA-7 with an amount),
 * 10, 15, 17, 20, 21 for a dose given here; the dose-level VFC OBX. The seeded credentials open with the demo KEK.
 */

describe('the demo district’s VXUs (PGlite, 40 students)', () => {
  let h: ServerDbHandle;
  const seed = 11;

  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    await seedDemo(h.db, {
      seed,
      students: 40,
      years: 1,
      schools: 2,
      asOf: new Date('2026-11-20T12:00:00Z'),
    });
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  const checkZ22 = (text: string, where: string): void => {
    const m = parseHl7(text);
    expect(m.warnings, where).toEqual([]);
    const msh = readMsh(m.segments[0]!);
    expect([msh.messageType, msh.triggerEvent, msh.messageStructure, msh.version], where).toEqual([
      'VXU',
      'V04',
      'VXU_V04',
      '2.5.1',
    ]);
    expect(msh.profiles[0]?.code, where).toBe('Z22');
    for (const v of [msh.sendingFacility, msh.dateTime, msh.controlId, msh.processingId])
      expect(v, where).not.toBe('');
    const pid = readPid(segmentsNamed(m, 'PID')[0]!);
    expect(pid.identifiers[0]?.id, where).not.toBe('');
    expect(pid.names[0]?.family, where).not.toBe('');
    expect(pid.birthDate, where).toMatch(/^\d{8}$/);
    expect(['F', 'M', 'U'], where).toContain(pid.sex);
    const orc = readOrc(segmentsNamed(m, 'ORC')[0]!);
    expect([orc.control, orc.fillerOrder !== ''], where).toEqual(['RE', true]);
    const rxaSeg = segmentsNamed(m, 'RXA')[0]!;
    const rxa = readRxa(rxaSeg);
    expect(valueOf(rxaSeg, 1), where).toBe('0');
    expect(rxa.setId, where).toBe('1');
    expect(rxa.startDate, where).toMatch(/^\d{8}$/);
    expect(rxa.vaccines[0]?.system, where).toBe('CVX');
    expect(rxa.amount, where).not.toBe('');
    if (rxa.amount !== '999') expect(rxa.units.code, where).toBe('mL');
    expect(rxa.informationSource.code, where).toBe('00');
    expect(rxa.administeringProvider?.id, where).toMatch(/^\d{10}$/);
    expect(rxa.lotNumbers[0], where).toBeTruthy();
    expect(rxa.manufacturers[0]?.system, where).toBe('MVX');
    expect([rxa.completionStatus, rxa.actionCode], where).toEqual(['CP', 'A']);
    const vfc = segmentsNamed(m, 'OBX')
      .map(readObx)
      .find((o) => o.observation.code === '64994-7');
    expect(vfc?.value.code, where).toMatch(/^V0[1-5]$/);
  };

  it('every seeded VXU, and its ACK where one came', async () => {
    const rows = await h.db
      .selectFrom('registry_submissions')
      .select(['id', 'hl7_message', 'hl7_response', 'message_control_id'])
      .where('message_type', '=', 'VXU')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      checkZ22(r.hl7_message ?? '', r.id);
      if (r.hl7_response) expect(parseAck(r.hl7_response).ackOf, r.id).toBe(r.message_control_id);
    }
  });

  it('the VXU of every dose given at school, built now from the database, or held with its reasons', async () => {
    const doses = await h.db
      .selectFrom('vaccinations')
      .select('id')
      .where('source', '=', 'ADMINISTERED')
      .where('deleted_at', 'is', null)
      .execute();
    expect(doses.length).toBeGreaterThan(0);
    let built = 0;
    for (const d of doses) {
      const dose = await doseForRegistry(h.db, d.id, {
        controlId: `T-${d.id}`,
        sentAt: new Date(),
        action: 'A',
      });
      if (dose.problems.length > 0) {
        for (const p of dose.problems) expect(p.field).toMatch(/^[A-Z0-9]{3}-\d+$/);
        continue;
      }
      checkZ22(buildVxu(dose.input), d.id);
      built++;
    }
    expect(built).toBeGreaterThan(doses.length / 2);
  });

  it("the connection's credentials open with the demo KEK", async () => {
    const c = await h.db
      .selectFrom('registry_connections')
      .select('credential_vault_key')
      .executeTakeFirstOrThrow();
    const creds = await loadRegistryCredentials(h.db, demoKek(seed), c.credential_vault_key);
    expect(creds.username).toMatch(/-whitecross$/);
    expect(creds.password).toHaveLength(20);
  });
});
