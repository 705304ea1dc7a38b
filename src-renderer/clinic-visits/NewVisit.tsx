import { useCall, useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';
import { StudentSearch } from '../lib/StudentSearch';
import { StudentSummary } from './StudentSummary';
import { VisitForm } from './VisitForm';

/** New visit: pick the student (if not given), then the visit form beside the student's summary. */
export function NewVisit(props: { studentId: string | undefined }) {
  useTitle('New visit');
  const chart = useCall(
    'students.chart',
    props.studentId ? { studentId: props.studentId } : undefined,
    props.studentId,
  );
  const c = chart.data;
  return (
    <>
      <div className="page-head">
        <h1>New visit{c ? ` — ${c.student.name}` : ''}</h1>
      </div>
      {!props.studentId ? (
        <div className="card">
          <StudentSearch
            label="Which student?"
            inline
            autoFocus
            onPick={(h) => navigate(['visits', 'new'], { student: h.id })}
          />
        </div>
      ) : chart.error ? (
        <div className="notice error" role="alert">
          {chart.error.message}
        </div>
      ) : !c ? (
        <p role="status">Loading…</p>
      ) : (
        <div className="form-grid">
          <VisitForm chart={c} />
          <StudentSummary chart={c} />
        </div>
      )}
    </>
  );
}
