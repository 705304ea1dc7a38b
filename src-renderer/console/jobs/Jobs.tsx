import { useState } from 'react';
import {
  JOB_STATES,
  jobActionResponse,
  jobListResponse,
  type JobState,
  type JobSummary,
} from '../../../src-shared/api/jobs';
import { formatDateTime } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

const STATE_LABEL: Readonly<Record<JobState, string>> = {
  queued: 'Queued',
  running: 'Running',
  failed: 'Failed',
  finished: 'Finished',
  cancelled: 'Cancelled',
};
const STATE_BADGE: Readonly<Record<JobState, string>> = {
  queued: 'neutral',
  running: 'ok',
  failed: 'danger',
  finished: 'ok',
  cancelled: 'neutral',
};

/** Jobs (DISTRICT_ADMIN): the durable job queue: queued, running, failed (with the error), finished; retry or cancel. */
export function Jobs() {
  const [state, setState] = useState<JobState | ''>('');
  const jobs = useLoad(
    () => api('GET', '/jobs', jobListResponse, { query: { state: state || undefined, limit: 100 } }),
    `jobs:${state}`,
  );
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});

  async function act(job: JobSummary, verb: 'retry' | 'cancel') {
    setOutcome({});
    try {
      const r = await api('POST', `/jobs/${encodeURIComponent(job.id)}/${verb}`, jobActionResponse);
      setOutcome({
        ok: `${job.name}: ${verb === 'retry' ? 'queued again' : 'cancelled'} (now ${STATE_LABEL[r.job.state].toLowerCase()}).`,
      });
      jobs.reload();
    } catch (e) {
      setOutcome({ error: `${job.name}: ${capitalized(toApiError(e).message)}` });
    }
  }

  return (
    <Page
      title="Jobs"
      subtitle="Scheduled and background work of the district server: deliveries, escalations, scans, refreshes."
      actions={
        <button type="button" className="secondary" onClick={jobs.reload}>
          Refresh
        </button>
      }
    >
      <Outcome {...outcome} />
      <div className="field narrow-field">
        <label htmlFor="job-state">Show</label>
        <select id="job-state" value={state} onChange={(e) => setState(e.target.value as JobState | '')}>
          <option value="">All jobs</option>
          {JOB_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <LoadState loading={jobs.loading && !jobs.data} error={jobs.error} what="the jobs" />
      {jobs.data ? (
        <section className="card" aria-labelledby="jobs-h">
          <h2 id="jobs-h">
            {state ? STATE_LABEL[state] : 'All'} jobs ({jobs.data.jobs.length})
          </h2>
          {jobs.data.jobs.length === 0 ? (
            <p className="empty">No job to show.</p>
          ) : (
            <table className="jobs-table">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">State</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Created</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                  <th scope="col">Error</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.jobs.map((j) => (
                  <tr key={j.id}>
                    <th scope="row">
                      {j.name}
                      {j.dataSummary ? <span className="sub mono">{j.dataSummary}</span> : null}
                    </th>
                    <td>
                      <span className={`badge ${STATE_BADGE[j.state]}`}>{STATE_LABEL[j.state]}</span>
                    </td>
                    <td className="num">
                      {j.attempts} of {j.maxAttempts}
                    </td>
                    <td className="nowrap">{formatDateTime(j.createdAt)}</td>
                    <td className="nowrap">{j.startedAt ? formatDateTime(j.startedAt) : ''}</td>
                    <td className="nowrap">{j.finishedAt ? formatDateTime(j.finishedAt) : ''}</td>
                    <td className="error-text">{j.error ?? ''}</td>
                    <td>
                      {j.state === 'failed' || j.state === 'cancelled' ? (
                        <button
                          type="button"
                          className="small secondary"
                          onClick={() => void act(j, 'retry')}
                        >
                          Retry<span className="visually-hidden"> {j.name}</span>
                        </button>
                      ) : null}
                      {j.state === 'queued' || j.state === 'running' ? (
                        <button
                          type="button"
                          className="small secondary"
                          onClick={() => void act(j, 'cancel')}
                        >
                          Cancel<span className="visually-hidden"> {j.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </Page>
  );
}
