import { useEffect, useState, type FormEvent } from 'react';
import {
  auditEntriesQuery,
  auditEntriesResponse,
  type AuditEntriesQuery,
  type AuditEntry,
} from '../../../src-shared/api/audit';
import type { ConsoleSessionResponse } from '../../../src-shared/api/console';
import { AuditAction } from '../../../src-shared/enums';
import { dateTimeIn } from '../../../src-shared/time';
import { Field, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized, Page } from '../lib/page';
import { toApiError } from '../lib/useLoad';

const EMPTY = { who: '', action: '', table: '', studentId: '', from: '', to: '' };
type Filters = typeof EMPTY;
const PAGE = 50;

function describe(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return JSON.stringify(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

/**
 * The audit log viewer (AUDITOR, DISTRICT_ADMIN): who did what to which record, when. Filters: who (e-mail or name),
 * action, table, student, dates in the district's time zone. Newest first; "Older entries" pages back. The server
 * records each read of the log.
 */
export function AuditLog(props: { session: ConsoleSessionResponse }) {
  const tz = props.session.districtTimeZone;
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<AuditEntriesQuery>({ limit: PAGE });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);

  async function load(query: AuditEntriesQuery, append: boolean) {
    setLoading(true);
    setError(undefined);
    try {
      const r = await api('GET', '/audit/entries', auditEntriesResponse, {
        query: query as Record<string, string | number | undefined>,
      });
      setEntries((old) => (append ? [...old, ...r.entries] : r.entries));
      setNext(r.nextBefore);
    } catch (e) {
      const a = toApiError(e);
      setErrors(a.fields);
      setError(capitalized(a.message));
    }
    setLoading(false);
  }

  useEffect(() => {
    void load({ limit: PAGE }, false);
  }, []);

  function apply(e: FormEvent) {
    e.preventDefault();
    const raw = Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== ''));
    const parsed = auditEntriesQuery.safeParse({ ...raw, limit: PAGE });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    const q: AuditEntriesQuery = { ...raw, limit: PAGE };
    setApplied(q);
    void load(q, false);
  }

  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <Page
      title="Audit log"
      subtitle={`Every access to health records and every administrative action. Times in the district's time zone (${tz}).`}
    >
      <section className="card" aria-labelledby="filters-h">
        <h2 id="filters-h">Filters</h2>
        <form onSubmit={apply} noValidate className="audit-filters">
          <Field label="Who" hint="Email or name, or part of it" error={errors.who}>
            {(p) => <input {...p} type="text" value={draft.who} onChange={set('who')} />}
          </Field>
          <Field label="Action" error={errors.action}>
            {(p) => (
              <select {...p} value={draft.action} onChange={set('action')}>
                <option value="">Any</option>
                {AuditAction.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Table" hint="e.g. clinic_visits" error={errors.table}>
            {(p) => <input {...p} type="text" value={draft.table} onChange={set('table')} />}
          </Field>
          <Field label="Student id" error={errors.studentId}>
            {(p) => <input {...p} type="text" value={draft.studentId} onChange={set('studentId')} />}
          </Field>
          <Field label="From" error={errors.from}>
            {(p) => <input {...p} type="date" value={draft.from} onChange={set('from')} />}
          </Field>
          <Field label="To" error={errors.to}>
            {(p) => <input {...p} type="date" value={draft.to} onChange={set('to')} />}
          </Field>
          <div className="actions">
            <button type="submit">Apply filters</button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft(EMPTY);
                setErrors({});
                setApplied({ limit: PAGE });
                void load({ limit: PAGE }, false);
              }}
            >
              Clear
            </button>
          </div>
        </form>
      </section>
      {error ? (
        <div className="notice error" role="alert">
          Could not load the audit log: {error}
        </div>
      ) : null}
      <section className="card" aria-labelledby="entries-h" aria-busy={loading}>
        <h2 id="entries-h">Entries</h2>
        <p className="visually-hidden" role="status">
          {loading ? 'Loading entries' : `${entries.length} entries shown`}
        </p>
        {entries.length === 0 && !loading ? (
          <p className="empty">No entries match these filters.</p>
        ) : (
          <table className="audit-table">
            <colgroup>
              <col className="c-when" />
              <col className="c-who" />
              <col className="c-action" />
              <col className="c-record" />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{dateTimeIn(Date.parse(e.at), tz, true)}</td>
                  <td>
                    {e.userName ?? e.userEmail ?? 'System'}
                    {e.userName && e.userEmail ? <span className="sub">{e.userEmail}</span> : null}
                  </td>
                  <td>
                    <span
                      className={`badge ${e.action === 'LOGIN_FAILED' || e.action === 'BREAK_GLASS' ? 'warn' : 'neutral'}`}
                    >
                      {e.action}
                    </span>
                  </td>
                  <td>
                    {e.tableName ?? ''}
                    {e.recordId ? <span className="sub mono">{e.recordId}</span> : null}
                  </td>
                  <td className="details">{describe(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next !== null ? (
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={loading}
              onClick={() => void load({ ...applied, before: next }, true)}
            >
              Older entries
            </button>
          </div>
        ) : null}
      </section>
    </Page>
  );
}
