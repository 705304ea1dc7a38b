import type { SupportingData } from '../supporting-data/model';
import type { CdsiCase } from './cases';
import { assessVaccineGroup, type VaccineGroupAssessment } from './group-forecast';
import { organizeHistory } from './organize';

/**
 * One of CDC's test cases against the engine (pure): the case's patient (birth date, gender, assessment date, doses
 * and its medical history as observations) is evaluated and forecast for the case's vaccine group, then compared.
 * A case passes when every one of these is as CDC says:
 * - the series status (ignoring case: CDC writes "Not complete", "Aged out");
 * - each dose's evaluation status, for the doses that count for an antigen of the group (a varicella dose in an MMR
 *   case is another group's and is not compared);
 * - the forecast dose number, earliest, recommended and past due dates (CDC leaves them empty when nothing is
 *   forecast).
 * Medical history codes: an observation code of the supporting data is passed as it is; a code of another system
 * (SNOMED, CVX, CDC PHIN VS) is mapped to the observation that lists it among its coded values; a code the data does
 * not know is reported in `notes` and not passed.
 */

export interface CaseDifference {
  /** what differs: "series status", "dose 2 (2025-11-10, CVX 20)", "forecast dose number", "earliest date", ... */
  readonly what: string;
  readonly expected: string;
  readonly got: string;
}

export interface CaseOutcome {
  readonly id: string;
  readonly name: string;
  readonly vaccineGroup: string;
  readonly passed: boolean;
  readonly differences: readonly CaseDifference[];
  /** observation codes not known to the data, dose problems of the history */
  readonly notes: readonly string[];
  readonly assessment: VaccineGroupAssessment;
}

/** The observation codes of the data for a case's medical history codes, and the codes it does not know. */
export function caseObservations(
  data: SupportingData,
  codes: readonly string[],
  system: string,
): { observations: Set<string>; unknown: string[] } {
  const observations = new Set<string>();
  const unknown: string[] = [];
  for (const code of codes) {
    const direct = data.schedule.observations.find((o) => o.observationCode === code);
    const coded =
      direct ??
      data.schedule.observations.find((o) =>
        o.codedValues.some(
          (v) => v.code === code && (system === '' || v.codeSystem.toUpperCase() === system.toUpperCase()),
        ),
      );
    if (coded) observations.add(coded.observationCode);
    else unknown.push(code);
  }
  return { observations, unknown };
}

const show = (value: string | number | null): string => (value === null ? '(none)' : String(value));

export function runCdsiCase(data: SupportingData, c: CdsiCase): CaseOutcome {
  const { observations, unknown } = caseObservations(data, c.medHistoryCodes, c.medHistorySystem);
  const input = {
    birthDate: c.birthDate,
    gender: c.gender,
    assessmentDate: c.assessmentDate,
    doses: c.doses,
    observations,
  };
  const history = organizeHistory(data, input);
  const assessment = assessVaccineGroup(data, c.vaccineGroup, input, history);
  const differences: CaseDifference[] = [];
  const differ = (what: string, expected: string | number | null, got: string | number | null): void => {
    if (show(expected).toLowerCase() !== show(got).toLowerCase())
      differences.push({ what, expected: show(expected), got: show(got) });
  };
  differ('series status', c.seriesStatus, assessment.evaluation.seriesStatus);
  const byIndex = new Map(assessment.evaluation.doses.map((d) => [d.doseIndex, d]));
  c.doses.forEach((d, i) => {
    const ours = byIndex.get(i);
    if (ours !== undefined) differ(`dose ${i + 1} (${d.date}, CVX ${d.cvx})`, d.status, ours.status);
  });
  const f = assessment.forecast;
  differ('forecast dose number', c.forecast.doseNumber, f?.forecastDoseNumber ?? null);
  differ('earliest date', c.forecast.earliestDate, f?.earliestDate ?? null);
  differ('recommended date', c.forecast.recommendedDate, f?.recommendedDate ?? null);
  differ('past due date', c.forecast.pastDueDate, f?.pastDueDate ?? null);
  return Object.freeze({
    id: c.id,
    name: c.name,
    vaccineGroup: c.vaccineGroup,
    passed: differences.length === 0,
    differences: Object.freeze(differences),
    notes: Object.freeze([
      ...unknown.map((code) => `medical history code ${code} is not an observation of the data`),
      ...history.problems.map((p) => `dose ${p.doseIndex + 1}: ${p.problem}`),
    ]),
    assessment,
  });
}

export interface CaseTally {
  readonly total: number;
  readonly passed: number;
}

export interface CasesSummary extends CaseTally {
  readonly byGroup: Readonly<Record<string, CaseTally>>;
}

/** Totals over the outcomes, by vaccine group in order of first appearance. */
export function summarizeCases(outcomes: readonly CaseOutcome[]): CasesSummary {
  const byGroup: Record<string, { total: number; passed: number }> = {};
  for (const o of outcomes) {
    const g = (byGroup[o.vaccineGroup] ??= { total: 0, passed: 0 });
    g.total++;
    if (o.passed) g.passed++;
  }
  return {
    total: outcomes.length,
    passed: outcomes.filter((o) => o.passed).length,
    byGroup,
  };
}
