import { seedAlertDefinitions } from './alerts';
import { seedVisitReasons } from './clinic-visits';
import type { DistrictRec } from './district';
import { addMinutes, sectionFaker, type CatalogIds, type SeedContext } from './helpers';
import { seedSupportingData, seedVaccinationSchedules } from './immunizations';
import { seedFormulary } from './mar';
import { seedMedicationSafety } from './medication-safety';
import { readDataset } from '../medication-safety';
import { buildSafetyIndex, referenceFromDataset } from '../../src-shared/medication-safety';
import { seedOutbreakPatterns } from './outbreaks';

/**
 * The district-wide reference catalogs pulled to the workstations, written at go-live from one random stream
 * ('catalogs'), each by the feature that owns it: the medication-safety reference (the shipped dataset loaded by
 * the server's loader: drug_catalog, drug_classes, drug_interactions, drug_class_interactions,
 * drug_class_cross_reactivity, interaction_severity_levels, reference_data_versions), medications (mar: the
 * school formulary, linked to the catalog by RxNorm code), visit_reasons
 * (clinic-visits), vaccination_schedules and CDC's CDSi supporting data (immunizations: the shipped release by the
 * server's loader), alert_definitions (alerts), outbreak_patterns (outbreaks).
 */
export async function seedCatalog(ctx: SeedContext, district: DistrictRec): Promise<CatalogIds> {
  const f = sectionFaker(ctx.options.seed, 'catalogs');
  const at = addMinutes(ctx.setupAt, 120);
  const creator = district.healthDirectorId;
  const dataset = await readDataset();
  const drugs = await seedMedicationSafety(ctx, dataset, at);
  const medications = await seedFormulary(ctx, f, at, dataset);
  const visitReasons = await seedVisitReasons(ctx, f, at);
  const schedules = await seedVaccinationSchedules(ctx, f, at, district.stateCode);
  await seedSupportingData(ctx, at);
  const alerts = await seedAlertDefinitions(ctx, f, at, creator);
  const patterns = await seedOutbreakPatterns(ctx, f, at, creator);
  // the rules' index of the dataset just loaded, built once for the seed's allergy checks
  const safety = buildSafetyIndex(referenceFromDataset(dataset));
  return { drugs, medications, visitReasons, schedules, alerts, patterns, safety };
}
