import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { storeRegistryCredentials } from '../../../server-sync/registry';
import { HL7_DIR, HL7_SKIP_REASON } from '../../support/hl7-conformance';
import { startLoopbackRegistry, type LoopbackRegistry } from '../../support/loopback-registry';
import { enrollAndSync, makeCore, refusal, startDistrict, tempDir, type District } from './support';

/**
 * "Query the registry" from the nurse's workstation (issue 14), online: the workstation asks its district server,
 * which queries the state registry (the loopback registry on CDC's SOAP interface, answering with IZ Gateway's RSP
 * conformance message) and reconciles its doses with the record. Nothing is written by the query; a dose the nurse
 * accepts is recorded with immunizations.record (source REGISTRY) and, once synced, is matched by the next query.
 */
if (!HL7_DIR) console.warn(`skipping the workstation registry query: ${HL7_SKIP_REASON}`);

describe.skipIf(!HL7_DIR)('immunizations.registryQuery: the state registry through the district', () => {
  let reg: LoopbackRegistry;
  let d: District;
  let core: WorkstationCore;
  let tmp: { dir: string; dispose(): void };
  const kek = randomBytes(32);
  let robert: string;

  beforeAll(async () => {
    reg = await startLoopbackRegistry();
    d = await startDistrict({ registry: { kek: () => kek, caPem: reg.pki.caPem } });
    const district = await d.h.db
      .selectFrom('districts')
      .select(['id', 'state_code'])
      .executeTakeFirstOrThrow();
    await d.h.db
      .insertInto('registry_connections')
      .values({
        id: uuidv7(),
        registry_name: 'Ohio Impact Statewide Immunization Information System',
        state_code: district.state_code,
        connection_method: 'SOAP_API',
        endpoint_url: reg.url,
        hl7_version: '2.5.1',
        authentication_method: 'USERNAME_PASSWORD',
        credential_vault_key: 'registry/oh/impactsiis',
        facility_id: 'OH000123',
        sending_application: 'WHITECROSS',
        sending_facility: 'OH000123',
        receiving_application: 'IMPACTSIIS',
        receiving_facility: 'ODH',
        request_timeout_seconds: 5,
        connection_status: 'ACTIVE',
        district_id: district.id,
      })
      .execute();
    await storeRegistryCredentials(d.h.db, kek, {
      vaultKey: 'registry/oh/impactsiis',
      districtId: district.id,
      username: reg.username,
      secrets: { password: reg.password, clientKeyPem: null },
      at: new Date(),
    });
    // a senior whose record the registry's answer (IZ Gateway's RSP conformance message: an MMR dose in 2005) fits
    robert = uuidv7();
    await d.h.db
      .insertInto('students')
      .values({
        id: robert,
        district_id: district.id,
        school_id: d.schoolId,
        student_number: 'S9001',
        first_name: 'Robert',
        last_name: 'Child',
        date_of_birth: '2004-03-01',
        grade_level: '12',
      })
      .execute();
    tmp = tempDir('wc-registry-query-');
    core = await makeCore(tmp.dir);
    await enrollAndSync(core, d);
  }, 180_000);

  afterAll(async () => {
    await core?.close();
    await d?.close();
    await reg?.close();
    tmp?.dispose();
  });

  it('shows what the registry has and the record lacks; nothing is added until the nurse records a dose', async () => {
    const student = robert;
    const before = (await core.call('students.chart', { studentId: student })).immunizations.doses.length;
    const r = await core.call('immunizations.registryQuery', { studentId: student });
    expect(r.outcome).toBe('HISTORY');
    expect(r.missing.length).toBeGreaterThan(0);
    expect((await core.call('students.chart', { studentId: student })).immunizations.doses).toHaveLength(
      before,
    );

    // the nurse records the first missing dose as the registry's
    const dose = r.missing[0]!;
    await core.call('immunizations.record', {
      studentId: student,
      cvx: dose.cvx,
      administeredOn: dose.date,
      source: 'REGISTRY',
      ...(dose.lot ? { lot: dose.lot } : {}),
    });
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const again = await core.call('immunizations.registryQuery', { studentId: student });
    expect(again.missing).toHaveLength(r.missing.length - 1);
    expect(again.matched.some((m) => m.date === dose.date)).toBe(true);
  });

  it("refuses a student who is not the school's, naming the field, without asking the registry", async () => {
    const e = await refusal(core.call('immunizations.registryQuery', { studentId: uuidv7() }));
    expect(e).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
  });
});
