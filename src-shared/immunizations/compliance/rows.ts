import { v5 as uuidv5 } from 'uuid';
import { StateRequirements, schoolGradeIndex, issueLines, type VaccineRequirement } from './requirements';

/**
 * A state's requirements as vaccination_schedules rows, and back (pure). One row per state, vaccine and dose number
 * (the table's UNIQUE key): the dose's smallest minimum age and interval over the state's alternatives, the first
 * grade at which some alternative requires that many doses, the exemption types the state accepts, the days of
 * conditional admission (grace_period_days; 0 when the state sets a date instead), the citation, and in
 * `requirement` the state's rule for the vaccine (StateRequirements holding only that vaccine's grade bands), which
 * the compliance rules read back with requirementsFromRows.
 */

const NAMESPACE = '3b0e54a1-7c2d-5f19-8e46-0d9a1c5b7e22';

/** The row's id: UUIDv5 of state, vaccine and dose, so a reload (or another server) finds the same row. */
export const scheduleRowId = (state: string, vaccine: string, dose: number): string =>
  uuidv5(`school-entry:${state}:${vaccine}:${dose}`, NAMESPACE);

/** The columns the loader writes (the sync stamps aside). */
export interface ScheduleRow {
  readonly id: string;
  readonly state_code: string;
  readonly vaccine_type: string;
  readonly dose_number: number;
  readonly minimum_age_months: number | null;
  readonly maximum_age_months: null;
  readonly minimum_interval_days: number | null;
  readonly grade_level: string;
  readonly required_for_enrollment: true;
  readonly grace_period_days: number;
  readonly exemption_allowed: boolean;
  readonly exemption_types: readonly string[];
  readonly cdc_schedule_reference: string;
  readonly last_updated: string;
  readonly requirement: StateRequirements;
}

const minOf = (values: readonly (number | undefined)[]): number | null => {
  const v = values.filter((x): x is number => x !== undefined);
  return v.length === 0 ? null : Math.min(...v);
};

/** The state's rule for one vaccine: the state-wide facts and that vaccine's bands. */
export function vaccineRule(state: StateRequirements, vaccine: string): StateRequirements {
  return { ...state, requirements: state.requirements.filter((r) => r.vaccine === vaccine) };
}

export function scheduleRows(state: StateRequirements): ScheduleRow[] {
  const vaccines = [...new Set(state.requirements.map((r) => r.vaccine))];
  const rows: ScheduleRow[] = [];
  for (const vaccine of vaccines) {
    const bands = state.requirements.filter((r) => r.vaccine === vaccine);
    const rule = vaccineRule(state, vaccine);
    const maxDoses = Math.max(...bands.flatMap((b) => b.options.map((o) => o.doses)));
    const first = [...bands].sort((a, b) => schoolGradeIndex(a.fromGrade) - schoolGradeIndex(b.fromGrade));
    for (let dose = 1; dose <= maxDoses; dose++) {
      const doseRules = bands.flatMap((b) =>
        b.options.filter((o) => o.doses >= dose).flatMap((o) => o.doseRules.filter((r) => r.dose === dose)),
      );
      const band: VaccineRequirement = first.find((b) => b.options.some((o) => o.doses >= dose))!;
      rows.push({
        id: scheduleRowId(state.state, vaccine, dose),
        state_code: state.state,
        vaccine_type: vaccine,
        dose_number: dose,
        minimum_age_months: minOf(doseRules.map((r) => r.minAgeMonths)),
        maximum_age_months: null,
        minimum_interval_days: minOf(doseRules.map((r) => r.minIntervalDays)),
        grade_level: band.fromGrade,
        required_for_enrollment: true,
        grace_period_days: state.conditionalAdmission?.days ?? 0,
        exemption_allowed: state.exemptions.length > 0,
        exemption_types: state.exemptions.map((e) => e.type),
        cdc_schedule_reference: `${band.source.source}: ${band.source.citation}`.slice(0, 200),
        last_updated: bands
          .map((b) => b.source.date)
          .sort()
          .at(-1)!,
        requirement: rule,
      });
    }
  }
  return rows;
}

/** What requirementsFromRows reads of a stored row. */
export interface StoredScheduleRow {
  readonly id: string;
  readonly state_code: string;
  readonly vaccine_type: string;
  /** the column's value: an object (PostgreSQL) or its JSON text (the workstation), or null */
  readonly requirement: unknown;
}

export class RequirementRowError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`vaccination_schedules.requirement is not valid:\n${problems.join('\n')}`);
    this.name = 'RequirementRowError';
  }
}

const stateWide = (s: StateRequirements): string => JSON.stringify({ ...s, requirements: [] });

/**
 * A state's requirements from its stored rows (each with its vaccine's rule); null when no row of the state has one
 * (a state whose rows were written by hand). A rule that does not parse, or rows of one state that disagree on the
 * state-wide facts, are refused naming the row and the field.
 */
export function requirementsFromRows(
  rows: readonly StoredScheduleRow[],
  state: string,
): StateRequirements | null {
  const problems: string[] = [];
  let merged: StateRequirements | null = null;
  const seen = new Set<string>();
  for (const row of rows.filter((r) => r.state_code === state && r.requirement !== null)) {
    let raw: unknown = row.requirement;
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw) as unknown;
      } catch (e) {
        problems.push(`row ${row.id} requirement: not JSON (${(e as Error).message})`);
        continue;
      }
    }
    const parsed = StateRequirements.safeParse(raw);
    if (!parsed.success) {
      problems.push(...issueLines(`row ${row.id} requirement`, parsed.error));
      continue;
    }
    const rule = parsed.data;
    if (rule.state !== state || rule.requirements.some((r) => r.vaccine !== row.vaccine_type)) {
      problems.push(`row ${row.id} requirement: not the rule of ${state} ${row.vaccine_type}`);
      continue;
    }
    if (merged === null) merged = { ...rule, requirements: [] };
    else if (stateWide(merged) !== stateWide(rule)) {
      problems.push(`row ${row.id} requirement: its state-wide facts differ from the other rows of ${state}`);
      continue;
    }
    if (seen.has(row.vaccine_type)) continue;
    seen.add(row.vaccine_type);
    merged = { ...merged, requirements: [...merged.requirements, ...rule.requirements] };
  }
  if (problems.length > 0) throw new RequirementRowError(problems);
  return merged;
}
