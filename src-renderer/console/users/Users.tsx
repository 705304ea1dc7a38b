import { useState, type FormEvent } from 'react';
import {
  createUserRequest,
  schoolListResponse,
  userListResponse,
  userSummary,
  type SchoolSummary,
  type UserSummary,
} from '../../../src-shared/api/admin';
import type { ConsoleSessionResponse } from '../../../src-shared/api/console';
import { isDistrictWide } from '../../../src-shared/auth';
import { UserRole } from '../../../src-shared/enums';
import { formatDateTime } from '../../lib/format';
import { Field, FormError, zodFieldErrors, type FieldErrors } from '../../lib/form';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { roleLabel } from '../lib/roles';
import { toApiError, useLoad } from '../lib/useLoad';

/** Users and roles (DISTRICT_ADMIN): the district's accounts; create one, change a role, deactivate. */
export function Users(props: { session: ConsoleSessionResponse }) {
  const users = useLoad(() => api('GET', '/admin/users', userListResponse), 'users');
  const schools = useLoad(() => api('GET', '/admin/schools', schoolListResponse), 'schools');
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [creating, setCreating] = useState(false);
  const schoolName = (id: string) => schools.data?.schools.find((s) => s.id === id)?.name ?? id;

  async function change(u: UserSummary, body: { role?: string; isActive?: boolean }, what: string) {
    setOutcome({});
    try {
      await api('PATCH', `/admin/users/${encodeURIComponent(u.id)}`, userSummary, { body });
      setOutcome({ ok: `${u.firstName} ${u.lastName}: ${what}.` });
      users.reload();
    } catch (e) {
      setOutcome({ error: `${u.firstName} ${u.lastName}: ${capitalized(toApiError(e).message)}` });
    }
  }

  return (
    <Page
      title="Users and roles"
      subtitle="The district's accounts. A change of role or a deactivation signs the person out everywhere."
      actions={
        creating ? null : (
          <button type="button" onClick={() => setCreating(true)}>
            New user
          </button>
        )
      }
    >
      <Outcome {...outcome} />
      {creating ? (
        <NewUser
          schools={schools.data?.schools ?? []}
          onDone={(created) => {
            setCreating(false);
            if (created) {
              setOutcome({ ok: `${created.firstName} ${created.lastName} can now sign in.` });
              users.reload();
            }
          }}
        />
      ) : null}
      <LoadState loading={users.loading && !users.data} error={users.error} what="the users" />
      {users.data ? (
        <section className="card" aria-labelledby="users-h">
          <h2 id="users-h">Accounts ({users.data.users.length})</h2>
          <table className="users-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Schools</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  self={u.id === props.session.user.id}
                  schools={
                    isDistrictWide(u.role) || u.schoolIds.length === 0
                      ? 'All schools'
                      : u.schoolIds.map(schoolName).join(', ')
                  }
                  onChange={(body, what) => void change(u, body, what)}
                />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </Page>
  );
}

function UserRow(props: {
  user: UserSummary;
  self: boolean;
  schools: string;
  onChange: (body: { role?: string; isActive?: boolean }, what: string) => void;
}) {
  const u = props.user;
  const [role, setRole] = useState<string>(u.role);
  const name = `${u.firstName} ${u.lastName}`.trim();
  const roleId = `role-${u.id}`;
  return (
    <tr className={u.isActive ? undefined : 'inactive'}>
      <th scope="row">
        {name}
        {props.self ? <span className="subtle"> (you)</span> : null}
      </th>
      <td>{u.email}</td>
      <td>
        {props.self ? (
          roleLabel(u.role)
        ) : (
          <div className="inline-input">
            <label htmlFor={roleId} className="visually-hidden">
              Role of {name}
            </label>
            <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)}>
              {UserRole.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
            {role !== u.role ? (
              <button
                type="button"
                className="small"
                onClick={() => props.onChange({ role }, `role changed to ${roleLabel(role)}`)}
              >
                Save role<span className="visually-hidden"> of {name}</span>
              </button>
            ) : null}
          </div>
        )}
      </td>
      <td>{props.schools}</td>
      <td className="nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : 'Never'}</td>
      <td>
        <div className="status-cell">
          <span className={`badge ${u.isActive ? 'ok' : 'neutral'}`}>
            {u.isActive ? 'Active' : 'Deactivated'}
          </span>
          {props.self ? null : (
            <button
              type="button"
              className="small secondary"
              onClick={() =>
                props.onChange({ isActive: !u.isActive }, u.isActive ? 'deactivated' : 'reactivated')
              }
            >
              {u.isActive ? 'Deactivate' : 'Reactivate'}
              <span className="visually-hidden"> {name}</span>
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function NewUser(props: { schools: readonly SchoolSummary[]; onDone: (created?: UserSummary) => void }) {
  const [form, setForm] = useState({
    email: '',
    firstName: '',
    lastName: '',
    role: 'NURSE',
    schoolIds: [] as string[],
    password: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    // a corrected field no longer shows its old message
    setErrors(({ [k]: _gone, ...rest }) => rest);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = createUserRequest.safeParse(form);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    try {
      props.onDone(await api('POST', '/admin/users', userSummary, { body: parsed.data }));
    } catch (err) {
      const a = toApiError(err);
      setErrors(a.fields);
      if (Object.keys(a.fields).length === 0) setGeneral(capitalized(a.message));
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-user-h">
      <h2 id="new-user-h">New user</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError message={general} />
        <div className="form-grid">
          <Field label="Email" error={errors.email}>
            {(p) => (
              <input {...p} type="email" autoComplete="off" value={form.email} onChange={set('email')} />
            )}
          </Field>
          <Field label="Role" error={errors.role}>
            {(p) => (
              <select {...p} value={form.role} onChange={set('role')}>
                {UserRole.map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="First name" error={errors.firstName}>
            {(p) => <input {...p} type="text" value={form.firstName} onChange={set('firstName')} />}
          </Field>
          <Field label="Last name" error={errors.lastName}>
            {(p) => <input {...p} type="text" value={form.lastName} onChange={set('lastName')} />}
          </Field>
          <Field
            label="Password"
            hint="At least 12 characters. Give it to the person in a safe way."
            error={errors.password}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={set('password')}
              />
            )}
          </Field>
        </div>
        {isDistrictWide(form.role) ? (
          <p className="subtle">A {roleLabel(form.role).toLowerCase()} sees every school of the district.</p>
        ) : (
          <fieldset aria-describedby={errors.schoolIds ? 'new-user-schools-error' : undefined}>
            <legend>Schools</legend>
            {props.schools.map((s) => (
              <div className="check" key={s.id}>
                <input
                  type="checkbox"
                  id={`new-user-school-${s.id}`}
                  checked={form.schoolIds.includes(s.id)}
                  onChange={(e) =>
                    setForm((f) => ({
                      ...f,
                      schoolIds: e.target.checked
                        ? [...f.schoolIds, s.id]
                        : f.schoolIds.filter((x) => x !== s.id),
                    }))
                  }
                />
                <label htmlFor={`new-user-school-${s.id}`}>{s.name}</label>
              </div>
            ))}
            {errors.schoolIds ? (
              <span className="field-error" id="new-user-schools-error">
                {capitalized(errors.schoolIds)}
              </span>
            ) : null}
          </fieldset>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
          <button type="button" className="secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
