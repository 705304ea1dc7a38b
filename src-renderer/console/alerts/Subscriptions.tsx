import { useState } from 'react';
import { z } from 'zod';
import { listSubscriptionsResponse, type AlertSubscription } from '../../../src-shared/api/alerts';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';
import { titleCaseCode } from './shared';
import { SubscriptionForm } from './SubscriptionForm';

/** The signed-in person's alert subscriptions: listed, added, changed, deleted. */
export function Subscriptions(props: {
  userId: string;
  definitions: readonly { code: string; name: string }[];
}) {
  const subscriptions = useLoad(
    () => api('GET', '/alerts/subscriptions', listSubscriptionsResponse, { query: { userId: props.userId } }),
    'subscriptions',
  );
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [editing, setEditing] = useState<AlertSubscription | 'new'>();
  const definitionName = (code: string) => props.definitions.find((d) => d.code === code)?.name ?? code;
  const what = (s: AlertSubscription) =>
    s.definitionCode
      ? definitionName(s.definitionCode)
      : s.category
        ? `${titleCaseCode(s.category)} alerts`
        : 'Any alert';

  async function remove(s: AlertSubscription) {
    setOutcome({});
    try {
      await api('DELETE', `/alerts/subscriptions/${encodeURIComponent(s.id)}`, z.unknown());
      setOutcome({ ok: `Subscription to ${what(s)} deleted.` });
      subscriptions.reload();
    } catch (e) {
      setOutcome({ error: `${what(s)}: ${capitalized(toApiError(e).message)}` });
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="subscriptions-h">
        <h2 id="subscriptions-h">Your subscriptions</h2>
        <Outcome {...outcome} />
        <LoadState
          loading={subscriptions.loading && !subscriptions.data}
          error={subscriptions.error}
          what="your subscriptions"
        />
        {subscriptions.data ? (
          subscriptions.data.subscriptions.length === 0 ? (
            <p className="empty">
              You receive the alerts your role is sent by default; no subscription of your own.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Alerts</th>
                  <th scope="col">Channels</th>
                  <th scope="col">Quiet hours</th>
                  <th scope="col">Weekends</th>
                  <th scope="col">Active</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.data.subscriptions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {what(s)}
                      {s.priorityThreshold ? (
                        <span className="sub">{titleCaseCode(s.priorityThreshold)} and above</span>
                      ) : null}
                    </th>
                    <td>{s.channels.map(titleCaseCode).join(', ')}</td>
                    <td>{s.quietHoursStart ? `${s.quietHoursStart}–${s.quietHoursEnd}` : 'None'}</td>
                    <td>{s.weekendDelivery ? 'Delivered' : 'Held until Monday'}</td>
                    <td>{s.isActive ? 'Yes' : 'No'}</td>
                    <td className="row-actions">
                      <button type="button" className="small secondary" onClick={() => setEditing(s)}>
                        Change<span className="visually-hidden"> the subscription to {what(s)}</span>
                      </button>
                      <button type="button" className="small secondary" onClick={() => void remove(s)}>
                        Delete<span className="visually-hidden"> the subscription to {what(s)}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
        {editing ? null : (
          <div className="actions">
            <button type="button" onClick={() => setEditing('new')}>
              Add a subscription
            </button>
          </div>
        )}
      </section>
      {editing ? (
        <SubscriptionForm
          key={editing === 'new' ? 'new' : editing.id}
          {...(editing === 'new' ? {} : { subscription: editing })}
          definitions={props.definitions}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) {
              setOutcome({ ok: `Subscription to ${what(saved)} saved.` });
              subscriptions.reload();
            }
          }}
        />
      ) : null}
    </>
  );
}
