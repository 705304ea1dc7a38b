import { useState } from 'react';
import { z } from 'zod';
import {
  connectionTestResult,
  connectionView,
  resubmitResponse,
  submissionDetail,
  submissionView,
  SubmissionState,
  type SubmissionView,
} from '../../../src-shared/api/registry';
import type { ConsoleSessionResponse } from '../../../src-shared/api/console';
import { formatDateTime } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

const LABEL: Readonly<Record<SubmissionState, string>> = {
  HELD: 'Held (not sent)',
  PENDING: 'Pending',
  SENT: 'Sent',
  ACCEPTED: 'Accepted',
  ACCEPTED_WITH_ERRORS: 'Accepted with errors',
  REJECTED: 'Rejected',
  ERROR: 'Error',
};
const BADGE: Readonly<Record<SubmissionState, string>> = {
  HELD: 'danger',
  PENDING: 'neutral',
  SENT: 'neutral',
  ACCEPTED: 'ok',
  ACCEPTED_WITH_ERRORS: 'warn',
  REJECTED: 'danger',
  ERROR: 'danger',
};
const ACTION: Readonly<Record<string, string>> = { A: 'add', U: 'update', D: 'delete' };
const listResponse = z.object({ submissions: z.array(submissionView) });
const connectionsResponse = z.object({ connections: z.array(connectionView) });

/** One submission's errors (the field, the value sent, the registry's words) and the resubmit button. */
function Errors(props: {
  s: SubmissionView;
  canResubmit: boolean;
  onDone: (o: { ok?: string; error?: string }) => void;
}) {
  const d = useLoad(
    () => api('GET', `/registry/submissions/${encodeURIComponent(props.s.id)}`, submissionDetail),
    props.s.id,
  );
  async function resubmit() {
    try {
      const r = await api(
        'POST',
        `/registry/submissions/${encodeURIComponent(props.s.id)}/resubmit`,
        resubmitResponse,
      );
      props.onDone({
        ok: r.held ? 'Checked again: still held, see the reasons.' : 'Queued to be sent again.',
      });
    } catch (e) {
      props.onDone({ error: capitalized(toApiError(e).message) });
    }
  }
  return (
    <div className="registry-errors">
      <LoadState loading={d.loading && !d.data} error={d.error} what="the errors" />
      {d.data ? (
        <>
          {d.data.summary ? <p>{d.data.summary}</p> : null}
          <ul>
            {d.data.holdReasons.map((h) => (
              <li key={h.field}>
                <span className="mono">{h.field}</span>: {h.reason}
              </li>
            ))}
            {d.data.errors
              .filter((e) => e.type !== 'VALIDATION_ERROR' || !d.data?.holdReasons.length)
              .map((e) => (
                <li key={e.id}>
                  {e.field ? <span className="mono">{e.field}</span> : null} {e.message}
                  {e.valueSent ? <span className="sub"> Sent: {e.valueSent}</span> : null}
                  <span className="sub">
                    {' '}
                    {e.atLocal} · {e.resolution.toLowerCase()}
                  </span>
                </li>
              ))}
          </ul>
          {props.canResubmit && ['HELD', 'REJECTED', 'ERROR'].includes(props.s.state) ? (
            <button type="button" className="small secondary" onClick={() => void resubmit()}>
              {props.s.state === 'HELD' ? 'Check again' : 'Resubmit'}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** The state registry: the submission queue by state, each dose's errors, resubmit; the connections and their test. */
export function Registry(props: { session: ConsoleSessionResponse }) {
  const role = props.session.user.role;
  const [state, setState] = useState<SubmissionState | ''>('');
  const [open, setOpen] = useState<string>();
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const list = useLoad(
    () =>
      api('GET', '/registry/submissions', listResponse, { query: { state: state || undefined, limit: 200 } }),
    `registry:${state}`,
  );
  const connections = useLoad(
    () =>
      role === 'DISTRICT_ADMIN'
        ? api('GET', '/registry/connections', connectionsResponse)
        : Promise.resolve({ connections: [] }),
    `connections:${role}`,
  );
  async function test(id: string, name: string) {
    setOutcome({});
    try {
      const r = await api(
        'POST',
        `/registry/connections/${encodeURIComponent(id)}/test`,
        connectionTestResult,
      );
      setOutcome(
        r.ok ? { ok: `${name}: connected. ${r.message}` } : { error: `${name}: not connected. ${r.message}` },
      );
      connections.reload();
    } catch (e) {
      setOutcome({ error: capitalized(toApiError(e).message) });
    }
  }
  return (
    <Page
      title="Registry"
      subtitle="Doses reported to the state immunization registry: what is held, sent, accepted or rejected, and why."
      actions={
        <button type="button" className="secondary" onClick={list.reload}>
          Refresh
        </button>
      }
    >
      <Outcome {...outcome} />
      {role === 'DISTRICT_ADMIN' && connections.data ? (
        <section className="card" aria-labelledby="registry-conn-h">
          <h2 id="registry-conn-h">Connections</h2>
          {connections.data.connections.length === 0 ? (
            <p className="empty">No registry connection.</p>
          ) : null}
          <ul>
            {connections.data.connections.map((c) => (
              <li key={c.id}>
                {c.name} ({c.stateCode}) · {c.status.toLowerCase()}
                {c.credentialsStored ? '' : ' · no credentials stored'}
                {c.lastSuccess ? ` · last connected ${formatDateTime(c.lastSuccess)}` : ''}
                {c.lastError ? <span className="error-text"> · {c.lastError}</span> : null}{' '}
                <button type="button" className="small secondary" onClick={() => void test(c.id, c.name)}>
                  Test<span className="visually-hidden"> {c.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="field narrow-field">
        <label htmlFor="registry-state">Show</label>
        <select
          id="registry-state"
          value={state}
          onChange={(e) => setState(e.target.value as SubmissionState | '')}
        >
          <option value="">All submissions</option>
          {SubmissionState.map((s) => (
            <option key={s} value={s}>
              {LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <LoadState loading={list.loading && !list.data} error={list.error} what="the submissions" />
      {list.data ? (
        <section className="card" aria-labelledby="registry-h">
          <h2 id="registry-h">
            {state ? LABEL[state] : 'All'} submissions ({list.data.submissions.length})
          </h2>
          {list.data.submissions.length === 0 ? (
            <p className="empty">No submission to show.</p>
          ) : (
            <table className="registry-table">
              <thead>
                <tr>
                  <th scope="col">Dose</th>
                  <th scope="col">School</th>
                  <th scope="col">State</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">
                    <span className="visually-hidden">Errors</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.submissions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {s.vaccine ?? 'Dose'} {s.administrationDate ?? ''}
                      <span className="sub">
                        {s.studentName ?? ''} {s.action ? `(${ACTION[s.action]})` : ''}
                      </span>
                      {open === s.id ? (
                        <Errors
                          s={s}
                          canResubmit={role === 'DISTRICT_ADMIN' || role === 'SCHOOL_ADMIN'}
                          onDone={(o) => {
                            setOutcome(o);
                            list.reload();
                          }}
                        />
                      ) : null}
                    </th>
                    <td>{s.schoolName}</td>
                    <td>
                      <span className={`badge ${BADGE[s.state]}`}>{LABEL[s.state]}</span>
                    </td>
                    <td className="nowrap">{s.submittedAtLocal}</td>
                    <td className="num">{s.retryCount}</td>
                    <td>
                      {s.openErrors > 0 ||
                      s.state === 'HELD' ||
                      s.state === 'ERROR' ||
                      s.state === 'REJECTED' ? (
                        <button
                          type="button"
                          className="small secondary"
                          onClick={() => setOpen(open === s.id ? undefined : s.id)}
                        >
                          {open === s.id ? 'Hide' : `Errors (${s.openErrors})`}
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
