import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The key that signs audit checkpoints (checkpoint.ts): Ed25519, kept outside the database.
 *
 * Why a signature key and not the database: the checkpoint anchors the chain's head against someone who can write
 * to audit_logs (the application's role, the owner, a superuser with the immutability triggers off); a value they
 * could write themselves would prove nothing. Why Ed25519 and not an HMAC: verifying needs only the public key, so
 * an auditor (or any machine that keeps copies of the checkpoints) can check them without being able to make one;
 * with an HMAC every verifier could forge.
 *
 * Where: AUDIT_CHECKPOINT_KEY_FILE (a PKCS#8 PEM private key, e.g. from `openssl genpkey -algorithm ed25519`), else
 * `<data dir>/audit-checkpoint-key.pem`, generated on first use (mode 0600), like the development JWT key.
 */

export const CHECKPOINT_KEY_FILE = 'audit-checkpoint-key.pem';

export interface CheckpointSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** `ed25519:` and the first 32 hex digits of the SHA-256 of the public key (SPKI DER): which key signed. */
  readonly keyId: string;
  /** Where the private key is kept. */
  readonly file: string;
}

export class CheckpointKeyError extends Error {
  override readonly name = 'CheckpointKeyError';
}

/** The key id of a public key. */
export function checkpointKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 32)}`;
}

/** The public key as PEM (SPKI), what an auditor keeps to verify checkpoints. */
export const publicKeyPem = (publicKey: KeyObject): string =>
  publicKey.export({ type: 'spki', format: 'pem' }).toString();

function assertEd25519(key: KeyObject, where: string): void {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new CheckpointKeyError(
      `${where} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not an Ed25519 key`,
    );
}

function loadPrivate(file: string): CheckpointSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (e) {
    throw new CheckpointKeyError(
      `${file} is not a readable private key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  assertEd25519(privateKey, file);
  const publicKey = createPublicKey(privateKey);
  return Object.freeze({ privateKey, publicKey, keyId: checkpointKeyId(publicKey), file });
}

/**
 * The signing key: the configured file (which must exist), else the data folder's, generated there on first use.
 * `generated` is true when this call made it.
 */
export function resolveCheckpointKey(config: {
  readonly dataDir: string;
  readonly auditCheckpointKeyFile?: string | undefined;
}): { key: CheckpointSigningKey; generated: boolean } {
  if (config.auditCheckpointKeyFile) {
    if (!existsSync(config.auditCheckpointKeyFile))
      throw new CheckpointKeyError(
        `AUDIT_CHECKPOINT_KEY_FILE ${config.auditCheckpointKeyFile} does not exist (make one: openssl genpkey -algorithm ed25519 -out FILE)`,
      );
    return { key: loadPrivate(config.auditCheckpointKeyFile), generated: false };
  }
  const file = join(config.dataDir, CHECKPOINT_KEY_FILE);
  if (existsSync(file)) return { key: loadPrivate(file), generated: false };
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { key: loadPrivate(file), generated: true };
}

/** The signing key if there is one (the configured file, else the data folder's); never makes one. */
export function findCheckpointKey(config: {
  readonly dataDir: string;
  readonly auditCheckpointKeyFile?: string | undefined;
}): CheckpointSigningKey | null {
  const file = config.auditCheckpointKeyFile ?? join(config.dataDir, CHECKPOINT_KEY_FILE);
  return existsSync(file) ? loadPrivate(file) : null;
}

/** A public key from a PEM file (SPKI; a private key file gives its public half). */
export function loadPublicKey(file: string): KeyObject {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (e) {
    throw new CheckpointKeyError(`cannot read ${file} (${e instanceof Error ? e.message : String(e)})`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch (e) {
    throw new CheckpointKeyError(
      `${file} is not a PEM public key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  assertEd25519(key, file);
  return key;
}
