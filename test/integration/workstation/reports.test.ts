import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import type { ReportPrinter } from '../../../src-main/workstation/reports';
import type { ReportRequest } from '../../../src-shared/ipc/reports';
import { calendarDate, localDate } from '../../../src-shared/time';
import { pdfFonts, pdfInfo, pdfPages, pdfToPng, preflight, qpdfCheck, writePdf } from '../../support/pdf-tools';
import { seedReportStudents, type ReportStudents } from './reports-support';
import { enrollAndSync, makeCore, PASSWORD, refusal, startDistrict, tempDir, TZ, type District } from './support';

/**
 * The workstation's reports on a real core synced from a real district server, offline: each rendered through
 * reports.render and read back (pdftotext finds the names and numbers of the data, rows across pages, qpdf --check,
 * embedded subset fonts, PDFBox preflight for the archival MAR sheet and immunization record), the first page to PNG
 * (test-output/reports/), each print audited; emergency access prints the card only; reports.print hands the PDF to
 * the shell's printer.
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };
let s: ReportStudents;
const printed: { bytes: Uint8Array; title: string; fileName: string }[] = [];
const printer: ReportPrinter = {
  print: (pdf) => {
    printed.push(pdf);
    return Promise.resolve(true);
  },
};
const sqlite = () => core.internals.context()!.sqlite;
const recent = (ms: number) => new Date(Date.now() - ms).toISOString();

async function render(req: ReportRequest, name: string) {
  const r = await core.call('reports.render', req);
  const bytes = Buffer.from(r.pdfBase64, 'base64');
  const file = writePdf(bytes, name);
  const check = qpdfCheck(file);
  expect(check.ok, check.output).toBe(true);
  const fonts = pdfFonts(file);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, subset: true, unicode: true });
  expect(pdfInfo(file).pages).toBe(r.pageCount);
  expect(pdfToPng(file, `workstation-${name}`).length).toBeGreaterThan(0);
  const pages = pdfPages(file);
  return { r, file, pages, text: pages.join('\n') };
}

const lastPrint = () =>
  sqlite()
    .prepare(`SELECT action, table_name, record_id, user_id, details FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
    .get() as { action: string; table_name: string; record_id: string | null; user_id: string | null; details: string };

beforeAll(async () => {
  d = await startDistrict();
  s = await seedReportStudents(d);
  tmp = tempDir('wc-reports-');
  core = await makeCore(tmp.dir, { reportPrinter: printer });
  await enrollAndSync(core, d);
  // offline from here: every report renders from the local records
  await d.stop();
}, 60_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('the day’s visit log', () => {
  const visits: { arrivedAt: string; name: string; minutes: number; sentHome: boolean }[] = [];

  it('prints every visit of the day across pages, with the totals', async () => {
    const students = [...Object.entries(s.ids), ['ana', d.students.ana!], ['ben', d.students.ben!]] as const;
    const names: Record<string, string> = { ...s.names, ana: 'Ana Diaz', ben: 'Benjamin Okafor' };
    for (let i = 0; i < 36; i++) {
      const [key, studentId] = students[i % students.length]!;
      const arrivedAt = recent((40 - i) * 15_000);
      const sentHome = i % 9 === 4;
      const minutes = 5 + (i % 5) * 5;
      await core.call('clinicVisits.create', {
        studentId,
        arrivedAt,
        reasonId: i % 2 ? d.reasons.headache : d.reasons.fever,
        triage: 'ROUTINE',
        complaint: `Complaint number ${i + 1}`,
        treatment: 'Rest',
        sentHome,
        classTimeMissed: { period: '2', subject: 'Math', minutes },
        ...(sentHome ? { departedAt: recent((40 - i) * 15_000 - 5_000) } : {}),
      });
      visits.push({ arrivedAt, name: names[key]!, minutes, sentHome });
    }
    const date = localDate(Date.parse(visits[visits.length - 1]!.arrivedAt), TZ);
    const today = visits.filter((v) => localDate(Date.parse(v.arrivedAt), TZ) === date);
    const { r, pages, text } = await render({ report: 'visitLog', date }, 'visit-log');
    expect(r.pageCount).toBeGreaterThan(1);
    expect(r.fileName).toBe(`visit-log_ALPHA_${date}.pdf`);
    expect(text).toContain(calendarDate(date));
    for (const p of pages) expect(p).toContain('Seen by');
    const rows = pages.flatMap((p) => [...p.matchAll(/^\s*(\d+)\s+\d{1,2}:\d{2} [AP]M(.*)$/gm)]);
    expect(rows.map((m) => Number(m[1]))).toEqual(today.map((_, i) => i + 1));
    rows.forEach((m, i) => expect(m[2]).toContain(today[i]!.name));
    expect(text).toMatch(new RegExp(`Visits\\s+${today.length}\\b`));
    expect(text).toMatch(new RegExp(`Sent home\\s+${today.filter((v) => v.sentHome).length}\\b`));
    expect(text).toMatch(new RegExp(`Class time missed\\s+${today.reduce((n, v) => n + v.minutes, 0)} min`));
    for (const name of ['José Ñúñez', 'Nguyễn Thị Ánh', 'Алексей', '王小明', 'محمد']) expect(text).toContain(name);
    const audit = lastPrint();
    expect(audit).toMatchObject({ action: 'PRINT', table_name: 'clinic_visits', user_id: d.nurse.id });
    expect(JSON.parse(audit.details)).toMatchObject({ report: 'visitLog', date, sha256: r.sha256, pages: r.pageCount });
  }, 120_000);

  it('an empty day says so', async () => {
    const { text } = await render({ report: 'visitLog', date: '2020-01-06' }, 'visit-log-empty');
    expect(text).toContain('No clinic visits on Jan 6, 2020.');
  });
});

describe('health summary and emergency card', () => {
  it('prints allergies, conditions and plans, medications, guardians with phones', async () => {
    const { text, r } = await render({ report: 'healthSummary', studentId: s.ids.anh }, 'health-summary');
    expect(r.archival).toBe(false);
    expect(text).toContain('Nguyễn Thị Ánh');
    expect(text).toContain('Bee sting');
    expect(text).toContain('Life threatening');
    expect(text).toContain('EPINEPHRINE');
    expect(text).toContain('Albuterol 2 puffs before PE');
    const g = s.guardians.find((x) => x.student === 'anh')!;
    expect(text).toContain(g.name);
    expect(text).toContain(g.phone);
    const audit = lastPrint();
    expect(audit).toMatchObject({ action: 'PRINT', table_name: 'students', record_id: s.ids.anh });
    expect(JSON.parse(audit.details)).toMatchObject({ report: 'healthSummary', studentId: s.ids.anh });
  });

  it('the emergency card is one page', async () => {
    const { r, text } = await render({ report: 'emergencyCard', studentId: d.students.ben! }, 'emergency-card');
    expect(r.pageCount).toBe(1);
    expect(text).toContain('Benjamin Okafor');
    expect(text).toContain('Peanut');
  });
});

describe('monthly MAR sheet', () => {
  it('grids the month’s doses with initials, PRN doses and corrections; PDF/A', async () => {
    const dose = (await core.call('mar.today', {})).find((x) => x.studentMedicationId === d.orders.benAcetaminophen)!;
    const { id } = await core.call('mar.record', {
      studentMedicationId: d.orders.benAcetaminophen,
      scheduledAt: dose.scheduledAt,
      status: 'GIVEN',
    });
    await core.call('mar.correct', { administrationId: id, note: 'Taken with water', reason: 'Note left out' });
    const month = localDate(Date.now(), TZ).slice(0, 7);
    const { r, file, text } = await render(
      { report: 'marSheet', studentId: d.students.ben!, month },
      'mar-sheet',
    );
    expect(r.archival).toBe(true);
    const pf = preflight(file);
    expect(pf.valid, pf.output).toBe(true);
    expect(text).toContain('Benjamin Okafor');
    expect(text).toContain('Acetaminophen 325 mg tablet');
    expect(text).toContain('NN*');
    expect(text).toMatch(/NN\s+Nora Nightingale/);
    expect(text).toContain('Note left out');
    expect(text).toContain('note: (none) → Taken with water');
    expect(JSON.parse(lastPrint().details)).toMatchObject({ report: 'marSheet', month, studentId: d.students.ben! });
  });

  it('a PRN dose given at a visit is in the PRN table', async () => {
    await core.call('clinicVisits.create', {
      studentId: s.ids.jose,
      arrivedAt: recent(60_000),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Headache',
      medications: [
        {
          medicationId: d.meds.ibuprofen,
          studentMedicationId: s.joseIbuprofen,
          dose: '1 tablet',
          route: 'oral',
          givenAt: recent(30_000),
        },
      ],
    });
    const month = localDate(Date.now() - 30_000, TZ).slice(0, 7);
    const { text } = await render({ report: 'marSheet', studentId: s.ids.jose, month }, 'mar-sheet-prn');
    expect(text).toContain('José Ñúñez');
    expect(text).toMatch(/PRN and unscheduled doses[\s\S]*Ibuprofen 200 mg tablet/);
  });
});

describe('excuse note and immunization record', () => {
  it('the excuse note says when, in the school’s zone, and marks the visit', async () => {
    const { visitId } = await core.call('clinicVisits.create', {
      studentId: s.ids.alexei,
      arrivedAt: recent(20 * 60_000),
      reasonId: d.reasons.fever,
      triage: 'ROUTINE',
      complaint: 'Secret complaint text',
      returnedToClassAt: recent(5 * 60_000),
      classTimeMissed: { period: '3', subject: 'History', minutes: 15 },
    });
    const { text } = await render({ report: 'excuseNote', visitId }, 'excuse-note');
    expect(text).toContain('Алексей Смирнов');
    expect(text).toContain(`health office on ${calendarDate(localDate(Date.now() - 20 * 60_000, TZ))}`);
    expect(text).toMatch(/from \d{1,2}:\d{2} [AP]M to \d{1,2}:\d{2} [AP]M/);
    expect(text).toContain('History');
    expect(text).not.toContain('Secret complaint text');
    const v = sqlite().prepare(`SELECT excuse_note_generated AS g FROM clinic_visits WHERE id = ?`).get(visitId);
    expect(v).toEqual({ g: 1 });
  });

  it('the immunization record: valid doses (a same-day duplicate once), what is due; PDF/A', async () => {
    const { r, file, text } = await render({ report: 'immunizationRecord', studentId: s.ids.ming }, 'immunization-record');
    expect(r.archival).toBe(true);
    const pf = preflight(file);
    expect(pf.valid, pf.output).toBe(true);
    expect(text).toContain('王小明');
    expect(text).toContain('Certificate of Immunization');
    expect(text).toMatch(/MMR\s+Feb 20, 2021\s+1 of 2/);
    expect(text).toMatch(/Same-day duplicate:\s+counted once/);
  });
});

describe('bad input, access and the print dialog', () => {
  it('refuses a bad parameter naming it, and a student of no record', async () => {
    const e = await refusal(core.call('reports.render', { report: 'marSheet', studentId: d.students.ben!, month: '2026-13' }));
    expect([e.code, e.field]).toEqual(['VALIDATION', 'month']);
    const missing = await refusal(core.call('reports.render', { report: 'healthSummary', studentId: 'nope' }));
    expect([missing.code, missing.field]).toEqual(['NOT_FOUND', 'studentId']);
  });

  it('emergency access prints the emergency card, not the MAR sheet', async () => {
    await core.call('app.lock', {});
    await core.call('app.breakGlass', { reason: 'Anaphylaxis in room 12, need the card' });
    const card = await core.call('reports.render', { report: 'emergencyCard', studentId: s.ids.anh });
    expect(card.pageCount).toBe(1);
    expect(lastPrint()).toMatchObject({ action: 'PRINT', user_id: null, record_id: s.ids.anh });
    const e = await refusal(
      core.call('reports.render', { report: 'marSheet', studentId: s.ids.anh, month: '2026-01' }),
    );
    expect(e.code).toBe('FORBIDDEN');
    await core.call('app.unlock', { password: PASSWORD });
  });

  it('reports.print hands the PDF to the system print dialog and audits it', async () => {
    const r = await core.call('reports.print', { report: 'emergencyCard', studentId: s.ids.mohammed });
    expect(r).toMatchObject({ printed: true, pageCount: 1 });
    const pdf = printed[printed.length - 1]!;
    expect(pdf.title).toBe('Emergency Card');
    const text = pdfPages(writePdf(pdf.bytes, 'printed-card')).join('\n');
    expect(text).toContain('محمد');
    expect(JSON.parse(lastPrint().details)).toMatchObject({ report: 'emergencyCard', channel: 'print' });
  });
});
