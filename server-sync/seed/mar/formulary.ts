import type { Faker } from '@faker-js/faker';
import type { DrugClass } from '../../../src-shared/enums';
import type { MedicationSafetyDataset } from '../../../src-shared/medication-safety';
import { addMinutes, insertMany, newId, stamps, type NewRow, type SeedContext } from '../helpers';
import { FORMULARY, OFF_CATALOG } from './formulary-data';

interface DrugFacts {
  readonly genericName: string;
  readonly rxnorm: string;
  readonly drugClass: DrugClass;
  readonly schedule?: 'II' | 'III' | 'IV' | 'V' | undefined;
}

/**
 * The school formulary (medications), each item linked to its drug in the medication-safety catalog (the shipped
 * dataset: generic name, RxNorm ingredient, class, DEA schedule), the link being the RxNorm code. The few items
 * the catalog does not have (OFF_CATALOG: the check says so when a nurse gives one) carry their own facts. `f` is
 * the catalog step's random stream (catalog.ts). Returns formulary key -> medications.id.
 */
export async function seedFormulary(
  ctx: SeedContext,
  f: Faker,
  at: Date,
  dataset: MedicationSafetyDataset,
): Promise<ReadonlyMap<string, string>> {
  // The school formulary.
  const medications = new Map<string, string>();
  const byKey = new Map<string, DrugFacts>([
    ...dataset.drugs.map((d) => [d.key, d] as const),
    ...Object.entries(OFF_CATALOG),
  ]);
  await insertMany(
    ctx.db,
    'medications',
    FORMULARY.map((item, i): NewRow<'medications'> => {
      const dr = byKey.get(item.drug);
      if (!dr)
        throw new Error(
          `formulary item ${item.key} names drug ${item.drug}, missing from the catalog and OFF_CATALOG`,
        );
      const id = newId(f, addMinutes(at, 3 + i / 100));
      medications.set(item.key, id);
      return {
        id,
        name: item.name,
        generic_name: dr.genericName,
        strength: item.strength,
        dosage_form: item.form,
        route: item.route,
        ndc_code: item.ndc,
        rxnorm_code: dr.rxnorm,
        drug_class: dr.drugClass,
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
