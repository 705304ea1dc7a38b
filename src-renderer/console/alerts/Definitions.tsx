import { useState } from 'react';
import type { Loaded } from '../lib/useLoad';
import { LoadState, Outcome } from '../lib/page';
import { DefinitionForm, type AlertDefinition } from './DefinitionForm';
import { titleCaseCode } from './shared';

/** The district's alert definitions; a DISTRICT_ADMIN (`canEdit`) changes one. */
export function Definitions(props: {
  definitions: Loaded<{ definitions: AlertDefinition[] }>;
  canEdit: boolean;
}) {
  const { definitions } = props;
  const [editing, setEditing] = useState<AlertDefinition>();
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  return (
    <>
      <section className="card" aria-labelledby="definitions-h">
        <h2 id="definitions-h">Definitions</h2>
        <Outcome {...outcome} />
        <LoadState
          loading={definitions.loading && !definitions.data}
          error={definitions.error}
          what="the definitions"
        />
        {definitions.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Priority</th>
                <th scope="col">Channels</th>
                <th scope="col">Escalation</th>
                <th scope="col">Expires</th>
                <th scope="col">Active</th>
                {props.canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {definitions.data.definitions.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.name}
                    <span className="sub mono">{d.code}</span>
                  </th>
                  <td>{titleCaseCode(d.priority)}</td>
                  <td>{d.channels.map(titleCaseCode).join(', ')}</td>
                  <td>
                    {d.escalation
                      ? `after ${d.escalation.escalate_after_minutes} min to ${d.escalation.escalate_to.map(titleCaseCode).join(', ')}`
                      : 'None'}
                  </td>
                  <td>{d.expirationMinutes === null ? 'Never' : `after ${d.expirationMinutes} min`}</td>
                  <td>{d.isActive ? 'Yes' : 'No'}</td>
                  {props.canEdit ? (
                    <td className="row-actions">
                      <button
                        type="button"
                        className="small secondary"
                        onClick={() => {
                          setOutcome({});
                          setEditing(d);
                        }}
                      >
                        Change<span className="visually-hidden"> {d.name}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {editing ? (
        <DefinitionForm
          key={editing.code}
          definition={editing}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) {
              setOutcome({ ok: `${saved.name}: saved.` });
              definitions.reload();
            }
          }}
        />
      ) : null}
    </>
  );
}
