import { z } from 'zod';
import { alertView } from '../../../src-shared/api/outbreaks';
import { href } from '../../lib/router';
import { api } from '../lib/api';
import { LoadState } from '../lib/page';
import { useLoad } from '../lib/useLoad';
import { EpiCurve } from './EpiCurve';
import { atSchool, methodLabel, OUTBREAK_STATUS_BADGE, OUTBREAK_STATUS_LABEL } from './shared';

const alertList = z.object({ alerts: z.array(alertView) });

/** The dashboard's open outbreak alerts: a table, then each one's epidemic curve next to its numbers. */
export function OpenOutbreaks(props: { refresh: number }) {
  const alerts = useLoad(
    () => api('GET', '/outbreaks/alerts', alertList, { query: { limit: 200 } }),
    `open-outbreaks:${props.refresh}`,
  );
  const open = (alerts.data?.alerts ?? []).filter((a) => a.status !== 'RESOLVED');
  return (
    <section aria-labelledby="open-outbreaks-h" className="card">
      <h2 id="open-outbreaks-h">Open outbreaks{alerts.data ? ` (${open.length})` : ''}</h2>
      <LoadState loading={alerts.loading && !alerts.data} error={alerts.error} what="the outbreak alerts" />
      {alerts.data && open.length === 0 ? <p className="empty">No open outbreak.</p> : null}
      {open.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Pattern</th>
              <th scope="col">School</th>
              <th scope="col">Detected by</th>
              <th scope="col" className="num">
                Students
              </th>
              <th scope="col">Opened</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {open.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={href(['outbreaks', a.id])}>{a.patternName ?? 'Unnamed cluster'}</a>
                </th>
                <td>{a.schoolName}</td>
                <td>{methodLabel(a.detection?.method)}</td>
                <td className="num">{a.affectedStudents}</td>
                <td className="nowrap">{atSchool(a.alertDate, a.timeZone)}</td>
                <td>
                  <span className={`badge ${OUTBREAK_STATUS_BADGE[a.status]}`}>
                    {OUTBREAK_STATUS_LABEL[a.status]}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open
        .filter((a) => a.epidemicCurve.length > 0)
        .slice(0, 3)
        .map((a) => (
          <div key={a.id} className="dashboard-curve">
            <h3>
              {a.patternName ?? 'Cluster'} at {a.schoolName}
            </h3>
            <EpiCurve
              title={`${a.patternName ?? 'Cluster'} at ${a.schoolName}: cases by day`}
              days={a.epidemicCurve}
              signalDates={(a.detection?.signals ?? []).map((s) => s.date)}
            />
          </div>
        ))}
    </section>
  );
}
