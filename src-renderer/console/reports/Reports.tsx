import { useState } from 'react';
import { districtActivityResponse, type ConsoleSessionResponse } from '../../../src-shared/api/console';
import {
  reportDefinitionsResponse,
  reportInstancesResponse,
  type ReportInstanceView,
} from '../../../src-shared/api/reports';
import { dateTimeIn } from '../../../src-shared/time';
import { api } from '../lib/api';
import { LoadState, Page } from '../lib/page';
import { useLoad } from '../lib/useLoad';
import { ReportForm } from './ReportForm';

const STATUS_LABEL: Readonly<Record<ReportInstanceView['status'], string>> = {
  GENERATING: 'Generating',
  COMPLETED: 'Ready',
  FAILED: 'Failed',
};

function InstanceRow(props: { i: ReportInstanceView; tz: string }) {
  const i = props.i;
  const p = (k: string): string => {
    const v = i.parameters[k];
    return typeof v === 'string' ? v : '';
  };
  const params = [
    i.schoolName ?? (p('schoolId') || 'all schools'),
    p('from') ? `${p('from')} to ${p('to')}` : '',
    p('studentId') ? `student ${p('studentId')}` : '',
    p('userId') ? `user ${p('userId')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <tr>
      <td>
        {i.title}
        <span className="sub">{params}</span>
      </td>
      <td className="nowrap">{dateTimeIn(Date.parse(i.generatedAt), props.tz, true)}</td>
      <td>{i.generatedBy}</td>
      <td>
        <span className={`badge ${i.status === 'FAILED' ? 'warn' : 'neutral'}`}>
          {STATUS_LABEL[i.status]}
        </span>
        {i.error ? <span className="sub">{i.error}</span> : null}
      </td>
      <td className="num">{i.pageCount ?? ''}</td>
      <td className="num">{i.downloads}</td>
      <td>
        {i.status === 'COMPLETED' && !i.archived ? (
          <a href={`/reports/instances/${i.id}/pdf`} download={i.fileName}>
            Download PDF
            <span className="visually-hidden">
              {' '}
              of {i.title}, {dateTimeIn(Date.parse(i.generatedAt), props.tz, true)}
            </span>
          </a>
        ) : i.archived ? (
          'Expired'
        ) : null}
      </td>
    </tr>
  );
}

/**
 * District reports: pick a report, fill its parameters, run it (the PDF is generated on the server, signed when the
 * district has a key) and download it; the recent reports of the caller's schools below, with their status.
 */
export function Reports(props: { session: ConsoleSessionResponse }) {
  const tz = props.session.districtTimeZone;
  const defs = useLoad(() => api('GET', '/reports/definitions', reportDefinitionsResponse), 'defs');
  const schools = useLoad(() => api('GET', '/district/activity', districtActivityResponse), 'schools');
  const [tick, setTick] = useState(0);
  const instances = useLoad(
    () => api('GET', '/reports/instances', reportInstancesResponse, { query: { limit: 25 } }),
    `i${tick}`,
  );
  const [chosen, setChosen] = useState<string>('');
  const [last, setLast] = useState<ReportInstanceView>();
  const reports = defs.data?.reports ?? [];
  const report = reports.find((r) => r.name === chosen) ?? reports[0];

  return (
    <Page
      title="Reports"
      subtitle={`District reports as PDF. Dates are days in each school's time zone; times shown in ${tz}.`}
    >
      <section className="card" aria-labelledby="run-h">
        <h2 id="run-h">Run a report</h2>
        <LoadState loading={defs.loading} error={defs.error} what="the reports" />
        {reports.length ? (
          <div className="field">
            <label htmlFor="report-pick">Report</label>
            <select id="report-pick" value={report?.name ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {reports.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {report ? (
          <>
            <p className="subtle">
              {report.description} Kept {report.retentionDays} days
              {report.archival ? '; archival (PDF/A)' : ''}.
            </p>
            <ReportForm
              key={report.name}
              report={report}
              schools={schools.data?.schools ?? []}
              onRan={(i) => {
                setLast(i);
                setTick((t) => t + 1);
              }}
            />
          </>
        ) : null}
        {last ? (
          <div className={`notice ${last.status === 'FAILED' ? 'error' : 'ok'}`} role="status">
            {last.status === 'COMPLETED' ? (
              <>
                {last.title} is ready: {last.pageCount} page(s).{' '}
                <a href={`/reports/instances/${last.id}/pdf`} download={last.fileName}>
                  Download the PDF
                </a>
              </>
            ) : (
              `${last.title} failed: ${last.error ?? 'unknown error'}`
            )}
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="recent-h" aria-busy={instances.loading}>
        <h2 id="recent-h">Recent reports</h2>
        <LoadState
          loading={instances.loading && !instances.data}
          error={instances.error}
          what="recent reports"
        />
        {instances.data && instances.data.instances.length === 0 ? (
          <p className="empty">No reports have been run yet.</p>
        ) : instances.data ? (
          <table className="reports-table">
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Generated</th>
                <th scope="col">By</th>
                <th scope="col">Status</th>
                <th scope="col">Pages</th>
                <th scope="col">Downloads</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {instances.data.instances.map((i) => (
                <InstanceRow key={i.id} i={i} tz={tz} />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </Page>
  );
}
