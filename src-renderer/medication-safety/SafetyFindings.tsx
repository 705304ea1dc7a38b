import type { SafetyCheckView, SafetySeverityView } from '../../src-shared/ipc/contract';

/**
 * The medication-safety check's answer as the nurse reads it before confirming a dose: each finding with its
 * severity (the level's colour and its name: never colour alone), what it is with, the description, the
 * management advice and the source. Findings the override is for are marked.
 */

export function SeverityBadge(props: { level: SafetySeverityView }) {
  return (
    <span className="badge severity" style={{ backgroundColor: props.level.color }}>
      {props.level.displayName}
    </span>
  );
}

const MATCH: Readonly<Record<string, string>> = {
  PAIR: 'Drug interaction',
  CLASS_RULE: 'Class interaction',
  DUPLICATE_THERAPY: 'Duplicate therapy',
  DRUG: 'Allergy to this drug',
  CLASS: 'Allergy to its class',
  CROSS_REACTIVE: 'Cross-reactive allergy',
};

export function SafetyFindings(props: { check: SafetyCheckView; headingId: string }) {
  const { check } = props;
  const title = check.drug ? check.drug.name : check.medication;
  return (
    <section className="safety-check" aria-labelledby={props.headingId}>
      <h4 id={props.headingId}>
        Safety check: {title}
        {check.highest ? (
          <>
            {' '}
            <SeverityBadge level={check.highest} />
          </>
        ) : null}
      </h4>
      {!check.drug ? (
        <p className="notice warning">
          {check.medication} is not in the drug catalog: it cannot be checked for interactions or allergies.
        </p>
      ) : null}
      {check.drug && check.findings.length === 0 ? (
        <p className="vital-normal">No interaction or allergy conflict found with this student’s records.</p>
      ) : null}
      {check.findings.length > 0 ? (
        <ul className="safety-findings">
          {check.findings.map((f, i) => (
            <li
              key={`${f.ruleId ?? f.match}-${i}`}
              className="safety-finding"
              style={{ borderLeftColor: f.level.color }}
            >
              <div>
                <SeverityBadge level={f.level} /> <strong>{MATCH[f.match] ?? f.match}</strong> — {f.with}
                {f.blocking ? <span className="subtitle"> · needs your override</span> : null}
              </div>
              <p>{f.description}</p>
              {f.management ? (
                <p>
                  <strong>Management:</strong> {f.management}
                </p>
              ) : null}
              <p className="subtitle">
                {f.level.guidance}
                {f.source ? ` Source: ${f.source}${f.sourceDate ? ` (${f.sourceDate})` : ''}.` : ''}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {check.unknown.length > 0 && check.drug ? (
        <p className="subtitle">
          Not in the catalog, so not checked against this drug: {check.unknown.join(', ')}.
        </p>
      ) : null}
      {check.version ? <p className="subtitle">Reference {check.version}</p> : null}
    </section>
  );
}
