import type { CatalogIds } from './catalogs';
import { seedAlerts } from './clinical-alerts';
import { seedDisclosures } from './clinical-disclosures';
import { seedOrders } from './clinical-orders';
import { planGiCluster, seedOutbreaks } from './clinical-outbreaks';
import { seedVisits } from './clinical-visits';
import type { DistrictRec } from './district';
import type { ImmunizationResult } from './immunizations';
import type { StudentRec } from './students';
import type { SeedContext } from './helpers';

/**
 * The clinical year(s) of the demo district, in dependency order: medication orders and scheduled
 * doses, clinic visits (with PRN doses and class time missed), symptom tracking and outbreak
 * detection (with the planted GI cluster), the alerts all of that raised, and the PHI disclosures.
 */
export async function seedClinical(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  students: readonly StudentRec[],
  immunizations: ImmunizationResult,
): Promise<void> {
  const orders = await seedOrders(ctx, catalogs, students);
  const cluster = planGiCluster(ctx, district, students);
  const { visits, events } = await seedVisits(
    ctx,
    district,
    catalogs,
    students,
    orders,
    immunizations.schoolDoses,
    cluster?.visits ?? [],
  );
  const outbreaks = await seedOutbreaks(ctx, district, catalogs, students, visits, cluster);
  await seedAlerts(ctx, district, catalogs, {
    missed: orders.missed,
    events,
    outbreaks,
    overdue: immunizations.overdue,
    orders: orders.orders,
    visits,
  });
  await seedDisclosures(ctx, district, students, visits, events, outbreaks);
}
