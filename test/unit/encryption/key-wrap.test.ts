import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataKeyHash, demoKek, unwrapDataKey, wrapDataKey } from '../../../server-sync/encryption';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

// The Galois/Counter Mode specification (McGrew & Viega), test case 15: AES-256, 96-bit IV, no AAD.
const GCM15 = {
  key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
  iv: hex('cafebabefacedbaddecaf888'),
  plaintext: hex(
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
  ),
  ciphertext: hex(
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
  ),
};

describe('data-key wrapping (AES-256-GCM under the key-encryption key)', () => {
  const kek = Buffer.alloc(32, 7);
  const dataKey = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  const iv = Buffer.alloc(12, 1);

  it('encrypts as AES-256-GCM does (the GCM specification, test case 15)', () => {
    const dk = GCM15.plaintext.subarray(0, 32);
    const wrapped = wrapDataKey(GCM15.key, dk, GCM15.iv);
    const data = Buffer.from(wrapped.encryptedKeyData, 'base64');
    expect(data).toHaveLength(48);
    expect(data.subarray(0, 32).toString('hex')).toBe(GCM15.ciphertext.subarray(0, 32).toString('hex'));
    expect(wrapped.iv).toBe(GCM15.iv.toString('base64'));
  });

  it('unwraps with the KEK it was wrapped under', () => {
    const wrapped = wrapDataKey(kek, dataKey, iv);
    expect(unwrapDataKey(kek, wrapped).equals(dataKey)).toBe(true);
    expect(wrapped.keyHash).toBe(createHash('sha256').update(dataKey).digest('hex'));
    expect(dataKeyHash(dataKey)).toBe(wrapped.keyHash);
    // The stored form reveals neither key.
    expect(Buffer.from(wrapped.encryptedKeyData, 'base64').includes(dataKey)).toBe(false);
  });

  it('fails with another KEK, and when the wrapped key, nonce or tag was altered', () => {
    const wrapped = wrapDataKey(kek, dataKey, iv);
    expect(() => unwrapDataKey(Buffer.alloc(32, 8), wrapped)).toThrow(
      /does not open with this key-encryption key/,
    );
    const data = Buffer.from(wrapped.encryptedKeyData, 'base64');
    for (const at of [0, 31, 32, 47]) {
      const altered = Buffer.from(data);
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect(() => unwrapDataKey(kek, { ...wrapped, encryptedKeyData: altered.toString('base64') })).toThrow(
        /does not open/,
      );
    }
    expect(() => unwrapDataKey(kek, { ...wrapped, iv: Buffer.alloc(12, 2).toString('base64') })).toThrow(
      /does not open/,
    );
    expect(() => unwrapDataKey(kek, { ...wrapped, keyHash: '0'.repeat(64) })).toThrow(
      /does not match its key_hash/,
    );
  });

  it('refuses keys and nonces of the wrong length, naming which', () => {
    expect(() => wrapDataKey(Buffer.alloc(16), dataKey, iv)).toThrow(
      /key-encryption key must be 32 bytes, got 16/,
    );
    expect(() => wrapDataKey(kek, Buffer.alloc(31), iv)).toThrow(/data key must be 32 bytes, got 31/);
    expect(() => wrapDataKey(kek, dataKey, Buffer.alloc(16))).toThrow(/nonce must be 12 bytes, got 16/);
  });

  it('derives the demo KEK from the seed: 32 bytes, the same for the same seed, another for another', () => {
    expect(demoKek(1)).toHaveLength(32);
    expect(demoKek(1).equals(demoKek(1))).toBe(true);
    expect(demoKek(1).equals(demoKek(2))).toBe(false);
    const wrapped = wrapDataKey(demoKek(1), dataKey, iv);
    expect(() => unwrapDataKey(demoKek(2), wrapped)).toThrow(/does not open/);
    expect(() => demoKek(-1)).toThrow(/seed must be a whole number/);
  });
});
