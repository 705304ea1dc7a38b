/** The alerts seed: alert definitions, subscriptions, the alerts raised and their deliveries. */
export { ALERT_DEFINITIONS, type AlertDef } from './definitions';
export { seedAlertDefinitions } from './definitions-seed';
export { seedAlerts, type AlertInputs } from './instances';
