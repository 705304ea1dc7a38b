import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { unwrapDataKey, wrapDataKey } from '../../encryption';

/**
 * A source's credentials at rest (sis_sync_sources.credentials): the JSON of the secrets encrypted with AES-256-GCM
 * under a fresh data key, the data key wrapped by the server's key-encryption key (WHITE_CROSS_KEK; envelope
 * encryption, server-sync/encryption), the configuration's id bound in as additional data so a blob copied onto
 * another configuration does not open. Only the sync and "test connection" open it.
 */

export const sealedCredentials = z.strictObject({
  version: z.literal(1),
  wrappedDataKey: z.strictObject({ encryptedKeyData: z.string(), iv: z.string(), keyHash: z.string() }),
  iv: z.string(),
  /** base64 of the ciphertext followed by the 16-byte GCM tag. */
  ciphertext: z.string(),
});
export type SealedCredentials = z.infer<typeof sealedCredentials>;

export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

const aad = (configId: string) => Buffer.from(`white-cross sis credentials v1|${configId}`, 'utf8');

export function sealCredentials(kek: Buffer, configId: string, secrets: unknown): SealedCredentials {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(aad(configId));
  const ct = Buffer.concat([
    cipher.update(JSON.stringify(secrets), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return {
    version: 1,
    wrappedDataKey: wrapDataKey(kek, dataKey, randomBytes(12)),
    iv: iv.toString('base64'),
    ciphertext: ct.toString('base64'),
  };
}

/** The secrets of a sealed blob; throws a CredentialsError (never the secret) when it does not open. */
export function openCredentials(kek: Buffer, configId: string, stored: unknown): unknown {
  const parsed = sealedCredentials.safeParse(stored);
  if (!parsed.success)
    throw new CredentialsError(`configuration ${configId}: the stored credentials are damaged`);
  const s = parsed.data;
  let dataKey: Buffer;
  try {
    dataKey = unwrapDataKey(kek, s.wrappedDataKey);
  } catch (e) {
    throw new CredentialsError(`configuration ${configId}: ${(e as Error).message}`);
  }
  const all = Buffer.from(s.ciphertext, 'base64');
  if (all.length < 17)
    throw new CredentialsError(`configuration ${configId}: the stored credentials are damaged`);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(s.iv, 'base64'));
  decipher.setAAD(aad(configId));
  decipher.setAuthTag(all.subarray(all.length - 16));
  try {
    const plain = Buffer.concat([decipher.update(all.subarray(0, all.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    throw new CredentialsError(
      `configuration ${configId}: the stored credentials do not open (altered or moved)`,
    );
  }
}
