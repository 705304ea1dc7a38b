import { type PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { ReportDocument } from '../document';
import { srgbIccProfile } from './icc';

/**
 * PDF/A-1b for archival reports (checked with Apache PDFBox's preflight): PDF 1.4, an XMP metadata stream that
 * says pdfaid part 1 conformance B and repeats the Info dictionary (title, author, subject, keywords, creator tool,
 * producer, dates), an sRGB output intent, and (set by render.ts) the trailer ID and classic xref without object
 * streams. The engine draws nothing transparent and embeds every font it uses.
 */
export const CREATOR = 'White Cross';
export const PRODUCER = 'White Cross report engine (pdf-lib)';

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function xmpMetadata(doc: ReportDocument, created: Date): string {
  const when = isoSeconds(created);
  const subject = doc.subject
    ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(doc.subject)}</rdf:li></rdf:Alt></dc:description>`
    : '';
  const keywords =
    doc.keywords && doc.keywords.length > 0
      ? `<pdf:Keywords>${xml(doc.keywords.join(' '))}</pdf:Keywords>`
      : '';
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(doc.title)}</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>${xml(doc.organization)}</rdf:li></rdf:Seq></dc:creator>${subject}</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>${when}</xmp:CreateDate><xmp:ModifyDate>${when}</xmp:ModifyDate><xmp:MetadataDate>${when}</xmp:MetadataDate><xmp:CreatorTool>${CREATOR}</xmp:CreatorTool></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${PRODUCER}</pdf:Producer>${keywords}</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

export function applyPdfA(pdf: PDFDocument, doc: ReportDocument, created: Date): void {
  const metadata = pdf.context.stream(new TextEncoder().encode(xmpMetadata(doc, created)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(metadata));
  const icc = pdf.context.flateStream(srgbIccProfile(), { N: 3 });
  const intent = pdf.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: pdf.context.register(icc),
  });
  pdf.catalog.set(PDFName.of('OutputIntents'), pdf.context.obj([intent]));
}

/**
 * pdf-lib always writes "%PDF-1.7"; PDF/A-1 is PDF 1.4 (and the file uses nothing newer: no object streams, no
 * cross-reference stream, no transparency). The version digit is overwritten in place (no offset moves).
 */
export function setHeaderVersion14(bytes: Uint8Array): void {
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  if (!head.startsWith('%PDF-1.')) throw new Error('not a PDF header');
  bytes[7] = 0x34;
}
