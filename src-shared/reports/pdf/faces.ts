import fontkit from '@pdf-lib/fontkit';
import { padSubsetGlyphs } from './subset-fix';
import type { ReportFonts } from './types';

/**
 * Per-character font fallback and text measurement, with fontkit only (no PDF yet): the layout runs on this, and
 * the painter embeds (as subsets) only the faces the laid-out text uses.
 */

export type Weight = 'regular' | 'bold';

/**
 * Shaping features: the script's required substitutions (Arabic joining forms init/medi/fina/isol, required
 * ligatures rlig, locl) but no glyph composition or decomposition (ccmp) and no optional ligatures or contextual
 * alternates, so every glyph maps back to the characters typed (Vietnamese letters use their precomposed glyphs;
 * text is NFC-normalized first). Positioning features are off: pdf-lib draws glyph advances only (no GPOS), and
 * the kerning lookups made layout ten times slower.
 */
export const FONT_FEATURES = {
  ccmp: false,
  liga: false,
  clig: false,
  calt: false,
  rclt: false,
  kern: false,
  mark: false,
  mkmk: false,
  curs: false,
  dist: false,
} as const;
export type FaceKey =
  | 'latin'
  | 'latinBold'
  | 'arabic'
  | 'arabicBold'
  | 'cjk'
  | 'cjkBold'
  | 'korean'
  | 'koreanBold';
type Kit = ReturnType<typeof fontkit.create>;

/** A run of text drawn with one face. Right-to-left runs (Arabic) are reordered and shaped by fontkit's layout. */
export interface Segment {
  readonly face: FaceKey;
  readonly text: string;
}

const kitCache = new WeakMap<Uint8Array, Kit>();
const kitOf = (bytes: Uint8Array): Kit => {
  let kit = kitCache.get(bytes);
  if (!kit) {
    kit = fontkit.create(bytes);
    padSubsetGlyphs(kit);
    kitCache.set(bytes, kit);
  }
  return kit;
};

const FALLBACK_ORDER = ['latin', 'arabic', 'cjk', 'korean'] as const;
type Script = (typeof FALLBACK_ORDER)[number];
const faceKey = (script: Script, weight: Weight): FaceKey =>
  weight === 'bold' ? (`${script}Bold` as FaceKey) : script;

/** Characters that are not printable text: replaced by a space (tabs) or dropped (other controls, bidi marks). */
const isSpace = (ch: string) => ch === ' ' || ch === '\u00a0' || ch === '\u3000';

export class FaceSet {
  private readonly kits: Readonly<Record<FaceKey, Kit>>;
  private readonly bytes: Readonly<Record<FaceKey, Uint8Array>>;
  private readonly coverage = new Map<string, Script | null>();
  private readonly widths = new Map<string, number>();

  constructor(fonts: ReportFonts) {
    this.bytes = {
      latin: fonts.regular,
      latinBold: fonts.bold,
      arabic: fonts.arabic,
      arabicBold: fonts.arabicBold ?? fonts.arabic,
      cjk: fonts.cjk,
      cjkBold: fonts.cjkBold ?? fonts.cjk,
      korean: fonts.korean,
      koreanBold: fonts.koreanBold ?? fonts.korean,
    };
    this.kits = {
      latin: kitOf(this.bytes.latin),
      latinBold: kitOf(this.bytes.latinBold),
      arabic: kitOf(this.bytes.arabic),
      arabicBold: kitOf(this.bytes.arabicBold),
      cjk: kitOf(this.bytes.cjk),
      cjkBold: kitOf(this.bytes.cjkBold),
      korean: kitOf(this.bytes.korean),
      koreanBold: kitOf(this.bytes.koreanBold),
    };
  }

  fontBytes(face: FaceKey): Uint8Array {
    return this.bytes[face];
  }

  postscriptName(face: FaceKey): string {
    return (this.kits[face].postscriptName ?? 'NotoSans').replace(/[^A-Za-z0-9-]/g, '');
  }

  /** The first script whose regular face has the character (null: none has it; drawn with the Latin face). */
  private scriptOf(ch: string): Script | null {
    let s = this.coverage.get(ch);
    if (s === undefined) {
      const cp = ch.codePointAt(0) ?? 0;
      s = FALLBACK_ORDER.find((f) => this.kits[f].hasGlyphForCodePoint(cp)) ?? null;
      this.coverage.set(ch, s);
    }
    return s;
  }

  /**
   * Splits text into runs by the first face that has each character. A space between two characters of the same
   * face stays in their run (so an Arabic name of several words is one right-to-left run); other spaces are Latin.
   */
  segments(raw: string, weight: Weight): Segment[] {
    const chars = [...cleanText(raw)];
    const scripts = chars.map((ch) => (isSpace(ch) ? null : (this.scriptOf(ch) ?? 'latin')));
    for (let i = 0; i < chars.length; i++) {
      if (scripts[i] !== null) continue;
      let j = i;
      while (j < chars.length && scripts[j] === null) j++;
      const before = i > 0 ? scripts[i - 1] : undefined;
      const after = j < chars.length ? scripts[j] : undefined;
      const s: Script = before && before === after && before !== 'latin' ? before : 'latin';
      for (let k = i; k < j; k++) scripts[k] = s;
      i = j - 1;
    }
    const out: Segment[] = [];
    let text = '';
    let cur: Script | null = null;
    chars.forEach((ch, i) => {
      const s = scripts[i] ?? 'latin';
      if (s !== cur && text) {
        out.push({ face: faceKey(cur ?? 'latin', weight), text });
        text = '';
      }
      cur = s;
      text += ch;
    });
    if (text) out.push({ face: faceKey(cur ?? 'latin', weight), text });
    return out;
  }

  /** Width in points of one run at a size: the sum of the shaped glyphs' advances, as pdf-lib draws them. */
  segmentWidth(seg: Segment, size: number): number {
    const key = `${seg.face}\u0000${seg.text}`;
    let units = this.widths.get(key);
    if (units === undefined) {
      const kit = this.kits[seg.face];
      if (seg.face === 'arabic' || seg.face === 'arabicBold') {
        // joining forms have their own advances: shape first
        const run = kit.layout(seg.text, { ...FONT_FEATURES });
        units = run.glyphs.reduce((sum, g) => sum + g.advanceWidth, 0) / kit.unitsPerEm;
      } else {
        // one glyph per character (no ligatures, no decomposition): the advances from the character map
        units = 0;
        for (const ch of seg.text) units += this.advance(seg.face, ch);
        units /= kit.unitsPerEm;
      }
      if (this.widths.size > 50_000) this.widths.clear();
      this.widths.set(key, units);
    }
    return units * size;
  }

  private readonly advances = new Map<string, number>();

  private advance(face: FaceKey, ch: string): number {
    const key = face + ch;
    let a = this.advances.get(key);
    if (a === undefined) {
      a = this.kits[face].glyphForCodePoint(ch.codePointAt(0) ?? 0).advanceWidth;
      this.advances.set(key, a);
    }
    return a;
  }

  width(text: string, size: number, weight: Weight): number {
    return this.segments(text, weight).reduce((w, s) => w + this.segmentWidth(s, size), 0);
  }
}

/** Tabs become spaces; other control characters, bidi controls and zero-width spaces are dropped. */
export function cleanText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 9) out += ' ';
    else if (!isDropped(c)) out += ch;
  }
  return out;
}

const isDropped = (c: number) =>
  c <= 0x1f ||
  (c >= 0x7f && c <= 0x9f) ||
  c === 0x200b ||
  c === 0x200e ||
  c === 0x200f ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069) ||
  c === 0xfeff;
