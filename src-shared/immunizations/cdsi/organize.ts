import type { SupportingData, Ymd } from '../supporting-data/model';
import { isYmd } from '../supporting-data/duration';
import { withinAges } from './dates';

/**
 * Organizing the immunization history (CDSi "Gather necessary data" / "Organize immunization history", pure):
 * each dose administered is split into the antigens its CVX code counts for, by the schedule's CVX-to-antigen map,
 * within each association's begin and end ages (a combination vaccine such as DTaP-HepB-IPV gives one antigen
 * administered record to each of Diphtheria, Tetanus, Pertussis, HepB and Polio). Each antigen's records are
 * sorted by date (then by their order in the history).
 *
 * Bad input never stops the rest: an unknown CVX code, a date that is not a calendar date or is after the
 * assessment date is reported with the dose it concerns and that dose is left out. A dose before birth is kept:
 * evaluation finds it cannot be evaluated and says so. An impossible sequence, two doses giving the same antigen on
 * the same day (MMR and MMRV, or one vaccine recorded twice), is reported on the later dose of the history, naming
 * the other; both are kept and CDC's rules judge them (the second fails its minimum interval).
 */

export interface AdministeredDose {
  readonly date: Ymd;
  readonly cvx: string;
  readonly mvx?: string | null;
}

export interface Patient {
  readonly birthDate: Ymd;
  readonly gender?: 'Female' | 'Male' | 'Unknown' | null;
  readonly assessmentDate: Ymd;
  readonly doses: readonly AdministeredDose[];
}

/** One antigen administered record: a dose of the history as it counts for one antigen. */
export interface AntigenDose {
  /** the dose's index in the patient's history */
  readonly doseIndex: number;
  readonly antigen: string;
  readonly date: Ymd;
  /** CDC's spelling ("08", not "8") */
  readonly cvx: string;
  readonly mvx: string | null;
}

export interface HistoryProblem {
  readonly doseIndex: number;
  readonly problem: string;
}

export interface OrganizedHistory {
  /** by antigen, sorted by date; an antigen without doses is absent */
  readonly byAntigen: Readonly<Record<string, readonly AntigenDose[]>>;
  /** every dose kept, as antigen-independent records (for live-virus conflicts and "most recent" intervals) */
  readonly doses: readonly { readonly doseIndex: number; readonly date: Ymd; readonly cvx: string }[];
  readonly problems: readonly HistoryProblem[];
}

/** CVX codes as CDC writes them: two digits at least ("8" → "08"). */
export const normalizeCvx = (cvx: string): string => {
  const t = cvx.trim();
  return /^\d$/.test(t) ? `0${t}` : t;
};

/** Two doses giving one antigen on one date (see above): one problem per later dose, its antigens named once. */
function sameDayDoses(byAntigen: Readonly<Record<string, readonly AntigenDose[]>>): HistoryProblem[] {
  const found = new Map<number, { other: AntigenDose; antigens: string[] }>();
  for (const list of Object.values(byAntigen))
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      if (a.date !== b.date) continue;
      const entry = found.get(b.doseIndex) ?? { other: a, antigens: [] };
      entry.antigens.push(b.antigen);
      found.set(b.doseIndex, entry);
    }
  return [...found].map(([doseIndex, { other, antigens }]) => ({
    doseIndex,
    problem: `gives ${antigens.join(', ')} on ${other.date}, the same day as dose ${other.doseIndex + 1} (CVX ${other.cvx}): one of them is probably recorded twice`,
  }));
}

export function organizeHistory(data: SupportingData, patient: Patient): OrganizedHistory {
  const byAntigen: Record<string, AntigenDose[]> = {};
  const doses: { doseIndex: number; date: Ymd; cvx: string }[] = [];
  const problems: HistoryProblem[] = [];
  patient.doses.forEach((dose, doseIndex) => {
    const cvx = normalizeCvx(dose.cvx);
    if (!isYmd(dose.date)) {
      problems.push({ doseIndex, problem: `date "${dose.date}" is not a calendar date (YYYY-MM-DD)` });
      return;
    }
    if (dose.date > patient.assessmentDate) {
      problems.push({
        doseIndex,
        problem: `date ${dose.date} is after the assessment date ${patient.assessmentDate}`,
      });
      return;
    }
    const associations = data.cvxAntigens[cvx];
    if (associations === undefined) {
      problems.push({ doseIndex, problem: `CVX "${dose.cvx}" is not in the CDSi CVX-to-antigen map` });
      return;
    }
    doses.push({ doseIndex, date: dose.date, cvx });
    const mvx = dose.mvx?.trim() ? dose.mvx.trim().toUpperCase() : null;
    for (const a of associations) {
      if (!withinAges(patient.birthDate, dose.date, a.associationBeginAge, a.associationEndAge)) continue;
      (byAntigen[a.antigen] ??= []).push({ doseIndex, antigen: a.antigen, date: dose.date, cvx, mvx });
    }
  });
  const order = (x: { date: Ymd; doseIndex: number }, y: { date: Ymd; doseIndex: number }): number =>
    x.date < y.date ? -1 : x.date > y.date ? 1 : x.doseIndex - y.doseIndex;
  for (const list of Object.values(byAntigen)) list.sort(order);
  doses.sort(order);
  problems.push(...sameDayDoses(byAntigen));
  problems.sort((a, b) => a.doseIndex - b.doseIndex);
  return Object.freeze({
    byAntigen: Object.freeze(
      Object.fromEntries(Object.entries(byAntigen).map(([k, v]) => [k, Object.freeze(v)])),
    ),
    doses: Object.freeze(doses),
    problems: Object.freeze(problems),
  });
}
