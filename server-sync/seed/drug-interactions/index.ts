/** The drug-interactions seed: the drug catalog, its interaction pairs and severity levels. */
export { seedDrugCatalog } from './catalog';
export { DRUGS, type DrugClass, type DrugDef } from './drugs';
export { INTERACTIONS, SEVERITY_LEVELS, type InteractionDef, type InteractionSeverity } from './interactions';
