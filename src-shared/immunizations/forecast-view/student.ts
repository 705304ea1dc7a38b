import type { GroupInput } from '../cdsi';
import type { Gender } from '../supporting-data';

/** students.sex → CDSi's gender (X and U are Unknown: only sex-specific series read it). */
const GENDER: Readonly<Record<string, Gender>> = { F: 'Female', M: 'Male' };

/** A vaccinations row as CDC's logic reads it. */
export interface RecordedDose {
  readonly administration_date: string;
  readonly cvx_code: string;
  readonly mvx_code: string | null;
  readonly lot_number: string | null;
}

/**
 * A combination vaccine is recorded once per series it counts toward (a DTaP-HepB-IPV dose as three rows, as school
 * records list doses by required antigen): its rows are one dose for CDC's logic again, by date, CVX code and lot.
 */
export function onePerDose<R extends RecordedDose>(rows: readonly R[]): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.administration_date}|${r.cvx_code}|${r.lot_number ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A student's record as CDC's evaluation and forecast take it (assessPatient), on `assessmentDate`: the same on the
 * workstation (immunizations.forecast) and on the server (the reminder job's source). `observations`: CDC's
 * observation codes for what is on file (evidenceObservations: a titer, a verified history of the disease).
 */
export function studentPatient(
  student: { readonly dateOfBirth: string; readonly sex: string },
  doses: readonly RecordedDose[],
  assessmentDate: string,
  observations?: ReadonlySet<string>,
): GroupInput {
  return {
    birthDate: student.dateOfBirth,
    gender: GENDER[student.sex] ?? 'Unknown',
    assessmentDate,
    doses: onePerDose(doses).map((d) => ({ date: d.administration_date, cvx: d.cvx_code, mvx: d.mvx_code })),
    ...(observations && observations.size > 0 ? { observations } : {}),
  };
}
