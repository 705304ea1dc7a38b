import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReportFonts } from '../../../server-sync/reports/fonts';
import { generateSigningCertificate, renderReport, type ReportSigner } from '../../../src-shared/reports/pdf';
import { pdfInfo, pdfPages, pdfSig, pdfToPng, preflight, qpdfCheck, writePdf } from '../../support/pdf-tools';
import { NAMES, chartDocument, visitLogDocument, visitRows } from '../../support/report-samples';

/**
 * Archival reports as PDF/A-1b (Apache PDFBox preflight), district reports signed (PKCS#7 detached: poppler's
 * pdfsig verifies, a changed byte fails), both at once, and the charts drawn from the numbers of the table beside.
 */
const fonts = loadReportFonts();
let signer: ReportSigner;

beforeAll(() => {
  const cert = generateSigningCertificate({
    commonName: 'Springfield Public Schools',
    organization: 'Springfield Public Schools',
    days: 365,
    notBefore: new Date('2026-01-01T00:00:00Z'),
  });
  signer = {
    ...cert,
    name: 'Springfield Public Schools',
    reason: 'District report',
    location: 'Springfield',
  };
});

describe('the signing certificate', () => {
  it('is a self-signed RSA 2048 certificate for digital signatures, valid for the days asked', () => {
    const cert = forge.pki.certificateFromPem(signer.certificatePem);
    const key = forge.pki.privateKeyFromPem(signer.privateKeyPem);
    expect(key.n.bitLength()).toBe(2048);
    expect(cert.verify(cert)).toBe(true);
    expect((cert.subject.getField('CN') as { value: string }).value).toBe('Springfield Public Schools');
    expect(cert.validity.notAfter.getTime() - cert.validity.notBefore.getTime()).toBe(365 * 86_400_000);
    expect(cert.getExtension('keyUsage')).toMatchObject({ digitalSignature: true, nonRepudiation: true });
  });

  it('refuses bad parameters, naming them', () => {
    expect(() => generateSigningCertificate({ commonName: ' ', organization: 'X', days: 30 })).toThrow(
      /commonName/,
    );
    expect(() => generateSigningCertificate({ commonName: 'X', organization: 'X', days: 0 })).toThrow(/days/);
  });
});

describe('archival and signed reports', () => {
  it('an archival report passes PDF/A-1b preflight; the same report not archival does not', async () => {
    const rows = visitRows(60);
    const archival = await renderReport(
      visitLogDocument(rows, { archival: true, title: 'Immunization Record' }),
      fonts,
    );
    const f = writePdf(archival.bytes, 'archival');
    const result = preflight(f);
    expect(result.valid, result.output).toBe(true);
    expect(qpdfCheck(f).ok).toBe(true);
    expect(pdfInfo(f).version).toBe('1.4');
    const plain = await renderReport(visitLogDocument(rows, { title: 'Immunization Record' }), fonts);
    expect(preflight(writePdf(plain.bytes, 'not-archival')).valid).toBe(false);
  });

  it('a signed report verifies with pdfsig, and fails after one changed byte', async () => {
    const r = await renderReport(visitLogDocument(visitRows(30)), fonts, { signer });
    const f = writePdf(r.bytes, 'signed');
    const sig = pdfSig(f);
    expect(sig.valid, sig.output).toBe(true);
    expect(sig.output).toContain('adbe.pkcs7.detached');
    expect(sig.output).toContain('Total document signed');
    expect(qpdfCheck(f).ok).toBe(true);
    // one byte inside the first page's content stream (covered by the byte range)
    const text = Buffer.from(r.bytes).toString('latin1');
    const at = text.indexOf('stream\n', text.indexOf('/Contents ')) + 20;
    const tampered = new Uint8Array(r.bytes);
    tampered[at] = tampered[at]! ^ 0x01;
    const bad = pdfSig(writePdf(tampered, 'signed-tampered'));
    expect(bad.valid).toBe(false);
    expect(bad.output).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('a signed archival report is both valid PDF/A-1b and validly signed', async () => {
    const r = await renderReport(visitLogDocument(visitRows(30), { archival: true }), fonts, { signer });
    const f = writePdf(r.bytes, 'signed-archival');
    const pf = preflight(f);
    expect(pf.valid, pf.output).toBe(true);
    expect(pdfSig(f).valid).toBe(true);
    const all = pdfPages(f).join('\n');
    for (const n of NAMES) expect(all).toContain(n);
  });
});

describe('charts', () => {
  it('draws bar, line and epidemic-curve charts with the numbers of the table beside them (A4 landscape)', async () => {
    const doc = chartDocument();
    const r = await renderReport(doc, fonts);
    const f = writePdf(r.bytes, 'charts');
    expect(qpdfCheck(f).ok).toBe(true);
    expect(pdfInfo(f).pageSize).toContain('841.89 x 595.28');
    const pages = pdfPages(f, false);
    const bar = doc.blocks[0];
    const epi = doc.blocks[3];
    if (bar?.kind !== 'chart' || epi?.kind !== 'chart') throw new Error('sample changed');
    // the bar chart is alone on page 1 (the table follows it): its value labels are its own numbers
    const words = (pages[0] ?? '').split(/\s+/);
    for (const s of bar.series)
      for (const v of s.values) expect(words, `${s.name} ${v}`).toContain(String(v));
    for (const c of bar.categories) expect(words).toContain(c);
    for (const s of bar.series) expect(pages[0]).toContain(s.name);
    const all = pages.join('\n');
    expect(all).toContain('Influenza-like illness by onset day');
    const sums = epi.categories.map((_, i) => epi.series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
    const epiPage = pages.find((p) => p.includes('Influenza-like illness')) ?? '';
    expect(epiPage.split(/\s+/)).toContain(String(Math.max(...sums)));
    const png = pdfToPng(f, 'charts', { first: 1, last: r.pageCount });
    expect(png.length).toBe(r.pageCount);
  });
});
