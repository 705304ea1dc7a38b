import { useState, type FormEvent } from 'react';
import type { ConsoleSessionResponse } from '../../../src-shared/api/console';
import {
  catalogResponse,
  referenceVersionResponse,
  type FormularyEntryRequest,
} from '../../../src-shared/api/medication-safety';
import { formatDateTime } from '../../lib/format';
import { Field } from '../../lib/form';
import { api } from '../lib/api';
import { LoadState, Outcome, Page } from '../lib/page';
import { useLoad } from '../lib/useLoad';
import { LocalEntryForm } from './LocalEntryForm';

const PAGE = 50;

const joined = (xs: readonly string[]): string => xs.join(', ');

/**
 * The drug catalog every workstation checks doses against (feature 48): the shipped reference and the district's own
 * (LOCAL) entries, searched by name, brand or RxNorm code; a district administrator adds a local entry.
 */
export function Formulary(props: { session: ConsoleSessionResponse }) {
  const [q, setQ] = useState('');
  const [origin, setOrigin] = useState<'' | 'SHIPPED' | 'LOCAL'>('');
  const [search, setSearch] = useState({ q: '', origin: '' as '' | 'SHIPPED' | 'LOCAL', offset: 0 });
  const [adding, setAdding] = useState(false);
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const version = useLoad(
    () => api('GET', '/medication-safety/version', referenceVersionResponse),
    'version',
  );
  const key = JSON.stringify(search);
  const catalog = useLoad(
    () =>
      api('GET', '/medication-safety/catalog', catalogResponse, {
        query: { q: search.q, origin: search.origin, limit: PAGE, offset: search.offset },
      }),
    key,
  );
  const isAdmin = props.session.user.role === 'DISTRICT_ADMIN';

  function find(e: FormEvent) {
    e.preventDefault();
    setSearch({ q: q.trim(), origin, offset: 0 });
  }

  const total = catalog.data?.total ?? 0;
  const first = total === 0 ? 0 : search.offset + 1;
  const last = Math.min(search.offset + PAGE, total);
  const loaded = version.data?.loaded;

  return (
    <Page
      title="Drug catalog"
      subtitle="The medications every clinic workstation checks for interactions and allergies before a dose."
      actions={
        isAdmin && !adding ? (
          <button type="button" onClick={() => setAdding(true)}>
            Add a local entry
          </button>
        ) : null
      }
    >
      <Outcome {...outcome} />
      <LoadState
        loading={version.loading && !version.data}
        error={version.error}
        what="the reference version"
      />
      {version.data ? (
        <section className="card" aria-labelledby="ref-h">
          <h2 id="ref-h">Reference data</h2>
          {loaded ? (
            <p>
              {loaded.dataset} version {loaded.version} (published {loaded.published}), loaded{' '}
              {formatDateTime(loaded.loadedAt)}: {loaded.counts['drugs'] ?? 0} drugs,{' '}
              {loaded.counts['interactions'] ?? 0} drug pairs and {loaded.counts['classRules'] ?? 0} class
              rules, {loaded.counts['crossReactivity'] ?? 0} allergy cross-reactivities.
            </p>
          ) : (
            <p>No reference dataset is loaded yet: the server loads the shipped one when it starts.</p>
          )}
        </section>
      ) : null}
      {adding ? (
        <LocalEntryForm
          onDone={(created: FormularyEntryRequest | null) => {
            setAdding(false);
            if (created) {
              setOutcome({
                ok: `${created.genericName} is in the catalog; workstations check doses against it from their next sync.`,
              });
              setSearch({ q: created.genericName, origin: 'LOCAL', offset: 0 });
              setQ(created.genericName);
              setOrigin('LOCAL');
            }
          }}
        />
      ) : null}
      <section className="card" aria-labelledby="catalog-h">
        <h2 id="catalog-h">Catalog</h2>
        <form className="audit-filters" role="search" aria-label="Search the catalog" onSubmit={find}>
          <Field label="Name, brand or RxNorm code">
            {(p) => (
              <input {...p} type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
            )}
          </Field>
          <Field label="Origin">
            {(p) => (
              <select {...p} value={origin} onChange={(e) => setOrigin(e.target.value as typeof origin)}>
                <option value="">Shipped and local</option>
                <option value="SHIPPED">Shipped</option>
                <option value="LOCAL">Local (the district's own)</option>
              </select>
            )}
          </Field>
          <div className="actions">
            <button type="submit">Search</button>
          </div>
        </form>
        <LoadState loading={catalog.loading && !catalog.data} error={catalog.error} what="the catalog" />
        {catalog.data ? (
          <>
            <p role="status">
              {total === 0 ? 'No drug matches.' : `Showing ${first}–${last} of ${total} drugs.`}
            </p>
            {total > 0 ? (
              <table>
                <caption className="visually-hidden">Drug catalog</caption>
                <thead>
                  <tr>
                    <th scope="col">Drug</th>
                    <th scope="col">Brands</th>
                    <th scope="col">RxNorm</th>
                    <th scope="col">Classes</th>
                    <th scope="col">Routes</th>
                    <th scope="col">Controlled</th>
                    <th scope="col">Origin</th>
                  </tr>
                </thead>
                <tbody>
                  {catalog.data.entries.map((e) => (
                    <tr key={e.id}>
                      <th scope="row">
                        {e.drugName}
                        {e.otc ? <span className="sub"> over the counter</span> : null}
                      </th>
                      <td>{joined(e.brandNames)}</td>
                      <td>{e.rxnorm ?? '—'}</td>
                      <td>{joined(e.classes)}</td>
                      <td>{joined(e.routes)}</td>
                      <td>{e.schedule ? `Schedule ${e.schedule}` : '—'}</td>
                      <td>{e.origin === 'LOCAL' ? 'Local' : 'Shipped'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div className="actions">
              <button
                type="button"
                className="secondary"
                disabled={search.offset === 0}
                onClick={() => setSearch({ ...search, offset: Math.max(0, search.offset - PAGE) })}
              >
                Previous {PAGE}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={last >= total}
                onClick={() => setSearch({ ...search, offset: search.offset + PAGE })}
              >
                Next {PAGE}
              </button>
            </div>
          </>
        ) : null}
      </section>
    </Page>
  );
}
