import { useState } from 'react';
import {
  deviceListResponse,
  enrollmentCodeResponse,
  revokeDeviceResponse,
  schoolListResponse,
  type DeviceSummary,
} from '../../../src-shared/api/admin';
import { formatDateTime } from '../../lib/format';
import { api } from '../lib/api';
import { capitalized, LoadState, Outcome, Page } from '../lib/page';
import { toApiError, useLoad } from '../lib/useLoad';

const PLATFORM: Readonly<Record<string, string>> = { WINDOWS: 'Windows', MACOS: 'macOS', LINUX: 'Linux' };

/** Workstations (administrators): one-time enrollment codes, the enrolled workstations, revocation. */
export function Workstations() {
  const devices = useLoad(() => api('GET', '/admin/devices', deviceListResponse), 'devices');
  const schools = useLoad(() => api('GET', '/admin/schools', schoolListResponse), 'schools');
  const [schoolId, setSchoolId] = useState('');
  const [code, setCode] = useState<{ code: string; school: string; expiresAt: string }>();
  const [outcome, setOutcome] = useState<{ ok?: string; error?: string }>({});
  const [revoking, setRevoking] = useState<string>();
  const chosen = schoolId || schools.data?.schools[0]?.id || '';

  async function issue() {
    setOutcome({});
    try {
      const r = await api('POST', '/admin/enrollment-codes', enrollmentCodeResponse, {
        body: { schoolId: chosen },
      });
      setCode({
        code: r.code,
        school: schools.data?.schools.find((s) => s.id === r.schoolId)?.name ?? r.schoolId,
        expiresAt: r.expiresAt,
      });
    } catch (e) {
      setOutcome({ error: capitalized(toApiError(e).message) });
    }
  }

  async function revoke(d: DeviceSummary, reason: string) {
    setOutcome({});
    try {
      const r = await api('POST', `/admin/devices/${encodeURIComponent(d.id)}/revoke`, revokeDeviceResponse, {
        body: reason.trim() ? { reason: reason.trim() } : {},
      });
      setRevoking(undefined);
      setOutcome({
        ok: `${d.name} is revoked: it can no longer sign in or sync (${r.revokedSessions} session(s) ended).`,
      });
      devices.reload();
    } catch (e) {
      setOutcome({ error: `${d.name}: ${capitalized(toApiError(e).message)}` });
    }
  }

  return (
    <Page
      title="Workstations"
      subtitle="Enroll a clinic workstation with a one-time code; revoke a lost or retired one."
    >
      <Outcome {...outcome} />
      <section className="card" aria-labelledby="enroll-h">
        <h2 id="enroll-h">Enrollment code</h2>
        <p className="subtle">
          A code enrolls one workstation for one school, within 7 days. Type it in the workstation&apos;s
          first screen.
        </p>
        <div className="enroll-row">
          <div className="field">
            <label htmlFor="enroll-school">School</label>
            <select id="enroll-school" value={chosen} onChange={(e) => setSchoolId(e.target.value)}>
              {(schools.data?.schools ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="button" onClick={() => void issue()} disabled={!chosen}>
              Issue a code
            </button>
          </div>
        </div>
        {code ? (
          <div className="notice ok" role="status">
            Enrollment code for {code.school}: <code className="enroll-code">{code.code}</code> (valid until{' '}
            {formatDateTime(code.expiresAt)}).
          </div>
        ) : null}
      </section>
      <LoadState loading={devices.loading && !devices.data} error={devices.error} what="the workstations" />
      {devices.data ? (
        <section className="card" aria-labelledby="devices-h">
          <h2 id="devices-h">Enrolled workstations ({devices.data.devices.length})</h2>
          {devices.data.devices.length === 0 ? (
            <p className="empty">No workstation is enrolled yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Workstation</th>
                  <th scope="col">School</th>
                  <th scope="col">System</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {devices.data.devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td>{d.schoolName}</td>
                    <td>{PLATFORM[d.platform] ?? d.platform}</td>
                    <td className="nowrap">{formatDateTime(d.enrolledAt)}</td>
                    <td className="nowrap">{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : 'Never'}</td>
                    <td>
                      {d.revokedAt ? (
                        <span className="badge neutral" title={d.revocationReason ?? undefined}>
                          Revoked {formatDateTime(d.revokedAt)}
                        </span>
                      ) : revoking === d.id ? (
                        <RevokeForm
                          device={d}
                          onRevoke={(reason) => void revoke(d, reason)}
                          onCancel={() => setRevoking(undefined)}
                        />
                      ) : (
                        <>
                          <span className="badge ok">Active</span>{' '}
                          <button type="button" className="small danger" onClick={() => setRevoking(d.id)}>
                            Revoke…<span className="visually-hidden"> {d.name}</span>
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </Page>
  );
}

function RevokeForm(props: {
  device: DeviceSummary;
  onRevoke: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const id = `revoke-reason-${props.device.id}`;
  return (
    <div className="revoke-form">
      <label htmlFor={id}>Reason (optional)</label>
      <input
        id={id}
        type="text"
        value={reason}
        maxLength={500}
        autoFocus
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="button" className="small danger" onClick={() => props.onRevoke(reason)}>
        Revoke {props.device.name}
      </button>
      <button type="button" className="small secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
