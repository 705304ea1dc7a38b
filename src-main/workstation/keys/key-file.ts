import { existsSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PassphraseSlot } from './protector';

/**
 * `<data dir>/workstation.json`: what the workstation must know before its database is open. The device id (the
 * database's owner and HLC node), the district server, and the wrapped database key. No secret is in the clear:
 * the key is wrapped (safeStorage or per-nurse passphrase slots); the device secret, tokens and cached
 * credentials live inside the encrypted database.
 */

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

const slotSchema = z.object({
  userId: z.string().min(1),
  email: z.string().min(1),
  kdf: z.object({
    alg: z.literal('argon2id'),
    memoryKiB: z.number().int().min(8).max(4_194_304),
    passes: z.number().int().min(1).max(100),
    lanes: z.number().int().min(1).max(64),
    salt: b64,
  }),
  iv: b64,
  wrapped: b64,
  updatedAt: z.string(),
});

export const keyFileSchema = z.object({
  version: z.literal(1),
  deviceId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  serverUrl: z.string().url(),
  schoolId: z.string().min(1),
  schoolName: z.string().optional(),
  enrolledAt: z.string(),
  protection: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('safeStorage'), wrapped: b64 }),
    z.object({ kind: z.literal('passphrase'), slots: z.array(slotSchema) }),
  ]),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

export const KEY_FILE_NAME = 'workstation.json';
export const DB_FILE_NAME = 'workstation.db';

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

export function readKeyFile(dataDir: string): KeyFile | null {
  const file = join(dataDir, KEY_FILE_NAME);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KeyFileError(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = keyFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new KeyFileError(`${file} is damaged: ${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}`);
  }
  return r.data;
}

/** Written to a temporary file, flushed, then renamed over the old one: a crash leaves the old or the new file. */
export function writeKeyFile(dataDir: string, content: KeyFile): void {
  const file = join(dataDir, KEY_FILE_NAME);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(keyFileSchema.parse(content), null, 2)}\n`, { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** The AES-GCM associated data of a nurse's slot: binds it to this device and this nurse. */
export const slotAad = (deviceId: string, userId: string): string =>
  `white-cross:db-key:${deviceId}:${userId}`;

export function withSlot(file: KeyFile, slot: PassphraseSlot): KeyFile {
  if (file.protection.kind !== 'passphrase') return file;
  const slots = file.protection.slots.filter((s) => s.userId !== slot.userId);
  return { ...file, protection: { kind: 'passphrase', slots: [...slots, slot] } };
}
