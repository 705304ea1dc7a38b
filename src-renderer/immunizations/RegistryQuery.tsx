import { useState } from 'react';
import type { z } from 'zod';
import type { RegistryQueryResult } from '../../src-shared/ipc/immunizations';
import { call } from '../bridge';
import { formatDate } from '../lib/format';
import { toIpcError } from '../lib/hooks';
import { useReadOnly } from '../lib/session';

type Answer = z.infer<typeof RegistryQueryResult>;

const key = (d: { date: string; cvx: string }) => `${d.date}|${d.cvx}`;

/**
 * "Query the registry" (issue 14), online: the state registry's record of the student, through the district server,
 * reconciled with the doses on record before anything is added. The doses the registry has and the record lacks are
 * listed, checked; the nurse records the ones she accepts (source: state registry). Differences are shown, never
 * changed silently.
 */
export function RegistryQuery(props: { studentId: string; onAdded: () => void }) {
  const readOnly = useReadOnly();
  const [answer, setAnswer] = useState<Answer>();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  async function ask() {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const a = await call('immunizations.registryQuery', { studentId: props.studentId, profile: 'Z34' });
      setAnswer(a);
      setChosen(new Set(a.missing.map(key)));
    } catch (e) {
      const err = toIpcError(e);
      setError(
        err.code === 'SERVER_UNREACHABLE'
          ? 'The registry can be asked only when the district server can be reached. Try again when online.'
          : err.message,
      );
    } finally {
      setBusy(false);
    }
  }

  async function add() {
    if (!answer) return;
    setBusy(true);
    setError(undefined);
    let added = 0;
    try {
      for (const d of answer.missing.filter((m) => chosen.has(key(m)))) {
        await call('immunizations.record', {
          studentId: props.studentId,
          cvx: d.cvx,
          administeredOn: d.date,
          source: 'REGISTRY',
          ...(d.lot ? { lot: d.lot } : {}),
          ...(d.mvx && /^[A-Z]{2,3}$/.test(d.mvx) ? { mvx: d.mvx } : {}),
        });
        added += 1;
      }
      setDone(`${added} dose${added === 1 ? '' : 's'} from the registry recorded.`);
      setAnswer({
        ...answer,
        missing: answer.missing.filter((m) => !chosen.has(key(m))),
      });
      props.onAdded();
    } catch (e) {
      setError(`${added} recorded, then: ${toIpcError(e).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <p className="subtitle">
        Asks the state immunization registry, through the district server, for this student&apos;s doses and
        compares them with the record. Nothing is added until you choose.
      </p>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void ask()}>
          {busy && !answer ? 'Asking the registry…' : 'Query the registry'}
        </button>
      </div>
      <div role="status">{done ? <div className="notice ok">{done}</div> : null}</div>
      {error ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {answer ? (
        <div>
          <p>
            {answer.summary}
            {answer.outcome === 'HISTORY'
              ? ` ${answer.matched.length} dose${answer.matched.length === 1 ? '' : 's'} on record match the registry.`
              : ''}
          </p>
          {answer.missing.length > 0 ? (
            <fieldset>
              <legend>The registry has these doses; the record does not</legend>
              {answer.missing.map((d) => (
                <label key={key(d)} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(key(d))}
                    disabled={readOnly}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(key(d));
                      else next.delete(key(d));
                      setChosen(next);
                    }}
                  />{' '}
                  {formatDate(d.date)}: {d.vaccineName} (CVX {d.cvx}){d.lot ? `, lot ${d.lot}` : ''}
                </label>
              ))}
              <div className="actions">
                <button
                  type="button"
                  disabled={busy || readOnly || chosen.size === 0}
                  onClick={() => void add()}
                >
                  Record the {chosen.size} checked dose{chosen.size === 1 ? '' : 's'}
                </button>
              </div>
            </fieldset>
          ) : answer.outcome === 'HISTORY' ? (
            <p className="empty">The record has every dose the registry has.</p>
          ) : null}
          {answer.differences.length > 0 ? (
            <>
              <h3>Where the record and the registry differ</h3>
              <ul>
                {answer.differences.map((x) => (
                  <li key={`${x.doseId}|${x.field}`}>
                    {x.field}: the record says {x.recorded ?? 'nothing'}, the registry{' '}
                    {x.registry ?? 'nothing'}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
