import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ServerDb } from '../../../server-sync/db/connect';
import { storeRegistryCredentials } from '../../../server-sync/registry';
import { makeDistrict, type TestDistrict } from '../server/support';
import type { LoopbackRegistry } from '../../support/loopback-registry';

/** makeDistrict plus a guardian, a nurse NPI, the state registry's connection to the loopback registry and its credentials. */
export interface RegistryDistrict extends TestDistrict {
  readonly connectionId: string;
  readonly kek: Buffer;
}

export async function makeRegistryDistrict(
  db: ServerDb,
  reg: LoopbackRegistry,
  at: Date,
): Promise<RegistryDistrict> {
  const d = await makeDistrict(db);
  // makeDistrict's historical doses, recorded at the test's "now"
  await db.updateTable('vaccinations').set({ created_at: at, updated_at: at }).execute();
  await db.updateTable('users').set({ npi_number: '1245319599' }).where('id', '=', d.nurseA.id).execute();
  await db
    .insertInto('guardians')
    .values({
      id: uuidv7(),
      student_id: d.studentA,
      school_id: d.schoolA,
      first_name: 'Rosa',
      last_name: 'Alvarez',
      relationship: 'Mother',
      phone_primary: '(609) 555-0199',
      is_primary_contact: true,
    })
    .execute();
  const kek = randomBytes(32);
  const connectionId = uuidv7();
  await db
    .insertInto('registry_connections')
    .values({
      id: connectionId,
      registry_name: 'New Jersey Immunization Information System',
      state_code: 'NJ',
      connection_method: 'SOAP_API',
      endpoint_url: reg.url,
      hl7_version: '2.5.1',
      authentication_method: 'USERNAME_PASSWORD',
      credential_vault_key: 'registry/nj/njiis',
      facility_id: 'NJ000123',
      sending_application: 'WHITECROSS',
      sending_facility: 'NJ000123',
      receiving_application: 'NJIIS',
      receiving_facility: 'NJDOH',
      request_timeout_seconds: 2,
      connection_status: 'ACTIVE',
      district_id: d.districtId,
    })
    .execute();
  await storeRegistryCredentials(db, kek, {
    vaultKey: 'registry/nj/njiis',
    districtId: d.districtId,
    username: reg.username,
    secrets: { password: reg.password, clientKeyPem: null },
    at,
  });
  return { ...d, connectionId, kek };
}

/** A flu dose given at school A by nurse A (complete unless told otherwise). */
export async function giveDose(
  db: ServerDb,
  d: RegistryDistrict,
  at: Date,
  over: { lot_number?: string | null; administration_date?: string } = {},
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('vaccinations')
    .values({
      id,
      student_id: d.studentA,
      school_id: d.schoolA,
      vaccine_type: 'Influenza',
      vaccine_name: 'Fluzone Quadrivalent',
      cvx_code: '150',
      mvx_code: 'PMC',
      administration_date: over.administration_date ?? '2026-11-19',
      lot_number: over.lot_number === undefined ? 'UT1234' : over.lot_number,
      lot_expiration_date: '2027-06-30',
      route: 'IM',
      site: 'LD',
      dose_volume_ml: '0.5',
      source: 'ADMINISTERED',
      administered_by_user_id: d.nurseA.id,
      vis_edition_date: '2023-08-06',
      registry_status: 'NOT_SUBMITTED',
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}
