/**
 * A compact sRGB ICC profile (version 2.1, display class, RGB to XYZ): the D50-adapted sRGB primaries, the D50
 * white point and the sRGB tone curve sampled at 1024 points. Built in code (about 2.6 KB), so no profile file
 * has to ship; it is the DestOutputProfile of the PDF/A output intent.
 */
export function srgbIccProfile(): Uint8Array {
  const tags: [string, Uint8Array][] = [];
  const desc = ascii('sRGB IEC61966-2.1 (White Cross)');
  tags.push([
    'desc',
    concat(
      sig('desc'),
      u32(0),
      u32(desc.length + 1),
      desc,
      new Uint8Array(1),
      u32(0),
      u32(0),
      u16(0),
      new Uint8Array(1),
      new Uint8Array(67),
    ),
  ]);
  const cprt = ascii('No copyright, use freely');
  tags.push(['cprt', concat(sig('text'), u32(0), cprt, new Uint8Array(1))]);
  tags.push(['wtpt', xyz(0.9642, 1.0, 0.8249)]);
  tags.push(['rXYZ', xyz(0.4360747, 0.2225045, 0.0139322)]);
  tags.push(['gXYZ', xyz(0.3850649, 0.7168786, 0.0971045)]);
  tags.push(['bXYZ', xyz(0.1430804, 0.0606169, 0.7141733)]);
  const n = 1024;
  const curve = new Uint8Array(12 + 2 * n);
  const dv = new DataView(curve.buffer);
  curve.set(sig('curv'), 0);
  dv.setUint32(8, n);
  for (let i = 0; i < n; i++) {
    const v = i / (n - 1);
    const lin = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    dv.setUint16(12 + 2 * i, Math.round(lin * 65535));
  }
  const trc = curve;

  const entries: [string, Uint8Array][] = [...tags, ['rTRC', trc], ['gTRC', trc], ['bTRC', trc]];
  const tableSize = 4 + 12 * entries.length;
  let offset = 128 + tableSize;
  const placed = new Map<Uint8Array, number>();
  const table: Uint8Array[] = [u32(entries.length)];
  const data: Uint8Array[] = [];
  for (const [name, bytes] of entries) {
    let at = placed.get(bytes);
    if (at === undefined) {
      at = offset;
      placed.set(bytes, at);
      const padded = pad4(bytes);
      data.push(padded);
      offset += padded.length;
    }
    table.push(concat(sig(name), u32(at), u32(bytes.length)));
  }
  const header = new Uint8Array(128);
  const h = new DataView(header.buffer);
  h.setUint32(0, offset);
  h.setUint32(8, 0x02100000);
  header.set(sig('mntr'), 12);
  header.set(sig('RGB '), 16);
  header.set(sig('XYZ '), 20);
  [2026, 1, 1, 0, 0, 0].forEach((v, i) => h.setUint16(24 + 2 * i, v));
  header.set(sig('acsp'), 36);
  h.setInt32(68, s15(0.9642));
  h.setInt32(72, s15(1.0));
  h.setInt32(76, s15(0.8249));
  return concat(header, ...table, ...data);
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const sig = (s: string) => ascii(s);
const s15 = (v: number) => Math.round(v * 65536);
function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v);
  return b;
}
function u16(v: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v);
  return b;
}
function xyz(x: number, y: number, z: number): Uint8Array {
  const b = new Uint8Array(20);
  const dv = new DataView(b.buffer);
  b.set(sig('XYZ '), 0);
  dv.setInt32(8, s15(x));
  dv.setInt32(12, s15(y));
  dv.setInt32(16, s15(z));
  return b;
}
const pad4 = (b: Uint8Array) => (b.length % 4 === 0 ? b : concat(b, new Uint8Array(4 - (b.length % 4))));
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
