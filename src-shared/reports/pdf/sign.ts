import forge from 'node-forge';
import { type PDFDocument, PDFArray, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { binaryString } from './hash';
import type { ReportSigner } from './types';

/**
 * PKCS#7 detached signatures (adbe.pkcs7.detached), as poppler's pdfsig and Acrobat verify them: a signature
 * dictionary with a /ByteRange and a zero-filled /Contents placeholder, an invisible signature field on page 1
 * (AcroForm, SigFlags 3); after saving, the byte range is written in place, the two ranges are signed with
 * node-forge (authenticated attributes contentType, messageDigest, signingTime) and the DER is written into the
 * placeholder as hex.
 */
const BYTE_RANGE_PLACEHOLDER = '**********';

export interface SignaturePlaceholder {
  /** Bytes reserved for the DER signature (the hex placeholder is twice as long). */
  readonly contentsBytes: number;
}

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

export function addSignaturePlaceholder(
  pdf: PDFDocument,
  signer: ReportSigner,
  at: Date,
): SignaturePlaceholder {
  // the signature's size does not depend on the signed bytes: measure it on a dry run, plus a margin
  const contentsBytes = pkcs7(signer, 'size probe', at).length + 64;
  const ctx = pdf.context;
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'adbe.pkcs7.detached',
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(contentsBytes * 2)),
    M: PDFString.of(pdfDate(at)),
    Name: PDFHexString.fromText(signer.name),
    Reason: PDFHexString.fromText(signer.reason),
    Location: PDFHexString.fromText(signer.location),
  });
  const page = pdf.getPage(0);
  const appearance = ctx.register(
    ctx.stream(new Uint8Array(0), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0] }),
  );
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of('District signature'),
      V: ctx.register(sig),
      Rect: [0, 0, 0, 0],
      F: 132, // Print and Locked
      P: page.ref,
      AP: { N: appearance },
    }),
  );
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? PDFArray.withContext(ctx);
  annots.push(widget);
  page.node.set(PDFName.of('Annots'), annots);
  const form = ctx.obj({ Fields: [widget], SigFlags: 3 });
  pdf.catalog.set(PDFName.of('AcroForm'), ctx.register(form));
  return { contentsBytes };
}

function pkcs7(signer: ReportSigner, data: string, at: Date): string {
  const cert = forge.pki.certificateFromPem(signer.certificatePem);
  const key = forge.pki.privateKeyFromPem(signer.privateKeyPem);
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(data);
  p7.addCertificate(cert);
  for (const pem of signer.chainPem ?? []) p7.addCertificate(forge.pki.certificateFromPem(pem));
  p7.addSigner({
    key,
    certificate: cert,
    digestAlgorithm: forge.pki.oids.sha256 ?? '2.16.840.1.101.3.4.2.1',
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType ?? '1.2.840.113549.1.9.3', value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest ?? '1.2.840.113549.1.9.4' },
      { type: forge.pki.oids.signingTime ?? '1.2.840.113549.1.9.5', value: at as unknown as string },
    ],
  });
  p7.sign({ detached: true });
  return forge.asn1.toDer(p7.toAsn1()).getBytes();
}

const latin1 = (bytes: Uint8Array) => binaryString(bytes);

/** Writes the byte range and the signature into a saved PDF that has the placeholder. */
export function signPlaceholder(
  bytes: Uint8Array,
  signer: ReportSigner,
  at: Date,
  ph: SignaturePlaceholder,
): Uint8Array {
  const text = latin1(bytes);
  const rangeStart = text.indexOf(`/ByteRange [ 0 /${BYTE_RANGE_PLACEHOLDER}`);
  if (rangeStart < 0) throw new Error('signature byte range placeholder not found');
  const rangeEnd = text.indexOf(']', rangeStart) + 1;
  const hexStart = text.indexOf(`<${'0'.repeat(ph.contentsBytes * 2)}>`);
  if (hexStart < 0) throw new Error('signature contents placeholder not found');
  const hexEnd = hexStart + ph.contentsBytes * 2 + 2;
  const range = [0, hexStart, hexEnd, bytes.length - hexEnd];
  const rangeText = `/ByteRange [${range.join(' ')}]`;
  const slot = rangeEnd - rangeStart;
  if (rangeText.length > slot) throw new Error('signature byte range does not fit its placeholder');
  const out = new Uint8Array(bytes);
  out.set(ascii(rangeText.padEnd(slot, ' ')), rangeStart);
  const signed = binaryString(out, 0, hexStart) + binaryString(out, hexEnd, out.length);
  const der = pkcs7(signer, signed, at);
  if (der.length > ph.contentsBytes) throw new Error('signature larger than its placeholder');
  const hex = forge.util.bytesToHex(der).padEnd(ph.contentsBytes * 2, '0');
  out.set(ascii(hex), hexStart + 1);
  return out;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
