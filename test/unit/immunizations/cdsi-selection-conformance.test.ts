import { beforeAll, describe, expect, it } from 'vitest';
import { readSupportingData } from '../../../server-sync/immunizations/supporting-data';
import { evaluateVaccineGroup } from '../../../src-shared/immunizations/cdsi';
import type { SupportingData } from '../../../src-shared/immunizations/supporting-data';
import { CASES, readCases, type Case } from './cdsi-cases';

/**
 * CDC's healthy test cases against series selection and the vaccine group's evaluation (evaluateVaccineGroup):
 * for every case without Med_History_Code, every dose of the case's vaccine group (its Evaluation_Status_N) and
 * the case's Series_Status (Complete, Not complete, Aged out, Immune: compared ignoring case). A dose of another
 * vaccine group in the case is not compared. The numbers are printed by vaccine group; the floors asserted are the
 * ones this engine reaches (docs/immunizations.md, "Series selection and the vaccine group").
 */

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

const bump = (t: Record<string, Tally>, key: string, passed: boolean): void => {
  const g = (t[key] ??= { total: 0, passed: 0 });
  g.total++;
  if (passed) g.passed++;
};
const sum = (t: Record<string, Tally>): Tally =>
  Object.values(t).reduce((a, b) => ({ total: a.total + b.total, passed: a.passed + b.passed }), {
    total: 0,
    passed: 0,
  });

describe.skipIf(CASES === null)(
  "CDC's CDSi healthy test cases: series selection and the vaccine group",
  () => {
    it('evaluates the doses and the series status of every case as CDC does, up to the floors', () => {
      const doses: Record<string, Tally> = {};
      const status: Record<string, Tally> = {};
      const both: Record<string, Tally> = {};
      const doseFailures: string[] = [];
      const statusFailures: string[] = [];
      for (const c of cases) {
        if (c.medHistory !== '') continue;
        const group = c.vaccineGroup;
        const result = evaluateVaccineGroup(data, group, {
          birthDate: c.birthDate,
          gender: c.gender,
          assessmentDate: c.assessmentDate,
          doses: c.doses,
        });
        const byIndex = new Map(result.doses.map((d) => [d.doseIndex, d]));
        const compared = c.doses.flatMap((d, i) => {
          const ours = byIndex.get(i);
          return ours === undefined ? [] : [{ i, expected: d.status, got: ours.status }];
        });
        const dosesPass = compared.every((x) => x.expected === x.got);
        const statusPass = result.seriesStatus.toLowerCase() === c.seriesStatus.toLowerCase();
        const chosen = result.antigens.map(
          (a) => `${a.antigen}: ${a.selection.best?.series.seriesName ?? '-'}`,
        );
        if (compared.length > 0) {
          bump(doses, group, dosesPass);
          if (!dosesPass)
            doseFailures.push(
              `${c.id} ${group} "${c.name}": expected ${JSON.stringify(compared.map((x) => x.expected))}, got ${JSON.stringify(compared.map((x) => x.got))} [${chosen.join('; ')}]`,
            );
        }
        bump(status, group, statusPass);
        bump(both, group, statusPass && dosesPass);
        if (!statusPass)
          statusFailures.push(
            `${c.id} ${group} "${c.name}": expected "${c.seriesStatus}", got "${result.seriesStatus}" [${chosen.join('; ')}]`,
          );
      }
      const [d, s, b] = [sum(doses), sum(status), sum(both)];
      console.log(
        `CDSi selection, cases with doses of the group, every dose as CDC: ${d.passed}/${d.total} ${JSON.stringify(doses)}\n` +
          `CDSi selection, series status as CDC: ${s.passed}/${s.total} ${JSON.stringify(status)}\n` +
          `CDSi selection, doses and series status as CDC: ${b.passed}/${b.total}\n` +
          `dose failures (${doseFailures.length}):\n${doseFailures.join('\n')}\n` +
          `series status failures (${statusFailures.length}):\n${statusFailures.join('\n')}`,
      );
      expect(d.total).toBeGreaterThanOrEqual(FLOOR.dosesTotal);
      expect(d.passed).toBeGreaterThanOrEqual(FLOOR.dosesPassed);
      expect(s.total).toBeGreaterThanOrEqual(FLOOR.statusTotal);
      expect(s.passed).toBeGreaterThanOrEqual(FLOOR.statusPassed);
      expect(b.passed).toBeGreaterThanOrEqual(FLOOR.bothPassed);
    });
  },
);

const FLOOR = {
  dosesTotal: 668,
  dosesPassed: 668,
  statusTotal: 712,
  statusPassed: 712,
  bothPassed: 712,
};
