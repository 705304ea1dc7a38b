import forge from 'node-forge';

/** Bytes as a "binary string" (one char per byte), the form node-forge hashes and signs. */
export function binaryString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += 0x8000)
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 0x8000)));
  return out;
}

export function sha256Hex(bytes: Uint8Array): string {
  const md = forge.md.sha256.create();
  for (let i = 0; i < bytes.length; i += 1 << 20)
    md.update(binaryString(bytes, i, Math.min(bytes.length, i + (1 << 20))));
  return md.digest().toHex();
}
