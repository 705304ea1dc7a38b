import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, PDFArray } from 'pdf-lib';
import type { ReportDocument } from '../document';
import { layoutBlocks } from './blocks';
import { FaceSet } from './faces';
import { Flow } from './flow';
import { sha256Hex } from './hash';
import { MUTED, TEXT } from './ops';
import { nameSubsets, paint } from './paint';
import { applyPdfA, PRODUCER, CREATOR, setHeaderVersion14 } from './pdfa';
import { addSignaturePlaceholder, signPlaceholder } from './sign';
import type { RenderOptions, RenderedReport, ReportFonts } from './types';
import { checkReportDocument } from './validate';

/**
 * renderReport: lays the document out on pages (header and footer on each), paints it with pdf-lib and subset
 * fonts, makes it PDF/A-1b when the document is archival, and signs it when a signer is given. Pure: the same
 * document, fonts and signer give the same bytes.
 */
export async function renderReport(
  doc: ReportDocument,
  fonts: ReportFonts,
  options: RenderOptions = {},
): Promise<RenderedReport> {
  checkReportDocument(doc);
  const faces = new FaceSet(fonts);
  const flow = new Flow(faces, doc);
  flow.paragraph(doc.title, { size: 16, weight: 'bold' }, TEXT);
  if (doc.subtitle) {
    flow.y -= 1;
    flow.paragraph(doc.subtitle, { size: 10, weight: 'regular' }, MUTED);
  }
  flow.y -= 10;
  layoutBlocks(flow, doc.blocks);
  flow.footers();

  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const painted = await paint(pdf, faces, flow.pages, [flow.width, flow.height]);
  const created = new Date(Math.floor(doc.createdAt.getTime() / 1000) * 1000);
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setAuthor(doc.organization);
  if (doc.subject) pdf.setSubject(doc.subject);
  if (doc.keywords && doc.keywords.length > 0) pdf.setKeywords([...doc.keywords]);
  pdf.setCreator(CREATOR);
  pdf.setProducer(PRODUCER);
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);
  pdf.setLanguage('en-US');
  // the document ID (two identical byte strings for a new file): a digest of what identifies this report
  const id = sha256Hex(
    new TextEncoder().encode(
      JSON.stringify([
        doc.title,
        doc.organization,
        doc.printedAt,
        doc.printedBy,
        created.toISOString(),
        flow.pages.length,
      ]),
    ),
  ).slice(0, 32);
  pdf.context.trailerInfo.ID = PDFArray.withContext(pdf.context);
  (pdf.context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id));
  (pdf.context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id));
  if (doc.archival) applyPdfA(pdf, doc, created);
  const placeholder = options.signer ? addSignaturePlaceholder(pdf, options.signer, created) : undefined;
  await pdf.flush();
  nameSubsets(pdf, painted);
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseNone'));
  let bytes = await pdf.save({
    useObjectStreams: false,
    updateFieldAppearances: false,
    addDefaultPage: false,
  });
  if (doc.archival) setHeaderVersion14(bytes);
  if (options.signer && placeholder) bytes = signPlaceholder(bytes, options.signer, created, placeholder);
  return { bytes, pageCount: flow.pages.length, sha256: sha256Hex(bytes) };
}
