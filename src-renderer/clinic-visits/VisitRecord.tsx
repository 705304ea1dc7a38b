import { DISPOSITION_LABEL, painText, VITAL_RANGES, type VitalName } from '../../src-shared/clinic-visits';
import { formatDateTime } from '../lib/format';
import { useCall } from '../lib/hooks';
import { useReadOnly } from '../lib/session';
import { AmendmentHistory } from './AmendmentHistory';
import { AmendVisit } from './AmendVisit';
import { FinishVisit } from './FinishVisit';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One saved visit: what was recorded, finishing it while the student is still here, amendments and their history. */
export function VisitRecord(props: { visitId: string }) {
  const readOnly = useReadOnly();
  const visit = useCall('clinicVisits.get', { visitId: props.visitId }, props.visitId);
  const v = visit.data;
  if (visit.error)
    return (
      <div className="notice error" role="alert">
        {visit.error.message}
      </div>
    );
  if (!v) return <p role="status">Loading…</p>;
  const vitals = Object.entries(v.vitals) as [VitalName | 'temperatureF', number][];
  return (
    <div className="visit-record">
      <section className="card" aria-labelledby="visit-record-title">
        <h2 id="visit-record-title">The visit</h2>
        <dl className="facts">
          <dt>Arrived</dt>
          <dd>{formatDateTime(v.arrivedAt)}</dd>
          <dt>Reason</dt>
          <dd>{v.reason}</dd>
          <dt>Complaint</dt>
          <dd>{v.complaint}</dd>
          {v.treatment ? (
            <>
              <dt>Treatment</dt>
              <dd>{v.treatment}</dd>
            </>
          ) : null}
          <dt>Outcome</dt>
          <dd>
            {v.inClinic
              ? 'Still in the clinic'
              : `${v.disposition ? DISPOSITION_LABEL[v.disposition] : v.sentHome ? 'Sent home' : 'Returned to class'}${
                  v.returnedToClassAt
                    ? ` at ${formatDateTime(v.returnedToClassAt)}`
                    : v.departedAt
                      ? ` at ${formatDateTime(v.departedAt)}`
                      : ''
                }`}
          </dd>
          {v.parentNotifiedAt ? (
            <>
              <dt>Parent notified</dt>
              <dd>{formatDateTime(v.parentNotifiedAt)}</dd>
            </>
          ) : null}
          {vitals.length > 0 ? (
            <>
              <dt>Vital signs</dt>
              <dd>
                {vitals
                  .map(([k, n]) =>
                    k === 'painScore'
                      ? `Pain ${painText(n, v.painScale ?? 'NUMERIC')}`
                      : `${cap(VITAL_RANGES[k].label)} ${n} ${VITAL_RANGES[k].unit}`,
                  )
                  .join(' · ')}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {v.inClinic && !readOnly ? <FinishVisit visit={v} onDone={visit.reload} /> : null}
      {!readOnly ? <AmendVisit key={v.amendments.length} visit={v} onDone={visit.reload} /> : null}
      <AmendmentHistory amendments={v.amendments} />
    </div>
  );
}
