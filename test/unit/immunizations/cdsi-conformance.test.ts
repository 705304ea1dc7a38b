import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import { evaluateSeries, organizeHistory, type DoseStatus } from '../../../src-shared/immunizations/cdsi';
import type { Series, SupportingData } from '../../../src-shared/immunizations/supporting-data';
import { CASES, readCases, type Case } from './cdsi-cases';

/**
 * CDC's healthy test cases (../shared/conformance/cdsi/cdsi-healthy-v4.45-cases.csv) against the evaluation of
 * src-shared/immunizations/cdsi, dose by dose, where series selection cannot change the result:
 * - "single series": every antigen of the case's vaccine group has one standard series for the patient's gender
 *   (HepA, Influenza, Meningococcal ACWY, MMR in 4.64);
 * - "selection-independent": every combination of the antigens' standard series gives every dose the same status
 *   (the single-series cases, and e.g. DTaP or HPV cases where each series agrees).
 * Only cases with a dose of the vaccine group are counted (the others test the forecast only); a dose of another
 * vaccine group in the case (an MMR case with a varicella dose) is not compared. A dose's status for a group of
 * several antigens (MMR, DTaP/Tdap/Td): Not Valid if not valid for one antigen, else Extraneous if extraneous for
 * one, else Valid. Series selection and series status are compared by cdsi-selection-conformance.test.ts; the
 * forecast is compared by forecast-cli.test.ts (docs/immunizations.md, "Forecast").
 */

const combine = (statuses: readonly DoseStatus[]): DoseStatus =>
  statuses.includes('Not Valid') ? 'Not Valid' : statuses.includes('Extraneous') ? 'Extraneous' : 'Valid';

/** Each dose's status for the vaccine group with one series per antigen; null for a dose not of the group. */
interface Outcome {
  status: DoseStatus;
  reasons: readonly string[];
}

function evaluateCase(
  data: SupportingData,
  c: Case,
  antigens: readonly string[],
  chosen: readonly Series[],
): (Outcome | null)[] {
  const history = organizeHistory(data, {
    birthDate: c.birthDate,
    assessmentDate: c.assessmentDate,
    doses: c.doses,
  });
  const byDose = new Map<number, Outcome[]>();
  antigens.forEach((antigen, k) => {
    const ev = evaluateSeries({
      birthDate: c.birthDate,
      series: chosen[k]!,
      antigenDoses: history.byAntigen[antigen] ?? [],
      allDoses: history.doses,
      liveVirusConflicts: data.schedule.liveVirusConflicts,
    });
    for (const d of ev.doses)
      byDose.set(d.doseIndex, [...(byDose.get(d.doseIndex) ?? []), { status: d.status, reasons: d.reasons }]);
  });
  return c.doses.map((_, i) => {
    const outcomes = byDose.get(i);
    if (outcomes === undefined) return null;
    const status = combine(outcomes.map((o) => o.status));
    // the reasons of the antigens that gave the group its status, in antigen order, each once
    const reasons = [...new Set(outcomes.filter((o) => o.status === status).flatMap((o) => o.reasons))];
    return { status, reasons };
  });
}

function combinations<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((a) => list.map((x) => [...a, x])), [[]]);
}

interface Tally {
  total: number;
  passed: number;
}

let data: SupportingData;
let cases: Case[] = [];
beforeAll(async () => {
  data = (await readSupportingData()).data;
  if (CASES !== null) cases = readCases(CASES);
});

describe.skipIf(CASES === null)("CDC's CDSi healthy test cases: dose evaluation", () => {
  it('every vaccine group of the cases is a vaccine group of the data', () => {
    expect(cases.length).toBe(712);
    for (const c of cases) expect(data.vaccineGroupAntigens[c.vaccineGroup], c.group).toBeDefined();
  });

  it('evaluates each dose as CDC does where series selection does not matter', () => {
    const single: Record<string, Tally> = {};
    const independent: Record<string, Tally> = {};
    const failures: string[] = [];
    let dependent = 0;
    const reasons = { total: 0, among: 0, first: 0 };
    const reasonsDiffer: string[] = [];
    for (const c of cases) {
      if (c.medHistory !== '') continue;
      const group = c.vaccineGroup;
      const antigens = data.vaccineGroupAntigens[group]!;
      const candidates = antigens.map((a) =>
        data.antigens[a]!.series.filter(
          (s) =>
            s.seriesType === 'Standard' &&
            (s.requiredGender.length === 0 || s.requiredGender.includes(c.gender)),
        ),
      );
      if (candidates.some((l) => l.length === 0)) continue;
      const choices = combinations(candidates);
      if (choices.length > 64) continue;
      const results = choices.map((chosen) => evaluateCase(data, c, antigens, chosen));
      const statusesOf = (r: (Outcome | null)[]): (DoseStatus | null)[] => r.map((o) => o?.status ?? null);
      const first = statusesOf(results[0]!);
      if (first.every((s) => s === null)) continue; // no dose of the group: a forecast-only case
      if (!results.every((r) => statusesOf(r).join() === first.join())) {
        dependent++; // the series chosen changes the result: series selection must decide
        continue;
      }
      const passed = first.every((s, i) => s === null || s === c.doses[i]!.status);
      // CDC's reason (one per dose; "Interval: too Soon") among ours, and as our first, where the status matches
      results[0]!.forEach((o, i) => {
        const expected = c.doses[i]!.reason.toLowerCase();
        if (o === null || expected === '' || o.status !== c.doses[i]!.status) return;
        const ours = o.reasons.map((r) => r.toLowerCase());
        reasons.total++;
        if (ours.includes(expected)) reasons.among++;
        if (ours[0] === expected) reasons.first++;
        else
          reasonsDiffer.push(
            `${c.id} dose ${i + 1}: CDC "${c.doses[i]!.reason}", ours ${JSON.stringify(o.reasons)}`,
          );
      });
      if (!passed)
        failures.push(
          `${c.id} ${group} "${c.name}": expected ${JSON.stringify(c.doses.map((d) => d.status))}, got ${JSON.stringify(first)}`,
        );
      const tallies = candidates.every((l) => l.length === 1) ? [single, independent] : [independent];
      for (const t of tallies) {
        const g = (t[group] ??= { total: 0, passed: 0 });
        g.total++;
        if (passed) g.passed++;
      }
    }
    const sum = (t: Record<string, Tally>): Tally =>
      Object.values(t).reduce((a, b) => ({ total: a.total + b.total, passed: a.passed + b.passed }), {
        total: 0,
        passed: 0,
      });
    const [s, i] = [sum(single), sum(independent)];
    console.log(
      `CDSi evaluation, single-series cases: ${s.passed}/${s.total} ${JSON.stringify(single)}\n` +
        `CDSi evaluation, selection-independent cases: ${i.passed}/${i.total} ${JSON.stringify(independent)}\n` +
        `cases left to series selection: ${dependent}\n` +
        `failures (${failures.length}):\n${failures.join('\n')}\n` +
        `reasons of the doses not valid or extraneous: ${reasons.among}/${reasons.total} among ours, ${reasons.first} our first\n` +
        `${reasonsDiffer.join('\n')}`,
    );
    expect(failures).toEqual([]);
    // floors reached by this engine (docs/immunizations.md lists the failures and why)
    expect(s.total).toBeGreaterThanOrEqual(FLOOR.singleTotal);
    expect(s.passed).toBeGreaterThanOrEqual(FLOOR.singlePassed);
    expect(i.total).toBeGreaterThanOrEqual(FLOOR.independentTotal);
    expect(i.passed).toBeGreaterThanOrEqual(FLOOR.independentPassed);
    expect(reasons.among).toBeGreaterThanOrEqual(FLOOR.reasonsAmong);
    expect(reasons.first).toBeGreaterThanOrEqual(FLOOR.reasonsFirst);
  });
});

const FLOOR = {
  singleTotal: 70,
  singlePassed: 70,
  independentTotal: 178,
  independentPassed: 178,
  reasonsAmong: 63,
  reasonsFirst: 61,
};
