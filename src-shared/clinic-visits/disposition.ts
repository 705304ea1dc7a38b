/**
 * A visit's outcome (clinic_visits.disposition): back to class, sent home, or taken by emergency services. A visit
 * with no outcome yet is "still in the clinic" (no departure, no return to class, not sent home) until it is finished.
 */
export const VISIT_DISPOSITIONS = ['RETURNED_TO_CLASS', 'SENT_HOME', 'EMERGENCY_TRANSPORT'] as const;
export type VisitDisposition = (typeof VISIT_DISPOSITIONS)[number];

export const DISPOSITION_LABEL: Readonly<Record<VisitDisposition, string>> = Object.freeze({
  RETURNED_TO_CLASS: 'Returned to class',
  SENT_HOME: 'Sent home',
  EMERGENCY_TRANSPORT: 'Emergency transport',
});

export interface VisitTimes {
  readonly departure_time: string | null;
  readonly return_to_class_time: string | null;
  readonly sent_home: number | boolean;
  readonly disposition?: string | null;
}

/** Still in the clinic: nothing says the student left (the same rule as Today's queue). */
export const stillInClinic = (v: VisitTimes): boolean =>
  v.departure_time === null &&
  v.return_to_class_time === null &&
  !v.sent_home &&
  (v.disposition === undefined || v.disposition === null);
