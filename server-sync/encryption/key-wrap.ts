import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * Envelope encryption of PHI on the district server: each data key (AES-256) is stored wrapped under the
 * key-encryption key (KEK, from configuration or a KMS) with AES-256-GCM, no additional authenticated data.
 * encryption_keys keeps the wrapped key (ciphertext followed by the GCM tag, base64), the nonce (base64) and
 * the SHA-256 of the plain key, which identifies a key without revealing it.
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface WrappedKey {
  /** base64 of the ciphertext (32 bytes) followed by the 16-byte GCM tag (encryption_keys.encrypted_key_data). */
  readonly encryptedKeyData: string;
  /** base64 of the 12-byte GCM nonce (encryption_keys.initialization_vector). */
  readonly iv: string;
  /** SHA-256 hex of the plain data key (encryption_keys.key_hash). */
  readonly keyHash: string;
}

function length(what: string, b: Uint8Array, n: number): void {
  if (b.length !== n) throw new Error(`${what} must be ${n} bytes, got ${b.length}`);
}

/** SHA-256 hex of a data key. */
export const dataKeyHash = (dataKey: Uint8Array): string =>
  createHash('sha256').update(dataKey).digest('hex');

/** Wraps a 32-byte data key under a 32-byte KEK with a 12-byte nonce (never reuse a nonce under the same KEK). */
export function wrapDataKey(kek: Uint8Array, dataKey: Uint8Array, iv: Uint8Array): WrappedKey {
  length('the key-encryption key', kek, KEY_BYTES);
  length('the data key', dataKey, KEY_BYTES);
  length('the nonce', iv, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    encryptedKeyData: Buffer.concat([ct, cipher.getAuthTag()]).toString('base64'),
    iv: Buffer.from(iv).toString('base64'),
    keyHash: dataKeyHash(dataKey),
  };
}

/**
 * The data key of a wrapped key. Throws when the KEK is not the one it was wrapped under, or when the wrapped
 * key, nonce or tag was altered (GCM authentication), and when the unwrapped key does not match keyHash.
 */
export function unwrapDataKey(kek: Uint8Array, wrapped: WrappedKey): Buffer {
  length('the key-encryption key', kek, KEY_BYTES);
  const data = Buffer.from(wrapped.encryptedKeyData, 'base64');
  const iv = Buffer.from(wrapped.iv, 'base64');
  length('the wrapped key (ciphertext and tag)', data, KEY_BYTES + TAG_BYTES);
  length('the nonce', iv, IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', kek, iv);
  decipher.setAuthTag(data.subarray(KEY_BYTES));
  let key: Buffer;
  try {
    key = Buffer.concat([decipher.update(data.subarray(0, KEY_BYTES)), decipher.final()]);
  } catch {
    throw new Error(
      'the wrapped data key does not open with this key-encryption key (wrong KEK or altered data)',
    );
  }
  if (dataKeyHash(key) !== wrapped.keyHash)
    throw new Error('the unwrapped data key does not match its key_hash');
  return key;
}
