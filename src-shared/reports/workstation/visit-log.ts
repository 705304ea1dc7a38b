import type { ReportDocument } from '../document';
import { day, printFields, timeOf, type PrintContext } from './common';

/**
 * The day's visit log: every clinic visit of one school day, in arrival order, with its times (school time zone),
 * the student, the reason, the treatment, the disposition and the class time missed; totals under the table.
 */
export interface VisitLogRow {
  readonly visitId: string;
  readonly arrivedAt: string;
  /** The student went back to class (ISO instant). */
  readonly returnedAt: string | null;
  /** The student left the clinic (ISO instant). */
  readonly departedAt: string | null;
  readonly studentName: string;
  readonly grade: string;
  readonly reason: string;
  readonly complaint: string;
  readonly treatment: string | null;
  /** Medications given at the visit, already one line ("Ibuprofen 200 mg tablet 200 mg"). */
  readonly medications: string | null;
  readonly disposition: 'RETURNED_TO_CLASS' | 'SENT_HOME' | 'EMERGENCY_TRANSPORT' | null;
  readonly sentHome: boolean;
  readonly minutesMissed: number;
  readonly attendedBy: string;
}

export interface VisitLogInput {
  readonly print: PrintContext;
  /** The school day, 'YYYY-MM-DD' in the school's zone. */
  readonly date: string;
  readonly visits: readonly VisitLogRow[];
}

export type Disposition = 'Returned to class' | 'Sent home' | 'Emergency transport' | 'In clinic';

export function dispositionOf(v: Pick<VisitLogRow, 'disposition' | 'sentHome' | 'returnedAt' | 'departedAt'>): Disposition {
  if (v.disposition === 'EMERGENCY_TRANSPORT') return 'Emergency transport';
  if (v.disposition === 'SENT_HOME' || v.sentHome) return 'Sent home';
  if (v.disposition === 'RETURNED_TO_CLASS' || v.returnedAt) return 'Returned to class';
  return v.departedAt ? 'Returned to class' : 'In clinic';
}

export interface VisitLogTotals {
  readonly visits: number;
  readonly students: number;
  readonly returnedToClass: number;
  readonly sentHome: number;
  readonly emergencyTransport: number;
  readonly inClinic: number;
  readonly minutesMissed: number;
}

export function visitLogTotals(visits: readonly VisitLogRow[]): VisitLogTotals {
  const count = (d: Disposition) => visits.filter((v) => dispositionOf(v) === d).length;
  return {
    visits: visits.length,
    students: new Set(visits.map((v) => v.studentName)).size,
    returnedToClass: count('Returned to class'),
    sentHome: count('Sent home'),
    emergencyTransport: count('Emergency transport'),
    inClinic: count('In clinic'),
    minutesMissed: visits.reduce((s, v) => s + v.minutesMissed, 0),
  };
}

export function buildVisitLog(input: VisitLogInput): ReportDocument {
  const tz = input.print.timeZone;
  const visits = [...input.visits].sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
  const t = visitLogTotals(visits);
  const treatment = (v: VisitLogRow) =>
    [v.treatment, v.medications ? `Medication: ${v.medications}` : null].filter((x) => x).join('. ');
  return {
    ...printFields(input.print),
    title: 'Daily Clinic Visit Log',
    subtitle: `${day(input.date)} · ${t.visits} ${t.visits === 1 ? 'visit' : 'visits'}`,
    orientation: 'LANDSCAPE',
    archival: false,
    subject: `Clinic visits on ${input.date}`,
    keywords: ['visit log', input.date],
    blocks: [
      {
        kind: 'table',
        columns: [
          { key: 'n', title: '#', width: 0.35, align: 'right' },
          { key: 'arrived', title: 'Arrived', width: 0.8 },
          { key: 'left', title: 'Left', width: 0.8 },
          { key: 'student', title: 'Student', width: 1.6 },
          { key: 'grade', title: 'Grade', width: 0.5, align: 'center' },
          { key: 'reason', title: 'Reason', width: 1.9 },
          { key: 'treatment', title: 'Treatment', width: 2.2 },
          { key: 'disposition', title: 'Disposition', width: 1.1 },
          { key: 'missed', title: 'Class time missed (min)', width: 0.85, align: 'right' },
          { key: 'nurse', title: 'Seen by', width: 1.1 },
        ],
        rows: visits.map((v, i) => ({
          n: i + 1,
          arrived: timeOf(v.arrivedAt, tz),
          left: timeOf(v.returnedAt ?? v.departedAt, tz),
          student: v.studentName,
          grade: v.grade,
          reason: v.complaint && v.complaint !== v.reason ? `${v.reason}: ${v.complaint}` : v.reason,
          treatment: treatment(v),
          disposition: dispositionOf(v),
          missed: v.minutesMissed,
          nurse: v.attendedBy,
        })),
        emptyText: `No clinic visits on ${day(input.date)}.`,
      },
      { kind: 'spacer', points: 6 },
      { kind: 'heading', text: 'Totals', level: 2 },
      {
        kind: 'keyValues',
        rows: [
          { label: 'Visits', value: String(t.visits) },
          { label: 'Students seen', value: String(t.students) },
          { label: 'Returned to class', value: String(t.returnedToClass) },
          { label: 'Sent home', value: String(t.sentHome) },
          { label: 'Emergency transport', value: String(t.emergencyTransport) },
          { label: 'Still in clinic', value: String(t.inClinic) },
          { label: 'Class time missed', value: `${t.minutesMissed} min` },
        ],
      },
    ],
  };
}
