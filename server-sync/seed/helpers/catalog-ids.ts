import type { SafetyIndex } from '../../../src-shared/medication-safety';

/** The ids of the reference catalogs (catalog.ts), by the key each section knows them by. */
export interface CatalogIds {
  /** drug key -> drug_catalog.id */
  readonly drugs: ReadonlyMap<string, string>;
  /** formulary key -> medications.id */
  readonly medications: ReadonlyMap<string, string>;
  /** reason_code -> visit_reasons.id */
  readonly visitReasons: ReadonlyMap<string, string>;
  /** 'DTaP:5' -> vaccination_schedules.id */
  readonly schedules: ReadonlyMap<string, string>;
  /** alert_code -> alert_definitions.id */
  readonly alerts: ReadonlyMap<string, string>;
  /** pattern key (ILI, GI...) -> outbreak_patterns.id */
  readonly patterns: ReadonlyMap<string, string>;
  /** the medication-safety index of the reference loaded into drug_catalog and its tables (the allergy checks) */
  readonly safety: SafetyIndex;
}
