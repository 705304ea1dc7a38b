import { useState } from 'react';
import {
  alertActionResponse,
  listDefinitionsResponse,
  listInstancesResponse,
  listSubscriptionsResponse,
  type AlertInstance,
} from '../../../src-shared/api/alerts';
import { schoolListResponse } from '../../../src-shared/api/admin';
import { AlertStatus } from '../../../src-shared/enums';
import { formatDateTime } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';
import { isOpen, PRIORITY_BADGE, STATUS_LABEL, titleCaseCode } from './shared';

/**
 * Alerts (administrators): the instances of their schools (acknowledge, resolve), the district's alert definitions
 * and the signed-in person's own subscriptions.
 */
export function Alerts(props: { userId: string }) {
  const [status, setStatus] = useState('');
  const instances = useLoad(
    () => api('GET', '/alerts/instances', listInstancesResponse, { query: { status: status || undefined } }),
    `instances:${status}`,
  );
  const definitions = useLoad(
    () => api('GET', '/alerts/definitions', listDefinitionsResponse),
    'definitions',
  );
  const subscriptions = useLoad(
    () => api('GET', '/alerts/subscriptions', listSubscriptionsResponse, { query: { userId: props.userId } }),
    'subscriptions',
  );
  const schools = useLoad(() => api('GET', '/admin/schools', schoolListResponse), 'schools');
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const schoolName = (id: string | null) =>
    id ? (schools.data?.schools.find((s) => s.id === id)?.name ?? id) : 'District';
  const definitionName = (code: string | null) =>
    code ? (definitions.data?.definitions.find((d) => d.code === code)?.name ?? code) : 'Any alert';

  async function act(a: AlertInstance, verb: 'acknowledge' | 'resolve') {
    setOutcome({});
    try {
      await api('POST', `/alerts/instances/${encodeURIComponent(a.id)}/${verb}`, alertActionResponse, {
        body: {},
      });
      setOutcome({ ok: `${a.title}: ${verb === 'acknowledge' ? 'acknowledged' : 'resolved'}.` });
      instances.reload();
    } catch (e) {
      setOutcome({ error: `${a.title}: ${capitalized(toApiError(e).message)}` });
    }
  }

  return (
    <Page
      title="Alerts"
      subtitle="Alerts raised at the district's schools, who they go to, and how."
      actions={
        <button type="button" className="secondary" onClick={instances.reload}>
          Refresh
        </button>
      }
    >
      <Outcome {...outcome} />
      <section className="card" aria-labelledby="instances-h">
        <h2 id="instances-h">Alerts</h2>
        <div className="field narrow-field">
          <label htmlFor="alert-status">Status</label>
          <select id="alert-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {AlertStatus.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        </div>
        <LoadState loading={instances.loading && !instances.data} error={instances.error} what="the alerts" />
        {instances.data ? (
          instances.data.alerts.length === 0 ? (
            <p className="empty">No alert to show.</p>
          ) : (
            <table className="alerts-table">
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Priority</th>
                  <th scope="col">School</th>
                  <th scope="col">Raised</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {instances.data.alerts.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {a.title}
                      <span className="sub">{a.name}</span>
                    </th>
                    <td>
                      <span className={`badge ${PRIORITY_BADGE[a.priority] ?? 'neutral'}`}>
                        {titleCaseCode(a.priority)}
                      </span>
                    </td>
                    <td>{schoolName(a.schoolId)}</td>
                    <td className="nowrap">{formatDateTime(a.triggeredAt)}</td>
                    <td>
                      {STATUS_LABEL[a.status] ?? a.status}
                      {a.acknowledgedAt ? (
                        <span className="sub">acknowledged {formatDateTime(a.acknowledgedAt)}</span>
                      ) : null}
                      {a.escalationLevel > 0 ? (
                        <span className="sub">escalation {a.escalationLevel}</span>
                      ) : null}
                    </td>
                    <td className="row-actions">
                      {a.status === 'ACTIVE' || a.status === 'ESCALATED' ? (
                        <button type="button" className="small" onClick={() => void act(a, 'acknowledge')}>
                          Acknowledge<span className="visually-hidden"> {a.title}</span>
                        </button>
                      ) : null}
                      {isOpen(a) ? (
                        <button
                          type="button"
                          className="small secondary"
                          onClick={() => void act(a, 'resolve')}
                        >
                          Resolve<span className="visually-hidden"> {a.title}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </section>

      <section className="card" aria-labelledby="definitions-h">
        <h2 id="definitions-h">Definitions</h2>
        <LoadState
          loading={definitions.loading && !definitions.data}
          error={definitions.error}
          what="the definitions"
        />
        {definitions.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Priority</th>
                <th scope="col">Channels</th>
                <th scope="col">Escalation</th>
                <th scope="col">Active</th>
              </tr>
            </thead>
            <tbody>
              {definitions.data.definitions.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.name}
                    <span className="sub mono">{d.code}</span>
                  </th>
                  <td>{titleCaseCode(d.priority)}</td>
                  <td>{d.channels.map(titleCaseCode).join(', ')}</td>
                  <td>
                    {d.escalation
                      ? `after ${d.escalation.escalate_after_minutes} min to ${d.escalation.escalate_to.map(titleCaseCode).join(', ')}`
                      : 'None'}
                  </td>
                  <td>{d.isActive ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card" aria-labelledby="subscriptions-h">
        <h2 id="subscriptions-h">Your subscriptions</h2>
        <LoadState
          loading={subscriptions.loading && !subscriptions.data}
          error={subscriptions.error}
          what="your subscriptions"
        />
        {subscriptions.data ? (
          subscriptions.data.subscriptions.length === 0 ? (
            <p className="empty">
              You receive the alerts your role is sent by default; no subscription of your own.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Alerts</th>
                  <th scope="col">Channels</th>
                  <th scope="col">Quiet hours</th>
                  <th scope="col">Weekends</th>
                  <th scope="col">Active</th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.data.subscriptions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {s.definitionCode
                        ? definitionName(s.definitionCode)
                        : s.category
                          ? `${titleCaseCode(s.category)} alerts`
                          : 'Any alert'}
                      {s.priorityThreshold ? (
                        <span className="sub">{titleCaseCode(s.priorityThreshold)} and above</span>
                      ) : null}
                    </th>
                    <td>{s.channels.map(titleCaseCode).join(', ')}</td>
                    <td>{s.quietHoursStart ? `${s.quietHoursStart}–${s.quietHoursEnd}` : 'None'}</td>
                    <td>{s.weekendDelivery ? 'Delivered' : 'Held until Monday'}</td>
                    <td>{s.isActive ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </section>
    </Page>
  );
}
