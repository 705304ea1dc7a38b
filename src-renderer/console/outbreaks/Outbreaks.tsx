import { useState } from 'react';
import { z } from 'zod';
import { alertView, patternView, scanResponse, type PatternView } from '../../../src-shared/api/outbreaks';
import type { ConsoleSessionResponse } from '../../../src-shared/api/console';
import { OUTBREAK_STATUSES } from '../../../src-shared/outbreaks';
import { plural, titleCase } from '../../lib/format';
import { href, useRoute } from '../../lib/router';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';
import { OutbreakAlert } from './OutbreakAlert';
import { PatternForm } from './PatternForm';
import {
  atSchool,
  methodLabel,
  OUTBREAK_ACTORS,
  OUTBREAK_STATUS_BADGE,
  OUTBREAK_STATUS_LABEL,
} from './shared';

const alertList = z.object({ alerts: z.array(alertView) });
const patternList = z.object({ patterns: z.array(patternView) });

/** Outbreaks: `#/outbreaks` (alerts, scan, patterns) or `#/outbreaks/<alert id>` (one alert). */
export function Outbreaks(props: { session: ConsoleSessionResponse }) {
  const route = useRoute();
  const alertId = route.parts[1];
  if (alertId) return <OutbreakAlert id={alertId} role={props.session.user.role} />;
  return <OutbreakList session={props.session} />;
}

function OutbreakList(props: { session: ConsoleSessionResponse }) {
  const role = props.session.user.role;
  const [status, setStatus] = useState('');
  const alerts = useLoad(
    () => api('GET', '/outbreaks/alerts', alertList, { query: { status: status || undefined, limit: 200 } }),
    `alerts:${status}`,
  );
  const patterns = useLoad(() => api('GET', '/outbreaks/patterns', patternList), 'patterns');
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [scanning, setScanning] = useState(false);
  const [editing, setEditing] = useState<PatternView | 'new'>();
  const edits = role === 'DISTRICT_ADMIN';

  async function scan() {
    setScanning(true);
    setOutcome({});
    try {
      const r = await api('POST', '/outbreaks/scan', scanResponse, { body: {} });
      const skipped = r.skippedPatterns.length
        ? ` Skipped: ${r.skippedPatterns.map((p) => `${p.name} (${p.reason})`).join('; ')}.`
        : '';
      setOutcome({
        ok: `Scan done: ${plural(r.evaluated, 'pattern-school pair')} checked, ${plural(r.created.length, 'new alert')}, ${r.updated.length} updated.${skipped}`,
      });
      alerts.reload();
    } catch (e) {
      setOutcome({ error: `Scan: ${capitalized(toApiError(e).message)}` });
    }
    setScanning(false);
  }

  return (
    <Page
      title="Outbreaks"
      subtitle="Clusters of symptoms at the district's schools: the alerts, their investigation, and the patterns scans look for."
      actions={
        OUTBREAK_ACTORS.includes(role) ? (
          <button type="button" disabled={scanning} onClick={() => void scan()}>
            {scanning ? 'Scanning…' : 'Scan now'}
          </button>
        ) : null
      }
    >
      <Outcome ok={outcome.ok} error={outcome.error} />
      <section className="card" aria-labelledby="ob-alerts-h">
        <h2 id="ob-alerts-h">Outbreak alerts</h2>
        <div className="inline-filter">
          <label htmlFor="ob-status">Status</label>
          <select id="ob-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {OUTBREAK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {OUTBREAK_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <LoadState loading={alerts.loading && !alerts.data} error={alerts.error} what="the outbreak alerts" />
        {alerts.data && alerts.data.alerts.length === 0 ? (
          <p className="empty">No outbreak alert{status ? ' with this status' : ''}.</p>
        ) : null}
        {alerts.data && alerts.data.alerts.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Pattern</th>
                <th scope="col">School</th>
                <th scope="col">Detected by</th>
                <th scope="col" className="num">
                  Students
                </th>
                <th scope="col" className="num">
                  Share of enrollment
                </th>
                <th scope="col">Opened</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.alerts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={href(['outbreaks', a.id])}>{a.patternName ?? 'Unnamed cluster'}</a>
                  </th>
                  <td>{a.schoolName}</td>
                  <td>{methodLabel(a.detection?.method)}</td>
                  <td className="num">{a.affectedStudents}</td>
                  <td className="num">
                    {a.percentAffected !== null ? `${a.percentAffected.toFixed(1)} %` : '—'}
                  </td>
                  <td className="nowrap">{atSchool(a.alertDate, a.timeZone)}</td>
                  <td>
                    <div className="status-cell nowrap-badges">
                      <span className={`badge ${OUTBREAK_STATUS_BADGE[a.status]}`}>
                        {OUTBREAK_STATUS_LABEL[a.status]}
                      </span>
                      {a.healthDepartment.prompt ? (
                        <span className="badge danger">
                          <span className="visually-hidden">Health department: </span>Not yet reported
                        </span>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {editing ? (
        <PatternForm
          {...(editing === 'new' ? {} : { pattern: editing })}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) {
              setOutcome({ ok: `Pattern ${saved.name} saved.` });
              patterns.reload();
            }
          }}
        />
      ) : null}
      <section className="card" aria-labelledby="ob-patterns-h">
        <div className="page-head">
          <h2 id="ob-patterns-h">Patterns</h2>
          {edits && !editing ? (
            <button type="button" className="secondary" onClick={() => setEditing('new')}>
              New pattern
            </button>
          ) : null}
        </div>
        <LoadState loading={patterns.loading && !patterns.data} error={patterns.error} what="the patterns" />
        {patterns.data && patterns.data.patterns.length === 0 ? <p className="empty">No pattern.</p> : null}
        {patterns.data && patterns.data.patterns.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Pattern</th>
                <th scope="col">Symptoms</th>
                <th scope="col">Alarms at</th>
                <th scope="col">Severity</th>
                <th scope="col">State</th>
                {edits ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {patterns.data.patterns.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    {p.name}
                    {p.category ? <span className="subtle"> · {titleCase(p.category)}</span> : null}
                  </th>
                  <td>
                    <code className="mono">{JSON.stringify(p.symptoms)}</code>
                    {p.invalidReason ? (
                      <span className="error-text">Skipped by scans: {p.invalidReason}</span>
                    ) : null}
                  </td>
                  <td>
                    {plural(p.thresholdStudents, 'student')}
                    {p.thresholdPercent > 0 ? ` or ${p.thresholdPercent} %` : ''} in{' '}
                    {plural(p.windowDays, 'day')}
                  </td>
                  <td>{p.severity ? titleCase(p.severity) : '—'}</td>
                  <td>
                    {p.active ? 'Active' : 'Inactive'}
                    {p.reportable ? <span className="badge warn">Reportable</span> : null}
                  </td>
                  {edits ? (
                    <td>
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Change ${p.name}`}
                        onClick={() => setEditing(p)}
                      >
                        Change
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </Page>
  );
}
