import type { ChartResult } from '../../src-shared/ipc/contract';
import { formatDate, gradeLabel, titleCase } from '../lib/format';

/** The student's summary beside the visit form: allergies (drug allergies first), conditions, active orders. */
export function StudentSummary(props: { chart: ChartResult }) {
  const { student, allergies, medicationOrders, conditions } = props.chart;
  const drug = allergies.filter((a) => a.isDrugAllergy);
  return (
    <aside className="card side-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{student.name}</h2>
      <p className="subtitle">
        {gradeLabel(student.grade)} · born {formatDate(student.birthDate)} · #{student.studentNumber}
      </p>
      {drug.length > 0 ? (
        <div className="allergy-banner">
          <strong>Drug allergies:</strong> {drug.map((a) => a.allergen).join(', ')}
        </div>
      ) : null}
      <h3>Allergies</h3>
      {allergies.length === 0 ? (
        <p className="empty">None recorded.</p>
      ) : (
        <ul className="plain-list">
          {allergies.map((a) => (
            <li key={a.id} className={a.isDrugAllergy ? 'drug-allergy' : undefined}>
              {a.allergen} <span className="subtitle">({titleCase(a.severity)})</span>
            </li>
          ))}
        </ul>
      )}
      {conditions.length > 0 ? (
        <>
          <h3>Conditions</h3>
          <p>{conditions.map((c) => c.name).join(', ')}</p>
        </>
      ) : null}
      <h3>Active orders</h3>
      {medicationOrders.filter((o) => o.status === 'ACTIVE').length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ul className="plain-list">
          {medicationOrders
            .filter((o) => o.status === 'ACTIVE')
            .map((o) => (
              <li key={o.id}>
                {o.medication} {o.dose}
              </li>
            ))}
        </ul>
      )}
    </aside>
  );
}
