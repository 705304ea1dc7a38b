import type { Block, ReportDocument } from '../../document';
import type { DistrictReportMeta } from '../definitions';
import { districtDocument, type LayoutContext } from './common';

export interface AuditReportEntry {
  readonly seq: number;
  /** Formatted in the school's time zone (the district's for district-wide entries). */
  readonly at: string;
  readonly who: string;
  readonly role: string;
  readonly action: string;
  readonly table: string;
  readonly recordId: string;
  readonly school: string;
  readonly ip: string;
  readonly event: string;
}

export interface AuditReportData {
  readonly from: string;
  readonly to: string;
  /** The student or user the report is about. */
  readonly subject: {
    readonly kind: 'student' | 'user';
    readonly id: string;
    readonly name: string;
    /** Student number, or the user's e-mail and role. */
    readonly detail: string;
  };
  readonly entries: readonly AuditReportEntry[];
  /** Entries per action, most first. */
  readonly byAction: readonly { readonly action: string; readonly entries: number }[];
  /** Disclosures of PHI outside the district (phi_disclosures) of the student, or made by the user. */
  readonly disclosures: readonly {
    readonly date: string;
    readonly type: string;
    readonly purpose: string;
    readonly recipients: string;
    readonly student: string;
    readonly by: string;
    readonly scope: string;
  }[];
}

/** The accounting of PHI access for one student, or of one user's actions: summary, then every entry in order. */
export function auditReportDocument(
  meta: DistrictReportMeta,
  ctx: LayoutContext,
  d: AuditReportData,
): ReportDocument {
  const s = d.subject;
  const blocks: Block[] = [
    {
      kind: 'keyValues',
      rows: [
        { label: s.kind === 'student' ? 'Student' : 'User', value: `${s.name} (${s.detail})` },
        { label: s.kind === 'student' ? 'Student id' : 'User id', value: s.id },
        { label: 'Period', value: `${d.from} to ${d.to} (${ctx.timeZone})` },
        { label: 'Audit entries', value: String(d.entries.length) },
        { label: 'Disclosures', value: String(d.disclosures.length) },
      ],
    },
    {
      kind: 'paragraph',
      text:
        s.kind === 'student'
          ? "Every read, change, print, export and disclosure of this student's health record that the district server audited in the period, in the order of the audit chain. Times are in the time zone of the school of each entry."
          : 'Every action of this user that the district server audited in the period, in the order of the audit chain. Times are in the time zone of the school of each entry.',
    },
    { kind: 'heading', text: 'Disclosures of health information', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'date', title: 'Date', width: 2 },
        { key: 'type', title: 'Type', width: 1.6 },
        { key: 'purpose', title: 'Purpose', width: 3 },
        { key: 'recipients', title: 'Recipients', width: 2.4 },
        {
          key: s.kind === 'student' ? 'by' : 'student',
          title: s.kind === 'student' ? 'Disclosed by' : 'Student',
          width: 2,
        },
        { key: 'scope', title: 'Scope', width: 1.6 },
      ],
      rows: d.disclosures.map((x) => ({ ...x })),
      emptyText: 'No disclosures were recorded in this period.',
    },
    { kind: 'heading', text: 'Entries by action', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'action', title: 'Action' },
        { key: 'entries', title: 'Entries', align: 'right' },
      ],
      rows: d.byAction.map((a) => ({ action: a.action, entries: a.entries })),
      emptyText: 'No audited actions in this period.',
    },
    { kind: 'heading', text: 'Audit entries', level: 2 },
    {
      kind: 'table',
      columns: [
        { key: 'seq', title: 'Seq', width: 0.8, align: 'right' },
        { key: 'at', title: 'When', width: 2 },
        { key: 'who', title: 'Who', width: 2.4 },
        { key: 'role', title: 'Role', width: 1.4 },
        { key: 'action', title: 'Action', width: 1.1 },
        { key: 'what', title: 'What', width: 2.4 },
        { key: 'school', title: 'School', width: 2 },
        { key: 'ip', title: 'Address', width: 1.3 },
      ],
      rows: d.entries.map((e) => ({
        seq: e.seq,
        at: e.at,
        who: e.who,
        role: e.role,
        action: e.action,
        what: [e.event || e.table, e.recordId ? `#${e.recordId.slice(-8)}` : ''].filter(Boolean).join(' '),
        school: e.school,
        ip: e.ip,
      })),
      emptyText: 'No audited actions in this period.',
    },
    { kind: 'spacer', points: 18 },
    { kind: 'signatureLine', label: 'Reviewed by (privacy officer)' },
  ];
  return districtDocument(meta, ctx, `${s.name}, ${d.from} to ${d.to}`, blocks);
}
