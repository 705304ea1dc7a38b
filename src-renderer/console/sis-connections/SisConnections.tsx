import { useState } from 'react';
import { z } from 'zod';
import {
  connectionTestResult,
  sourceConfigView,
  syncNowResult,
  type ConnectionTestResult,
  type SourceConfigView,
} from '../../../src-shared/api/sis-sources';
import { formatDateTime, titleCase } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';
import { ConnectionForm } from './ConnectionForm';
import { KIND_LABEL } from './connection-form';

const listResponse = z.object({ configs: z.array(sourceConfigView) });

const where = (c: SourceConfigView): string => {
  const s = c.source;
  if (s.kind === 'ONEROSTER_REST') return s.baseUrl;
  if (s.kind === 'SFTP') return `${s.username}@${s.host}:${s.port} ${s.remotePath}`;
  if (s.kind === 'WATCHED_FOLDER') return s.path;
  return '';
};

/**
 * SIS connections (DISTRICT_ADMIN): where the roster comes from, when it syncs (district time), test connection,
 * sync now, add and change. docs/sis-sources.md says what each setting means.
 */
export function SisConnections() {
  const list = useLoad(() => api('GET', '/sis/configs', listResponse), 'sis-configs');
  const [editing, setEditing] = useState<SourceConfigView | 'new'>();
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [tests, setTests] = useState<Record<string, ConnectionTestResult | 'testing'>>({});

  async function test(c: SourceConfigView) {
    setTests((t) => ({ ...t, [c.id]: 'testing' }));
    try {
      const r = await api('POST', `/sis/configs/${encodeURIComponent(c.id)}/test`, connectionTestResult);
      setTests((t) => ({ ...t, [c.id]: r }));
    } catch (e) {
      setTests(({ [c.id]: _gone, ...t }) => t);
      setOutcome({ error: capitalized(toApiError(e).message) });
    }
  }

  async function syncNow(c: SourceConfigView) {
    setOutcome({});
    try {
      await api('POST', `/sis/configs/${encodeURIComponent(c.id)}/sync`, syncNowResult, { body: {} });
      setOutcome({
        ok: `Sync of ${KIND_LABEL[c.source.kind]} queued${c.testMode ? ' (test mode: a dry run)' : ''}.`,
      });
    } catch (e) {
      setOutcome({ error: capitalized(toApiError(e).message) });
    }
  }

  return (
    <Page
      title="SIS connections"
      subtitle="Where the roster comes from: a CSV upload, a watched folder, SFTP or the SIS's OneRoster API."
      actions={
        editing ? null : (
          <button type="button" onClick={() => setEditing('new')}>
            Add a connection
          </button>
        )
      }
    >
      <Outcome {...outcome} />
      {editing ? (
        <ConnectionForm
          {...(editing !== 'new' ? { editing } : {})}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) {
              setOutcome({ ok: 'Saved.' });
              list.reload();
            }
          }}
        />
      ) : null}
      <LoadState loading={list.loading && !list.data} error={list.error} what="the SIS connections" />
      {list.data ? (
        <section className="card" aria-labelledby="sis-h">
          <h2 id="sis-h">Connections ({list.data.configs.length})</h2>
          {list.data.configs.length === 0 ? (
            <p className="empty">No SIS connection yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Last sync</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.configs.map((c) => {
                  const t = tests[c.id];
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        {KIND_LABEL[c.source.kind]} · {titleCase(c.vendor)}
                        <span className="sub mono">{where(c)}</span>
                        {t && t !== 'testing' ? (
                          <span className={`sub ${t.ok ? '' : 'error-text'}`} role="status">
                            {t.ok ? 'Connected: ' : 'Failed: '}
                            {t.message}
                          </span>
                        ) : null}
                      </th>
                      <td>
                        {c.scheduleCron ? (
                          <>
                            <span className="mono">{c.scheduleCron}</span>
                            {c.nextRunLocal ? <span className="sub">next {c.nextRunLocal}</span> : null}
                          </>
                        ) : (
                          'Manual'
                        )}
                      </td>
                      <td className="nowrap">{c.lastSyncAt ? formatDateTime(c.lastSyncAt) : 'Never'}</td>
                      <td>
                        <span className={`badge ${c.enabled ? 'ok' : 'neutral'}`}>
                          {c.enabled ? 'Enabled' : 'Disabled'}
                        </span>
                        {c.testMode ? <span className="badge neutral">Test mode</span> : null}
                        {c.source.kind === 'SFTP' || c.source.kind === 'ONEROSTER_REST' ? (
                          <span className="sub">
                            {c.hasCredentials ? 'Credentials set' : 'No credentials'}
                          </span>
                        ) : null}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="small secondary"
                          disabled={t === 'testing'}
                          onClick={() => void test(c)}
                        >
                          {t === 'testing' ? 'Testing…' : 'Test connection'}
                        </button>
                        {c.source.kind === 'SFTP' || c.source.kind === 'ONEROSTER_REST' ? (
                          <button type="button" className="small secondary" onClick={() => void syncNow(c)}>
                            Sync now
                          </button>
                        ) : null}
                        <button type="button" className="small secondary" onClick={() => setEditing(c)}>
                          Change
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </Page>
  );
}
