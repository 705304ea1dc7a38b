import { useState } from 'react';
import {
  alertActionResponse,
  listDefinitionsResponse,
  listInstancesResponse,
  type AlertInstance,
} from '../../../src-shared/api/alerts';
import { schoolListResponse } from '../../../src-shared/api/admin';
import { CLINICAL_ROLES } from '../../../src-shared/auth';
import { AlertStatus } from '../../../src-shared/enums';
import { formatDateTime } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';
import { Definitions } from './Definitions';
import { isOpen, PRIORITY_BADGE, STATUS_LABEL, titleCaseCode } from './shared';
import { Subscriptions } from './Subscriptions';

/**
 * Alerts (administrators): the instances of their schools (acknowledge, resolve), the district's alert definitions
 * (a DISTRICT_ADMIN changes them) and the signed-in person's own subscriptions (added, changed, deleted).
 */
export function Alerts(props: { userId: string; role: string }) {
  const [status, setStatus] = useState('');
  const instances = useLoad(
    () => api('GET', '/alerts/instances', listInstancesResponse, { query: { status: status || undefined } }),
    `instances:${status}`,
  );
  const definitions = useLoad(
    () => api('GET', '/alerts/definitions', listDefinitionsResponse),
    'definitions',
  );
  const schools = useLoad(() => api('GET', '/admin/schools', schoolListResponse), 'schools');
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const schoolName = (id: string | null) =>
    id ? (schools.data?.schools.find((s) => s.id === id)?.name ?? id) : 'District';

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

      <Definitions definitions={definitions} canEdit={props.role === 'DISTRICT_ADMIN'} />
      {CLINICAL_ROLES.some((r) => r === props.role) ? (
        <Subscriptions userId={props.userId} definitions={definitions.data?.definitions ?? []} />
      ) : null}
    </Page>
  );
}
