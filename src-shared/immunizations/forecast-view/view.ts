import type { PatientAssessment, SeriesStatus, VaccineGroupAssessment } from '../cdsi';

/**
 * What a nurse reads of CDC's evaluation and forecast (cdsi/assessPatient), per vaccine group: the doses that count,
 * where the next dose stands today, and one plain sentence. Pure: the workstation and the console build it alike.
 *
 * Where the next dose stands on the assessment date, from CDC's forecast dates:
 *   NOT_YET   before the earliest date (too young, or too soon after the last dose);
 *   CAN_GIVE  from the earliest date, before the recommended one (it counts if given, not yet expected);
 *   DUE       from the recommended date, before the past-due date (or with no past-due date);
 *   PAST_DUE  from the past-due date.
 * A group is left out when nothing of it concerns a school-age student: not recommended (travel, outbreak or risk
 * vaccines for a healthy child), or with no dose given and a first dose not recommended before 19 (adult vaccines),
 * or aged out with no dose given (an infant vaccine never given, nothing to do now).
 */

export type NextDoseState = 'NOT_YET' | 'CAN_GIVE' | 'DUE' | 'PAST_DUE';

export interface ForecastDoseView {
  readonly date: string;
  readonly cvx: string;
  readonly status: 'Valid' | 'Not Valid' | 'Extraneous';
  readonly reasons: readonly string[];
}

export interface NextDoseView {
  readonly doseNumber: number;
  readonly earliest: string;
  readonly recommended: string;
  readonly pastDue: string | null;
  readonly latest: string | null;
  readonly state: NextDoseState;
}

export interface VaccineGroupView {
  readonly vaccineGroup: string;
  readonly status: SeriesStatus;
  readonly validDoses: number;
  readonly doses: readonly ForecastDoseView[];
  readonly next: NextDoseView | null;
  /** e.g. "MMR dose 2 due now (recommended since 03/01/2024)" */
  readonly summary: string;
}

export interface ForecastView {
  readonly assessedOn: string;
  readonly groups: readonly VaccineGroupView[];
  /** doses left out or not valid for what they are (unknown CVX, before birth, after today), each naming its dose */
  readonly problems: readonly { readonly doseIndex: number; readonly problem: string }[];
}

/** The birth date plus whole years (29 February → 1 March in other years). */
export function yearsAfter(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + years, m - 1, d));
  return t.toISOString().slice(0, 10);
}

/** "2024-03-01" → "03/01/2024" (a calendar date: no time zone). */
const us = (ymd: string): string => `${ymd.slice(5, 7)}/${ymd.slice(8, 10)}/${ymd.slice(0, 4)}`;

export function nextDoseState(
  on: string,
  f: { earliest: string; recommended: string; pastDue: string | null },
): NextDoseState {
  if (on < f.earliest) return 'NOT_YET';
  if (f.pastDue !== null && on >= f.pastDue) return 'PAST_DUE';
  return on < f.recommended ? 'CAN_GIVE' : 'DUE';
}

function summary(
  g: string,
  status: SeriesStatus,
  valid: number,
  next: NextDoseView | null,
  why: string | undefined,
): string {
  const doses = `${valid} valid dose${valid === 1 ? '' : 's'}`;
  if (status === 'Complete') return `${g} complete (${doses})`;
  if (status === 'Immune') return `${g}: immune (${why ?? 'evidence of immunity'})`;
  if (status === 'Contraindicated')
    return `${g}: contraindicated, no dose recommended (${why ?? 'a contraindication is recorded'})`;
  if (status === 'Aged Out') return `${g}: no more doses at this age (${doses})`;
  if (status === 'Not Recommended') return `${g}: not recommended`;
  if (!next) return `${g}: not complete (${doses}); no dose can be forecast`;
  const n = `${g} dose ${next.doseNumber}`;
  switch (next.state) {
    case 'NOT_YET':
      return `${n} not yet: it can be given from ${us(next.earliest)}`;
    case 'CAN_GIVE':
      return `${n} can be given now; recommended from ${us(next.recommended)}`;
    case 'DUE':
      return `${n} due now (recommended since ${us(next.recommended)}${next.pastDue ? `; past due from ${us(next.pastDue)}` : ''})`;
    case 'PAST_DUE':
      return `${n} past due since ${us(next.pastDue ?? next.recommended)}`;
  }
}

function groupView(a: VaccineGroupAssessment, on: string): VaccineGroupView {
  const e = a.evaluation;
  const doses = e.doses.map((d): ForecastDoseView =>
    Object.freeze({ date: d.date, cvx: d.cvx, status: d.status, reasons: d.reasons }),
  );
  const f = a.forecast;
  const next: NextDoseView | null = f
    ? Object.freeze({
        doseNumber: f.forecastDoseNumber,
        earliest: f.earliestDate,
        recommended: f.recommendedDate,
        pastDue: f.pastDueDate,
        latest: f.latestDate,
        state: nextDoseState(on, {
          earliest: f.earliestDate,
          recommended: f.recommendedDate,
          pastDue: f.pastDueDate,
        }),
      })
    : null;
  const validDoses = doses.filter((d) => d.status === 'Valid').length;
  // why the group is Immune or Contraindicated: its antigens' reasons (MMR: each antigen's evidence), each once
  const why = [
    ...new Set(
      e.antigens.flatMap((x) => (x.status === e.seriesStatus && x.statusReason ? [x.statusReason] : [])),
    ),
  ].join('; ');
  return Object.freeze({
    vaccineGroup: e.vaccineGroup,
    status: e.seriesStatus,
    validDoses,
    doses: Object.freeze(doses),
    next,
    summary: summary(e.vaccineGroup, e.seriesStatus, validDoses, next, why || undefined),
  });
}

/** Whether a group concerns a school-age student (see above). */
export function concernsSchoolAge(a: VaccineGroupAssessment, birthDate: string): boolean {
  const s = a.evaluation.seriesStatus;
  const given = a.evaluation.doses.length > 0;
  if (s === 'Not Recommended') return false;
  if (s === 'Aged Out' && !given) return false;
  if (!given && a.forecast && a.forecast.recommendedDate >= yearsAfter(birthDate, 19)) return false;
  return true;
}

export function forecastView(
  assessment: PatientAssessment,
  birthDate: string,
  assessedOn: string,
): ForecastView {
  return Object.freeze({
    assessedOn,
    groups: Object.freeze(
      assessment.vaccineGroups
        .filter((g) => concernsSchoolAge(g, birthDate))
        .map((g) => groupView(g, assessedOn)),
    ),
    problems: Object.freeze(assessment.problems.map((p) => Object.freeze({ ...p }))),
  });
}
