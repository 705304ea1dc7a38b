import type { Selectable } from 'kysely';
import type { ServerDb } from '../db/connect';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { utcOffsetAt, vxuProblems, type VxuInput, type VxuProblem } from '../../src-shared/registry';

/**
 * A dose as the registry is told about it: everything a VXU says, read from the district database (the
 * vaccination, its student and guardians, the nurse who gave it, the school, the VFC eligibility on the day,
 * and the district's registry connection), and the reasons it cannot be sent yet, if any.
 */

export type RegistryConnection = Selectable<ServerDatabase['registry_connections']>;

export interface DoseForRegistry {
  readonly input: VxuInput;
  readonly problems: readonly VxuProblem[];
  readonly studentId: string;
  readonly schoolId: string;
  readonly connection: RegistryConnection;
  /** The vaccination was deleted (RXA-21 D when a version was sent before). */
  readonly deleted: boolean;
}

export class RegistryDataError extends Error {
  override name = 'RegistryDataError';
}

/** The district's active immunization registry connection. */
export async function activeConnection(
  db: ServerDb,
  districtId: string,
): Promise<RegistryConnection | undefined> {
  return db
    .selectFrom('registry_connections')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('registry_type', '=', 'IMMUNIZATION')
    .where('is_active', '=', true)
    .orderBy('created_at')
    .executeTakeFirst();
}

export interface VxuOptions {
  readonly controlId: string;
  readonly sentAt: Date;
  readonly action: 'A' | 'U' | 'D';
}

export async function doseForRegistry(
  db: ServerDb,
  vaccinationId: string,
  o: VxuOptions,
): Promise<DoseForRegistry> {
  const v = await db
    .selectFrom('vaccinations')
    .selectAll()
    .where('id', '=', vaccinationId)
    .executeTakeFirst();
  if (!v) throw new RegistryDataError(`vaccination ${vaccinationId} does not exist`);
  const s = await db
    .selectFrom('students')
    .selectAll()
    .where('id', '=', v.student_id)
    .executeTakeFirstOrThrow();
  const school = await db
    .selectFrom('schools')
    .selectAll()
    .where('id', '=', v.school_id)
    .executeTakeFirstOrThrow();
  const district = await db
    .selectFrom('districts')
    .selectAll()
    .where('id', '=', s.district_id)
    .executeTakeFirstOrThrow();
  const connection = await activeConnection(db, district.id);
  if (!connection)
    throw new RegistryDataError(`district ${district.name} has no active immunization registry connection`);
  const guardians = await db
    .selectFrom('guardians')
    .select(['first_name', 'last_name', 'relationship', 'phone_primary'])
    .where('student_id', '=', s.id)
    .where('deleted_at', 'is', null)
    .orderBy('is_primary_contact', 'desc')
    .orderBy('contact_priority')
    .orderBy('id')
    .execute();
  const nurse = v.administered_by_user_id
    ? await db
        .selectFrom('users')
        .select(['id', 'first_name', 'last_name', 'npi_number'])
        .where('id', '=', v.administered_by_user_id)
        .executeTakeFirst()
    : undefined;
  const medicaid = await db
    .selectFrom('medicaid_eligibility')
    .select('id')
    .where('student_id', '=', s.id)
    .where('eligibility_status', '=', 'VERIFIED')
    .where((eb) =>
      eb.and([
        eb.or([
          eb('coverage_start_date', 'is', null),
          eb('coverage_start_date', '<=', v.administration_date),
        ]),
        eb.or([eb('coverage_end_date', 'is', null), eb('coverage_end_date', '>=', v.administration_date)]),
      ]),
    )
    .executeTakeFirst();
  const historical = v.source !== 'ADMINISTERED';
  const facility = connection.sending_facility ?? connection.facility_id ?? '';
  const input: VxuInput = {
    controlId: o.controlId,
    sentAt: o.sentAt,
    utcOffsetMinutes: utcOffsetAt(o.sentAt, school.timezone ?? district.timezone),
    processingId: connection.test_mode ? 'T' : 'P',
    sendingApp: connection.sending_application ?? 'WHITECROSS',
    sendingFacility: facility,
    receivingApp: connection.receiving_application ?? '',
    receivingFacility: connection.receiving_facility ?? '',
    patient: s,
    assigningAuthority: facility,
    guardians,
    vaccination: v,
    historical,
    action: o.action,
    orderingProvider: undefined,
    administeringProvider:
      nurse?.npi_number != null
        ? { npi: nurse.npi_number, last: nurse.last_name, first: nurse.first_name }
        : undefined,
    enteredBy: nurse ? { id: nurse.id, last: nurse.last_name, first: nurse.first_name } : undefined,
    // V02 when a verified Medicaid coverage spans the day; otherwise not VFC eligible (docs/registry.md).
    vfc: medicaid ? 'V02' : 'V01',
    facilityName: historical ? (v.facility_name ?? '') : school.name,
  };
  return {
    input,
    problems: o.action === 'D' ? [] : vxuProblems(input),
    studentId: s.id,
    schoolId: v.school_id,
    connection,
    deleted: v.deleted_at !== null,
  };
}
