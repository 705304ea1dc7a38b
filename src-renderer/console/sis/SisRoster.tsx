import { useState } from 'react';
import type { z } from 'zod';
import {
  importResult,
  resolveReviewResponse,
  reviewsResponse,
  runErrorsResponse,
  runsResponse,
  withdrawalDecisionResponse,
  withdrawalsResponse,
} from '../../../src-shared/api/sis';
import { formatDateTime } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

type ImportResult = z.infer<typeof importResult>;

/**
 * SIS roster (DISTRICT_ADMIN, docs/sis.md): upload a OneRoster CSV zip (dry run first), the runs with their counts,
 * the withdrawals held above the threshold (approve or reject), and the manual review queue (take the SIS value or
 * keep White Cross's).
 */
export function SisRoster() {
  const runs = useLoad(() => api('GET', '/sis/runs', runsResponse, { query: { limit: 50 } }), 'runs');
  const held = useLoad(() => api('GET', '/sis/withdrawals', withdrawalsResponse), 'held');
  const reviews = useLoad(() => api('GET', '/sis/reviews', reviewsResponse), 'reviews');
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult>();
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [errorsOf, setErrorsOf] = useState<{ id: string; startedAt: string }>();
  const runErrors = useLoad(
    () => api('GET', `/sis/runs/${encodeURIComponent(errorsOf?.id ?? '')}/errors`, runErrorsResponse),
    errorsOf?.id,
  );
  const reload = () => {
    runs.reload();
    held.reload();
    reviews.reload();
  };

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setOutcome({});
    try {
      const r = await api('POST', '/sis/imports', importResult, {
        query: { dryRun: dryRun ? 'true' : 'false' },
        raw: { data: file, contentType: 'application/zip' },
      });
      setResult(r);
      setOutcome({ ok: dryRun ? `Dry run of ${file.name}: nothing was written.` : `${file.name} imported.` });
      if (!dryRun) reload();
    } catch (e) {
      setOutcome({ error: `${file.name}: ${capitalized(toApiError(e).message)}` });
    } finally {
      setBusy(false);
    }
  }

  async function decide(id: string, verb: 'approve' | 'reject') {
    setOutcome({});
    try {
      const r = await api(
        'POST',
        `/sis/withdrawals/${encodeURIComponent(id)}/${verb}`,
        withdrawalDecisionResponse,
      );
      setOutcome({
        ok:
          r.status === 'APPROVED'
            ? `${r.withdrawn} student(s) withdrawn.`
            : 'Withdrawal rejected: nobody was withdrawn.',
      });
      reload();
    } catch (e) {
      setOutcome({ error: capitalized(toApiError(e).message) });
    }
  }

  async function resolve(id: string, action: 'TAKE_SIS' | 'KEEP_WHITECROSS') {
    setOutcome({});
    try {
      await api('POST', `/sis/reviews/${encodeURIComponent(id)}/resolve`, resolveReviewResponse, {
        body: { action },
      });
      setOutcome({
        ok: action === 'TAKE_SIS' ? 'The SIS value was taken.' : "White Cross's value was kept.",
      });
      reviews.reload();
    } catch (e) {
      setOutcome({ error: capitalized(toApiError(e).message) });
    }
  }

  return (
    <Page
      title="SIS roster"
      subtitle="Students, enrollments, guardians and schools from the district's student information system (OneRoster CSV)."
      actions={
        <button type="button" className="secondary" onClick={reload}>
          Refresh
        </button>
      }
    >
      <Outcome {...outcome} />
      <section className="card" aria-labelledby="sis-upload-h">
        <h2 id="sis-upload-h">Import a OneRoster export</h2>
        <div className="field">
          <label htmlFor="sis-file">OneRoster CSV zip</label>
          <input
            id="sis-file"
            type="file"
            accept=".zip,application/zip"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </div>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={!file || busy}
            onClick={() => void send(true)}
          >
            Dry run
          </button>
          <button type="button" disabled={!file || busy} onClick={() => void send(false)}>
            Import
          </button>
        </div>
        {result ? <ResultView result={result} /> : null}
      </section>

      <section className="card" aria-labelledby="sis-held-h">
        <h2 id="sis-held-h">Withdrawals waiting for approval</h2>
        <LoadState loading={held.loading && !held.data} error={held.error} what="the held withdrawals" />
        {held.data && held.data.withdrawals.length === 0 ? (
          <p className="empty">No withdrawal is waiting.</p>
        ) : null}
        {held.data && held.data.withdrawals.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Would withdraw</th>
                <th scope="col">Held since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {held.data.withdrawals.map((w) => (
                <tr key={w.id}>
                  <th scope="row">{w.schoolName}</th>
                  <td>
                    {w.withdrawCount} of {w.activeCount} active students (threshold {w.thresholdPercent}%)
                  </td>
                  <td className="nowrap">{formatDateTime(w.createdAt)}</td>
                  <td>
                    <button type="button" className="small" onClick={() => void decide(w.id, 'approve')}>
                      Approve<span className="visually-hidden"> for {w.schoolName}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => void decide(w.id, 'reject')}
                    >
                      Reject<span className="visually-hidden"> for {w.schoolName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card" aria-labelledby="sis-review-h">
        <h2 id="sis-review-h">Review queue</h2>
        <LoadState loading={reviews.loading && !reviews.data} error={reviews.error} what="the review queue" />
        {reviews.data && reviews.data.reviews.length === 0 ? (
          <p className="empty">Nothing to review.</p>
        ) : null}
        {reviews.data && reviews.data.reviews.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Field</th>
                <th scope="col">White Cross</th>
                <th scope="col">SIS</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {reviews.data.reviews.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.studentName}</th>
                  <td className="mono">{r.field}</td>
                  <td>{r.whitecross ?? '(blank)'}</td>
                  <td>{r.sis ?? '(blank)'}</td>
                  <td>
                    <button type="button" className="small" onClick={() => void resolve(r.id, 'TAKE_SIS')}>
                      Take the SIS value<span className="visually-hidden"> for {r.studentName}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => void resolve(r.id, 'KEEP_WHITECROSS')}
                    >
                      Keep<span className="visually-hidden"> White Cross value for {r.studentName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card" aria-labelledby="sis-runs-h">
        <h2 id="sis-runs-h">Runs</h2>
        <LoadState loading={runs.loading && !runs.data} error={runs.error} what="the runs" />
        {runs.data && runs.data.runs.length === 0 ? <p className="empty">No import yet.</p> : null}
        {runs.data && runs.data.runs.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Read</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
                <th scope="col">Transferred</th>
                <th scope="col">Withdrawn</th>
                <th scope="col">Unchanged</th>
                <th scope="col">Errors</th>
                <th scope="col">Held</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((j) => (
                <tr key={j.id}>
                  <th scope="row" className="nowrap">
                    {formatDateTime(j.startedAt)}
                  </th>
                  <td>{j.status}</td>
                  <td className="num">{j.read}</td>
                  <td className="num">{j.created}</td>
                  <td className="num">{j.updated}</td>
                  <td className="num">{j.transferred}</td>
                  <td className="num">{j.withdrawn}</td>
                  <td className="num">{j.unchanged}</td>
                  <td className="num">{j.errors}</td>
                  <td className="num">{j.heldForApproval}</td>
                  <td>
                    {j.errors > 0 ? (
                      <button
                        type="button"
                        className="small secondary"
                        onClick={() => setErrorsOf({ id: j.id, startedAt: j.startedAt })}
                      >
                        Errors
                        <span className="visually-hidden"> of the run of {formatDateTime(j.startedAt)}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {errorsOf ? (
        <section className="card" aria-labelledby="sis-errors-h">
          <h2 id="sis-errors-h">Rejected records of the run of {formatDateTime(errorsOf.startedAt)}</h2>
          <LoadState
            loading={runErrors.loading && !runErrors.data}
            error={runErrors.error}
            what="the rejected records"
          />
          {runErrors.data ? <ErrorTable errors={runErrors.data.errors} /> : null}
        </section>
      ) : null}
    </Page>
  );
}

function ErrorTable(props: {
  errors: readonly {
    file: string | null;
    line: number | null;
    sourcedId: string | null;
    field: string | null;
    reason: string;
  }[];
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Line</th>
          <th scope="col">Record</th>
          <th scope="col">Field</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.errors.map((e, i) => (
          <tr key={i}>
            <td className="mono">{e.file ?? ''}</td>
            <td className="num">{e.line ?? ''}</td>
            <td className="mono">{e.sourcedId ?? ''}</td>
            <td className="mono">{e.field ?? ''}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ResultView({ result }: { result: ImportResult }) {
  const counts: [string, number][] = [
    ['Read', result.read],
    ['Created', result.created],
    ['Updated', result.updated],
    ['Transferred', result.transferred],
    ['Withdrawn', result.withdrawn],
    ['Unchanged', result.unchanged],
    ['Held for approval', result.heldForApproval],
    ['To review', result.review],
  ];
  return (
    <div aria-live="polite">
      <h3>{result.dryRun ? 'What the import would do' : 'What the import did'}</h3>
      <dl className="counts">
        {counts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {result.errors.length > 0 ? (
        <>
          <h4>Rejected records ({result.errors.length}): the rest was applied</h4>
          <ErrorTable errors={result.errors} />
        </>
      ) : (
        <p className="empty">No record was rejected.</p>
      )}
    </div>
  );
}
