import { useState } from 'react';
import {
  dashboardRefreshResponse,
  dashboardResponse,
  dashboardSchoolsResponse,
} from '../../../src-shared/api/compliance-dashboard';
import type { ConsoleSessionResponse } from '../../../src-shared/api/console';
import { reportInstanceView, type ReportInstanceView } from '../../../src-shared/api/reports';
import { calendarDate } from '../../../src-shared/time';
import { ComplianceDashboard } from '../../immunizations';
import { api } from '../lib/api';
import { LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

/**
 * Immunization compliance (`#/immunizations`): a school's compliance dashboard (by grade and by vaccine, the trend,
 * the students needing action), its state-report CSV, a printable PDF (the immunization-compliance report) and a
 * refresh on demand. The numbers are the school's newest snapshot (refreshed nightly and after each synced dose).
 */
export function Compliance(props: { session: ConsoleSessionResponse }) {
  void props.session;
  const schools = useLoad(
    () => api('GET', '/immunizations/dashboard/schools', dashboardSchoolsResponse),
    'schools',
  );
  const [picked, setPicked] = useState<string>();
  const list = schools.data?.schools ?? [];
  const schoolId = picked ?? list.find((s) => s.snapshotDate !== null)?.id ?? list[0]?.id;
  const [tick, setTick] = useState(0);
  const dash = useLoad(
    () => api('GET', '/immunizations/dashboard', dashboardResponse, { query: { schoolId } }),
    schoolId === undefined ? undefined : `${schoolId}:${tick}`,
  );
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  const [pdf, setPdf] = useState<ReportInstanceView>();

  async function refresh() {
    if (!schoolId) return;
    setBusy(true);
    setOutcome({});
    try {
      const r = await api('POST', '/immunizations/dashboard/refresh', dashboardRefreshResponse, {
        body: { schoolId },
      });
      setOutcome({
        ok: `Refreshed: ${r.studentsEvaluated} students evaluated on ${calendarDate(r.snapshotDate)}.`,
      });
      setTick((t) => t + 1);
      schools.reload();
    } catch (e) {
      setOutcome({ error: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  }

  async function print() {
    if (!schoolId) return;
    setBusy(true);
    setOutcome({});
    setPdf(undefined);
    try {
      const i = await api('POST', '/reports/immunization-compliance/runs', reportInstanceView, {
        body: { parameters: { schoolId } },
      });
      setPdf(i);
    } catch (e) {
      setOutcome({ error: toApiError(e).message });
    } finally {
      setBusy(false);
    }
  }

  const noSnapshot = dash.error?.status === 404;
  return (
    <Page
      title="Immunization compliance"
      subtitle="School-entry requirements of the school's state, from CDC's evaluation of each student's doses and the exemptions on file."
    >
      <LoadState loading={schools.loading} error={schools.error} what="your schools" />
      {list.length > 0 ? (
        <div className="cd-controls">
          <label>
            School{' '}
            <select value={schoolId ?? ''} onChange={(e) => setPicked(e.target.value)}>
              {list.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.snapshotDate ? '' : ' (not computed yet)'}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void refresh()} disabled={busy || !schoolId}>
            Refresh now
          </button>
          {schoolId && dash.data ? (
            <>
              <a
                className="button"
                href={`/immunizations/dashboard/state-report.csv?schoolId=${encodeURIComponent(schoolId)}`}
                download
              >
                State report (CSV)
              </a>
              <button type="button" onClick={() => void print()} disabled={busy}>
                Printable PDF
              </button>
            </>
          ) : null}
          {pdf ? (
            <a href={`/reports/instances/${pdf.id}/pdf`} download={pdf.fileName}>
              Download {pdf.fileName}
            </a>
          ) : null}
        </div>
      ) : null}
      <Outcome {...outcome} />
      {noSnapshot ? (
        <p className="empty">
          This school&apos;s compliance has not been computed yet: it is computed every night, or now with
          “Refresh now”.
        </p>
      ) : (
        <LoadState loading={dash.loading} error={dash.error} what="the compliance dashboard" />
      )}
      {dash.data && !noSnapshot ? <ComplianceDashboard view={dash.data} /> : null}
    </Page>
  );
}
