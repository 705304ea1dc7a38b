import {
  type PDFDocument,
  type PDFFont,
  PDFArray,
  PDFDict,
  PDFName,
  PDFRawStream,
  decodePDFRawStream,
  degrees,
  rgb,
} from 'pdf-lib';
import { type FaceKey, type FaceSet, FONT_FEATURES } from './faces';
import type { LaidOutPage, Rgb } from './ops';

/**
 * Paints the laid-out pages with pdf-lib: embeds (as subsets) only the faces the text uses, draws each text run
 * with its face, and names every embedded subset "ABCDEF+PostScriptName" (the tag derived from the characters it
 * holds, so the same report gives the same bytes).
 */
const color = (c: Rgb) => rgb(c[0], c[1], c[2]);

export interface Painted {
  readonly fonts: readonly { readonly font: PDFFont; readonly name: string; readonly chars: Set<string> }[];
}

export async function paint(
  pdf: PDFDocument,
  faces: FaceSet,
  pages: readonly LaidOutPage[],
  size: [number, number],
): Promise<Painted> {
  // which faces are used: embed those only (one embedding per font file)
  const byBytes = new Map<Uint8Array, { font: PDFFont; name: string; chars: Set<string> }>();
  const fontOf = new Map<FaceKey, { font: PDFFont; chars: Set<string> }>();
  for (const page of pages)
    for (const op of page.ops) {
      if (op.op !== 'text') continue;
      for (const seg of faces.segments(op.text, op.weight)) {
        if (fontOf.has(seg.face)) continue;
        const bytes = faces.fontBytes(seg.face);
        let entry = byBytes.get(bytes);
        if (!entry) {
          entry = {
            font: await pdf.embedFont(bytes, { subset: true, features: { ...FONT_FEATURES } }),
            name: faces.postscriptName(seg.face),
            chars: new Set(),
          };
          byBytes.set(bytes, entry);
        }
        fontOf.set(seg.face, entry);
      }
    }

  for (const laid of pages) {
    const page = pdf.addPage(size);
    for (const op of laid.ops) {
      switch (op.op) {
        case 'text': {
          const rad = ((op.rotate ?? 0) * Math.PI) / 180;
          let { x, y } = op;
          for (const seg of faces.segments(op.text, op.weight)) {
            const entry = fontOf.get(seg.face);
            if (!entry) continue;
            for (const ch of seg.text) entry.chars.add(ch);
            page.drawText(seg.text, {
              x,
              y,
              size: op.size,
              font: entry.font,
              color: color(op.color),
              ...(op.rotate ? { rotate: degrees(op.rotate) } : {}),
            });
            const adv = faces.segmentWidth(seg, op.size);
            x += adv * Math.cos(rad);
            y += adv * Math.sin(rad);
          }
          break;
        }
        case 'line':
          page.drawLine({
            start: { x: op.x1, y: op.y1 },
            end: { x: op.x2, y: op.y2 },
            thickness: op.width,
            color: color(op.color),
          });
          break;
        case 'rect':
          page.drawRectangle({
            x: op.x,
            y: op.y,
            width: op.w,
            height: op.h,
            ...(op.fill ? { color: color(op.fill) } : {}),
            ...(op.stroke
              ? { borderColor: color(op.stroke), borderWidth: op.strokeWidth ?? 0.5 }
              : { borderWidth: 0 }),
          });
          break;
        case 'polyline': {
          if (op.points.length < 2) break;
          const path = op.points
            .map(([px, py], i) => `${i === 0 ? 'M' : 'L'} ${px.toFixed(2)} ${(size[1] - py).toFixed(2)}`)
            .join(' ');
          page.drawSvgPath(path, { x: 0, y: size[1], borderColor: color(op.color), borderWidth: op.width });
          break;
        }
      }
    }
  }
  return { fonts: [...byBytes.values()] };
}

/** After pdf.flush(): names each embedded subset "TAG+Name", TAG six capital letters from a hash of its characters. */
export function nameSubsets(pdf: PDFDocument, painted: Painted): void {
  for (const { font, name, chars } of painted.fonts) {
    const fontName = PDFName.of(`${subsetTag([...chars].sort().join(''))}+${name}`);
    const type0 = pdf.context.lookup(font.ref, PDFDict);
    type0.set(PDFName.of('BaseFont'), fontName);
    const descendants = type0.lookup(PDFName.of('DescendantFonts'), PDFArray);
    const cid = descendants.lookup(0, PDFDict);
    cid.set(PDFName.of('BaseFont'), fontName);
    const descriptor = cid.lookup(PDFName.of('FontDescriptor'), PDFDict);
    descriptor.set(PDFName.of('FontName'), fontName);
    // PDF/A-1: a subset CID font lists the CIDs its program holds (CIDToGIDMap is Identity: CID = subset glyph id)
    const program = descriptor.lookup(PDFName.of('FontFile2'));
    if (!(program instanceof PDFRawStream)) throw new Error(`${name}: embedded font program not found`);
    const glyphs = trueTypeGlyphCount(decodePDFRawStream(program).decode());
    const bits = new Uint8Array(Math.ceil(glyphs / 8));
    for (let g = 0; g < glyphs; g++) bits[g >> 3]! |= 0x80 >> (g & 7);
    descriptor.set(PDFName.of('CIDSet'), pdf.context.register(pdf.context.flateStream(bits)));
  }
}

/** numGlyphs of a TrueType font's maxp table. */
function trueTypeGlyphCount(ttf: Uint8Array): number {
  const dv = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const tables = dv.getUint16(4);
  for (let i = 0; i < tables; i++) {
    const rec = 12 + 16 * i;
    if (String.fromCharCode(...ttf.subarray(rec, rec + 4)) === 'maxp')
      return dv.getUint16(dv.getUint32(rec + 8) + 4);
  }
  throw new Error('embedded font without a maxp table');
}

function subsetTag(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7919;
  }
  return tag;
}
