import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id of @node-rs/argon2 (an ambient const enum, which isolatedModules cannot read). */
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = Object.freeze({ algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../src-shared/auth/passwords';

/** argon2id hash in PHC form (`$argon2id$v=19$m=19456,t=2,p=1$...`), as users.password_hash and devices.secret_hash require. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

/** Never throws on a malformed hash: it simply does not verify. */
export async function verifySecret(phcHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(phcHash, secret);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown account answers as slowly as a wrong password. */
export async function verifyAgainstDummy(secret: string): Promise<false> {
  dummy ??= hashSecret(randomBytes(16).toString('hex'));
  await verifySecret(await dummy, secret);
  return false;
}
