import type { ReportDocument } from '../document';
import { cvxName, dosesText, nextDueText } from '../../immunizations';
import { day, printFields, studentLine, words, type PrintContext } from './common';

/**
 * A student's immunization record in a certificate layout (archival, PDF/A): per required vaccine the valid doses
 * (one per day: a same-day duplicate is not a second dose), the status and what is due or overdue; every dose on
 * record; the exemptions in force; the nurse's certification.
 */
export interface RecordDose {
  readonly vaccine: string;
  readonly cvx: string;
  readonly vaccineName: string | null;
  readonly doseNumber: number | null;
  readonly administeredOn: string;
  readonly source: string;
  readonly lot: string | null;
  readonly sameDayDuplicate: boolean;
}
export interface RecordStatus {
  readonly vaccine: string;
  readonly status: 'COMPLETE' | 'DUE' | 'OVERDUE' | 'EXEMPT';
  readonly dosesGiven: number;
  readonly dosesRequired: number;
  readonly extraDoses?: number;
  readonly sameDayDuplicates?: string[];
  readonly nextDueOn?: string;
  readonly overdueSince?: string;
  readonly graceEndsOn?: string;
}
export interface ImmunizationRecordInput {
  readonly print: PrintContext;
  readonly student: { name: string; studentNumber: string; birthDate: string; grade: string };
  readonly doses: readonly RecordDose[];
  /** Compliance per required vaccine (src-shared/immunizations immunizationStatus). */
  readonly status: readonly RecordStatus[];
  readonly exemptions: readonly { vaccine: string | null; type: string; startDate: string; endDate: string | null }[];
  /** The state whose school-entry schedule is applied ('OH'). */
  readonly state: string | null;
}

const SOURCE_LABEL: Readonly<Record<string, string>> = {
  ADMINISTERED: 'Given at school',
  HISTORICAL: 'Historical',
  REGISTRY: 'State registry',
  SIS: 'SIS',
};

/** The valid doses of one series: one per day, oldest first (dates). */
export function validDoseDates(doses: readonly RecordDose[], vaccine: string): string[] {
  return [...new Set(doses.filter((d) => d.vaccine === vaccine).map((d) => d.administeredOn))].sort();
}

export function buildImmunizationRecord(input: ImmunizationRecordInput): ReportDocument {
  const s = input.student;
  const required = new Set(input.status.map((r) => r.vaccine));
  const other = [...new Set(input.doses.map((d) => d.vaccine))].filter((v) => !required.has(v)).sort();
  const overdue = input.status.filter((r) => r.status === 'OVERDUE').length;
  const due = input.status.filter((r) => r.status === 'DUE').length;
  const summary =
    input.status.length === 0
      ? 'No school-entry requirements apply to this student.'
      : overdue + due === 0
        ? 'Every required vaccine is complete or exempt.'
        : `${overdue} required ${overdue === 1 ? 'vaccine is' : 'vaccines are'} overdue, ${due} due.`;
  return {
    ...printFields(input.print),
    title: 'Certificate of Immunization',
    subtitle: studentLine(s),
    orientation: 'PORTRAIT',
    archival: true,
    subject: `Immunization record of ${s.name}`,
    keywords: ['immunization record', s.studentNumber],
    blocks: [
      {
        kind: 'keyValues',
        rows: [
          { label: 'Student', value: s.name },
          { label: 'Date of birth', value: day(s.birthDate) },
          { label: 'Grade', value: s.grade },
          { label: 'Student number', value: s.studentNumber },
          ...(input.state ? [{ label: 'Requirements', value: `${input.state} school-entry schedule` }] : []),
        ],
      },
      {
        kind: 'paragraph',
        text: summary,
        emphasis: overdue > 0 ? 'warning' : 'strong',
      },
      {
        kind: 'table',
        caption: 'Required vaccines',
        columns: [
          { key: 'vaccine', title: 'Vaccine', width: 1.1 },
          { key: 'dates', title: 'Valid doses (dates given)', width: 3.2 },
          { key: 'counted', title: 'Doses', width: 0.9 },
          { key: 'status', title: 'Status', width: 0.9 },
          { key: 'due', title: 'Due', width: 2.2 },
        ],
        rows: input.status.map((r) => ({
          vaccine: r.vaccine,
          dates: validDoseDates(input.doses, r.vaccine).map(day).join(', '),
          counted: dosesText(r),
          status: words(r.status),
          due: nextDueText(r, day),
        })),
        emptyText: 'No school-entry requirements apply.',
      },
      ...(other.length > 0
        ? [
            {
              kind: 'table',
              caption: 'Other vaccines on record',
              columns: [
                { key: 'vaccine', title: 'Vaccine', width: 1.1 },
                { key: 'dates', title: 'Doses (dates given)', width: 5.2 },
              ],
              rows: other.map((v) => ({ vaccine: v, dates: validDoseDates(input.doses, v).map(day).join(', ') })),
              emptyText: 'None.',
            } as const,
          ]
        : []),
      {
        kind: 'table',
        caption: 'Doses on record',
        columns: [
          { key: 'date', title: 'Date given', width: 1.1 },
          { key: 'vaccine', title: 'Series', width: 0.9 },
          { key: 'name', title: 'Vaccine (CVX)', width: 2.6 },
          { key: 'dose', title: 'Dose #', width: 0.6, align: 'right' },
          { key: 'source', title: 'Source', width: 1 },
          { key: 'lot', title: 'Lot', width: 0.9 },
          { key: 'note', title: 'Note', width: 1.4 },
        ],
        rows: [...input.doses]
          .sort((a, b) => a.administeredOn.localeCompare(b.administeredOn) || a.vaccine.localeCompare(b.vaccine))
          .map((d) => ({
            date: day(d.administeredOn),
            vaccine: d.vaccine,
            name: `${d.vaccineName ?? cvxName(d.cvx) ?? d.vaccine} (${d.cvx})`,
            dose: d.doseNumber,
            source: SOURCE_LABEL[d.source] ?? words(d.source),
            lot: d.lot ?? '',
            note: d.sameDayDuplicate ? 'Same-day duplicate: counted once' : '',
          })),
        emptyText: 'No doses on record.',
      },
      {
        kind: 'table',
        caption: 'Exemptions in force',
        columns: [
          { key: 'vaccine', title: 'Vaccine', width: 1.2 },
          { key: 'type', title: 'Exemption', width: 2 },
          { key: 'dates', title: 'From – to', width: 2.4 },
        ],
        rows: input.exemptions.map((e) => ({
          vaccine: e.vaccine ?? 'All vaccines',
          type: words(e.type),
          dates: `${day(e.startDate)} – ${e.endDate ? day(e.endDate) : 'no end date'}`,
        })),
        emptyText: 'No exemptions.',
      },
      {
        kind: 'paragraph',
        text: 'I certify that this record was transcribed from the school health record of the student named above.',
      },
      { kind: 'spacer', points: 16 },
      { kind: 'signatureLine', label: `${input.print.printedBy}, school nurse` },
    ],
  };
}
