import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { unwrapDataKey, wrapDataKey } from '../encryption';
import type { ReportSigningKey } from './types';

/**
 * The district's report signing key and certificate, in `<data dir>/report-signing/`: certificate.pem (public) and
 * private-key.json, the PEM private key encrypted (AES-256-GCM) under a data key that is itself wrapped by the
 * key-encryption key (envelope encryption, server-sync/encryption). The KEK is WHITE_CROSS_KEK; outside production
 * without it, `<data dir>/kek`, made on first use (mode 0600) like the development JWT key. Made by
 * `white-cross reports keygen` (or imported with --import key.pem cert.pem); every district report is signed while
 * one exists.
 */
export const SIGNING_DIR = 'report-signing';
export const KEK_FILE = 'kek';

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

const storedKey = z.strictObject({
  version: z.literal(1),
  wrappedDataKey: z.strictObject({ encryptedKeyData: z.string(), iv: z.string(), keyHash: z.string() }),
  iv: z.string(),
  ciphertext: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
});

export interface KekSource {
  readonly dataDir: string;
  readonly keyEncryptionKey: Buffer | undefined;
  readonly production: boolean;
}

/** The KEK: configured, else (not in production) the data folder's, made when `create`. */
export function resolveKek(c: KekSource, create: boolean): Buffer | null {
  if (c.keyEncryptionKey) return c.keyEncryptionKey;
  if (c.production) {
    if (create)
      throw new SigningKeyError('WHITE_CROSS_KEK is required in production (openssl rand -base64 32)');
    return null;
  }
  const file = join(c.dataDir, KEK_FILE);
  if (existsSync(file)) {
    const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (k.length !== 32) throw new SigningKeyError(`${file} does not hold a 32-byte key in base64`);
    return k;
  }
  if (!create) return null;
  mkdirSync(c.dataDir, { recursive: true });
  const k = randomBytes(32);
  writeFileSync(file, `${k.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return k;
}

/** Checks that a PEM key and certificate belong together and the certificate is in force; its SHA-256 fingerprint. */
export function checkKeyPair(privateKeyPem: string, certificatePem: string, now: Date): string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch (e) {
    throw new SigningKeyError(
      `the certificate is not a PEM X.509 certificate (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (e) {
    throw new SigningKeyError(
      `the key is not a PEM private key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new SigningKeyError(`the key is ${key.asymmetricKeyType ?? '?'}: an RSA key is needed`);
  if (!cert.checkPrivateKey(key)) throw new SigningKeyError('the key does not belong to the certificate');
  if (Date.parse(cert.validTo) <= now.getTime())
    throw new SigningKeyError(`the certificate expired on ${cert.validTo}`);
  return cert.fingerprint256;
}

/** Stores a key and certificate (replacing the ones there); returns the certificate's fingerprint. */
export function storeSigningKey(
  c: KekSource,
  pair: { privateKeyPem: string; certificatePem: string },
  now: Date,
): string {
  const fingerprint = checkKeyPair(pair.privateKeyPem, pair.certificatePem, now);
  const kek = resolveKek(c, true);
  if (!kek) throw new SigningKeyError('no key-encryption key');
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const ct = Buffer.concat([cipher.update(pair.privateKeyPem, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const stored: z.infer<typeof storedKey> = {
    version: 1,
    wrappedDataKey: wrapDataKey(kek, dataKey, randomBytes(12)),
    iv: iv.toString('base64'),
    ciphertext: ct.toString('base64'),
    fingerprint,
    createdAt: now.toISOString(),
  };
  const dir = join(c.dataDir, SIGNING_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const write = (name: string, text: string) => {
    const tmp = join(dir, `.${name}.part`);
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, join(dir, name));
  };
  write('private-key.json', `${JSON.stringify(stored, null, 2)}\n`);
  write('certificate.pem', pair.certificatePem);
  return fingerprint;
}

/** The stored key (decrypted) and certificate, or null when there is none. A damaged or foreign one is an error. */
export function loadSigningKey(c: KekSource): ReportSigningKey | null {
  const dir = join(c.dataDir, SIGNING_DIR);
  const keyFile = join(dir, 'private-key.json');
  const certFile = join(dir, 'certificate.pem');
  if (!existsSync(keyFile) || !existsSync(certFile)) return null;
  const parsed = storedKey.safeParse(JSON.parse(readFileSync(keyFile, 'utf8')));
  if (!parsed.success) throw new SigningKeyError(`${keyFile} is not a stored signing key`);
  const kek = resolveKek(c, false);
  if (!kek) throw new SigningKeyError(`${keyFile} needs the key-encryption key (WHITE_CROSS_KEK) to open`);
  const s = parsed.data;
  const dataKey = unwrapDataKey(kek, s.wrappedDataKey);
  const all = Buffer.from(s.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(s.iv, 'base64'));
  decipher.setAuthTag(all.subarray(all.length - 16));
  let pem: string;
  try {
    pem = Buffer.concat([decipher.update(all.subarray(0, all.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SigningKeyError(`${keyFile} does not open with its data key (altered)`);
  }
  const certificatePem = readFileSync(certFile, 'utf8');
  return {
    privateKeyPem: pem,
    certificatePem,
    fingerprint: new X509Certificate(certificatePem).fingerprint256,
  };
}
