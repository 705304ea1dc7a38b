import { seedAlertDefinitions } from './alerts';
import { seedVisitReasons } from './clinic-visits';
import type { DistrictRec } from './district';
import { seedDrugCatalog } from './drug-interactions';
import { addMinutes, sectionFaker, type CatalogIds, type SeedContext } from './helpers';
import { seedVaccinationSchedules } from './immunizations';
import { seedFormulary } from './mar';
import { seedOutbreakPatterns } from './outbreaks';

/**
 * The district-wide reference catalogs pulled to the workstations, written at go-live from one random stream
 * ('catalogs'), each by the feature that owns it: drug_catalog, drug_interactions and
 * interaction_severity_levels (drug-interactions), medications (mar: the school formulary), visit_reasons
 * (clinic-visits), vaccination_schedules (immunizations), alert_definitions (alerts), outbreak_patterns
 * (outbreaks).
 */
export async function seedCatalog(ctx: SeedContext, district: DistrictRec): Promise<CatalogIds> {
  const f = sectionFaker(ctx.options.seed, 'catalogs');
  const at = addMinutes(ctx.setupAt, 120);
  const creator = district.healthDirectorId;
  const drugs = await seedDrugCatalog(ctx, f, at);
  const medications = await seedFormulary(ctx, f, at);
  const visitReasons = await seedVisitReasons(ctx, f, at);
  const schedules = await seedVaccinationSchedules(ctx, f, at, district.stateCode);
  const alerts = await seedAlertDefinitions(ctx, f, at, creator);
  const patterns = await seedOutbreakPatterns(ctx, f, at, creator);
  return { drugs, medications, visitReasons, schedules, alerts, patterns };
}
