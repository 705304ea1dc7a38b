import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KeyFileError,
  readKeyFile,
  slotAad,
  writeKeyFile,
  type KeyFile,
} from '../../../src-main/workstation/keys/key-file';
import { passphraseProtector } from '../../../src-main/workstation/keys/passphrase';
import {
  KeyProtectionError,
  KeyUnwrapError,
  type SafeStorageLike,
} from '../../../src-main/workstation/keys/protector';
import { safeStorageProtector } from '../../../src-main/workstation/keys/safe-storage';

const fast = passphraseProtector({ memoryKiB: 1024, passes: 1, lanes: 1 });
const who = { userId: 'u1', email: 'nurse@example.org' };
const when = new Date('2026-03-01T12:00:00Z');

describe('passphrase key slots (argon2id + AES-256-GCM)', () => {
  it('unwraps with the right passphrase only, and only for the same device and nurse', async () => {
    const key = randomBytes(32);
    const slot = await fast.wrap(key, 'correct horse', who, slotAad('dev-1', 'u1'), when);
    expect(Buffer.from(slot.wrapped, 'base64').includes(key)).toBe(false);
    expect((await fast.unwrap(slot, 'correct horse', slotAad('dev-1', 'u1'))).equals(key)).toBe(true);
    await expect(fast.unwrap(slot, 'wrong horse', slotAad('dev-1', 'u1'))).rejects.toBeInstanceOf(
      KeyUnwrapError,
    );
    await expect(fast.unwrap(slot, 'correct horse', slotAad('dev-2', 'u1'))).rejects.toBeInstanceOf(
      KeyUnwrapError,
    );
    await expect(fast.unwrap(slot, 'correct horse', slotAad('dev-1', 'u2'))).rejects.toBeInstanceOf(
      KeyUnwrapError,
    );
  });

  it('uses a fresh salt and IV each time and records its KDF parameters', async () => {
    const key = randomBytes(32);
    const a = await fast.wrap(key, 'pw', who, 'aad', when);
    const b = await fast.wrap(key, 'pw', who, 'aad', when);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.kdf).toMatchObject({ alg: 'argon2id', memoryKiB: 1024, passes: 1, lanes: 1 });
  });

  it('refuses a key of the wrong size and an empty passphrase', async () => {
    await expect(fast.wrap(randomBytes(16), 'pw', who, 'aad', when)).rejects.toBeInstanceOf(
      KeyProtectionError,
    );
    await expect(fast.wrap(randomBytes(32), '', who, 'aad', when)).rejects.toBeInstanceOf(KeyProtectionError);
  });
});

function fakeSafeStorage(backend: string | undefined, available = true): SafeStorageLike {
  const k = randomBytes(32);
  const fake: SafeStorageLike = {
    isEncryptionAvailable: () => available,
    encryptString: (t) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', k, iv);
      const ct = Buffer.concat([c.update(t, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]);
    },
    decryptString: (b) => {
      const dc = createDecipheriv('aes-256-gcm', k, b.subarray(0, 12));
      dc.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([dc.update(b.subarray(28)), dc.final()]).toString('utf8');
    },
  };
  return backend === undefined ? fake : { ...fake, getSelectedStorageBackend: () => backend };
}

describe('safeStorage protector (an injected stand-in for Electron’s safeStorage)', () => {
  it('round-trips the key through the keychain', () => {
    const p = safeStorageProtector(fakeSafeStorage('gnome_libsecret'), 'linux');
    const key = randomBytes(32);
    const wrapped = p.wrap(key);
    expect(Buffer.from(wrapped, 'base64').includes(key)).toBe(false);
    expect(p.unwrap(wrapped).equals(key)).toBe(true);
  });
  it('refuses Linux basic_text and unknown backends, and an unavailable keychain anywhere', () => {
    expect(() => safeStorageProtector(fakeSafeStorage('basic_text'), 'linux').assertUsable()).toThrow(
      /basic_text/,
    );
    expect(() => safeStorageProtector(fakeSafeStorage('unknown'), 'linux').wrap(randomBytes(32))).toThrow(
      KeyProtectionError,
    );
    expect(() => safeStorageProtector(fakeSafeStorage('kwallet5'), 'linux').assertUsable()).not.toThrow();
    expect(() => safeStorageProtector(fakeSafeStorage(undefined), 'win32').assertUsable()).not.toThrow();
    expect(() => safeStorageProtector(fakeSafeStorage(undefined, false), 'darwin').assertUsable()).toThrow(
      /unavailable/,
    );
  });
  it('says so when another account’s keychain cannot unwrap the key', () => {
    const wrapped = safeStorageProtector(fakeSafeStorage('kwallet'), 'linux').wrap(randomBytes(32));
    expect(() => safeStorageProtector(fakeSafeStorage('kwallet'), 'linux').unwrap(wrapped)).toThrow(
      /copied from another computer/,
    );
  });
});

describe('the key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-keyfile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file: KeyFile = {
    version: 1,
    deviceId: '0190f2a4-0000-7000-8000-000000000001',
    serverUrl: 'http://127.0.0.1:4100',
    schoolId: 'school-1',
    enrolledAt: when.toISOString(),
    protection: { kind: 'safeStorage', wrapped: 'AAAA' },
  };
  it('is written atomically with owner-only permissions and read back', () => {
    writeKeyFile(dir, file);
    expect(readKeyFile(dir)).toEqual(file);
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, 'workstation.json')).mode & 0o077).toBe(0);
    }
  });
  it('names what is damaged', () => {
    writeFileSync(join(dir, 'workstation.json'), JSON.stringify({ ...file, deviceId: 'bad id!' }));
    expect(() => readKeyFile(dir)).toThrow(KeyFileError);
    expect(() => readKeyFile(dir)).toThrow(/deviceId/);
    writeFileSync(join(dir, 'workstation.json'), '{');
    expect(() => readKeyFile(dir)).toThrow(/not valid JSON/);
    expect(readFileSync(join(dir, 'workstation.json'), 'utf8')).toBe('{');
  });
  it('is absent before enrollment', () => {
    expect(readKeyFile(join(dir, 'nope'))).toBeNull();
  });
});
