/**
 * Alerts on the workstation (feature 26): the alerts.* handlers, raising an alert where its trigger happens
 * (offline included; synced), the periodic checks and the district server's alert stream.
 */
export { alertsHandlers } from './ipc';
export { listAlerts } from './read';
export { raiseLocalAlert, WORKSTATION_ACTOR, type LocalAlert, type RaiseOutcome } from './write';
export {
  raiseContraindicatedOverride,
  raiseControlledCountDiscrepancy,
  raiseEmergencyVisit,
  raiseImmunizationOverdue,
  raiseMedicationMissed,
} from './triggers';
export { createAlertsRuntime, type AlertsRuntime } from './runtime';
export type { AlertSources, CheckReport } from './monitor';
export {
  createAlertStream,
  sseParser,
  ALERT_STREAM_PATH,
  type AlertStream,
  type AlertStreamEvent,
} from './stream';
