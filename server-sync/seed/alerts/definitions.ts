/**
 * The district's alert definitions (alert_definitions): the built-in catalog of src-shared/alerts, which the
 * district server reads too. Two codes joined the catalog with the alerts feature (CONTRAINDICATED_OVERRIDE,
 * SYNC_CONFLICT): the seed writes them after the others, so the earlier rows are as before.
 */
export { ALERT_DEFINITIONS, type AlertCategory, type AlertDef } from '../../../src-shared/alerts';
export type { AlertPriority as Priority } from '../../../src-shared/enums';
