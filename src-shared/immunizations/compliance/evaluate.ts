import { addDays, addMonths } from '../status';
import {
  EVIDENCE_TYPES,
  schoolGradeIndex,
  type ConditionalAdmission,
  type RequirementOption,
  type RequirementSource,
  type StateRequirements,
  type StudentExemption,
  type VaccineRequirement,
} from './requirements';
import { exemptionText, gradePhrase, ignoredText, plural } from './text';

/**
 * A student's school-entry compliance per vaccine of the state's requirements (pure). The valid doses come from the
 * CDSi evaluation (src-shared/immunizations/cdsi: doses CDC's rules count as Valid), per series; the state's rules
 * then decide which of them count toward its requirement (its own minimum ages and intervals, less its grace
 * period) and which of its alternatives is met.
 *
 * Per vaccine, in this order:
 * - NOT_REQUIRED: the state has no requirement for the student's grade, or it is not yet in effect;
 * - COMPLIANT: an alternative is met by the counted doses, or immunity evidence the state accepts for it is on file;
 * - EXEMPT: an exemption in force, of a type the state accepts, with its document when the state requires one (an
 *   expired medical exemption, a type the state does not accept, a missing form: not counted, and the reason says so);
 * - CONDITIONAL: the state's conditional admission applies (the next dose cannot be given yet: a started series, or
 *   a first dose the student is too young for; or the window after school entry), with its deadline;
 * - OVERDUE otherwise.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD), compared as text.
 */

export const COMPLIANCE_STATUSES = ['COMPLIANT', 'CONDITIONAL', 'OVERDUE', 'EXEMPT', 'NOT_REQUIRED'] as const;
export type SchoolEntryStatus = (typeof COMPLIANCE_STATUSES)[number];

export interface ComplianceStudent {
  readonly dateOfBirth: string;
  readonly gradeLevel: string;
  /** the school's state (two letters): must be the requirements' */
  readonly state: string;
  /** the day the student entered the school (or the grade), which opens a conditional-admission window */
  readonly schoolEntryDate: string;
}

export interface ComplianceInput {
  readonly student: ComplianceStudent;
  readonly requirements: StateRequirements;
  /** series (vaccinations.vaccine_type) -> dates of its doses the CDSi evaluation counts as valid */
  readonly validDoses: Readonly<Record<string, readonly string[]>>;
  readonly exemptions: readonly StudentExemption[];
  /** today in the school's time zone */
  readonly today: string;
}

export interface VaccineCompliance {
  readonly vaccine: string;
  readonly status: SchoolEntryStatus;
  /** doses counted toward the requirement (at most dosesNeeded) */
  readonly validDoses: number;
  /** the dates of the counted doses */
  readonly validDoseDates: readonly string[];
  /** doses the alternative shown requires (0 when not required) */
  readonly dosesNeeded: number;
  /** the dose number due next, and from when (CONDITIONAL, OVERDUE) */
  readonly nextDose: number | null;
  readonly dueDate: string | null;
  /** CONDITIONAL: the last day of conditional admission */
  readonly conditionalDeadline: string | null;
  /** plain language: "needs MMR dose 2 before kindergarten entry; due now" */
  readonly reason: string;
  /** the alternative met, or the one closest to being met */
  readonly rule: string | null;
  readonly source: RequirementSource | null;
  readonly exemption: StudentExemption | null;
  /** exemptions or evidence on file that do not count, each with why */
  readonly notCounted: readonly string[];
}

interface OptionResult {
  readonly option: RequirementOption;
  readonly counted: readonly string[];
  readonly met: boolean;
  /** doses still to give (Infinity: not open to the student) */
  readonly remaining: number;
  readonly nextDose: number;
  readonly dueDate: string;
}

const later = (a: string, b: string): string => (a >= b ? a : b);

/** Which doses count for an alternative: each dose its rule's age and interval (less the grace period). */
function evaluateOption(
  option: RequirementOption,
  dates: readonly string[],
  dob: string,
  today: string,
  grace: number,
): OptionResult {
  const rules = new Map(option.doseRules.map((r) => [r.dose, r]));
  const accepted: string[] = [];
  for (const d of dates) {
    const rule = rules.get(accepted.length + 1);
    const prev = accepted[accepted.length - 1];
    if (rule?.minAgeMonths !== undefined && d < addDays(addMonths(dob, rule.minAgeMonths), -grace)) continue;
    if (
      rule?.minIntervalDays !== undefined &&
      prev !== undefined &&
      d < addDays(prev, rule.minIntervalDays - grace)
    )
      continue;
    accepted.push(d);
  }
  const last = accepted[accepted.length - 1];
  const ageOk = (m: number | undefined, d: string | undefined): boolean =>
    m === undefined || (d !== undefined && d >= addDays(addMonths(dob, m), -grace));
  const lastOk = ageOk(option.lastDoseMinAgeMonths, last);
  const oneOk =
    option.oneDoseMinAgeMonths === undefined || accepted.some((d) => ageOk(option.oneDoseMinAgeMonths, d));
  const open =
    option.studentMinAgeMonths === undefined || today >= addMonths(dob, option.studentMinAgeMonths);
  const enough = accepted.length >= option.doses;
  const met = open && enough && lastOk && oneOk;
  const nextDose = accepted.length + 1;
  const remaining = !open ? Infinity : met ? 0 : enough ? 1 : option.doses - accepted.length;
  // the earliest the state's rules allow, never before the last counted dose (CDC's own minimum intervals between
  // doses are the CDSi forecast's: src-shared/immunizations/cdsi)
  let due = last ?? dob;
  const rule = rules.get(nextDose);
  if (rule?.minAgeMonths !== undefined) due = later(due, addMonths(dob, rule.minAgeMonths));
  if (rule?.minIntervalDays !== undefined && last !== undefined)
    due = later(due, addDays(last, rule.minIntervalDays));
  if (remaining === 1) {
    if (!lastOk && option.lastDoseMinAgeMonths !== undefined)
      due = later(due, addMonths(dob, option.lastDoseMinAgeMonths));
    if (!oneOk && option.oneDoseMinAgeMonths !== undefined)
      due = later(due, addMonths(dob, option.oneDoseMinAgeMonths));
  }
  return {
    option,
    counted: accepted.slice(0, option.doses),
    met,
    remaining,
    nextDose,
    dueDate: due,
  };
}

/** The alternative met (the first in the state's order), else the one needing the fewest doses, then the soonest. */
function bestOption(results: readonly OptionResult[]): OptionResult {
  const met = results.find((r) => r.met);
  if (met) return met;
  const open = results.filter((r) => r.remaining !== Infinity);
  const pool = open.length > 0 ? open : results;
  return [...pool].sort((a, b) => a.remaining - b.remaining || a.dueDate.localeCompare(b.dueDate))[0]!;
}

/** The last day of the conditional-admission window opened by school entry; null when the state gives none. */
export function conditionalWindowEnd(ca: ConditionalAdmission, entryDate: string): string | null {
  const ends: string[] = [];
  if (ca.days !== undefined) ends.push(addDays(entryDate, ca.days));
  if (ca.schoolYearDeadline !== undefined) {
    // the school year runs from July: an entry in July-December belongs to the year starting that calendar year
    const entryYear = Number(entryDate.slice(0, 4));
    const startYear = Number(entryDate.slice(5, 7)) >= 7 ? entryYear : entryYear - 1;
    const month = Number(ca.schoolYearDeadline.slice(0, 2));
    const date = `${month >= 7 ? startYear : startYear + 1}-${ca.schoolYearDeadline}`;
    if (date >= entryDate) ends.push(date);
  }
  return ends.length === 0 ? null : ends.sort().at(-1)!;
}

function matches(e: StudentExemption, req: VaccineRequirement): boolean {
  return e.vaccine === null || e.vaccine === req.vaccine || req.series.includes(e.vaccine);
}

interface ExemptionVerdict {
  readonly exempt: StudentExemption | null;
  readonly evidence: StudentExemption | null;
  readonly notCounted: string[];
}

function judgeExemptions(
  state: StateRequirements,
  req: VaccineRequirement,
  exemptions: readonly StudentExemption[],
  today: string,
): ExemptionVerdict {
  let exempt: StudentExemption | null = null;
  let evidence: StudentExemption | null = null;
  const notCounted: string[] = [];
  for (const e of exemptions.filter((x) => matches(x, req))) {
    if ((EVIDENCE_TYPES as readonly string[]).includes(e.type)) {
      if (!(req.evidenceAccepted as readonly string[]).includes(e.type))
        notCounted.push(ignoredText(e, `not accepted for ${req.vaccine} in ${state.stateName}`));
      else if (e.startDate > today) notCounted.push(ignoredText(e, `dated ${e.startDate}, after today`));
      else evidence ??= e;
      continue;
    }
    const rule = state.exemptions.find((r) => r.type === e.type);
    if (!rule) {
      const accepted = state.exemptions.map((r) => r.label.charAt(0).toLowerCase() + r.label.slice(1));
      notCounted.push(
        ignoredText(
          e,
          `not accepted in ${state.stateName} (${accepted.length > 0 ? `${accepted.join(' or ')} only` : 'none accepted'})`,
        ),
      );
    } else if (e.startDate > today) notCounted.push(ignoredText(e, `starts ${e.startDate}`));
    else if (e.endDate !== null && e.endDate < today) notCounted.push(ignoredText(e, `expired ${e.endDate}`));
    else if (rule.documentRequired && e.documentRef === null)
      notCounted.push(ignoredText(e, `no signed form on file (${state.stateName} requires one)`));
    else exempt ??= e;
  }
  return { exempt, evidence, notCounted };
}

/** The state's requirement for a vaccine at a grade (bands do not overlap: the schema checks). */
function requirementAt(
  state: StateRequirements,
  vaccine: string,
  grade: string,
): VaccineRequirement | undefined {
  const g = schoolGradeIndex(grade);
  return state.requirements.find(
    (r) => r.vaccine === vaccine && schoolGradeIndex(r.fromGrade) <= g && g <= schoolGradeIndex(r.toGrade),
  );
}

/** Compliance with one vaccine of the state's requirements. */
export function vaccineCompliance(input: ComplianceInput, vaccine: string): VaccineCompliance {
  const { student, requirements: state, today } = input;
  const base = {
    vaccine,
    validDoses: 0,
    validDoseDates: [] as string[],
    dosesNeeded: 0,
    nextDose: null,
    dueDate: null,
    conditionalDeadline: null,
    rule: null,
    source: null,
    exemption: null,
    notCounted: [] as string[],
  };
  const req = requirementAt(state, vaccine, student.gradeLevel);
  if (!req)
    return {
      ...base,
      status: 'NOT_REQUIRED',
      reason: `not required for ${gradePhrase(student.gradeLevel)} in ${state.stateName}`,
    };
  if (req.effectiveDate > today)
    return {
      ...base,
      status: 'NOT_REQUIRED',
      source: req.source,
      reason: `${state.stateName} requires it from ${req.effectiveDate} (not yet in effect)`,
    };

  const dates = [...new Set(req.series.flatMap((s) => input.validDoses[s] ?? []))]
    .filter((d) => d <= today)
    .sort();
  const best = bestOption(
    req.options.map((o) => evaluateOption(o, dates, student.dateOfBirth, today, state.ageGraceDays)),
  );
  const verdict = judgeExemptions(state, req, input.exemptions, today);
  const counted = {
    ...base,
    validDoses: best.counted.length,
    validDoseDates: best.counted,
    dosesNeeded: best.option.doses,
    rule: best.option.text,
    source: req.source,
    notCounted: verdict.notCounted,
  };
  const doses = `${plural(best.counted.length, 'valid dose')}`;
  const notes = verdict.notCounted.length > 0 ? `; ${verdict.notCounted.join('; ')}` : '';
  if (best.met)
    return {
      ...counted,
      status: 'COMPLIANT',
      notCounted: [],
      reason: `${doses}; meets "${best.option.text}"`,
    };
  if (verdict.evidence)
    return {
      ...counted,
      status: 'COMPLIANT',
      exemption: verdict.evidence,
      reason: `immunity documented (${exemptionText(verdict.evidence)}), accepted for ${vaccine} in ${state.stateName}`,
    };
  if (verdict.exempt)
    return {
      ...counted,
      status: 'EXEMPT',
      exemption: verdict.exempt,
      reason: `${exemptionText(verdict.exempt)}${notes}`,
    };

  const need = `needs ${vaccine} dose ${best.nextDose} ${
    student.gradeLevel === req.fromGrade
      ? `before ${gradePhrase(req.fromGrade)} entry`
      : `for ${gradePhrase(student.gradeLevel)}`
  }`;
  const due = best.dueDate <= today ? 'due now' : `due ${best.dueDate}`;
  const next = { ...counted, nextDose: best.nextDose, dueDate: best.dueDate };
  const ca = state.conditionalAdmission;
  if (ca) {
    // in process: the next dose cannot be given yet (a started series, or a first dose the student is too young for)
    if (ca.inProcess && best.dueDate > today)
      return {
        ...next,
        status: 'CONDITIONAL',
        conditionalDeadline: best.dueDate,
        reason: `${need}; ${due}; ${
          best.counted.length > 0
            ? 'admitted conditionally while the series is in process'
            : 'admitted conditionally'
        } (until ${best.dueDate})${notes}`,
      };
    const end = conditionalWindowEnd(ca, student.schoolEntryDate);
    if (end !== null && today <= end && (!ca.firstDoseRequired || best.counted.length > 0))
      return {
        ...next,
        status: 'CONDITIONAL',
        conditionalDeadline: end,
        reason: `${need}; ${due}; conditional admission until ${end}${notes}`,
      };
  }
  return { ...next, status: 'OVERDUE', reason: `${need}; ${due}${notes}` };
}

/** Every vaccine the state requires at some grade, in the state's order, for one student. */
export function schoolEntryCompliance(input: ComplianceInput): VaccineCompliance[] {
  if (input.student.state !== input.requirements.state)
    throw new Error(
      `student.state ${input.student.state} is not the requirements' state ${input.requirements.state}`,
    );
  if (schoolGradeIndex(input.student.gradeLevel) < 0)
    return [...new Set(input.requirements.requirements.map((r) => r.vaccine))].map((vaccine) => ({
      vaccine,
      status: 'NOT_REQUIRED' as const,
      validDoses: 0,
      validDoseDates: [],
      dosesNeeded: 0,
      nextDose: null,
      dueDate: null,
      conditionalDeadline: null,
      reason: `school-entry requirements apply from kindergarten (grade ${input.student.gradeLevel})`,
      rule: null,
      source: null,
      exemption: null,
      notCounted: [],
    }));
  const vaccines = [...new Set(input.requirements.requirements.map((r) => r.vaccine))];
  return vaccines.map((v) => vaccineCompliance(input, v));
}
