import type { Faker } from '@faker-js/faker';
import {
  addDays,
  addMinutes,
  insertMany,
  isoDate,
  json,
  newId,
  stamps,
  type NewRow,
  type SeedContext,
} from '../helpers';
import { SCHEDULES } from './schedules';

/**
 * vaccination_schedules: the state's school-entry requirements, from the catalog step's random stream
 * (catalog.ts). Returns 'DTaP:5' -> vaccination_schedules.id.
 */
export async function seedVaccinationSchedules(
  ctx: SeedContext,
  f: Faker,
  at: Date,
  stateCode: string,
): Promise<ReadonlyMap<string, string>> {
  const schedules = new Map<string, string>();
  await insertMany(
    ctx.db,
    'vaccination_schedules',
    SCHEDULES.map((sd, i): NewRow<'vaccination_schedules'> => {
      const id = newId(f, addMinutes(at, 5 + i / 100));
      schedules.set(`${sd.vaccine}:${sd.dose}`, id);
      return {
        id,
        state_code: stateCode,
        vaccine_type: sd.vaccine,
        dose_number: sd.dose,
        minimum_age_months: sd.minAgeMonths,
        maximum_age_months: sd.maxAgeMonths,
        minimum_interval_days: sd.minIntervalDays,
        grade_level: sd.grade,
        required_for_enrollment: sd.required,
        grace_period_days: sd.required ? 14 : 30,
        exemption_allowed: sd.required,
        exemption_types: sd.required ? json(['MEDICAL', 'RELIGIOUS', 'PHILOSOPHICAL']) : null,
        cdc_schedule_reference: sd.reference,
        last_updated: addDays(isoDate(ctx.setupAt), -30),
        ...stamps(at),
      };
    }),
    ctx.progress,
  );
  return schedules;
}
