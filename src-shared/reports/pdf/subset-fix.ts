import type fontkit from '@pdf-lib/fontkit';

/**
 * A fix for @pdf-lib/fontkit 1.1.1's TrueType subsetter: it copies each glyph's bytes as they are but writes the
 * subset's `loca` in the short format (offsets / 2) whenever the subset is small, so after a glyph of odd length
 * every later glyph's offset is off by one byte and renders as nothing (Noto Sans and Noto Sans SC have such
 * glyphs: most letters vanished while the text still extracted). Padding every glyph to an even length (as the
 * TrueType spec recommends) keeps the short offsets exact. Applied once to the subsetter class.
 */
type Kit = ReturnType<typeof fontkit.create>;
interface GlyphBuffer {
  readonly length: number;
  copy(target: GlyphBuffer): number;
}
interface SubsetInternals {
  glyf: GlyphBuffer[];
  offset: number;
  _addGlyph: (this: SubsetInternals, gid: number) => number;
}
const PATCHED = Symbol.for('white-cross.fontkit-even-glyphs');

export function padSubsetGlyphs(kit: Kit): void {
  const proto = Object.getPrototypeOf(kit.createSubset()) as SubsetInternals & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: SubsetInternals, gid: number): number {
    const index = addGlyph.call(this, gid);
    const buf = this.glyf[index];
    if (buf && buf.length % 2 === 1) {
      const Ctor = buf.constructor as new (n: number) => GlyphBuffer;
      const padded = new Ctor(buf.length + 1);
      buf.copy(padded);
      this.glyf[index] = padded;
      this.offset += 1;
    }
    return index;
  };
  proto[PATCHED] = true;
}
