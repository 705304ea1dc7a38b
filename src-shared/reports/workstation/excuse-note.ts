import type { ReportDocument } from '../document';
import { dateIn } from '../../time';
import { printFields, timeOf, type PrintContext } from './common';

/**
 * The excuse note (health office pass) for the teacher: when the student was in the clinic, in the school's time
 * zone, and how much class time was missed; never why (no health information leaves the clinic on a hall pass).
 */
export interface ExcuseNoteInput {
  readonly print: PrintContext;
  readonly student: { name: string; grade: string; homeroom: string | null };
  readonly arrivedAt: string;
  readonly returnedAt: string | null;
  readonly departedAt: string | null;
  readonly sentHome: boolean;
  readonly missed: readonly { period: string | null; subject: string | null; minutes: number }[];
  /** The nurse who saw the student. */
  readonly nurse: string;
}

/** "on Dec 6, 2026 from 2:45 PM to 3:15 PM" in the school's zone (the visit ends back in class or leaving). */
export function visitWhen(v: Pick<ExcuseNoteInput, 'arrivedAt' | 'returnedAt' | 'departedAt'>, tz: string): string {
  const from = timeOf(v.arrivedAt, tz);
  const end = v.returnedAt ?? v.departedAt;
  const to = end ? timeOf(end, tz) : null;
  const date = dateIn(Date.parse(v.arrivedAt), tz);
  return `on ${date} ${to === null ? `from ${from}` : to === from ? `at ${from}` : `from ${from} to ${to}`}`;
}

export function buildExcuseNote(input: ExcuseNoteInput): ReportDocument {
  const tz = input.print.timeZone;
  const s = input.student;
  const minutes = input.missed.reduce((n, m) => n + m.minutes, 0);
  const outcome = input.sentHome ? ' The student was sent home.' : input.returnedAt ? ' The student returned to class.' : '';
  return {
    ...printFields(input.print),
    title: 'Health Office Pass',
    subtitle: `${s.name} · Grade ${s.grade}${s.homeroom ? ` · Homeroom ${s.homeroom}` : ''}`,
    orientation: 'PORTRAIT',
    archival: false,
    subject: `Health office pass of ${s.name}`,
    keywords: ['excuse note'],
    blocks: [
      { kind: 'paragraph', text: `${s.name} was seen in the health office ${visitWhen(input, tz)}.${outcome}` },
      {
        kind: 'table',
        columns: [
          { key: 'period', title: 'Period', width: 1 },
          { key: 'subject', title: 'Subject', width: 2 },
          { key: 'minutes', title: 'Time missed (min)', width: 1, align: 'right' },
        ],
        rows: input.missed.map((m) => ({ period: m.period ?? '', subject: m.subject ?? '', minutes: m.minutes })),
        emptyText: 'No class time recorded as missed.',
      },
      ...(input.missed.length > 0
        ? [{ kind: 'paragraph', text: `Class time missed: ${minutes} min.`, emphasis: 'strong' } as const]
        : []),
      { kind: 'paragraph', text: 'Please excuse this absence from class.' },
      { kind: 'spacer', points: 18 },
      { kind: 'signatureLine', label: `${input.nurse}, school nurse` },
    ],
  };
}
