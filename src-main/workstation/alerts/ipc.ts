import type { alertsSlice } from '../../../src-shared/ipc/alerts';
import type { FeatureDeps, SliceHandlers } from '../handlers';
import { alertsSummary, getAlert, listAlerts } from './read';
import { acknowledgeAlert, dismissAlert, resolveAlert } from './write';

export const alertsHandlers = (d: FeatureDeps): SliceHandlers<typeof alertsSlice> => ({
  'alerts.list': () => listAlerts(d.ctx(), d.actor()),
  'alerts.summary': () => alertsSummary(d.ctx(), d.actor()),
  'alerts.get': (a) => getAlert(d.ctx(), d.actor(), a.id),
  'alerts.acknowledge': (a) => acknowledgeAlert(d.ctx(), d.actor(), a.id),
  'alerts.resolve': (a) => resolveAlert(d.ctx(), d.actor(), a.id, a.notes),
  'alerts.dismiss': (a) => dismissAlert(d.ctx(), d.actor(), a.id, a.reason),
});
