import type { Selectable } from 'kysely';
import type { ServerDatabase } from '../../../src-shared/db/server-schema.generated';

/** The rows the registry section reads back: administered vaccinations and each student's first guardian. */

export type VaccinationRow = Pick<
  Selectable<ServerDatabase['vaccinations']>,
  | 'id'
  | 'student_id'
  | 'school_id'
  | 'vaccine_type'
  | 'cvx_code'
  | 'mvx_code'
  | 'vaccine_name'
  | 'dose_number'
  | 'administration_date'
  | 'lot_number'
  | 'lot_expiration_date'
  | 'site'
  | 'route'
  | 'dose_volume_ml'
  | 'administered_by_user_id'
  | 'vis_edition_date'
  | 'registry_status'
  | 'created_at'
>;

export type GuardianRow = Pick<
  Selectable<ServerDatabase['guardians']>,
  'student_id' | 'first_name' | 'last_name' | 'relationship' | 'phone_primary'
>;
