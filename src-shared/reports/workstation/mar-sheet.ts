import type { Cell, ReportDocument } from '../document';
import { localDate, localTime } from '../../time';
import {
  clockTime,
  day,
  monthDays,
  monthTitle,
  printFields,
  studentLine,
  timeOf,
  weekday,
  words,
  type PrintContext,
} from './common';

/**
 * The monthly medication administration record sheet of one student (the paper MAR a parent or a physician asks
 * for; archival, PDF/A): a grid of the month's days by scheduled dose (order x time of day), each cell the initials
 * of who gave it or the code of why not; the PRN and unscheduled doses; every correction and void on record.
 */
export type AdministrationStatus = 'GIVEN' | 'MISSED' | 'REFUSED' | 'HELD' | 'NOT_IN_SCHOOL';

export interface MarOrder {
  readonly id: string;
  readonly medication: string;
  readonly dose: string;
  readonly route: string;
  /** Local times of day 'HH:MM'. */
  readonly scheduleTimes: readonly string[];
  readonly prn: boolean;
  readonly prnInstructions: string | null;
  readonly prescriber: string | null;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly status: string;
}
export interface MarAdministration {
  readonly id: string;
  readonly orderId: string | null;
  readonly medication: string;
  /** ISO instant of the scheduled dose it records; null for a PRN or unscheduled dose. */
  readonly scheduledFor: string | null;
  readonly administeredAt: string | null;
  readonly recordedAt: string;
  readonly status: AdministrationStatus;
  readonly doseGiven: string | null;
  readonly route: string | null;
  /** Who gave or recorded it. */
  readonly by: { readonly first: string; readonly last: string } | null;
  readonly voided: boolean;
  readonly reasonNotGiven: string | null;
  readonly notes: string | null;
}
export interface MarCorrection {
  readonly administrationId: string;
  readonly kind: 'CORRECTION' | 'VOID';
  readonly reason: string;
  /** What changed, already readable ("dose given 1 tablet → 2 tablets"). */
  readonly changes: string;
  readonly by: { readonly first: string; readonly last: string };
  readonly at: string;
}
export interface MarSheetInput {
  readonly print: PrintContext;
  readonly student: { name: string; studentNumber: string; birthDate: string; grade: string };
  /** 'YYYY-MM' */
  readonly month: string;
  readonly orders: readonly MarOrder[];
  /** The month's administrations of the student (voided ones included). */
  readonly administrations: readonly MarAdministration[];
  readonly corrections: readonly MarCorrection[];
  /** Allergies to print at the top ("Penicillin (severe)"). */
  readonly allergies: readonly string[];
}

export const MAR_CODES: Readonly<Record<Exclude<AdministrationStatus, 'GIVEN'>, string>> = {
  MISSED: 'M',
  REFUSED: 'R',
  HELD: 'H',
  NOT_IN_SCHOOL: 'A',
};
export const VOID_CODE = 'V';
export const CORRECTED_MARK = '*';
export const NOT_ORDERED = '–';

const FIELD_LABEL: Readonly<Record<string, string>> = {
  doseGiven: 'dose given',
  givenAt: 'time given',
  note: 'note',
  voidedAt: 'voided at',
};

/**
 * What a correction changed, readable: its `changes` JSON ({ field: [old, new] }, src-main/workstation/mar/correct.ts)
 * as "dose given: 2 tablets → 1 tablet; time given: 11:30 AM → 11:40 AM" (instants in the school's zone).
 */
export function correctionText(kind: 'CORRECTION' | 'VOID', changesJson: string, tz: string): string {
  let changes: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(changesJson);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) changes = parsed as Record<string, unknown>;
  } catch {
    // unreadable: the kind says enough
  }
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '(none)';
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)) ? timeOf(s, tz) : s;
  };
  const parts = Object.entries(changes).flatMap(([field, v]) =>
    Array.isArray(v) && v.length === 2 ? [`${FIELD_LABEL[field] ?? field}: ${show(v[0])} → ${show(v[1])}`] : [],
  );
  return parts.length > 0 ? parts.join('; ') : kind === 'VOID' ? 'voided' : 'corrected';
}

/** Initials per person, unique on the sheet ("NN", then "NN2" for a second Nora Nightingale-like name). */
export function initialsKey(people: readonly { first: string; last: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Map<string, number>();
  for (const p of people) {
    const name = `${p.first} ${p.last}`.trim();
    if (out.has(name)) continue;
    const base = `${[...p.first][0] ?? ''}${[...p.last][0] ?? ''}`.toUpperCase() || '?';
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.set(name, n === 1 ? base : `${base}${n}`);
  }
  return out;
}

const personName = (p: { first: string; last: string }) => `${p.first} ${p.last}`.trim();

/** The grid: one row per scheduled order and time, one column per day of the month. */
export function marGrid(input: MarSheetInput, initials: ReadonlyMap<string, string>) {
  const tz = input.print.timeZone;
  const days = monthDays(input.month);
  const corrected = new Set(input.corrections.map((c) => c.administrationId));
  // the record of each scheduled dose: order|date|HH:MM; a void is replaced by a later record of the same dose
  const records = new Map<string, MarAdministration>();
  for (const a of input.administrations) {
    if (!a.orderId || !a.scheduledFor) continue;
    const ms = Date.parse(a.scheduledFor);
    const key = `${a.orderId}|${localDate(ms, tz)}|${localTime(ms, tz)}`;
    const had = records.get(key);
    if (!had || (had.voided && !a.voided) || (had.voided === a.voided && a.recordedAt > had.recordedAt))
      records.set(key, a);
  }
  const rows: Record<string, Cell>[] = [];
  for (const o of input.orders) {
    if (o.prn) continue;
    for (const t of [...o.scheduleTimes].sort()) {
      const row: Record<string, Cell> = { dose: `${o.medication} ${o.dose} ${o.route} · ${clockTime(t)}` };
      for (const d of days) {
        const key = d.slice(8);
        if (d < o.startDate || (o.endDate !== null && d > o.endDate)) {
          row[key] = NOT_ORDERED;
          continue;
        }
        const a = records.get(`${o.id}|${d}|${t}`);
        if (!a) row[key] = '';
        else {
          const mark = a.voided
            ? VOID_CODE
            : a.status === 'GIVEN'
              ? (a.by ? initials.get(personName(a.by)) : undefined) ?? 'G'
              : MAR_CODES[a.status];
          row[key] = corrected.has(a.id) && !a.voided ? `${mark}${CORRECTED_MARK}` : mark;
        }
      }
      rows.push(row);
    }
  }
  return { days, rows };
}

/** The month in two halves (1–15, 16–end), one grid each, so a cell holds initials and a mark. */
export const halves = (days: readonly string[]): string[][] => [days.slice(0, 15), days.slice(15)];

export function buildMarSheet(input: MarSheetInput): ReportDocument {
  const tz = input.print.timeZone;
  const people = [
    ...input.administrations.flatMap((a) => (a.by ? [a.by] : [])),
    ...input.corrections.map((c) => c.by),
  ];
  const initials = initialsKey(people);
  const { days, rows } = marGrid(input, initials);
  const orders = new Map(input.orders.map((o) => [o.id, o]));
  const unscheduled = input.administrations
    .filter((a) => !a.scheduledFor || (a.orderId !== null && orders.get(a.orderId)?.prn === true))
    .sort((a, b) => (a.administeredAt ?? a.recordedAt).localeCompare(b.administeredAt ?? b.recordedAt));
  const byId = new Map(input.administrations.map((a) => [a.id, a]));
  const when = (iso: string) => `${day(localDate(Date.parse(iso), tz))} ${timeOf(iso, tz)}`;
  return {
    ...printFields(input.print),
    title: 'Medication Administration Record',
    subtitle: `${studentLine(input.student)} · ${monthTitle(input.month)}`,
    orientation: 'LANDSCAPE',
    archival: true,
    subject: `Medication administration record of ${input.student.name}, ${input.month}`,
    keywords: ['MAR', input.month, input.student.studentNumber],
    blocks: [
      {
        kind: 'keyValues',
        rows: [
          { label: 'Student', value: input.student.name },
          { label: 'Date of birth', value: day(input.student.birthDate) },
          { label: 'Allergies', value: input.allergies.length > 0 ? input.allergies.join('; ') : 'None known' },
        ],
      },
      {
        kind: 'table',
        caption: 'Orders',
        columns: [
          { key: 'medication', title: 'Medication', width: 2.4 },
          { key: 'dose', title: 'Dose and route', width: 1.4 },
          { key: 'when', title: 'Times', width: 2 },
          { key: 'dates', title: 'Dates', width: 1.8 },
          { key: 'prescriber', title: 'Prescriber', width: 1.4 },
          { key: 'status', title: 'Status', width: 0.9 },
        ],
        rows: input.orders.map((o) => ({
          medication: o.medication,
          dose: `${o.dose} ${o.route}`,
          when: o.prn
            ? `PRN${o.prnInstructions ? `: ${o.prnInstructions}` : ''}`
            : o.scheduleTimes.map(clockTime).join(', '),
          dates: `${day(o.startDate)} – ${o.endDate ? day(o.endDate) : 'ongoing'}`,
          prescriber: o.prescriber ?? '',
          status: words(o.status),
        })),
        emptyText: `No medication orders in ${monthTitle(input.month)}.`,
      },
      ...halves(days).map((part) => ({
        kind: 'table' as const,
        caption: `Scheduled doses, ${monthTitle(input.month)}, days ${Number(part[0]!.slice(8))}–${Number(part[part.length - 1]!.slice(8))}`,
        columns: [
          { key: 'dose', title: 'Medication · time', width: 5 },
          ...part.map((d) => ({
            key: d.slice(8),
            title: `${weekday(d).slice(0, 2)} ${Number(d.slice(8))}`,
            width: 1,
            align: 'center' as const,
          })),
        ],
        rows,
        emptyText: 'No scheduled doses this month.',
      })),
      {
        kind: 'paragraph',
        text: `Initials: given by. ${Object.entries(MAR_CODES)
          .map(([s, c]) => `${c} ${words(s).toLowerCase()}`)
          .join(', ')}, ${VOID_CODE} voided, ${CORRECTED_MARK} corrected (see corrections), ${NOT_ORDERED} not ordered that day; blank: nothing recorded.`,
        emphasis: 'muted',
      },
      {
        kind: 'keyValues',
        rows: [...initials].map(([name, i]) => ({ label: i, value: name })),
      },
      {
        kind: 'table',
        caption: 'PRN and unscheduled doses',
        columns: [
          { key: 'when', title: 'Date and time', width: 1.5 },
          { key: 'medication', title: 'Medication', width: 2.2 },
          { key: 'dose', title: 'Dose', width: 1 },
          { key: 'status', title: 'Status', width: 1 },
          { key: 'by', title: 'By', width: 1.2 },
          { key: 'note', title: 'Note', width: 2.6 },
        ],
        rows: unscheduled.map((a) => ({
          when: when(a.administeredAt ?? a.recordedAt),
          medication: a.medication,
          dose: [a.doseGiven, a.route].filter((x) => x).join(' '),
          status: a.voided ? 'Voided' : words(a.status),
          by: a.by ? personName(a.by) : '',
          note: a.reasonNotGiven ?? a.notes ?? '',
        })),
        emptyText: 'No PRN or unscheduled doses this month.',
      },
      {
        kind: 'table',
        caption: 'Corrections and voids',
        columns: [
          { key: 'when', title: 'Recorded', width: 1.5 },
          { key: 'dose', title: 'Dose', width: 2.2 },
          { key: 'kind', title: 'Kind', width: 0.9 },
          { key: 'changes', title: 'What changed', width: 2.2 },
          { key: 'reason', title: 'Reason', width: 2 },
          { key: 'by', title: 'By', width: 1.2 },
        ],
        rows: [...input.corrections]
          .sort((a, b) => a.at.localeCompare(b.at))
          .map((c) => {
            const a = byId.get(c.administrationId);
            const at = a?.scheduledFor ?? a?.administeredAt ?? null;
            return {
              when: when(c.at),
              dose: a ? `${a.medication}${at ? `, ${when(at)}` : ''}` : '',
              kind: words(c.kind),
              changes: c.changes,
              reason: c.reason,
              by: personName(c.by),
            };
          }),
        emptyText: 'No corrections or voids this month.',
      },
      { kind: 'spacer', points: 12 },
      { kind: 'signatureLine', label: 'School nurse' },
    ],
  };
}
