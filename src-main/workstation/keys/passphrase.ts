import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import {
  DB_KEY_BYTES,
  KeyProtectionError,
  KeyUnwrapError,
  type PassphraseProtector,
  type PassphraseSlot,
} from './protector';

/** Algorithm.Argon2id (an ambient const enum, which isolatedModules cannot read). */
const ARGON2ID = 2 as Algorithm;

export interface Argon2Params {
  readonly memoryKiB: number;
  readonly passes: number;
  readonly lanes: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 50-100 ms here, once per sign-in. */
export const DEFAULT_KDF_PARAMS: Argon2Params = Object.freeze({ memoryKiB: 19_456, passes: 2, lanes: 1 });

async function deriveKek(passphrase: string, salt: Buffer, p: Argon2Params): Promise<Buffer> {
  return hashRaw(passphrase.normalize('NFC'), {
    algorithm: ARGON2ID,
    memoryCost: p.memoryKiB,
    timeCost: p.passes,
    parallelism: p.lanes,
    outputLen: 32,
    salt,
  });
}

/** Passphrase mode: the key wrapped under argon2id(passphrase) with AES-256-GCM, one slot per nurse. */
export function passphraseProtector(params: Argon2Params = DEFAULT_KDF_PARAMS): PassphraseProtector {
  const protector: PassphraseProtector = {
    kind: 'passphrase' as const,
    assertUsable: () => undefined,
    wrap: async (key, passphrase, who, aad, now) => {
      if (key.length !== DB_KEY_BYTES) throw new KeyProtectionError(`the key must be ${DB_KEY_BYTES} bytes`);
      if (passphrase.length === 0) throw new KeyProtectionError('an empty passphrase cannot protect the key');
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const kek = await deriveKek(passphrase, salt, params);
      try {
        const c = createCipheriv('aes-256-gcm', kek, iv);
        c.setAAD(Buffer.from(aad, 'utf8'));
        const ct = Buffer.concat([c.update(key), c.final(), c.getAuthTag()]);
        const slot: PassphraseSlot = {
          userId: who.userId,
          email: who.email,
          kdf: { alg: 'argon2id', ...params, salt: salt.toString('base64') },
          iv: iv.toString('base64'),
          wrapped: ct.toString('base64'),
          updatedAt: now.toISOString(),
        };
        return slot;
      } finally {
        kek.fill(0);
      }
    },
    unwrap: async (slot, passphrase, aad) => {
      const kek = await deriveKek(passphrase, Buffer.from(slot.kdf.salt, 'base64'), {
        memoryKiB: slot.kdf.memoryKiB,
        passes: slot.kdf.passes,
        lanes: slot.kdf.lanes,
      });
      try {
        const all = Buffer.from(slot.wrapped, 'base64');
        if (all.length !== DB_KEY_BYTES + 16) throw new KeyProtectionError('the key slot is damaged');
        const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.iv, 'base64'));
        d.setAAD(Buffer.from(aad, 'utf8'));
        d.setAuthTag(all.subarray(DB_KEY_BYTES));
        try {
          return Buffer.concat([d.update(all.subarray(0, DB_KEY_BYTES)), d.final()]);
        } catch {
          throw new KeyUnwrapError('the password does not unlock this workstation’s database key');
        }
      } finally {
        kek.fill(0);
      }
    },
  };
  return Object.freeze(protector);
}
