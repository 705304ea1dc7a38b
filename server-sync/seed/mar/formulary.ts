import type { Faker } from '@faker-js/faker';
import { DRUGS } from '../drug-interactions';
import { addMinutes, insertMany, newId, stamps, type NewRow, type SeedContext } from '../helpers';
import { FORMULARY } from './formulary-data';

/**
 * The school formulary (medications), each item linked to its drug in the catalog (generic name, RxNorm
 * ingredient, class, DEA schedule). `f` is the catalog step's random stream (catalog.ts). Returns formulary
 * key -> medications.id.
 */
export async function seedFormulary(
  ctx: SeedContext,
  f: Faker,
  at: Date,
): Promise<ReadonlyMap<string, string>> {
  // The school formulary.
  const medications = new Map<string, string>();
  const byKey = new Map(DRUGS.map((dr) => [dr.key, dr]));
  await insertMany(
    ctx.db,
    'medications',
    FORMULARY.map((item, i): NewRow<'medications'> => {
      const dr = byKey.get(item.drug);
      if (!dr)
        throw new Error(`formulary item ${item.key} names drug ${item.drug}, missing from the catalog`);
      const id = newId(f, addMinutes(at, 3 + i / 100));
      medications.set(item.key, id);
      return {
        id,
        name: item.name,
        generic_name: dr.name.toLowerCase(),
        strength: item.strength,
        dosage_form: item.form,
        route: item.route,
        ndc_code: item.ndc,
        rxnorm_code: dr.rxnorm,
        drug_class: dr.cls,
        is_controlled: dr.schedule !== undefined,
        controlled_schedule: dr.schedule ?? null,
        is_otc: item.otc,
        is_active: true,
        ...stamps(at),
      };
    }),
    ctx.progress,
  );
  return medications;
}

/** The formulary item's name (its key when unknown). */
export const formularyName = (key: string): string => FORMULARY.find((m) => m.key === key)?.name ?? key;
