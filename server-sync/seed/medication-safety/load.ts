import type { MedicationSafetyDataset } from '../../../src-shared/medication-safety';
import { loadMedicationSafety } from '../../medication-safety';
import type { SeedContext } from '../helpers';

/**
 * The medication-safety reference of the demo district: the shipped dataset (reference-data/medication-safety),
 * loaded by the district server's own loader at go-live (`at`), inside the seed's transaction. Its audit entry is
 * left to the seed's audit trail (audit.ts). Returns drug key -> drug_catalog.id.
 */
export async function seedMedicationSafety(
  ctx: SeedContext,
  ds: MedicationSafetyDataset,
  at: Date,
): Promise<ReadonlyMap<string, string>> {
  await loadMedicationSafety(ctx.db, ds, { now: at, actorId: null, audit: false });
  const rows = await ctx.db
    .selectFrom('drug_catalog')
    .select(['id', 'dataset_key'])
    .where('dataset_key', 'is not', null)
    .orderBy('dataset_key')
    .execute();
  return new Map(rows.map((r) => [r.dataset_key!, r.id]));
}
