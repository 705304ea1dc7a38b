import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * The argon2id verifiers the workstation keeps of a nurse's secrets (the password for offline sign-in, the unlock
 * PIN): OWASP's baseline (19 MiB, 2 passes, 1 lane). The district server's own password hash never leaves it.
 */

const ARGON2ID = 2 as Algorithm;
const VERIFIER_OPTIONS = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export const makeVerifier = (secret: string): Promise<string> => hash(secret, VERIFIER_OPTIONS);

/** True when `secret` matches; a malformed verifier is a mismatch, never an exception. */
export async function matchesVerifier(verifier: string, secret: string): Promise<boolean> {
  try {
    return await verify(verifier, secret);
  } catch {
    return false;
  }
}
