import { addDuration } from '../supporting-data/duration';
import type { ConditionalSkip, SkipCondition, SkipContext, SkipSet, Ymd } from '../supporting-data/model';
import { inEffect, withinAges } from './dates';

/**
 * CDSi conditional skip (pure): whether a target dose is skipped for a reference date (in evaluation, the date of
 * the dose being evaluated). A skip applies in its context (Both, or the one asked); its sets combine by the set
 * logic, a set's conditions by the condition logic (one set or one condition: no logic).
 *
 * Conditions implemented:
 * - Age: begin age date ≤ reference date < end age date;
 * - Interval: a dose was administered before, and the reference date ≥ that most recent dose's date + interval;
 * - Vaccine Count by Age / by Date / by Date and Age: the doses before the reference date whose CVX is listed
 *   (all of them when none is), administered within the ages and / or dates (begin ≤ date < end), counting only
 *   the valid ones when the dose type is "Valid", compared with the dose count by the count logic.
 * A condition the engine cannot decide (Completed Series needs the other series' status, which evaluating one
 * series does not have) is reported in `unresolved` and counts as not met: a skip is never taken on a rule not
 * applied.
 */

export interface SkipDose {
  readonly date: Ymd;
  readonly cvx: string;
  /** evaluated valid in this series */
  readonly valid: boolean;
}

export interface SkipContextInput {
  readonly birthDate: Ymd;
  readonly referenceDate: Ymd;
  /** the antigen's doses administered before the reference dose, in date order */
  readonly previousDoses: readonly SkipDose[];
  /** series groups with a complete series, when the caller knows them (Completed Series); undefined: unknown */
  readonly completedSeriesGroups?: ReadonlySet<number>;
}

export interface SkipOutcome {
  readonly skipped: boolean;
  /** the set that was met (its description), when skipped */
  readonly reason: string | null;
  /** conditions that could not be decided, as "Completed Series (condition 1)" */
  readonly unresolved: readonly string[];
}

function compare(count: number, target: number, logic: SkipCondition['doseCountLogic']): boolean {
  if (logic === 'greater than') return count > target;
  if (logic === 'less than') return count < target;
  return count === target;
}

function conditionMet(c: SkipCondition, input: SkipContextInput, unresolved: string[]): boolean {
  switch (c.conditionType) {
    case 'Age':
      return withinAges(input.birthDate, input.referenceDate, c.beginAge, c.endAge);
    case 'Interval': {
      const last = input.previousDoses.at(-1);
      if (last === undefined || c.interval === null) return false;
      return input.referenceDate >= addDuration(last.date, c.interval);
    }
    case 'Vaccine Count by Age':
    case 'Vaccine Count by Date':
    case 'Vaccine Count by Date and Age': {
      const byAge = c.conditionType !== 'Vaccine Count by Date';
      const byDate = c.conditionType !== 'Vaccine Count by Age';
      const count = input.previousDoses.filter(
        (d) =>
          (c.vaccineTypes.length === 0 || c.vaccineTypes.includes(d.cvx)) &&
          (c.doseType !== 'Valid' || d.valid) &&
          (!byAge || withinAges(input.birthDate, d.date, c.beginAge, c.endAge)) &&
          (!byDate ||
            ((c.startDate === null || c.startDate <= d.date) && (c.endDate === null || d.date < c.endDate))),
      ).length;
      return compare(count, c.doseCount ?? 0, c.doseCountLogic);
    }
    case 'Completed Series': {
      const done = input.completedSeriesGroups;
      if (done === undefined) {
        unresolved.push(`Completed Series (condition ${c.conditionId})`);
        return false;
      }
      return c.seriesGroups.some((g) => done.has(g));
    }
  }
}

function setMet(set: SkipSet, input: SkipContextInput, unresolved: string[]): boolean {
  if (!inEffect(set, input.referenceDate)) return false;
  const results = set.conditions.map((c) => conditionMet(c, input, unresolved));
  return set.conditionLogic === 'OR' ? results.some(Boolean) : results.every(Boolean);
}

const NOT_SKIPPED: SkipOutcome = Object.freeze({
  skipped: false,
  reason: null,
  unresolved: Object.freeze([]),
});

/** Whether the target dose's conditional skips skip it in `context` on the reference date. */
export function evaluateSkip(
  skips: readonly ConditionalSkip[],
  context: Exclude<SkipContext, 'Both'>,
  input: SkipContextInput,
): SkipOutcome {
  if (skips.length === 0) return NOT_SKIPPED;
  const unresolved: string[] = [];
  for (const skip of skips) {
    if (skip.context !== 'Both' && skip.context !== context) continue;
    const met = skip.sets.map((s) => setMet(s, input, unresolved));
    const skipped = skip.setLogic === 'OR' ? met.some(Boolean) : met.length > 0 && met.every(Boolean);
    if (skipped) {
      const which = skip.sets.filter((_, i) => met[i]).map((s) => s.setDescription ?? `set ${s.setId}`);
      return Object.freeze({
        skipped: true,
        reason: which.join('; '),
        unresolved: Object.freeze(unresolved),
      });
    }
  }
  return Object.freeze({ skipped: false, reason: null, unresolved: Object.freeze(unresolved) });
}
