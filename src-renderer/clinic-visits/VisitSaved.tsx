import { useFocusOnMount, useCall, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { VisitRecord } from './VisitRecord';

/** After saving a visit: the next steps a nurse usually takes, one key press away. */
export function VisitSaved(props: { visitId: string; studentId: string | undefined; saved?: boolean }) {
  useTitle(props.saved ? 'Visit saved' : 'Visit');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const chart = useCall(
    'students.chart',
    props.studentId ? { studentId: props.studentId } : undefined,
    props.studentId,
  );
  const name = chart.data?.student.name;
  const q = { student: props.studentId };
  return (
    <>
      {props.saved ? (
        <div className="notice ok" role="status">
          <h1 tabIndex={-1} ref={heading}>
            Visit saved{name ? ` for ${name}` : ''}
          </h1>
          <p>It is stored on this workstation and will be sent to the district with the next sync.</p>
        </div>
      ) : (
        <div className="page-head">
          <h1 tabIndex={-1} ref={heading}>
            Visit{name ? ` — ${name}` : ''}
          </h1>
        </div>
      )}
      <div className="actions">
        <a className="button" href={href(['visits', props.visitId, 'symptoms'], q)}>
          Record symptoms
        </a>
        <a className="button secondary" href={href(['visits', props.visitId, 'note'], q)}>
          Excuse note
        </a>
        {props.studentId ? (
          <a className="button secondary" href={href(['students', props.studentId])}>
            Open chart
          </a>
        ) : null}
        <a className="button secondary" href={href(['today'])}>
          Back to Today
        </a>
      </div>
      <VisitRecord visitId={props.visitId} />
    </>
  );
}
