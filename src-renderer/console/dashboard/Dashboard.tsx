import { useState } from 'react';
import {
  districtActivityResponse,
  type ConsoleSessionResponse,
  type SchoolActivity,
} from '../../../src-shared/api/console';
import { listInstancesResponse } from '../../../src-shared/api/alerts';
import { pagesOf } from '../../../src-shared/api/console';
import { formatDate, formatDateTime } from '../../lib/format';
import { href } from '../../lib/router';
import { ALERT_READERS, isOpen, PRIORITY_BADGE, STATUS_LABEL, titleCaseCode } from '../alerts/shared';
import { api } from '../lib/api';
import { OpenOutbreaks } from '../outbreaks/OpenOutbreaks';
import { LoadState, Page } from '../lib/page';
import { useLoad } from '../lib/useLoad';

const COUNTS = [
  ['visits', 'Visits'],
  ['emergencies', 'Emergencies'],
  ['sentHome', 'Sent home'],
  ['open', 'Still in the clinic'],
  ['medicationsGiven', 'Doses given'],
] as const satisfies readonly (readonly [keyof SchoolActivity, string])[];

/** Today's clinic activity per school (each school's own calendar day), with the district's totals. */
export function Dashboard(props: { session: ConsoleSessionResponse }) {
  const activity = useLoad(() => api('GET', '/district/activity', districtActivityResponse), 'activity');
  const readsAlerts = ALERT_READERS.includes(props.session.user.role);
  const readsOutbreaks = pagesOf(props.session.user.role).includes('outbreaks');
  const [refresh, setRefresh] = useState(0);
  const alerts = useLoad(
    () => api('GET', '/alerts/instances', listInstancesResponse, { query: { limit: 200 } }),
    readsAlerts ? 'alerts' : undefined,
  );
  const open = (alerts.data?.alerts ?? []).filter(isOpen);
  const schools = activity.data?.schools ?? [];
  const schoolName = (id: string | null) =>
    id ? (schools.find((s) => s.schoolId === id)?.schoolName ?? 'Another school') : 'District';
  const total = (k: (typeof COUNTS)[number][0]) => schools.reduce((n, s) => n + s[k], 0);
  return (
    <Page
      title="Dashboard"
      subtitle={
        activity.data
          ? `Clinic activity on ${formatDate(activity.data.date)} (each school's own day), ${props.session.districtName}.`
          : undefined
      }
      actions={
        <button
          type="button"
          className="secondary"
          onClick={() => {
            activity.reload();
            if (readsAlerts) alerts.reload();
            setRefresh((n) => n + 1);
          }}
        >
          Refresh
        </button>
      }
    >
      <LoadState
        loading={activity.loading && !activity.data}
        error={activity.error}
        what="today's activity"
      />
      {activity.data ? (
        <>
          <section aria-labelledby="totals-h" className="summary-cards">
            <h2 id="totals-h" className="visually-hidden">
              District totals
            </h2>
            {COUNTS.map(([k, label]) => (
              <div className="card stat" key={k}>
                <span className="count">{total(k)}</span>
                <span className="stat-label">{label}</span>
              </div>
            ))}
          </section>
          <section aria-labelledby="per-school-h" className="card">
            <h2 id="per-school-h">Clinic activity per school</h2>
            {schools.length === 0 ? (
              <p className="empty">No schools to show.</p>
            ) : (
              <table>
                <caption className="visually-hidden">
                  Clinic activity per school on {formatDate(activity.data.date)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">School</th>
                    {COUNTS.map(([k, label]) => (
                      <th scope="col" className="num" key={k}>
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {schools.map((s) => (
                    <tr key={s.schoolId}>
                      <th scope="row">{s.schoolName}</th>
                      {COUNTS.map(([k]) => (
                        <td className="num" key={k}>
                          {s[k]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                {schools.length > 1 ? (
                  <tfoot>
                    <tr>
                      <th scope="row">District</th>
                      {COUNTS.map(([k]) => (
                        <td className="num" key={k}>
                          {total(k)}
                        </td>
                      ))}
                    </tr>
                  </tfoot>
                ) : null}
              </table>
            )}
          </section>
        </>
      ) : null}
      {readsAlerts ? (
        <section aria-labelledby="open-alerts-h" className="card">
          <h2 id="open-alerts-h">Open alerts{alerts.data ? ` (${open.length})` : ''}</h2>
          <LoadState loading={alerts.loading && !alerts.data} error={alerts.error} what="the alerts" />
          {alerts.data && open.length === 0 ? <p className="empty">No open alert.</p> : null}
          {open.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Priority</th>
                  <th scope="col">School</th>
                  <th scope="col">Raised</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {open.slice(0, 10).map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.title}</th>
                    <td>
                      <span className={`badge ${PRIORITY_BADGE[a.priority] ?? 'neutral'}`}>
                        {titleCaseCode(a.priority)}
                      </span>
                    </td>
                    <td>{schoolName(a.schoolId)}</td>
                    <td className="nowrap">{formatDateTime(a.triggeredAt)}</td>
                    <td>{STATUS_LABEL[a.status] ?? a.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {pagesOf(props.session.user.role).includes('alerts') && open.length > 0 ? (
            <p>
              <a href={href(['alerts'])}>All alerts</a>
            </p>
          ) : null}
        </section>
      ) : null}
      {readsOutbreaks ? <OpenOutbreaks refresh={refresh} /> : null}
    </Page>
  );
}
