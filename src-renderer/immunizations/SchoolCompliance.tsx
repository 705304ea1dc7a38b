import { useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { ComplianceDashboard } from './ComplianceDashboard';

/**
 * The school's immunization compliance (`#/immunizations/compliance`), computed on this workstation from its own
 * records (offline): charts by grade and vaccine with their tables, today's point of the trend, the students needing
 * action with what each needs.
 */
export function SchoolCompliance() {
  useTitle('School immunization compliance');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const dash = useCall('immunizations.dashboard', {}, 'school');
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          School immunization compliance
        </h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={dash.reload} disabled={dash.loading}>
            Recompute
          </button>
        </div>
      </div>
      {dash.error ? (
        <div className="notice error" role="alert">
          {dash.error.message}
        </div>
      ) : !dash.data ? (
        <p role="status">Computing…</p>
      ) : (
        <div className="card">
          <ComplianceDashboard view={dash.data} />
        </div>
      )}
    </>
  );
}
