import type { Faker } from '@faker-js/faker';
import { addMinutes, insertMany, json, newId, stamps, type NewRow, type SeedContext } from '../helpers';
import { VISIT_REASONS } from './reasons';

/** visit_reasons, from the catalog step's random stream (catalog.ts). Returns reason_code -> visit_reasons.id. */
export async function seedVisitReasons(
  ctx: SeedContext,
  f: Faker,
  at: Date,
): Promise<ReadonlyMap<string, string>> {
  const visitReasons = new Map<string, string>();
  await insertMany(
    ctx.db,
    'visit_reasons',
    VISIT_REASONS.map((v, i): NewRow<'visit_reasons'> => {
      const id = newId(f, addMinutes(at, 4 + i / 100));
      visitReasons.set(v.code, id);
      return {
        id,
        reason_code: v.code,
        reason_name: v.name,
        reason_category: v.category,
        icd10_codes: json(v.icd10),
        typical_duration_minutes: v.minutes,
        requires_parent_notification: v.notifyParent,
        requires_vital_signs: v.vitals,
        is_active: true,
        display_order: (i + 1) * 10,
        description: v.description,
        ...stamps(at),
      };
    }),
    ctx.progress,
  );
  return visitReasons;
}
