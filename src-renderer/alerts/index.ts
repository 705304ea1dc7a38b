/** Alerts (renderer, feature 26): Today's panel, the alerts page, one alert (acknowledge, resolve, dismiss). */
export { AlertsPanel } from './AlertsPanel';
export { AlertPage, AlertsPage } from './AlertPage';
export { announceAlertsChanged, ALERTS_CHANGED_EVENT } from './events';
