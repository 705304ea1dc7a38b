import type { VxuInput } from './vxu';

/**
 * What the CDC IG (release 1.5, profile Z22) requires of a VXU before it may be sent. A dose that misses one of
 * these is held back with the reasons, never sent broken: the registry would reject it, or worse, store it wrong.
 */

export interface VxuProblem {
  /** The HL7 field the guide requires, e.g. RXA-15. */
  readonly field: string;
  /** What the clerk or the nurse sees. */
  readonly reason: string;
}

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/** The reasons a dose cannot be reported yet (none: it can). */
export function vxuProblems(m: VxuInput): VxuProblem[] {
  const out: VxuProblem[] = [];
  const need = (ok: boolean, field: string, reason: string): void => {
    if (!ok) out.push({ field, reason });
  };
  const v = m.vaccination;
  const p = m.patient;
  need(
    !blank(m.sendingFacility),
    'MSH-4',
    "the registry connection has no sending facility (the district's IIS id)",
  );
  need(!blank(m.controlId), 'MSH-10', 'the message has no control id');
  need(
    !blank(p.student_number) && !blank(m.assigningAuthority),
    'PID-3',
    'the student has no identifier to send',
  );
  need(
    !blank(p.last_name) && !blank(p.first_name),
    'PID-5',
    "the student's first and last name are required",
  );
  need(/^\d{4}-\d{2}-\d{2}$/.test(p.date_of_birth), 'PID-7', "the student's birth date is required");
  need(
    /^\d{1,3}$/.test(v.cvx_code.trim()),
    'RXA-5',
    `the vaccine has no valid CVX code (got '${v.cvx_code}')`,
  );
  need(/^\d{4}-\d{2}-\d{2}$/.test(v.administration_date), 'RXA-3', 'the date the dose was given is required');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v.administration_date) && /^\d{4}-\d{2}-\d{2}$/.test(p.date_of_birth))
    need(v.administration_date >= p.date_of_birth, 'RXA-3', 'the dose is dated before the student was born');
  if (!m.historical) {
    need(!blank(v.lot_number), 'RXA-15', 'a dose given here needs its lot number');
    need(!blank(v.mvx_code), 'RXA-17', "a dose given here needs its manufacturer's MVX code");
    need(
      m.administeringProvider !== undefined && /^\d{10}$/.test(m.administeringProvider.npi),
      'RXA-10',
      'a dose given here needs the administering nurse, with an NPI on their user account',
    );
    need(!blank(m.vfc), 'OBX-5', "a dose given here needs the student's VFC eligibility on the day");
  }
  return out;
}
