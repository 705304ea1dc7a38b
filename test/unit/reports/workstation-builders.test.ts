import { describe, expect, it } from 'vitest';
import type { Block, ReportDocument } from '../../../src-shared/reports/document';
import { renderReport } from '../../../src-shared/reports/pdf';
import {
  buildEmergencyCard,
  buildExcuseNote,
  buildHealthSummary,
  buildImmunizationRecord,
  buildMarSheet,
  buildVisitLog,
  CARD_LIMITS,
  dispositionOf,
  initialsKey,
  marGrid,
} from '../../../src-shared/reports/workstation';
import { loadReportFonts } from '../../../src-main/workstation/reports/fonts';
import { pdfPages, qpdfCheck, writePdf } from '../../support/pdf-tools';
import {
  healthRows,
  immunizationRows,
  marRows,
  NAMES,
  print,
  visitRows,
} from '../../support/workstation-report-rows';
import { timeIn } from '../../../src-shared/time';

/** The workstation report builders as data: rows in, a ReportDocument out (counts, order, times, limits). */

type Table = Extract<Block, { kind: 'table' }>;
const tables = (d: ReportDocument): Table[] => d.blocks.filter((b): b is Table => b.kind === 'table');
const table = (d: ReportDocument, caption: string): Table => {
  const t = tables(d).find((x) => x.caption?.startsWith(caption));
  if (!t) throw new Error(`no table ${caption}`);
  return t;
};
const keyValue = (d: ReportDocument, label: string): string | undefined =>
  d.blocks.flatMap((b) => (b.kind === 'keyValues' ? b.rows : [])).find((r) => r.label === label)?.value;
const paragraphs = (d: ReportDocument) => d.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));

describe('visit log', () => {
  const visits = visitRows('2026-12-07', 45);
  const doc = buildVisitLog({ print, date: '2026-12-07', visits: [...visits].reverse() });

  it('lists every visit in arrival order with its times in the school zone', () => {
    const t = tables(doc)[0]!;
    expect(t.rows).toHaveLength(visits.length);
    expect(t.rows.map((r) => r.student)).toEqual(visits.map((v) => v.studentName));
    expect(t.rows[0]!.arrived).toBe(timeIn(Date.parse(visits[0]!.arrivedAt), print.timeZone));
    expect(t.rows[0]!.arrived).toBe('8:00 AM');
    expect(doc.orientation).toBe('LANDSCAPE');
    expect(doc.archival).toBe(false);
  });

  it('totals from the rows', () => {
    const sentHome = visits.filter((v) => dispositionOf(v) === 'Sent home').length;
    const emergencies = visits.filter((v) => v.disposition === 'EMERGENCY_TRANSPORT').length;
    expect(sentHome).toBeGreaterThan(0);
    expect(keyValue(doc, 'Visits')).toBe(String(visits.length));
    expect(keyValue(doc, 'Sent home')).toBe(String(sentHome));
    expect(keyValue(doc, 'Emergency transport')).toBe(String(emergencies));
    expect(keyValue(doc, 'Class time missed')).toBe(`${visits.reduce((s, v) => s + v.minutesMissed, 0)} min`);
  });

  it('an empty day says so', () => {
    const empty = buildVisitLog({ print, date: '2026-12-06', visits: [] });
    expect(tables(empty)[0]!.rows).toHaveLength(0);
    expect(tables(empty)[0]!.emptyText).toBe('No clinic visits on Dec 6, 2026.');
  });

  it('renders 150 visits across pages, none lost, every page with its header', async () => {
    const many = visitRows('2026-12-07', 150);
    const out = await renderReport(buildVisitLog({ print, date: '2026-12-07', visits: many }), loadReportFonts());
    const file = writePdf(out.bytes, 'visit-log-150');
    expect(qpdfCheck(file).ok).toBe(true);
    const pages = pdfPages(file);
    expect(pages.length).toBe(out.pageCount);
    expect(out.pageCount).toBeGreaterThan(3);
    for (const p of pages) expect(p).toContain('Seen by');
    // every visit's row once, in order, on a line with its student's name (pdftotext puts an Arabic run first)
    const lines = pages.flatMap((p) => [...p.matchAll(/^\s*(\d+)\s+\d{1,2}:\d{2} [AP]M(.*)$/gm)]);
    expect(lines.map((m) => Number(m[1]))).toEqual(many.map((_, i) => i + 1));
    lines.forEach((m, i) => {
      const name = NAMES[i % NAMES.length]!;
      expect(m[2], many[i]!.studentName).toContain(name);
      expect(m[2]).toMatch(new RegExp(`${name}\\s*${i + 1}\\b`));
    });
  }, 60_000);
});

describe('health summary and emergency card', () => {
  it('the summary: allergies by severity, emergency contacts first, the epinephrine warning', () => {
    const input = healthRows();
    const doc = buildHealthSummary(input);
    expect(tables(doc)[0]!.rows.map((r) => r.severity)).toEqual(['Life threatening', 'Severe']);
    const contacts = tables(doc)[3]!.rows;
    expect(contacts.map((r) => r.name)).toEqual(['Nguyễn Thị Hoa', 'محمد علي', 'José Ñúñez']);
    expect(contacts[1]!.phones).toBe('(555) 010-2000 / (555) 010-2001');
    expect(paragraphs(doc).some((p) => p.includes('EPINEPHRINE'))).toBe(true);
    expect(tables(doc)[2]!.rows.map((r) => r.when)).toEqual([
      'As needed: Wheezing or shortness of breath',
      '11:30 AM',
    ]);
  });

  it('the card keeps to its limits and says how many more there are', () => {
    const input = healthRows(8);
    const card = buildEmergencyCard(input);
    expect(table(card, 'Allergies').rows).toHaveLength(CARD_LIMITS.allergies);
    expect(table(card, 'Call').rows).toHaveLength(CARD_LIMITS.contacts);
    expect(paragraphs(card)).toContain(
      `${input.allergies.length - CARD_LIMITS.allergies} more allergies: see the full health summary.`,
    );
    expect(paragraphs(card)).toContain(
      `${input.contacts.length - CARD_LIMITS.contacts} more contacts: see the full health summary.`,
    );
    for (const r of table(card, 'Conditions').rows) expect(String(r.plan).length).toBeLessThanOrEqual(CARD_LIMITS.plan);
  });

  it('the card of a student with long lists renders on one page', async () => {
    const out = await renderReport(buildEmergencyCard(healthRows(12)), loadReportFonts());
    expect(out.pageCount).toBe(1);
  }, 30_000);
});

describe('MAR sheet', () => {
  const input = marRows();
  const initials = initialsKey([
    ...input.administrations.flatMap((a) => (a.by ? [a.by] : [])),
    ...input.corrections.map((c) => c.by),
  ]);
  const { days, rows } = marGrid(input, initials);

  it('initials are unique per person', () => {
    expect([...initials]).toEqual([
      ['Nora Nightingale', 'NN'],
      ['Ned Norris', 'NN2'],
    ]);
  });

  it('one row per scheduled order and time, one column per day; codes, voids replaced, corrections marked', () => {
    expect(days).toHaveLength(31);
    expect(rows.map((r) => r.dose)).toEqual([
      'Methylphenidate 10 mg tablet 1 tablet oral · 11:30 AM',
      'Amoxicillin 250 mg capsule 1 capsule oral · 8:00 AM',
      'Amoxicillin 250 mg capsule 1 capsule oral · 1:00 PM',
    ]);
    const m = rows[0]!;
    expect([m['01'], m['02'], m['03'], m['04'], m['05'], m['07'], m['08']]).toEqual(['NN', 'NN2', 'R', 'NN*', '', 'NN2', 'M']);
    // the amoxicillin order ended on Dec 5
    expect(rows[1]!['01']).toBe('NN');
    expect(rows[1]!['06']).toBe('–');
  });

  it('is archival, with PRN doses and every correction and void', () => {
    const doc = buildMarSheet(input);
    expect(doc.archival).toBe(true);
    expect(table(doc, 'PRN').rows).toEqual([
      expect.objectContaining({ medication: 'Albuterol HFA inhaler', dose: '2 puffs inhaled', note: 'Wheezing after recess' }),
    ]);
    expect(table(doc, 'Corrections').rows.map((r) => r.kind)).toEqual(['Correction', 'Void']);
    expect(tables(doc).filter((t) => t.caption?.startsWith('Scheduled doses'))).toHaveLength(2);
  });
});

describe('excuse note', () => {
  const base = {
    print,
    student: { name: NAMES[2], grade: '4', homeroom: '7' },
    arrivedAt: '2026-12-07T17:45:00Z',
    returnedAt: '2026-12-07T18:10:00Z',
    departedAt: null,
    sentHome: false,
    missed: [{ period: '3', subject: 'Math', minutes: 25 }],
    nurse: 'Nora Nightingale',
  };
  it('times in the school zone, the class time missed, nothing clinical', () => {
    const doc = buildExcuseNote(base);
    expect(paragraphs(doc)[0]).toBe(
      'Алексей Смирнов was seen in the health office on Dec 7, 2026 from 9:45 AM to 10:10 AM. The student returned to class.',
    );
    const ny = buildExcuseNote({ ...base, print: { ...print, timeZone: 'America/New_York' } });
    expect(paragraphs(ny)[0]).toContain('from 12:45 PM to 1:10 PM');
    expect(tables(doc)[0]!.rows).toEqual([{ period: '3', subject: 'Math', minutes: 25 }]);
  });
});

describe('immunization record', () => {
  it('valid doses per vaccine (a same-day duplicate counted once), status and what is due', () => {
    const doc = buildImmunizationRecord(immunizationRows());
    expect(doc.archival).toBe(true);
    const req = table(doc, 'Required vaccines').rows;
    expect(req[0]).toEqual({
      vaccine: 'DTaP',
      dates: 'Apr 1, 2019, Jun 3, 2019',
      counted: '2 of 5',
      status: 'Overdue',
      due: 'overdue since Jul 1, 2019',
    });
    expect(req[1]!.due).toBe('due Feb 1, 2027');
    expect(req[2]!.status).toBe('Exempt');
    expect(table(doc, 'Other vaccines').rows).toEqual([{ vaccine: 'HepA', dates: 'Feb 10, 2020' }]);
    expect(table(doc, 'Doses on record').rows).toHaveLength(5);
    expect(paragraphs(doc)[0]).toBe('1 required vaccine is overdue, 1 due.');
  });
});
